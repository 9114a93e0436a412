"""The conformance panel driven as a person would: pick scenario files, press
Run, and read the report's verdicts per scenario and its differences."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from twofa_sim.conformance import DIFFERS, VERDICTS, conform
from twofa_sim.conformance.targets import UnknownTargetError
from twofa_sim.errors import InputTypeError
from twofa_sim.scenarios import ScenarioError
from twofa_sim.ui import ConformancePanel
from twofa_sim.ui.conformance_panel import FINDING_COLUMNS, STEP_COLUMNS, named, steps_of
from twofa_sim.ui.table_regions import frame_label

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
TINY = """\
name: "<b>Replay</b> & co"
users:
  - login: alice@example.com
    password: correct horse battery staple
    enrolled: true
steps:
  - after: 300
    action: sign_in
    expect: {outcome: accepted, reason: accepted}
"""


def test_a_fresh_panel_lists_every_file_and_shows_nothing():
    panel = ConformancePanel(SCENARIOS)
    assert list(panel.files.options) == sorted(p.name for p in SCENARIOS.glob("*.yaml"))
    assert panel.files.value == () and panel.report is None
    assert panel.message == "" and panel.counts_box.value == "" and panel.findings_box.value == ""
    assert panel.counts_table.empty and list(panel.findings_table.columns) == FINDING_COLUMNS
    assert panel.differing_files == []


def test_run_without_a_file_asks_for_one():
    panel = ConformancePanel(SCENARIOS)
    panel.run_button.click()
    assert panel.report is None and "Pick at least one scenario file" in panel.message
    assert panel.counts_box.value == "" and panel.findings_box.value == ""


def test_run_shows_the_reports_verdicts_and_differences():
    panel = ConformancePanel(SCENARIOS, ["sms_code_works_once.yaml", "replay_same_step.yaml"])
    panel.run_button.click()
    report = panel.report
    assert report is not None and panel.message == report.summary()
    counts = panel.counts_table.set_index("file")
    assert list(counts.index) == ["replay_same_step.yaml", "sms_code_works_once.yaml"]  # the folder's order
    for comparison in report.comparisons:
        shown = counts.loc[Path(comparison.scenario.path).name]
        assert {v: shown[v] for v in VERDICTS} == comparison.counts()
    assert counts.loc["sms_code_works_once.yaml", DIFFERS] == 1 and counts.loc["replay_same_step.yaml", DIFFERS] == 0
    assert panel.differing_files == ["sms_code_works_once.yaml"]
    finding = panel.findings_table.iloc[0]
    assert len(panel.findings_table) == 1 and (finding["file"], finding["step"]) == ("sms_code_works_once.yaml", 6)
    assert finding["engine"] == "refused (sms code already used)" and finding["target"] == "accepted (accepted)"
    # what the boxes display: each file by name (never the folder), the counts, the clause
    assert "sms_code_works_once.yaml" in panel.counts_box.value and str(SCENARIOS) not in panel.counts_box.value
    assert "OWASP ASVS 5.0 V6.5.1" in panel.findings_box.value
    assert "twofa-conformance-message" in panel.message_box._dom_classes
    # each table in a named region the keyboard scrolls, so a narrow window scrolls the table, not the panel
    for box, table in ((panel.counts_box, panel.counts_table), (panel.findings_box, panel.findings_table)):
        assert f'role="region" aria-label="{frame_label(table)}" tabindex="0"' in box.value


def test_a_new_selection_replaces_what_was_shown():
    panel = ConformancePanel(SCENARIOS, ["sms_code_works_once.yaml"])
    panel.run_button.click()
    assert panel.differing_files == ["sms_code_works_once.yaml"]
    panel.files.value = ("replay_same_step.yaml",)
    panel.run_button.click()
    assert panel.differing_files == [] and panel.findings_table.empty
    assert "Nowhere" in panel.findings_box.value and "sms_code_works_once" not in panel.counts_box.value
    panel.files.value = ()
    panel.run_button.click()
    assert panel.report is None and panel.counts_box.value == ""


def test_a_malformed_file_is_the_panels_message_and_nothing_else_is_shown(tmp_path):
    (tmp_path / "good.yaml").write_text(TINY, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(TINY.replace("outcome: accepted,", "outcome: ok,"), encoding="utf-8")
    panel = ConformancePanel(tmp_path, ["good.yaml"])
    panel.run_button.click()
    assert panel.report is not None and panel.counts_box.value
    panel.files.value = ("bad.yaml", "good.yaml")
    panel.run_button.click()
    assert panel.report is None and panel.counts_box.value == "" and panel.findings_box.value == ""
    assert "bad.yaml:" in panel.message and "must be one of" in panel.message


def test_one_scenario_file_is_offered_alone_and_runs():
    panel = ConformancePanel(SCENARIOS / "sms_code_works_once.yaml", ["sms_code_works_once.yaml"])
    assert panel.files.options == ("sms_code_works_once.yaml",)
    panel.run_button.click()
    assert list(panel.counts_table["file"]) == ["sms_code_works_once.yaml"]
    assert panel.differing_files == ["sms_code_works_once.yaml"]


def test_a_file_that_is_not_a_yaml_scenario_file_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text(TINY, encoding="utf-8")
    (tmp_path / "tiny.yml").write_text(TINY, encoding="utf-8")
    with pytest.raises(ScenarioError, match="is neither a folder nor a .yaml scenario file"):
        ConformancePanel(tmp_path / "notes.txt")
    assert ConformancePanel(tmp_path / "tiny.yml").files.options == ("tiny.yml",)
    assert ConformancePanel(tmp_path).files.options == ("tiny.yml",)  # a folder offers its YAML files only


@settings(max_examples=20)
@given(name=st.sampled_from(sorted(p.name for p in SCENARIOS.glob("*.yaml"))))
def test_a_file_given_alone_is_offered_as_its_folder_offers_it(name):
    alone, folder = ConformancePanel(SCENARIOS / name, [name]), ConformancePanel(str(SCENARIOS), [name])
    assert alone.files.options == (name,) and name in folder.files.options
    assert alone.files.value == folder.files.value == (name,)


def test_names_from_a_file_are_shown_as_text_not_markup(tmp_path):
    (tmp_path / "tiny.yaml").write_text(TINY, encoding="utf-8")
    panel = ConformancePanel(str(tmp_path), ["tiny.yaml"])
    panel.run_button.click()
    assert "&lt;b&gt;Replay&lt;/b&gt; &amp; co" in panel.counts_box.value and "<b>Replay" not in panel.counts_box.value


def test_named_keeps_only_the_file_name():
    import pandas as pd

    frame = pd.DataFrame({"file": ["../scenarios/a.yaml", "b.yaml"], "step": [1, 2]})
    assert list(named(frame)["file"]) == ["a.yaml", "b.yaml"]
    assert list(frame["file"]) == ["../scenarios/a.yaml", "b.yaml"]  # a new frame


@pytest.mark.parametrize("make, error", [
    (lambda: ConformancePanel(3), InputTypeError),
    (lambda: ConformancePanel(""), InputTypeError),
    (lambda: ConformancePanel(SCENARIOS / "no_such_folder"), ScenarioError),
    (lambda: ConformancePanel(SCENARIOS, "replay_same_step.yaml"), InputTypeError),
    (lambda: ConformancePanel(SCENARIOS, [3]), InputTypeError),
    (lambda: ConformancePanel(SCENARIOS, ["no_such_file.yaml"]), InputTypeError),
    (lambda: ConformancePanel(SCENARIOS, target="keycloak"), UnknownTargetError),
    (lambda: ConformancePanel(SCENARIOS, target=None), InputTypeError),
])
def test_bad_arguments_get_typed_errors(make, error):
    with pytest.raises(error):
        make()


def test_steps_of_gives_one_files_steps_by_its_name():
    panel = ConformancePanel(SCENARIOS, ["replay_same_step.yaml"])
    panel.run_button.click()
    table = steps_of(panel.report, "replay_same_step.yaml")
    assert list(table.columns) == STEP_COLUMNS and list(table["step"]) == [0, 1, 2]
    assert list(table["verdict"]) == ["conforms"] * 3 and table.iloc[2]["clause"].startswith("RFC 6238 §5.2")
    with pytest.raises(InputTypeError, match="replay_same_step.yaml"):
        steps_of(panel.report, "sms_code_works_once.yaml")
    with pytest.raises(InputTypeError):
        steps_of(panel.report, 3)
    with pytest.raises(InputTypeError):
        steps_of(panel.counts_table, "replay_same_step.yaml")


def test_conform_runs_from_a_thread_with_an_event_loop_as_a_kernel_has():
    files = [str(SCENARIOS / "replay_same_step.yaml"), str(SCENARIOS / "sms_code_works_once.yaml")]

    async def in_a_cell():
        return conform(files)

    from_loop = asyncio.run(in_a_cell())
    plain = conform(files)
    assert from_loop.text(details=True) == plain.text(details=True)
    assert plain.counts()[DIFFERS] == 1 and plain.engine_passed


def test_conform_passes_conforms_errors_on():
    async def in_a_cell():
        return conform([str(SCENARIOS / "no_such_file.yaml")])

    with pytest.raises(ScenarioError):
        asyncio.run(in_a_cell())
    with pytest.raises(UnknownTargetError):
        conform([str(SCENARIOS / "replay_same_step.yaml")], target="keycloak")


def test_each_panel_has_its_own_model_id_and_a_repr_for_readers_without_a_kernel():
    first, second = ConformancePanel(SCENARIOS), ConformancePanel(SCENARIOS)
    assert first.model_id != second.model_id and len(first.model_id) == 32
    assert repr(first).startswith("<ConformancePanel: live widgets.")
