"""The traceability table: the committed file is what a fresh computation
gives, every requirement is checked somewhere, and a requirement nothing
checks shows as a gap.

The fresh computation runs the tests marked ``requirement`` in one pytest
subprocess (a few seconds, mostly collecting), once per test run: the
module-scoped ``fresh`` fixture is shared by the tests that need it."""

import json
from pathlib import Path

import pytest

from twofa_sim.requirements import REQUIREMENTS
from twofa_sim.traceability import TABLE_FILE, checks_in_notebooks, read, table, to_json, trace

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def fresh():
    """(notebook places, test ids) computed afresh for this repository."""
    return trace(ROOT)


def test_the_committed_table_is_a_fresh_computation(fresh):
    committed = (ROOT / TABLE_FILE).read_text(encoding="utf-8")
    assert committed == to_json(*fresh), (
        f"{TABLE_FILE.as_posix()} is out of date: run python3 dev.py notebooks 00_overview "
        "(it writes the file afresh, then rebuilds the overview that shows it)")


def test_no_requirement_is_a_gap(fresh):
    frame = table(*fresh)
    gaps = frame[frame.status == "GAP"].requirement.tolist()
    assert not gaps, f"requirements nothing checks: {gaps}"
    assert set(frame.requirement) == set(REQUIREMENTS)


def test_an_unchecked_requirement_shows_as_a_gap():
    requirements = dict(REQUIREMENTS, **{"NEW-1": "something nobody checks yet"})
    frame = table({"ENR-1": ["01_enrolment: cell 4"]}, {"LOG-1": ["tests/x.py::test_y"]}, requirements)
    status = dict(zip(frame.requirement, frame.status))
    assert status["NEW-1"] == "GAP" and status["ENR-2"] == "GAP"
    assert status["ENR-1"] == status["LOG-1"] == "checked"


def test_the_file_round_trips_and_a_gap_in_it_shows(tmp_path):
    notebooks = {"ENR-1": ["01_enrolment: cell 9", "01_enrolment: cell 10"], "LOG-2": ["02_login: cell 3"]}
    tests = {"ENR-1": ["tests/b.py::test_b", "tests/a.py::test_a"]}
    path = tmp_path / "traceability.json"
    path.write_text(to_json(notebooks, tests), encoding="utf-8")
    assert read(path) == (notebooks, {"ENR-1": ["tests/a.py::test_a", "tests/b.py::test_b"]})
    assert list(json.loads(path.read_text())["requirements"]) == list(REQUIREMENTS)  # a gap is listed too, empty
    status = dict(zip(*(table(*read(path))[c] for c in ("requirement", "status"))))
    assert status["ENR-1"] == status["LOG-2"] == "checked" and status["ENR-2"] == "GAP"
    assert to_json(*read(path)) == path.read_text(encoding="utf-8")  # the same checks give the same bytes


def test_notebook_places_come_from_saved_check_lines(tmp_path):
    cell = {"cell_type": "code", "outputs": [{"output_type": "stream", "name": "stdout",
                                              "text": ["checked: ENR-1 @ cell 3, cell 4 | LOG-2 @ cell 9\n"]}]}
    (tmp_path / "07_x.ipynb").write_text(json.dumps({"cells": [cell]}))
    assert checks_in_notebooks(tmp_path) == {"ENR-1": ["07_x: cell 3", "07_x: cell 4"], "LOG-2": ["07_x: cell 9"]}
