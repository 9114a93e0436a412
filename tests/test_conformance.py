"""Scenario files against django-two-factor-auth with django-otp: the four
known differences are found with their clauses, a conforming scenario
conforms, what the target cannot express is "not supported", the report is
repeatable and holds no secret."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from twofa_sim.conformance import (CONFORMS, DIFFERS, INFO, NOT_SUPPORTED, TARGETS, ConformanceReport,
                                   TargetUnavailable, compare, conform, verdict)
from twofa_sim.conformance.report import report_of
from twofa_sim.scenarios import loads

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
DJANGO = TARGETS["django"]
DIFFERENCES = ["enrolment_code_cannot_sign_in.yaml", "sms_code_works_once.yaml", "drift_corrected_clock.yaml",
               "remember_cookie_last_second.yaml"]


@pytest.fixture(scope="module")
def findings() -> ConformanceReport:
    return conform([str(SCENARIOS / name) for name in DIFFERENCES])


def row(report: ConformanceReport, name: str, step: int) -> dict:
    frame = report.frame
    found = frame[(frame["file"] == str(SCENARIOS / name)) & (frame["step"] == step)]
    assert len(found) == 1, (name, step)
    return found.iloc[0].to_dict()


# ----------------------------------------------------------- the differences


def test_the_enrolment_code_signs_in_again_in_its_time_step(findings):
    step = row(findings, "enrolment_code_cannot_sign_in.yaml", 1)
    assert (step["action"], step["expected"], step["engine"]) == ("sign_in", "refused (replayed step)",
                                                                   "refused (replayed step)")
    assert step["target"] == "accepted (accepted)" and step["verdict"] == DIFFERS
    assert step["clause"].startswith("RFC 6238 §5.2")


def test_an_sms_code_signs_in_a_second_time(findings):
    step = row(findings, "sms_code_works_once.yaml", 6)
    assert step["engine"] == "refused (sms code already used)"
    assert step["target"] == "accepted (accepted)" and step["verdict"] == DIFFERS
    assert "V6.5.1" in step["clause"]
    assert row(findings, "sms_code_works_once.yaml", 3)["verdict"] == CONFORMS  # Alice's own sign-in


def test_a_learned_drift_refuses_the_corrected_phone(findings):
    learned = row(findings, "drift_corrected_clock.yaml", 4)
    assert learned["verdict"] == CONFORMS and "drift -2" in learned["detail"]  # read from the database
    step = row(findings, "drift_corrected_clock.yaml", 7)
    assert step["engine"] == "accepted (accepted)" and step["target"] == "refused"
    assert step["verdict"] == DIFFERS and step["clause"].startswith("RFC 6238 §6")
    assert "Invalid token" in step["detail"]  # the target's reason is its form's text, shown


def test_an_expired_remember_cookie_counts_as_a_failed_attempt(findings):
    cookie = row(findings, "remember_cookie_last_second.yaml", 2)
    assert cookie["target"] == "accepted (code required)" and cookie["verdict"] == DIFFERS
    assert "the target deleted it" in cookie["detail"] and "failures 1" in cookie["detail"]
    throttled = row(findings, "remember_cookie_last_second.yaml", 4)
    assert throttled["engine"] == "accepted (accepted)" and throttled["target"] == "locked"
    assert throttled["verdict"] == DIFFERS and throttled["clause"].startswith("NIST SP 800-63B §5.2.2")


def test_the_report_states_versions_and_the_engine_meets_every_file(findings):
    versions = dict(findings.versions)
    assert versions["Django"] == "5.2.19" and versions["django-two-factor-auth"] == "1.18.1"
    assert versions["django-otp"] == "1.7.5" and versions["time-machine"] == "3.6.0"
    assert findings.engine_passed and findings.exit_code == 0
    counts = findings.counts()
    assert counts[DIFFERS] == len(findings.findings()) >= 5
    table = findings.scenarios()
    assert list(table["file"]) == [str(SCENARIOS / n) for n in DIFFERENCES]
    assert set(table["engine (own policy)"]) == {"passed"}


def test_the_html_page_shows_each_difference_with_its_clause(findings, tmp_path):
    page = findings.write_html(tmp_path / "report.html").read_text(encoding="utf-8")
    assert page == findings.to_html() and page.startswith("<!DOCTYPE html>")
    fragment = findings._repr_html_()
    assert fragment == findings.to_html(page=False) and fragment.startswith('<div class="twofa-conformance">')
    assert fragment in page
    assert page.count('class="v-differs"') == findings.counts()[DIFFERS]
    for clause in ("RFC 6238 §5.2", "RFC 6238 §6", "V6.5.1", "NIST SP 800-63B §5.2.2", "<td>django-otp</td><td>1.7.5</td>"):
        assert clause in page
    assert "<script" not in page


# ------------------------------------------------- conforming, not supported


def test_a_conforming_scenario_conforms():
    report = conform([str(SCENARIOS / "replay_same_step.yaml"), str(SCENARIOS / "remembered_device_exactly_30_days.yaml")])
    judged = report.frame[report.frame["verdict"] != INFO]
    assert set(judged["verdict"]) == {CONFORMS}
    # at exactly 30 days the browser has dropped its remember cookie: never sent, never counted
    last = report.frame[(report.frame["file"].str.endswith("30_days.yaml")) & (report.frame["step"] == 4)].iloc[0]
    assert last["target"] == "accepted (code required)" and "remember cookie" not in last["detail"]
    assert "failures 0" in last["detail"]


def test_a_step_the_target_cannot_express_is_not_supported():
    report = conform(str(SCENARIOS / "revoke_remembered_device.yaml"))
    revokes = report.frame[report.frame["action"] == "revoke_device"]
    assert len(revokes) == 2 and set(revokes["verdict"]) == {NOT_SUPPORTED}
    assert all("lists no remembered browsers" in d for d in revokes["detail"])
    assert not report.frame[report.frame["action"] == "sign_in"]["verdict"].isin([NOT_SUPPORTED]).any()


def test_a_policy_the_target_cannot_be_configured_to_is_not_supported_step_by_step():
    scenario = loads(textwrap.dedent("""\
        name: lockout
        policy: {overrides: {lockout_failures: 3, sms_code_seconds: 120}}
        users: [{login: alice@example.com, password: pw, enrolled: true}]
        steps:
          - {after: 60, action: password, expect: {outcome: accepted, reason: code required}}
          - {action: sign_out}
        """), "lockout.yaml")
    comparison = compare(scenario, DJANGO)
    assert comparison.target_run is None
    assert "lockout_failures=3" in comparison.note and "sms_code_seconds" in comparison.note
    assert [r["verdict"] for r in comparison.rows] == [NOT_SUPPORTED, NOT_SUPPORTED]
    assert comparison.engine_passed


def test_the_engine_under_the_targets_preset_decides_where_the_file_rests_on_its_own():
    """wrong code then right code in the same second: the seed portal accepts,
    django-otp's backoff (engine and target alike) holds the second one back."""
    report = conform(str(SCENARIOS / "window_one_step_back.yaml"))
    step = report.frame[report.frame["step"] == 2].iloc[0]
    assert step["expected"] == "accepted (accepted)" and step["engine"].startswith("locked")
    assert step["target"] == "locked" and step["verdict"] == CONFORMS
    assert "the file expects accepted (accepted) under seed portal" in step["detail"]


# ----------------------------------------------------------- the verdict rule


@pytest.mark.parametrize("expected, engine, target, result", [
    (("accepted", "code required"), "accepted (code required)", "accepted (code required)", CONFORMS),
    (("accepted", "code required"), "accepted (code required)", "accepted (remembered device)", DIFFERS),
    (("refused", "replayed step"), "refused (replayed step)", "refused", CONFORMS),  # reasons shown, not judged
    (("refused", "replayed step"), "refused (replayed step)", "accepted (accepted)", DIFFERS),
    (("accepted", "accepted"), "locked (backoff wait)", "locked", CONFORMS),        # like for like
    (("accepted", "accepted"), "locked (backoff wait)", "refused", DIFFERS),
    (("accepted", None), "accepted (accepted)", "error", DIFFERS),
    (None, "accepted", "accepted", INFO),
    (("accepted", None), "accepted (accepted)", "not supported", NOT_SUPPORTED),
])
def test_verdict(expected, engine, target, result):
    assert verdict(expected, engine, target, DJANGO.judged_reasons()) == result


@given(st.sampled_from(["accepted", "refused", "locked", "expired"]),
       st.sampled_from([None, "code required", "remembered device", "wrong code", "accepted"]),
       st.sampled_from(["accepted (accepted)", "refused (wrong code)", "locked (backoff wait)", "error", ""]))
def test_a_target_that_does_what_the_file_expects_conforms_whatever_the_engine_did(outcome, reason, engine):
    shown = outcome + (f" ({reason})" if reason else "")
    assert verdict((outcome, reason), engine, shown, DJANGO.judged_reasons()) == CONFORMS
    assert verdict((outcome, reason), engine, NOT_SUPPORTED, DJANGO.judged_reasons()) == NOT_SUPPORTED
    assert verdict(None, engine, shown) == INFO


# ------------------------------------------------------ repeatable, no secret


def test_the_same_files_give_the_same_report_byte_for_byte():
    files = [str(SCENARIOS / "backup_code_works_once.yaml")]
    first, second = conform(files), conform(files)
    assert first.frame.equals(second.frame)
    assert first.to_html() == second.to_html() and first.text(True) == second.text(True)


def test_no_secret_reaches_the_report():
    from twofa_sim.conformance.django_target import DjangoAdapter
    from twofa_sim.scenarios import load, run

    scenario = load(SCENARIOS / "backup_code_works_once.yaml")
    adapter = DjangoAdapter()
    result = run(dataclasses.replace(scenario, preset=DJANGO.preset), adapter)
    tokens = adapter._held["alice@example.com"].backup_codes
    assert len(tokens) == 10
    drift = conform(str(SCENARIOS / "drift_corrected_clock.yaml"))
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    for text in (result.table.to_string(), drift.to_html(), drift.text(True)):
        assert secret not in text and secret.lower() not in text
        assert "3132333435363738393031323334353637383930" not in text  # the same key in hex
        assert not any(token in text for token in tokens)


# ---------------------------------------------------------- bad inputs, safety


@pytest.mark.parametrize("call", [
    lambda: conform(42), lambda: conform([]), lambda: conform([b"scenarios"]),
    lambda: conform(str(SCENARIOS / "replay_same_step.yaml"), target="keycloak"),
    lambda: conform(str(SCENARIOS / "no_such_file.yaml")), lambda: compare("scenarios/x.yaml", DJANGO),
    lambda: compare(loads("name: x\nusers: [{login: a, password: b}]\nsteps: [{action: wait}]\n"), "django"),
    lambda: verdict(("accepted",), "accepted", "accepted"), lambda: verdict(None, 1, "accepted"),
    lambda: verdict(None, "accepted", "accepted", "code required"), lambda: report_of("x", DJANGO),
    lambda: report_of([], "django"),
])
def test_bad_inputs_get_typed_errors(call):
    from twofa_sim.errors import TwofaSimError

    with pytest.raises(TwofaSimError):
        call()


def test_an_unwritable_report_is_a_typed_error(findings, tmp_path):
    from twofa_sim.conformance.errors import ReportError
    from twofa_sim.errors import InputTypeError

    with pytest.raises(ReportError, match="cannot be written"):
        findings.write_html(tmp_path / "no" / "such" / "folder" / "report.html")
    with pytest.raises(InputTypeError):
        findings.write_html(None)
    with pytest.raises(InputTypeError):
        findings.text("yes")


def test_a_second_world_in_the_process_retires_the_first_adapter():
    from twofa_sim.conformance.django_target import DjangoAdapter
    from twofa_sim.scenarios import StepError

    first, second = DjangoAdapter(), DjangoAdapter()
    with pytest.raises(StepError, match="no world is open"):
        first.password("alice@example.com", "laptop", "pw")
    first.open_world(DJANGO.preset, {}, 1_767_603_600, 1, {"loss_rate": 0.0})
    assert first.add_user("alice@example.com", "pw", "Alice", None, 0.0, 0.0).outcome == "accepted"
    second.open_world(DJANGO.preset, {}, 1_767_603_600, 1, {"loss_rate": 0.0})
    with pytest.raises(StepError, match="another world was opened"):
        first.password("alice@example.com", "laptop", "pw")
    assert second.password("alice@example.com", "laptop", "pw").outcome == "refused"  # an empty database


def test_django_configured_for_another_project_is_a_typed_error(monkeypatch):
    from twofa_sim.conformance.django_target import _project

    conform(str(SCENARIOS / "replay_same_step.yaml"))  # configured here first
    monkeypatch.setattr(_project, "URLCONF", "someone_elses.urls")
    with pytest.raises(TargetUnavailable, match="already configured in this process for another project"):
        _project.ensure_ready()


def test_a_missing_extra_says_what_to_install(monkeypatch):
    from twofa_sim.conformance.django_target import _project

    monkeypatch.setattr(_project, "PACKAGES", _project.PACKAGES + (("no_such_module_here", "django-nothing"),))
    with pytest.raises(TargetUnavailable, match=r"django-nothing: pip install 'twofa-sim\[conformance\]'"):
        conform(str(SCENARIOS / "replay_same_step.yaml"))


def test_the_browser_drops_a_cookie_at_its_expiry():
    from http.cookies import SimpleCookie

    from twofa_sim.conformance.django_target._cookies import expiry_of

    jar = SimpleCookie()
    jar["remember"] = "x"
    jar["remember"]["max-age"] = 2_592_000
    jar["remember"]["expires"] = "Wed, 04 Feb 2026 09:05:00 GMT"
    assert expiry_of(jar["remember"], 1_767_603_900.5) == 1_767_603_900.5 + 2_592_000  # Max-Age wins
    jar["old"] = "y"
    jar["old"]["expires"] = "Wed, 04 Feb 2026 09:05:00 GMT"
    assert expiry_of(jar["old"], 0.0) == 1_770_195_900.0
    jar["session"] = "z"
    assert expiry_of(jar["session"], 0.0) is None


def test_importing_the_conformance_package_imports_no_django():
    program = ("import sys, twofa_sim.conformance, twofa_sim.conformance.django_target\n"
               "print(sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'two_factor', 'django_otp',"
               " 'time_machine')))")
    out = subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_step_where_the_preset_does_not_model_the_target_is_named_in_detail_and_summary():
    from twofa_sim.conformance import conform
    from twofa_sim.conformance.compare import MODEL_GAP

    scenarios = Path(__file__).resolve().parents[1] / "scenarios"
    report = conform([str(scenarios / "two_factor_off_needs_password_and_code.yaml")])
    gaps = report.frame[report.frame["detail"].str.contains(MODEL_GAP, regex=False)]
    assert len(gaps) >= 1
    assert (gaps["verdict"] == "conforms").all()
    assert all(e.split(" (")[0] != t.split(" (")[0] for e, t in zip(gaps["engine"], gaps["target"]))
    assert f"does not model the target at {len(gaps)} step(s)" in report.summary()
