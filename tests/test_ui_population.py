"""The population panel, driven from code: it shows what the population run
says (the tables of the summary, failures, costs, and two presets side by
side), names every control, announces what happened, keeps typed numbers
within its range, and refuses bad arguments with typed errors."""

from __future__ import annotations

import pytest
import traitlets

from twofa_sim.errors import InputTypeError, SimulationError
from twofa_sim.population import TYPICAL, simulate_population
from twofa_sim.population_tables import comparison_table, failures_table, summary_table
from twofa_sim.presets import KEYCLOAK, SEED_PORTAL
from twofa_sim.ui import MessageBox, PopulationPanel
from twofa_sim.ui import population_panel
from twofa_sim.ui.common import shown
from twofa_sim.ui.population_panel import DAYS_RANGE, NO_COMPARISON, TABLES, USERS_RANGE

SMALL = dict(users=120, days=7, seed=5)


def shown_figures(panel: PopulationPanel, table: str) -> dict[str, list[str]]:
    """A figures table as shown: figure → the texts in its row."""
    return {row[0]: row[1:] for row in panel.rows(table)[1:]}


@pytest.fixture(scope="module")
def compared():
    panel = PopulationPanel("seed portal", "Keycloak 26", "typical", **SMALL)
    panel.run_button.click()
    return panel


def test_every_control_is_named():
    panel = PopulationPanel()
    controls = [panel.preset, panel.other, panel.population, panel.users, panel.days, panel.seed]
    assert [c.description for c in controls] == ["Preset", "Compare with", "Population", "Users", "Days", "Seed"]
    assert panel.run_button.description == "Run" and "twofa-tone-primary" in panel.run_button._dom_classes
    assert isinstance(panel.message_box, MessageBox)
    assert all(panel.rows(name) == [] for name in TABLES)  # nothing shown before Run


def test_a_run_shows_the_summary_the_population_run_gives(compared):
    run = simulate_population(SEED_PORTAL, TYPICAL.replace(users=120), 7, seed=5, path="fast", per_login=False)
    summary = run.summary
    figures = shown_figures(compared, "summary")
    assert compared.rows("summary")[0] == ["figure", "seed portal"]
    assert figures["sign-ins"] == [f"{summary['sign_ins']:,}"]
    assert figures["first-try failure rate (%)"] == [f"{round(100 * summary['first_try_failure_rate'], 2)}"]
    assert figures["lockouts"] == [str(summary["lockouts"])]
    assert figures["code prompts saved by remembered devices"] == [f"{summary['prompts_saved_by_remembered_devices']:,}"]
    assert compared.result.summary == summary
    failures = compared.rows("failures")
    assert failures[0] == ["reason", "answers", "per 1,000 sign-ins"]
    assert {row[0]: row[1] for row in failures[1:]} == {r: f"{n:,}" for r, n in summary["failures_by_reason"].items()}
    costs = shown_figures(compared, "costs")
    assert costs["SMS sent"] == [f"{summary['sms_sent']:,}"] and costs["SMS cost (EUR)"] == [f"{summary['sms_cost']:,}"]


def test_the_comparison_shows_both_presets_for_the_same_users(compared):
    rows = compared.rows("comparison")
    assert rows[0] == ["figure", "seed portal", "Keycloak 26", "difference"]
    figures = {row[0]: row[1:] for row in rows[1:]}
    keycloak = simulate_population(KEYCLOAK, TYPICAL.replace(users=120), 7, seed=5, path="fast", per_login=False)
    assert figures["code prompts saved by remembered devices"][1] == "0"  # Keycloak remembers no browser
    assert figures["code prompts"][1] == f"{keycloak.summary['code_prompts']:,}"
    assert compared.other_result.summary == keycloak.summary
    assert shown(compared.boxes["comparison"])
    assert "aria-label='Side by side: typical users under seed portal and Keycloak 26'" in compared.boxes[
        "comparison"].value


def test_the_outcome_is_announced_as_a_status(compared):
    box = compared.message_box
    assert box.kind == "ok" and not box.alert
    assert compared.message.startswith("seed portal, 120 typical users, 7 days: ")
    assert f"{shown_figures(compared, 'summary')['first-try failure rate (%)'][0]} % of code prompts" in compared.message
    assert compared.run_button.disabled is False


def test_no_comparison_hides_the_side_by_side_table():
    panel = PopulationPanel("Authelia 4", NO_COMPARISON, "careless", **SMALL)
    panel.run_button.click()
    assert panel.other_result is None and panel.tables["comparison"] is None
    assert panel.rows("comparison") == [] and not shown(panel.boxes["comparison"])
    assert panel.rows("summary")[0] == ["figure", "Authelia 4"]
    panel.other.value = "pyotp bare"
    panel.run_button.click()
    assert panel.rows("comparison")[0][2] == "pyotp bare"
    panel.other.value = NO_COMPARISON
    panel.run_button.click()
    assert not shown(panel.boxes["comparison"])


def test_the_same_choices_show_the_same_tables():
    first, second = PopulationPanel(**SMALL), PopulationPanel(**SMALL)
    first.run_button.click(), second.run_button.click()
    assert all(first.boxes[n].value == second.boxes[n].value for n in TABLES) and first.message == second.message
    assert summary_table(first.result).equals(first.tables["summary"])
    assert failures_table(first.result).equals(first.tables["failures"])
    assert comparison_table(first.result, first.other_result).equals(first.tables["comparison"])


def test_the_panel_shows_the_engines_answers():
    """The panel runs the fast path; the engine (the reference) gives the same figures."""
    panel = PopulationPanel("seed portal", NO_COMPARISON, users=30, days=3, seed=9)
    panel.run_button.click()
    engine = simulate_population(SEED_PORTAL, TYPICAL.replace(users=30), 3, seed=9, path="engine", per_login=False)
    assert panel.result.summary == engine.summary


def test_typed_numbers_are_kept_within_the_panels_range():
    panel = PopulationPanel(**SMALL)
    panel.users.value = 10**6
    panel.days.value = 365
    assert (panel.users.value, panel.days.value) == (USERS_RANGE[1], DAYS_RANGE[1])
    panel.users.value, panel.days.value, panel.seed.value = 0, -3, -1
    assert (panel.users.value, panel.days.value, panel.seed.value) == (1, 1, 0)
    with pytest.raises(traitlets.TraitError):
        panel.users.value = "many"  # the box takes whole numbers only
    assert panel.users.value == 1
    with pytest.raises(traitlets.TraitError):
        panel.preset.value = "no such preset"
    assert panel.preset.value == "seed portal"


def test_an_engine_refusal_is_an_alert_and_leaves_the_tables(monkeypatch):
    panel = PopulationPanel(**SMALL)
    panel.run_button.click()
    before = {n: panel.boxes[n].value for n in TABLES}

    def refuse(*args, **kwargs):
        raise SimulationError("days must be above 0 and at most 3650")

    monkeypatch.setattr(population_panel, "simulate_population", refuse)
    panel.run_button.click()
    assert panel.message_box.alert and panel.message_box.kind == "error"
    assert panel.message == "days must be above 0 and at most 3650"
    assert {n: panel.boxes[n].value for n in TABLES} == before and panel.run_button.disabled is False


@pytest.mark.parametrize("kwargs, error", [
    (dict(preset="no such preset"), SimulationError), (dict(preset=3), InputTypeError),
    (dict(other="nope"), SimulationError), (dict(population="tired"), SimulationError),
    (dict(population=TYPICAL), InputTypeError), (dict(users=0), SimulationError),
    (dict(users=USERS_RANGE[1] + 1), SimulationError), (dict(users=2.5), InputTypeError),
    (dict(days=31), SimulationError), (dict(days=True), InputTypeError), (dict(seed=-1), SimulationError),
    (dict(seed="1"), InputTypeError), (dict(users=10**400), SimulationError),
])
def test_bad_arguments_are_typed_errors(kwargs, error):
    with pytest.raises(error):
        PopulationPanel(**kwargs)


def test_an_unknown_table_is_a_typed_error():
    with pytest.raises(SimulationError, match="table"):
        PopulationPanel().rows("everything")
    with pytest.raises(InputTypeError):
        PopulationPanel().rows(None)
