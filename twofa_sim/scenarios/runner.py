"""Run a scenario through an adapter: one table row per step, expected vs observed.

Each step first moves the clock (``at``, ``after``, ``second``), then calls
the adapter's method for its action, then compares the answer with the
expectation. A row's result is one of:

* ``pass``: the outcome (and the reason, when the file gives one) matched;
* ``FAIL``: it did not;
* ``not supported``: the adapter cannot express the step (neither pass nor fail);
* ``done``: a step with no expectation (wait, deliver_sms, ...);
* ``error``: the step's input could not be produced (fails the scenario).

The table never holds a secret: code inputs are described ("app",
"backup code #1", "newest SMS code"), only literal inputs are shown as typed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..clock import to_datetime
from .adapter import NotSupported, Observed, ScenarioAdapter, StepError
from .errors import ScenarioError
from .format import Scenario, Step

PASS, FAIL, NOT_SUPPORTED, DONE, ERROR = "pass", "FAIL", "not supported", "done", "error"
COLUMNS = ["step", "line", "time (UTC)", "actor", "browser", "action", "input", "expected", "observed",
           "clause", "result", "detail"]


@dataclass(frozen=True)
class RunResult:
    """The outcome of one scenario run.

    Attributes:
        scenario: what was run.
        adapter: the adapter's name.
        table: a pandas DataFrame, one row per step, columns :data:`COLUMNS`.
        passed: True when no row is FAIL or error.
    """

    scenario: Scenario
    adapter: str
    table: object
    passed: bool

    def counts(self) -> dict[str, int]:
        """How many rows have each result."""
        results = list(self.table["result"])
        return {r: results.count(r) for r in (PASS, FAIL, NOT_SUPPORTED, DONE, ERROR)}

    def summary(self) -> str:
        """One line: the verdict and the count of each result."""
        c = self.counts()
        verdict = "PASSED" if self.passed else "FAILED"
        return (f"{verdict} {self.scenario.path} ({self.adapter}): {len(self.table)} steps, {c[PASS]} passed, "
                f"{c[FAIL]} failed, {c[ERROR]} errors, {c[NOT_SUPPORTED]} not supported, {c[DONE]} not judged")


def run(scenario: Scenario, adapter: ScenarioAdapter) -> RunResult:
    """Set up the scenario's world in ``adapter`` and run every step.

    Raises:
        ScenarioError: a user cannot be set up, or a step's ``at`` lies
            before the clock's time (the clock never goes back).
    """
    import pandas as pd

    passwords = _set_up(scenario, adapter)
    rows = []
    for step in scenario.steps:
        _move_clock(scenario, step, adapter)
        when = adapter.now()
        try:
            observed = _act(step, adapter, passwords)
        except (NotSupported, StepError) as exc:
            observed = exc
        if isinstance(observed, Observed) and step.action == "change_password" and observed.outcome == "accepted":
            passwords[step.actor] = str(step.value)
        rows.append(_row(step, when, observed))
    table = pd.DataFrame(rows, columns=COLUMNS)
    passed = not any(r["result"] in (FAIL, ERROR) for r in rows)
    return RunResult(scenario, getattr(adapter, "name", type(adapter).__name__), table, passed)


def _set_up(scenario: Scenario, adapter: ScenarioAdapter) -> dict[str, str]:
    """Open the world and create its users; returns login → current password."""
    adapter.open_world(scenario.preset, dict(scenario.overrides), scenario.start, scenario.seed, dict(scenario.network))
    for i, user in enumerate(scenario.users):
        calls = [("", lambda u=user: adapter.add_user(u.login, u.password, u.name, u.secret, u.offset_seconds,
                                                          u.drift_ppm))]
        if user.country:
            calls.append((".cell_phone", lambda u=user: adapter.set_cell_phone(u.login, u.country, u.number, u.password)))
        if user.enrolled:
            calls.append((".enrolled", lambda u=user: adapter.enrol(u.login)))
        for field, call in calls:
            try:
                answer = call()
            except (NotSupported, StepError) as exc:
                answer = Observed("refused", "not supported", str(exc))
            if not isinstance(answer, Observed) or answer.outcome != "accepted":
                why = f"{answer.reason}: {answer.detail}" if isinstance(answer, Observed) else "not supported"
                raise ScenarioError(scenario.path, user.line, f"users[{i}]{field}", f"set-up refused ({why})")
    return {u.login: u.password for u in scenario.users}


def _move_clock(scenario: Scenario, step: Step, adapter: ScenarioAdapter) -> None:
    now = adapter.now()
    if step.timing == "none":
        return
    if step.timing == "at":
        target = step.when
    elif step.timing == "after":
        target = now + step.when
    else:
        period = scenario.period
        target = math.floor(now / period) * period + step.when
        if target < now:
            target += period
    if target < now:
        raise ScenarioError(scenario.path, step.time_line, f"steps[{step.index}].{step.timing}",
                            f"{to_datetime(target):%Y-%m-%d %H:%M:%S} UTC is before the clock's time "
                            f"({to_datetime(now):%Y-%m-%d %H:%M:%S} UTC); the clock never goes back")
    if target > now:
        adapter.set_time(target)


def _act(step: Step, adapter: ScenarioAdapter, passwords: dict[str, str]) -> Observed | NotSupported:
    """Call the adapter's one method for ``step``'s action."""
    who, browser, typed = step.actor, step.browser, str(step.value)
    password = typed if typed else passwords[who]
    if step.action == "password":
        return adapter.password(who, browser, password)
    if step.action == "code":
        return adapter.code(who, browser, step.source, step.value, step.remember, step.form)
    if step.action == "sign_in":
        return adapter.sign_in(who, browser, password, step.remember)
    if step.action == "sign_out":
        return adapter.sign_out(who, browser)
    if step.action == "send_sms":
        return adapter.send_sms(who, browser)
    if step.action == "deliver_sms":
        return adapter.deliver_sms(who)
    if step.action == "wait":
        return Observed("accepted", "", "time passed")
    if step.action == "set_phone_clock":
        return adapter.set_phone_clock(who, float(step.value), step.drift_ppm)
    if step.action == "regenerate_backup_codes":
        return adapter.regenerate_backup_codes(who, password, step.proof_source, step.proof_value)
    if step.action == "disable_2fa":
        return adapter.disable_2fa(who, password, step.proof_source, step.proof_value)
    if step.action == "change_password":
        return adapter.change_password(who, passwords[who], typed)
    if step.action == "revoke_device":
        return adapter.revoke_device(who, typed or browser)
    if step.action == "enrol":
        return adapter.enrol(who)
    if step.action == "change_cell_phone":
        return adapter.change_cell_phone(who, step.phone[0], step.phone[1], passwords[who], step.proof_source,
                                         step.proof_value)
    if step.action == "confirm_cell_phone":
        return adapter.confirm_cell_phone(who, step.source, step.value)
    raise NotSupported(f"unknown action {step.action!r}")


def _row(step: Step, when: float, observed) -> dict:
    expect = step.expect
    expected = "" if expect is None else expect.outcome + (f" ({expect.reason})" if expect.reason else "")
    if isinstance(observed, NotSupported):
        result, shown, detail = NOT_SUPPORTED, "not supported", str(observed)
    elif isinstance(observed, StepError):
        result, shown, detail = ERROR, "error", str(observed)
    else:
        shown = observed.outcome + (f" ({observed.reason})" if observed.reason else "")
        detail = observed.detail
        if expect is None:
            result = DONE
        else:
            same = observed.outcome == expect.outcome and (expect.reason is None or observed.reason == expect.reason)
            result = PASS if same else FAIL
    return {"step": step.index, "line": step.line, "time (UTC)": _time(when), "actor": step.actor,
            "browser": step.browser, "action": step.action, "input": describe_input(step),
            "expected": expected, "observed": shown, "clause": expect.clause if expect else "",
            "result": result, "detail": detail}


def describe_input(step: Step) -> str:
    """The step's input for the table: literal text as written, code sources
    described (never their value), a default password as "(password)"."""
    text = ""
    if step.source == "app":
        text = "app" if not step.value else f"app at {float(step.value):+g} s"
    elif step.source == "backup":
        text = f"backup code #{step.value}"
    elif step.source == "sms":
        text = "newest SMS code"
    elif step.action == "change_cell_phone":
        text = f"{step.phone[0]} {step.phone[1]!r}"
    elif step.action == "set_phone_clock":
        text = f"offset {float(step.value):+g} s, drift {step.drift_ppm:g} ppm"
    elif step.action in ("password", "sign_in", "regenerate_backup_codes", "disable_2fa"):
        text = repr(step.value) if step.value else "(password)"
    elif step.action in ("code", "confirm_cell_phone", "change_password", "revoke_device"):
        text = repr(step.value) if step.action != "revoke_device" or step.value else ""
    if step.proof_source:
        proof = {"app": "app code", "backup": f"backup code #{step.proof_value}", "sms": "newest SMS code"}
        text += " + " + proof.get(step.proof_source, repr(step.proof_value))
    if step.form != "as shown":
        text += f", typed {step.form}"
    if step.remember:
        text += " + remember"
    return text


def _time(epoch: float) -> str:
    moment = to_datetime(epoch)
    text = f"{moment:%Y-%m-%d %H:%M:%S}"
    return text + (f".{moment.microsecond // 100_000}" if moment.microsecond else "")
