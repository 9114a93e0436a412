"""Read one step of a scenario file: its time, actor, action, input and expectation.

The step format is described in :mod:`twofa_sim.scenarios.format`.
"""

from __future__ import annotations

from typing import Callable

from ..bounds import shown, whole, within
from ..errors import InputTypeError
from .adapter import FORMS
from .format import ACTIONS, OUTCOMES, Expectation, Step, User
from .nodes import Fields, Located

STEP = ("at", "after", "second", "actor", "browser", "action", "input", "with_code", "remember", "expect")
EXPECT = ("outcome", "reason", "clause")
TIMINGS = ("at", "after", "second")

#: Actions whose input is optional text (a password, or a browser for revoke_device).
TEXT_INPUT = ("password", "sign_in", "regenerate_backup_codes", "disable_2fa", "revoke_device")
#: Actions that take no input.
NO_INPUT = ("sign_out", "send_sms", "deliver_sms", "wait", "enrol")
#: Actions that may type a second-factor code with the password (``with_code``).
PROOF = ("regenerate_backup_codes", "disable_2fa", "change_cell_phone")
#: Actions with a "Remember this device" box.
REMEMBER = ("code", "sign_in")


def read_step(item: Located, path: str, index: int, users: tuple[User, ...], period: int,
              moment: Callable[[Fields, str, float | None], float | None]) -> Step:
    """Check step ``index`` of the file ``path``.

    Args:
        item: the step as read from the file.
        users: the scenario's users (an actor names one of them).
        period: the policy's time step in seconds (bounds ``second``).
        moment: reads a UTC ISO 8601 / epoch-seconds field.

    Raises:
        ScenarioError: a missing, unknown or ill-typed field.
        InputTypeError: ``index`` not a whole number, ``users`` not a
            tuple of :class:`User`, ``period`` not a positive whole number,
            ``moment`` not callable (``item`` and ``path`` as for :class:`Fields`).
    """
    if whole(index) is None or whole(index) < 0:
        raise InputTypeError("index must be a whole number from 0")
    index = whole(index)
    if not isinstance(users, (tuple, list)) or not users or not all(isinstance(u, User) for u in users):
        raise InputTypeError("users must be a non-empty tuple of scenario Users")
    if not within(period, (1, 86_400)):
        raise InputTypeError("period must be a whole number of seconds from 1 to 86400")
    period = whole(period)
    if not callable(moment):
        raise InputTypeError("moment must be a function reading a time field")
    fields = Fields(item, path, STEP, "a mapping")
    action = fields.choice("action", tuple(ACTIONS), required=True)
    timing, when = _timing(fields, period, moment)
    actor = _actor(fields, users)
    default_browser = f"{actor.short}-browser"
    browser = fields.text("browser", default_browser).strip()
    phone = ("", "")
    if action == "change_cell_phone":
        number = fields.mapping("input", ("country", "number"))
        phone = (number.text("country", required=True), number.text("number", required=True))
        source, value, drift, form = "literal", "", 0.0, FORMS[0]
    else:
        source, value, drift, form = _input(fields, action)
    if fields.has("remember") and action not in REMEMBER:
        fields.fail("remember", f"only the {' and '.join(REMEMBER)} actions have a remember box")
    remember = fields.boolean("remember")
    proof_source, proof_value = "", ""
    if fields.has("with_code"):
        if action not in PROOF:
            fields.fail("with_code", f"only the {' and '.join(PROOF)} actions type a code with the password")
        proof_source, proof_value, _, _ = _code_input(fields, fields.get("with_code"), "with_code")
    expect = _expectation(fields, action)
    time_line = next((fields.get(k).line for k in TIMINGS if fields.has(k)), fields.line)
    return Step(index, fields.line, timing, when, actor.login, browser, action, source, form, value, remember,
                expect, drift, time_line, proof_source, proof_value, phone)


def _timing(fields: Fields, period: int, moment) -> tuple[str, float]:
    given = [key for key in TIMINGS if fields.has(key)]
    if len(given) > 1:
        fields.fail(given[1], f"give at most one of {', '.join(TIMINGS)} (also has {given[0]})")
    if not given:
        return "none", 0.0
    key = given[0]
    if key == "at":
        return "at", moment(fields, "at", None)
    if key == "after":
        return "after", float(fields.number("after", low=0, high=10**9))
    second = fields.number("second")
    if not 0 <= second < period:  # one message for every second outside the step, 30 as much as 99
        fields.fail("second", f"must be a second of the {period} s time step, from 0 to below {period} "
                              f"(got {shown(second)})")
    return "second", float(second)


def _actor(fields: Fields, users: tuple[User, ...]) -> User:
    name = fields.text("actor")
    if name is None:
        if len(users) == 1:
            return users[0]
        fields.fail("actor", "is required when the scenario has more than one user")
    wanted = name.strip().casefold()
    found = [u for u in users if u.login.casefold() == wanted] or [u for u in users if u.short.casefold() == wanted]
    if len(found) != 1:
        known = ", ".join(u.login for u in users)
        fields.fail("actor", f"must name one user by login or the part before '@' ({known}); got {name!r}")
    return found[0]


def _input(fields: Fields, action: str) -> tuple[str, str | int | float, float, str]:
    """(source, value, drift_ppm, form) of the step's input."""
    item = fields.get("input")
    if action in NO_INPUT:
        if item is not None:
            fields.fail("input", f"the {action} action takes no input")
        return "literal", "", 0.0, FORMS[0]
    if action in TEXT_INPUT or action == "change_password":
        text = fields.text("input", required=action == "change_password")
        return "literal", text if text is not None else "", 0.0, FORMS[0]
    if action == "set_phone_clock":
        return _phone_clock(fields, item) + (FORMS[0],)
    return _code_input(fields, item)


def _phone_clock(fields: Fields, item: Located | None) -> tuple[str, float, float]:
    if item is None:
        fields.fail("input", "set_phone_clock needs the offset in seconds, or {offset_seconds: ..., drift_ppm: ...}")
    limit = 10 * 366 * 86_400
    if isinstance(item.value, dict):
        clock = fields.mapping("input", ("offset_seconds", "drift_ppm"))
        return ("literal", float(clock.number("offset_seconds", required=True, low=-limit, high=limit)),
                float(clock.number("drift_ppm", 0.0, -100_000, 100_000)))
    return "literal", float(fields.number("input", low=-limit, high=limit)), 0.0


def _code_input(fields: Fields, item: Located | None, key: str = "input") -> tuple[str, str | int | float, float, str]:
    """A code input (``key``): a literal, app, {app_at: s}, {backup: n}, sms or {typed: text}."""
    if item is None:
        fields.fail(key, "the code action needs input: a literal code, app, {app_at: -30}, {backup: 1}, "
                         "sms, or {typed: text}")
    if not isinstance(item.value, dict):
        text = fields.text(key)
        if text in ("app", "sms"):
            return text, 0.0 if text == "app" else "", 0.0, FORMS[0]
        return "literal", text, 0.0, FORMS[0]
    source = Fields(item, fields.file, ("app_at", "backup", "sms", "typed", "form"))
    kinds = [k for k in ("app_at", "backup", "sms", "typed") if source.has(k)]
    if len(kinds) != 1:
        source.fail(None, "give exactly one of app_at, backup, sms, typed")
    form = source.choice("form", FORMS, FORMS[0])
    if kinds[0] == "typed":
        if source.has("form"):
            source.fail("form", "a typed code is used exactly as written")
        return "literal", source.text("typed", allow_empty=True), 0.0, form
    if kinds[0] == "app_at":
        return "app", float(source.number("app_at", low=-10**9, high=10**9)), 0.0, form
    if kinds[0] == "sms":
        if source.get("sms").value is not True:
            source.fail("sms", "write sms: true (the newest text's code)")
        return "sms", "", 0.0, form
    return "backup", int(source.number("backup", low=1, high=1000, whole=True)), 0.0, form


def _expectation(fields: Fields, action: str) -> Expectation | None:
    if not fields.has("expect"):
        if ACTIONS[action]:
            fields.fail("expect", f"is required for the {action} action")
        return None
    expect = fields.mapping("expect", EXPECT)
    line = expect.get("reason").line if expect.has("reason") else expect.line
    return Expectation(expect.choice("outcome", OUTCOMES, required=True), expect.text("reason"),
                       expect.text("clause", ""), line)
