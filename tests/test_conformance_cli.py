"""``python -m twofa_sim conform``: the table, and exit codes that fail only
when the engine fails a file (a difference in the target is a finding)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from twofa_sim.scenarios.cli import main

ROOT = Path(__file__).resolve().parent.parent
DRIFT = str(ROOT / "scenarios" / "drift_corrected_clock.yaml")

ENGINE_FAILS = """\
name: a wrong expectation
users:
  - login: alice@example.com
    password: pw
    enrolled: true
steps:
  - after: 60
    action: password
    expect: {outcome: refused, clause: a deliberately wrong expectation}
"""


def test_a_difference_in_the_target_exits_0_and_prints_the_table(capsys, tmp_path):
    page = tmp_path / "report.html"
    assert main(["conform", "--target", "django", DRIFT, "--html", str(page)]) == 0
    out = capsys.readouterr().out
    assert "expected" in out and "engine" in out and "verdict" in out
    assert "differs   RFC 6238 §6: resynchronise, never lock out a correct clock" in out
    assert "django-two-factor-auth 1.18.1" in out and f"HTML report: {page}" in out
    assert "1 file(s): 1 compared, 0 failed by the engine, 0 malformed" in out
    assert 'class="v-differs"' in page.read_text(encoding="utf-8")


def test_details_show_what_the_target_showed(capsys):
    assert main(["conform", DRIFT, "--details"]) == 0
    assert "[database: TOTP last_t" in capsys.readouterr().out


def test_the_engine_failing_a_file_exits_1(capsys, tmp_path):
    path = tmp_path / "wrong.yaml"
    path.write_text(ENGINE_FAILS, encoding="utf-8")
    assert main(["conform", str(path)]) == 1
    out = capsys.readouterr().out
    assert "the engine FAILS this file under its own policy" in out
    assert "1 failed by the engine" in out


def test_a_malformed_file_exits_2_and_the_others_still_run(capsys, tmp_path):
    (tmp_path / "a_broken.yaml").write_text("name: x\nusers: []\n", encoding="utf-8")
    (tmp_path / "b_good.yaml").write_text(Path(DRIFT).read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["conform", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert "a_broken.yaml:" in captured.err and "Traceback" not in captured.err
    assert "2 file(s): 1 compared, 0 failed by the engine, 1 malformed" in captured.out


@pytest.mark.parametrize("argv", [["conform", "no/such/file.yaml"], ["conform", "--target", "keycloak", DRIFT],
                                  ["conform"]])
def test_bad_paths_and_targets_exit_2(argv, capsys):
    assert main(argv) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_an_unwritable_html_path_exits_2(capsys, tmp_path):
    assert main(["conform", DRIFT, "--html", str(tmp_path / "missing" / "r.html")]) == 2
    assert "cannot be written" in capsys.readouterr().err


def test_a_missing_extra_exits_2_with_what_to_install(monkeypatch, capsys):
    from twofa_sim.conformance.django_target import _project

    monkeypatch.setattr(_project, "PACKAGES", _project.PACKAGES + (("no_such_module_here", "django-nothing"),))
    assert main(["conform", DRIFT]) == 2
    assert "pip install 'twofa-sim[conformance]'" in capsys.readouterr().err


def test_run_command_refuses_ill_typed_arguments():
    from twofa_sim.conformance.cli import add_command, run_command
    from twofa_sim.errors import InputTypeError

    for call in (lambda: run_command("scenarios/"), lambda: run_command([DRIFT], target=3),
                 lambda: run_command([DRIFT], details="yes"), lambda: run_command([DRIFT], html=b"x"),
                 lambda: add_command(None)):
        with pytest.raises(InputTypeError):
            call()


def test_an_html_path_in_a_missing_folder_is_refused_before_any_run(tmp_path, capsys):
    from twofa_sim.conformance.cli import run_command

    missing = tmp_path / "no" / "such" / "folder" / "report.html"
    assert run_command([str(tmp_path / "nothing.yaml")], html=str(missing)) == 2
    assert "no such folder" in capsys.readouterr().err
