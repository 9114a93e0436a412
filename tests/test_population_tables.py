"""The tables of a population run: each figure is the run's summary under a
plain label (shares as percentages), failures by reason, costs, and two
policies side by side for the same users only."""

from __future__ import annotations

import pytest

from twofa_sim.errors import InputTypeError, SimulationError
from twofa_sim.population import CARELESS, TYPICAL, simulate_population
from twofa_sim.population_tables import (COST_FIGURES, COST_PER_USER_MONTH, FAILURE_COLUMNS, SUMMARY_FIGURES,
                                         comparison_table, costs_table, failures_table, summary_table)
from twofa_sim.presets import KEYCLOAK, PYOTP_BARE, SEED_PORTAL

USERS = CARELESS.replace(users=150, name="careless")


@pytest.fixture(scope="module")
def seed_run():
    return simulate_population(SEED_PORTAL, USERS, 10, seed=3, path="fast", per_login=False)


@pytest.fixture(scope="module")
def bare_run():
    return simulate_population(PYOTP_BARE, USERS, 10, seed=3, path="fast", per_login=False)


def test_the_summary_table_shows_every_figure_of_the_summary(seed_run):
    table = summary_table(seed_run)
    s = seed_run.summary
    assert list(table.index) == list(SUMMARY_FIGURES.values()) and list(table.columns) == ["seed portal"]
    column = table["seed portal"]
    assert column["sign-ins"] == s["sign_ins"] and column["lockouts"] == s["lockouts"]
    assert column["first-try failure rate (%)"] == round(100 * s["first_try_failures"] / s["code_prompts"], 2)
    assert column["sign-ins that failed (%)"] == round(100 * (s["sign_ins"] - s["signed_in"]) / s["sign_ins"], 2)
    assert column["code prompts saved by remembered devices"] == s["prompts_saved_by_remembered_devices"] > 0
    assert isinstance(column["users"], int)  # counts stay whole numbers


def test_the_costs_table_shows_sms_and_support(seed_run):
    table = costs_table(seed_run)["seed portal"]
    s = seed_run.summary
    assert list(table.index) == [*COST_FIGURES.values(), COST_PER_USER_MONTH]
    assert table["SMS sent"] == s["sms_sent"] > 0
    assert table["SMS cost (EUR)"] == round(s["sms_sent"] * s["sms_price"], 2)
    assert table[COST_PER_USER_MONTH] == round(s["sms_cost"] / 150 * 30 / 10, 4)
    assert table["SMS limit per region and hour"] == SEED_PORTAL.sms_per_region_per_hour


def test_failures_by_reason_most_frequent_first(seed_run):
    table = failures_table(seed_run)
    by_reason = seed_run.summary["failures_by_reason"]
    assert list(table.columns) == FAILURE_COLUMNS
    assert dict(zip(table["reason"], table["answers"])) == by_reason
    assert list(table["answers"]) == sorted(by_reason.values(), reverse=True)
    first = table.iloc[0]
    assert first["per 1,000 sign-ins"] == round(1000 * first["answers"] / seed_run.summary["sign_ins"], 2)


def test_a_run_nothing_refused_has_an_empty_failures_table():
    careful = TYPICAL.replace(users=5, hand_set_share=0.0, far_off_share=0.0, distracted_share=0.0, sms_share=0.0,
                              repeat_share=0.0, phone_loss_per_month=0.0)
    run = simulate_population(SEED_PORTAL, careful, 3, seed=1, path="fast", per_login=False)
    table = failures_table(run)
    assert run.summary["failures_by_reason"] == {} and table.empty and list(table.columns) == FAILURE_COLUMNS


def test_two_policies_side_by_side(seed_run, bare_run):
    table = comparison_table(seed_run, bare_run)
    assert list(table.columns) == ["seed portal", "pyotp bare", "difference"]
    assert list(table.index) == [*SUMMARY_FIGURES.values(), *(v for v in COST_FIGURES.values()
                                                             if v != "support resets"), COST_PER_USER_MONTH]
    rate = "first-try failure rate (%)"
    assert table.loc[rate, "difference"] == round(table.loc[rate, "pyotp bare"] - table.loc[rate, "seed portal"], 4)
    assert table.loc[rate, "pyotp bare"] > table.loc[rate, "seed portal"]  # no look-around window
    assert table.loc["users", "difference"] == 0


def test_a_policy_beside_itself_is_named_twice(seed_run):
    table = comparison_table(seed_run, seed_run)
    assert list(table.columns) == ["seed portal", "seed portal (second run)", "difference"]
    assert set(table["difference"]) == {0}


@pytest.mark.parametrize("change", [dict(seed=4), dict(days=9), dict(population=TYPICAL.replace(users=150))])
def test_only_runs_of_the_same_users_are_compared(seed_run, change):
    args = dict(population=USERS, days=10, seed=3) | change
    other = simulate_population(KEYCLOAK, args["population"], args["days"], args["seed"], path="fast",
                                per_login=False)
    with pytest.raises(SimulationError, match="same users"):
        comparison_table(seed_run, other)


@pytest.mark.parametrize("table", [summary_table, costs_table, failures_table])
@pytest.mark.parametrize("bad", [None, {"users": 1}, "run"])
def test_not_a_run_is_a_typed_error(table, bad):
    with pytest.raises(InputTypeError, match="PopulationResult"):
        table(bad)


def test_comparison_names_the_argument_that_is_not_a_run(seed_run):
    with pytest.raises(InputTypeError, match="second"):
        comparison_table(seed_run, seed_run.summary)
