"""The traceability table: every requirement is checked somewhere, and a
requirement nothing checks shows as a gap."""

from pathlib import Path

from twofa_sim.requirements import REQUIREMENTS
from twofa_sim.traceability import checks_in_notebooks, checks_in_tests, table

ROOT = Path(__file__).resolve().parents[1]


def test_no_requirement_is_a_gap():
    frame = table(checks_in_notebooks(ROOT / "notebooks"), checks_in_tests(ROOT / "tests"))
    gaps = frame[frame.status == "GAP"].requirement.tolist()
    assert not gaps, f"requirements nothing checks: {gaps}"
    assert set(frame.requirement) == set(REQUIREMENTS)


def test_an_unchecked_requirement_shows_as_a_gap():
    requirements = dict(REQUIREMENTS, **{"NEW-1": "something nobody checks yet"})
    frame = table({"ENR-1": ["01_enrolment: cell 4"]}, {"LOG-1": ["tests/x.py::test_y"]}, requirements)
    status = dict(zip(frame.requirement, frame.status))
    assert status["NEW-1"] == "GAP" and status["ENR-2"] == "GAP"
    assert status["ENR-1"] == status["LOG-1"] == "checked"


def test_notebook_places_come_from_saved_check_lines(tmp_path):
    import json

    cell = {"cell_type": "code", "outputs": [{"output_type": "stream", "name": "stdout",
                                              "text": ["checked: ENR-1 @ cell 3, cell 4 | LOG-2 @ cell 9\n"]}]}
    (tmp_path / "07_x.ipynb").write_text(json.dumps({"cells": [cell]}))
    assert checks_in_notebooks(tmp_path) == {"ENR-1": ["07_x: cell 3", "07_x: cell 4"], "LOG-2": ["07_x: cell 9"]}
