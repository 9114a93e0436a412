"""Scenario files: every file under scenarios/ passes against the engine;
broken files are reported with file, line and field; mismatches fail the
run and the CLI; adapters may answer "not supported"."""

from __future__ import annotations

import re
import time
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from twofa_sim.errors import TwofaSimError
from twofa_sim.scenarios import NotSupported, ScenarioError, load, loads, run
from twofa_sim.scenarios.adapter import ScenarioAdapter, retype
from twofa_sim.scenarios.cli import main
from twofa_sim.scenarios.belongings import sms_code
from twofa_sim.scenarios.engine_adapter import EngineAdapter
from twofa_sim.scenarios.format import ACTIONS

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted((ROOT / "scenarios").glob("*.yaml"))
FIXED_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

GOOD = """\
name: a small case
users:
  - login: alice@example.com
    password: pw-alice
    secret: GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ
    enrolled: true
steps:
  - after: 60
    action: password
    expect: {outcome: accepted, reason: code required}
  - action: code
    input: app
    expect: {outcome: accepted, clause: RFC 6238 §5.2}
"""


class NoAliases(yaml.SafeDumper):
    """Writes a value shared twice out twice (scenario files refuse aliases)."""

    def ignore_aliases(self, data):
        return True


def dump(document) -> str:
    return yaml.dump(document, Dumper=NoAliases, allow_unicode=True)


def write(tmp_path: Path, text: str, name: str = "case.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# ------------------------------------------------------------- the files


def test_there_are_at_least_twenty_scenario_files():
    assert len(FILES) >= 20


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_scenario_file_passes_against_the_engine(path):
    result = run(load(path), EngineAdapter())
    failing = result.table[~result.table["result"].isin(["pass", "done"])]
    assert result.passed, f"{path.name}:\n{failing.to_string()}"
    assert failing.empty
    judged = [s for s in result.scenario.steps if s.expect is not None]
    assert judged and all(s.expect.reason for s in judged), "every expectation names the engine's reason"


def test_the_table_never_shows_a_secret_or_a_drawn_code():
    result = run(load(ROOT / "scenarios" / "backup_code_works_once.yaml"), EngineAdapter())
    text = result.table.to_string()
    assert not re.search(r"\b[A-Z2-9]{5}-[A-Z2-9]{5}\b", text)  # backup codes look like this
    fixed = run(load(ROOT / "scenarios" / "rfc6238_t59_six_digits.yaml"), EngineAdapter())
    assert FIXED_SECRET not in fixed.table.to_string() and FIXED_SECRET not in repr(fixed.scenario)
    assert "backup code #1" in text and "(password)" in text


# ---------------------------------------------------------- broken files

BROKEN = [
    ("wrong outcome name", GOOD.replace("outcome: accepted, clause", "outcome: ok, clause"), 13,
     "steps[1].expect.outcome: must be one of accepted, refused, locked, expired (got 'ok')"),
    ("unknown action", GOOD.replace("action: code", "action: kode"), 11,
     "steps[1].action: must be one of password, code,"),
    ("missing expect", GOOD.replace("    expect: {outcome: accepted, clause: RFC 6238 §5.2}\n", ""), 11,
     "steps[1].expect: is required for the code action"),
    ("missing password", GOOD.replace("    password: pw-alice\n", ""), 3, "users[0].password: is required"),
    ("unknown field", GOOD.replace("action: code", "acton: code"), 11,
     "steps[1].acton: unknown field (did you mean 'action'?"),
    ("bad YAML", GOOD.replace("input: app", "input: [app"), 13, "not valid YAML"),
    ("unknown preset", GOOD.replace("users:", "policy: {preset: keycloak}\nusers:"), 2,
     "policy.preset: must be one of seed portal,"),
    ("bad policy override", GOOD.replace("users:", "policy:\n  overrides:\n    window_back: -1\nusers:"), 4,
     "policy.overrides.window_back: window_back must be a whole number from 0 to 20, got -1"),
    ("unknown policy setting", GOOD.replace("users:", "policy:\n  overrides: {window: 2}\nusers:"), 3,
     "policy.overrides.window: unknown field (did you mean 'window_back'?"),
    ("bad enum override", GOOD.replace("users:", "policy:\n  overrides: {reauth: sometimes}\nusers:"), 3,
     "policy.overrides.reauth: must be one of none, password,"),
    ("two timings", GOOD.replace("  - action: code", "  - action: code\n    second: 3\n    after: 2"), 12,
     "steps[1].second: give at most one of at, after, second (also has after)"),
    ("second beyond the step", GOOD.replace("  - action: code", "  - action: code\n    second: 30"), 12,
     "steps[1].second: must be a second of the 30 s time step"),
    ("duplicate key", GOOD.replace("    input: app", "    input: app\n    input: sms"), 13, "steps[1].input: appears twice"),
    ("unknown actor", GOOD.replace("  - action: code", "  - action: code\n    actor: bob"), 12,
     "steps[1].actor: must name one user"),
    ("bad time", GOOD.replace("after: 60", "at: next tuesday"), 8, "steps[0].at: must be a UTC ISO 8601 time"),
    ("remember on password", GOOD.replace("action: password", "action: password\n    remember: true"), 10,
     "steps[0].remember: only the code and sign_in actions have a remember box"),
    ("code input with two sources", GOOD.replace("input: app", "input: {backup: 1, app_at: 0}"), 12,
     "steps[1].input: give exactly one of app_at, backup, sms, typed"),
    ("empty steps", GOOD.split("steps:")[0] + "steps: []\n", 7, "steps: must be a non-empty list"),
]


@pytest.mark.parametrize("text, line, message", [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_a_broken_file_names_the_file_line_and_field(tmp_path, text, line, message):
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as caught:
        load(path)
    assert str(caught.value).startswith(f"{path}:{line}: {message}"), str(caught.value)
    assert isinstance(caught.value, TwofaSimError) and caught.value.line == line


def test_the_good_file_loads_and_runs():
    result = run(loads(GOOD, "good.yaml"), EngineAdapter())
    assert result.passed and list(result.table["result"]) == ["pass", "pass"]
    assert list(result.table["clause"]) == ["", "RFC 6238 §5.2"]


def test_a_bad_secret_is_reported_without_showing_it(tmp_path):
    path = write(tmp_path, GOOD.replace(FIXED_SECRET, "JBSWY3DPEHPK3PXP"))  # 80 bits
    with pytest.raises(ScenarioError, match=r"case\.yaml:5: users\[0\]\.secret: is not a usable TOTP secret") as caught:
        load(path)
    assert "JBSWY3DPEHPK3PXP" not in str(caught.value)


def test_literal_inputs_keep_the_text_as_written():
    text = GOOD.replace("input: app", "input: 005924").replace("- login", "- login: x\n    ", 0)
    steps = loads(text, "x.yaml").steps
    assert steps[1].value == "005924" and steps[1].source == "literal"
    norway = loads(GOOD.replace("enrolled: true", "enrolled: true\n    cell_phone: {country: NO, number: 406 12 345}"))
    assert norway.users[0].country == "NO"


def test_a_time_before_the_clock_is_reported_at_its_step(tmp_path):
    path = write(tmp_path, GOOD.replace("  - action: code", "  - action: code\n    at: 2026-01-05T08:00:00Z"))
    with pytest.raises(ScenarioError, match=r"case\.yaml:12: steps\[1\]\.at: .*the clock never goes back"):
        run(load(path), EngineAdapter())


def test_a_user_who_cannot_be_set_up_is_reported_at_the_user(tmp_path):
    path = write(tmp_path, GOOD.replace("enrolled: true", "enrolled: true\n    cell_phone: {country: IT, number: '12'}"))
    with pytest.raises(ScenarioError, match=r"case\.yaml:3: users\[0\]\.cell_phone: set-up refused"):
        run(load(path), EngineAdapter())


# ------------------------------------------------- mismatches, not supported


def test_a_wrong_expectation_is_a_mismatch():
    result = run(loads(GOOD.replace("outcome: accepted, clause", "outcome: refused, clause"), "wrong.yaml"),
                 EngineAdapter())
    assert not result.passed
    assert list(result.table["result"]) == ["pass", "FAIL"]
    assert result.table["observed"].iloc[1] == "accepted (accepted)"
    assert result.summary().startswith("FAILED wrong.yaml") and "1 failed" in result.summary()


def test_a_wrong_reason_alone_is_a_mismatch():
    result = run(loads(GOOD.replace("reason: code required", "reason: password ok")), EngineAdapter())
    assert list(result.table["result"]) == ["FAIL", "pass"] and not result.passed


class NoSms(EngineAdapter):
    """An adapter for a system without SMS codes."""

    name = "no SMS"

    def send_sms(self, login, browser):
        raise NotSupported("this system has no SMS codes")

    def deliver_sms(self, login):
        return NotSupported("no SMS gateway")


def test_not_supported_steps_are_neither_pass_nor_fail():
    assert isinstance(NoSms(), ScenarioAdapter)
    result = run(load(ROOT / "scenarios" / "sms_resend_cooldown.yaml"), NoSms())
    assert list(result.table["result"]) == ["pass"] + ["not supported"] * 4
    assert result.passed
    assert result.counts()["not supported"] == 4 and "4 not supported" in result.summary()
    assert result.table["observed"].iloc[1] == "not supported"


def test_an_input_that_cannot_be_produced_is_an_error_row():
    text = GOOD.replace("input: app", "input: sms")
    result = run(loads(text), EngineAdapter())
    assert list(result.table["result"]) == ["pass", "error"] and not result.passed
    assert "no cell phone" in result.table["detail"].iloc[1]


# ------------------------------------------------------------------ the CLI


def test_the_cli_exits_1_on_a_mismatch_and_prints_the_table(tmp_path):
    good = write(tmp_path, GOOD, "good.yaml")
    wrong = write(tmp_path, GOOD.replace("outcome: accepted, clause", "outcome: locked, clause"), "wrong.yaml")
    out = subprocess.run([sys.executable, "-m", "twofa_sim", "run", str(good), str(wrong)], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 1, out.stderr
    assert "FAIL" in out.stdout and f"FAILED {wrong}" in out.stdout and f"PASSED {good}" in out.stdout
    assert "expected" in out.stdout and "locked" in out.stdout
    assert out.stderr == ""


def test_the_cli_exits_2_on_a_malformed_file_without_a_traceback(tmp_path, capsys):
    write(tmp_path, GOOD, "a_good.yaml")
    bad = write(tmp_path, GOOD.replace("action: code", "action: kode"), "b_bad.yaml")
    assert main(["run", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert f"error: {bad}:11: steps[1].action:" in captured.err
    assert "Traceback" not in captured.err and "PASSED" in captured.out


def test_the_cli_exits_0_when_every_step_passes(tmp_path, capsys):
    assert main(["run", str(write(tmp_path, GOOD))]) == 0
    assert main(["run", str(tmp_path / "missing.yaml")]) == 2
    assert "no such file or directory" in capsys.readouterr().err


# ----------------------------------------------------------------- helpers


def test_retype_and_sms_code_reading():
    assert retype("ABCDE-FGHJK", "lower case spaced") == "abcde fghjk"
    assert retype("123456", "spaced") == "123 456" and retype("123456", "as shown") == "123456"
    with pytest.raises(ValueError):
        retype("1", "shouted")

    class Text:
        body = "Client Portal code: 042917. It expires in 5 minutes."

    assert sms_code(Text()) == "042917"
    Text.code = "123456"
    assert sms_code(Text()) == "123456"


# ---------------------------------------------------------------- property

SIMPLE = ["password", "code", "sign_in", "sign_out", "send_sms", "deliver_sms", "wait", "set_phone_clock",
          "regenerate_backup_codes", "disable_2fa", "change_password", "revoke_device", "enrol"]
INPUTS = {
    "code": st.sampled_from(["app", "sms", {"app_at": -30}, {"backup": 1}, "123456", {"typed": ""},
                             {"backup": 2, "form": "lower case spaced"}]),
    "password": st.sampled_from(["pw-alice", "wrong"]),
    "change_password": st.sampled_from(["pw-new", "pw-other"]),
    "set_phone_clock": st.sampled_from([0, -45, 31.5, {"offset_seconds": 10, "drift_ppm": 50}]),
    "revoke_device": st.sampled_from(["alice-browser", "tablet"]),
}


@st.composite
def steps(draw):
    action = draw(st.sampled_from(SIMPLE))
    step: dict = {"action": action}
    timing = draw(st.sampled_from(["none", "after", "second"]))
    if timing == "after":
        step["after"] = draw(st.integers(0, 4000))
    elif timing == "second":
        step["second"] = draw(st.integers(0, 29))
    step["browser"] = draw(st.sampled_from(["alice-browser", "tablet"]))
    if action in INPUTS:
        step["input"] = draw(INPUTS[action])
    if action in ("code", "sign_in") and draw(st.booleans()):
        step["remember"] = True
    if action not in ("sign_out", "deliver_sms", "wait", "set_phone_clock") or draw(st.booleans()):
        step["expect"] = {"outcome": draw(st.sampled_from(["accepted", "refused", "locked", "expired"]))}
    return step


@settings(max_examples=25, deadline=None)
@given(st.lists(steps(), min_size=1, max_size=12), st.booleans())
def test_random_valid_steps_load_and_give_one_row_each(step_list, enrolled):
    document = {"name": "random", "users": [{"login": "alice@example.com", "password": "pw-alice",
                                             "enrolled": enrolled,
                                             "cell_phone": {"country": "IT", "number": "312 345 6789"}}],
                "steps": step_list}
    scenario = loads(dump(document), "random.yaml")
    assert len(scenario.steps) == len(step_list)
    result = run(scenario, EngineAdapter())
    assert len(result.table) == len(step_list)
    assert list(result.table["step"]) == list(range(len(step_list)))
    assert set(result.table["result"]) <= {"pass", "FAIL", "done", "error", "not supported"}
    assert result.passed == (not set(result.table["result"]) & {"FAIL", "error"})


FIELD_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(), st.text(max_size=8)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=6)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(["at", "after", "second", "actor", "action", "input", "remember", "expect"]),
                       FIELD_VALUES, max_size=4),
       st.dictionaries(st.sampled_from(["secret", "enrolled", "cell_phone", "phone", "login"]), FIELD_VALUES, max_size=2))
def test_any_document_loads_or_gives_a_located_scenario_error(step_fields, user_fields):
    document = yaml.safe_load(GOOD)
    document["steps"][1].update(step_fields)
    document["users"][0].update(user_fields)
    try:
        scenario = loads(dump(document), "fuzz.yaml")
    except ScenarioError as exc:
        assert re.match(r"fuzz\.yaml:\d+: ", str(exc)) and exc.line >= 1
        assert FIXED_SECRET not in str(exc)
    else:
        assert len(scenario.steps) == 2


# ------------------------------------------- hostile files and the CLI's edges

def bomb(levels: int = 7) -> str:
    """A billion-laughs file: each anchor's list holds nine of the one before."""
    names = "abcdefghij"[:levels]
    lines = [f"    input: &a [{', '.join(['x'] * 9)}]"]
    for before, name in zip(names, names[1:]):
        lines.append(f"    {name}: &{name} [{', '.join(['*' + before] * 9)}]")
    return GOOD.replace("    input: app", "\n".join(lines))


def test_an_alias_bomb_is_refused_fast_at_its_line(tmp_path):
    path = write(tmp_path, bomb())
    assert path.stat().st_size < 1000
    started = time.perf_counter()
    with pytest.raises(ScenarioError) as caught:
        load(path)
    assert time.perf_counter() - started < 1.0
    assert str(caught.value).startswith(f"{path}:12: steps[1].input: anchors and aliases (&a) are not allowed")
    assert main(["run", str(path)]) == 2


def test_a_single_alias_is_refused_too():
    text = GOOD.replace("password: pw-alice", "password: &pw pw-alice\n    name: *pw")
    with pytest.raises(ScenarioError, match=r"x\.yaml:4: users\[0\]\.password: anchors and aliases \(&pw\)"):
        loads(text, "x.yaml")


def test_deep_nesting_is_a_located_error_not_a_recursion_error(tmp_path):
    path = write(tmp_path, GOOD.replace("input: app", "input: " + "[" * 5000))
    with pytest.raises(ScenarioError, match=r"case\.yaml:12: steps\[1\]\.input\[0\].*deeper than 32 levels"):
        load(path)
    assert main(["run", str(path)]) == 2


def test_a_file_over_a_megabyte_is_refused_without_reading_it_all(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text(GOOD + "# " + "x" * 1_100_000 + "\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"big\.yaml:1: is larger than 1,048,576 bytes"):
        load(path)
    with pytest.raises(ScenarioError, match="is larger than"):
        loads(path.read_text(encoding="utf-8"), "big.yaml")


PAST_THE_END = """\
name: past the clock's end
start: 9999-12-31T23:59:00Z
users:
  - login: alice@example.com
    password: pw-alice
steps:
  - {timing}
    action: wait
"""


@pytest.mark.parametrize("timing, field", [("after: 1000000000", "after"), ("at: 253402300800", "at")])
def test_a_time_past_the_clocks_end_is_a_located_error(tmp_path, timing, field):
    path = write(tmp_path, PAST_THE_END.format(timing=timing))
    with pytest.raises(ScenarioError, match=rf"case\.yaml:7: steps\[0\]\.{field}: .*past its last moment|"
                                            rf"case\.yaml:7: steps\[0\]\.{field}: must be"):
        run(load(path), EngineAdapter())


def test_second_past_the_clocks_end_is_located_and_a_directory_run_goes_on(tmp_path, capsys):
    late = PAST_THE_END.replace("23:59:00Z", "23:59:59Z").format(timing="second: 0")
    write(tmp_path, late, "a_late.yaml")
    write(tmp_path, GOOD, "b_good.yaml")
    assert main(["run", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert "a_late.yaml:7: steps[0].second: moves the clock past its last moment" in captured.err
    assert "Traceback" not in captured.err and "ClockError" not in captured.err
    assert "PASSED" in captured.out and "2 file(s): 1 passed, 0 failed, 1 malformed" in captured.out


def test_the_table_never_shows_a_password_and_cuts_long_inputs():
    text = GOOD.replace("""  - after: 60
    action: password""", """  - after: 60
    action: password
    input: correct horse wrong
    expect: {outcome: refused, reason: wrong password}
  - action: password
    input: pw-alice
    expect: {outcome: accepted, reason: code required}
  - action: code
    input: "%s"
    expect: {outcome: refused}
  - action: password""" % ("7" * 100_000)) + """  - action: change_password
    input: a new horse battery
    expect: {outcome: accepted, reason: accepted}
  - action: sign_in
    after: 30
    expect: {outcome: accepted}
"""
    result = run(loads(text, "pw.yaml"), EngineAdapter())
    shown = result.table.to_string() + repr(result.table.to_dict())
    for secret in ("pw-alice", "correct horse", "a new horse"):
        assert secret not in shown
    inputs = list(result.table["input"])
    assert inputs[0] == "(another password)" and inputs[1] == "(password)"
    assert inputs[2] == repr("7" * 24) + "…" and "7" * 25 not in shown
    assert inputs[-2] == "(new password)" and inputs[-1] == "(password)"
    assert result.passed, result.table.to_string()


def test_a_number_written_without_a_dot_is_read_as_a_number():
    with pytest.raises(ScenarioError, match=r"steps\[0\]\.after: must be a number from 0 to 1e\+09 \(got 1e\+300\)"):
        loads(GOOD.replace("after: 60", "after: 1e300"), "x.yaml")
    assert loads(GOOD.replace("after: 60", "after: 6e1"), "x.yaml").steps[0].when == 60.0


def test_an_unknown_reason_is_malformed_for_the_engine_and_judged_elsewhere(tmp_path, capsys):
    text = GOOD.replace("reason: code required", "reason: code needed")
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError, match=r"case\.yaml:10: steps\[0\]\.expect\.reason: 'code needed' is not a "
                                            r"reason the twofa_sim engine gives; known reasons: .*code required"):
        run(load(path), EngineAdapter())
    assert main(["run", str(path)]) == 2
    assert "steps[0].expect.reason" in capsys.readouterr().err

    class Other(EngineAdapter):
        known_reasons = None  # another system reports other reasons: compared, not checked

    assert list(run(load(path), Other()).table["result"]) == ["FAIL", "pass"]


def test_a_device_or_pipe_is_named_as_such(capsys):
    assert main(["run", "/dev/null"]) == 2
    err = capsys.readouterr().err
    assert "/dev/null:1: is not a regular file" in err and "no such file" not in err
    with pytest.raises(ScenarioError, match="is not a regular file"):
        load("/dev/null")


def test_the_cli_ends_quietly_when_the_reader_stops():
    process = subprocess.Popen([sys.executable, "-m", "twofa_sim", "run", str(ROOT / "scenarios")], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.readline()
    process.stdout.close()  # as `| head -1` does
    _, err = process.communicate(timeout=120)
    assert b"Traceback" not in err and b"BrokenPipeError" not in err, err.decode()
    assert process.returncode == 1


# ---------------------------------------------------------------- the reference

def test_the_readme_lists_every_scenario_file_with_its_name():
    readme = (ROOT / "scenarios" / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([a-z0-9_]+\.yaml)` \| (.+?) \|$", readme, re.M))
    assert sorted(rows) == [p.name for p in FILES]
    for path in FILES:
        assert rows[path.name] == load(path).name, path.name
    for action in ACTIONS:
        assert f"| `{action}` |" in readme, action
    assert "with_code:" in readme and ".venv/bin/python -m twofa_sim run scenarios/" in readme


def test_run_refuses_what_is_not_a_scenario_or_an_adapter():
    scenario = loads(GOOD)
    with pytest.raises(TwofaSimError, match="scenario must be a Scenario"):
        run("scenarios/x.yaml", EngineAdapter())
    with pytest.raises(TwofaSimError, match="lacks open_world"):
        run(scenario, object())


@pytest.mark.parametrize("call", [
    lambda a: a.password(None, "laptop", "pw"), lambda a: a.code("alice@example.com", ["laptop"], "app", 0, False),
    lambda a: a.sign_in("alice@example.com", "laptop", b"pw", False), lambda a: a.set_phone_clock("nobody", 0, 0),
    lambda a: a.set_phone_clock("alice@example.com", 0, None), lambda a: a.enrol(42),
    lambda a: a.code("alice@example.com", "alice-browser", "app", "soon", False)])
def test_the_engine_adapter_answers_ill_typed_arguments_with_typed_errors(call):
    adapter = EngineAdapter()
    with pytest.raises(TwofaSimError):
        call(adapter)  # no world open yet
    adapter.open_world("seed portal", {}, 1_767_603_600, 1, {"loss_rate": 0.0})
    adapter.add_user("alice@example.com", "pw", "Alice", FIXED_SECRET, 0.0, 0.0)
    adapter.enrol("alice@example.com")
    adapter.password("alice@example.com", "alice-browser", "pw")
    with pytest.raises(TwofaSimError):
        call(adapter)
