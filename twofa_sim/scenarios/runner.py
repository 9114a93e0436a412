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
"backup code #1", "newest SMS code"), passwords never appear ("(password)",
"(another password)", "(new password)"), and literal inputs are shown as
typed, cut after :data:`SHOWN_CHARS` characters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..clock import MAX_EPOCH, to_datetime
from ..errors import InputTypeError, TwofaSimError
from .adapter import NotSupported, Observed, ScenarioAdapter, StepError
from .errors import ScenarioError
from .format import Scenario, Step

PASS, FAIL, NOT_SUPPORTED, DONE, ERROR = "pass", "FAIL", "not supported", "done", "error"
#: The adapter methods the runner calls (every action's, and the set-up's).
_METHODS = tuple(name for name, member in vars(ScenarioAdapter).items()
                 if not name.startswith("_") and callable(member))
#: Literal inputs and names longer than this are cut in the table ("…").
SHOWN_CHARS = 24
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

    A step's action that raises a typed engine error (a
    :class:`~twofa_sim.errors.TwofaSimError`) gives an error row.

    Raises:
        ScenarioError: an ``expect.reason`` the adapter does not know (when
            it lists ``known_reasons``), a user cannot be set up, or a
            step's time lies before the clock's time (the clock never goes
            back) or past the clock's last moment.
        InputTypeError: ``scenario`` is not a Scenario.
    """
    import pandas as pd

    if not isinstance(scenario, Scenario):
        raise InputTypeError(f"scenario must be a Scenario (from load or loads), got {type(scenario).__name__}")
    missing = [m for m in _METHODS if not callable(getattr(adapter, m, None))]
    if missing:
        raise InputTypeError(f"adapter must offer the ScenarioAdapter methods; {type(adapter).__name__} lacks "
                             + ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else ""))
    check_reasons(scenario, adapter)
    passwords = _set_up(scenario, adapter)
    rows = []
    for step in scenario.steps:
        _move_clock(scenario, step, adapter)
        when = adapter.now()
        current = passwords[step.actor]
        try:
            observed = _act(step, adapter, passwords)
        except (NotSupported, StepError) as exc:
            observed = exc
        except TwofaSimError as exc:
            observed = StepError(f"{type(exc).__name__}: {exc}")
        if isinstance(observed, Observed) and step.action == "change_password" and observed.outcome == "accepted":
            passwords[step.actor] = str(step.value)
        rows.append(_row(step, when, observed, current))
    table = pd.DataFrame(rows, columns=COLUMNS)
    passed = not any(r["result"] in (FAIL, ERROR) for r in rows)
    return RunResult(scenario, getattr(adapter, "name", type(adapter).__name__), table, passed)


def check_reasons(scenario: Scenario, adapter: object) -> None:
    """Refuse an ``expect.reason`` the adapter does not know.

    An adapter may list its reasons in ``known_reasons`` (a set of text);
    one that does not is judged on any reason.

    Raises:
        ScenarioError: at the first step whose reason is not known, naming the known ones.
    """
    if not isinstance(scenario, Scenario):
        raise InputTypeError(f"scenario must be a Scenario (from load or loads), got {type(scenario).__name__}")
    known = getattr(adapter, "known_reasons", None)
    if not known or not isinstance(known, (set, frozenset, list, tuple)):
        return
    for step in scenario.steps:
        reason = step.expect.reason if step.expect is not None else None
        if reason is not None and reason not in known:
            name = getattr(adapter, "name", type(adapter).__name__)
            raise ScenarioError(scenario.path, step.expect.line or step.line, f"steps[{step.index}].expect.reason",
                                f"{_cut(reason)!r} is not a reason the {name} gives; known reasons: "
                                + ", ".join(sorted(known)))


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
    where = f"steps[{step.index}].{step.timing}"
    if target < now:
        raise ScenarioError(scenario.path, step.time_line, where,
                            f"{to_datetime(target):%Y-%m-%d %H:%M:%S} UTC is before the clock's time "
                            f"({to_datetime(now):%Y-%m-%d %H:%M:%S} UTC); the clock never goes back")
    if target > MAX_EPOCH:
        raise ScenarioError(scenario.path, step.time_line, where,
                            f"moves the clock past its last moment ({to_datetime(MAX_EPOCH):%Y-%m-%d %H:%M:%S} UTC;"
                            f" the clock is at {to_datetime(now):%Y-%m-%d %H:%M:%S} UTC)")
    if target > now:
        try:
            adapter.set_time(target)
        except TwofaSimError as exc:
            raise ScenarioError(scenario.path, step.time_line, where, f"the clock cannot move there ({exc})") from None


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


def _row(step: Step, when: float, observed, password: str | None = None) -> dict:
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
    return {"step": step.index, "line": step.line, "time (UTC)": _time(when), "actor": _cut(step.actor),
            "browser": _cut(step.browser), "action": step.action, "input": describe_input(step, password),
            "expected": expected, "observed": shown, "clause": expect.clause if expect else "",
            "result": result, "detail": detail}


def describe_input(step: Step, password: str | None = None) -> str:
    """The step's input for the table, never a secret: code sources are
    described ("app", "backup code #1"), never their value; a password is
    "(password)" (the user's current one, ``password``, or the default),
    "(another password)" or "(new password)"; other literal inputs are shown
    as typed, cut after :data:`SHOWN_CHARS` characters.

    Raises:
        InputTypeError: ``step`` is not a Step, or ``password`` not text or None.
    """
    if not isinstance(step, Step):
        raise InputTypeError(f"step must be a scenario Step, got {type(step).__name__}")
    if password is not None and not isinstance(password, str):
        raise InputTypeError("password must be text or None")
    text = ""
    if step.source == "app":
        text = "app" if not step.value else f"app at {float(step.value):+g} s"
    elif step.source == "backup":
        text = f"backup code #{step.value}"
    elif step.source == "sms":
        text = "newest SMS code"
    elif step.action == "change_cell_phone":
        text = f"{_cut(step.phone[0])} {_literal(step.phone[1])}"
    elif step.action == "set_phone_clock":
        text = f"offset {float(step.value):+g} s, drift {step.drift_ppm:g} ppm"
    elif step.action in ("password", "sign_in", "regenerate_backup_codes", "disable_2fa"):
        text = "(password)" if not step.value or step.value == password else "(another password)"
    elif step.action == "change_password":
        text = "(new password)"
    elif step.action in ("code", "confirm_cell_phone"):
        text = _literal(step.value)
    elif step.action == "revoke_device":
        text = _literal(step.value) if step.value else ""
    if step.proof_source:
        proof = {"app": "app code", "backup": f"backup code #{step.proof_value}", "sms": "newest SMS code"}
        text += " + " + proof.get(step.proof_source, _literal(step.proof_value))
    if step.form != "as shown":
        text += f", typed {step.form}"
    if step.remember:
        text += " + remember"
    return text


def _cut(text: object) -> str:
    """``text`` cut after :data:`SHOWN_CHARS` characters ("…" marks the cut)."""
    text = str(text)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def _literal(value: object) -> str:
    """A literal input as typed (quoted), cut after :data:`SHOWN_CHARS` characters."""
    text = str(value)
    return repr(text) if len(text) <= SHOWN_CHARS else repr(text[:SHOWN_CHARS]) + "…"


def _time(epoch: float) -> str:
    moment = to_datetime(epoch)
    text = f"{moment:%Y-%m-%d %H:%M:%S}"
    return text + (f".{moment.microsecond // 100_000}" if moment.microsecond else "")
