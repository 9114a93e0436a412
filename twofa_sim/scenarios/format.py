"""The scenario format: an edge case of the 2FA flow, written as a YAML file.

A scenario file holds one idea: a small world (policy, start time, users and
their phones) and the steps a reviewer takes in it, each with the outcome
the specification expects. Top-level keys::

    name: a short title                                   (required)
    description: what the case shows and why               (optional)
    seed: 7                  # the seeded entropy's seed   (optional, default 2026)
    policy:                                                (optional)
      preset: seed portal    # a name from twofa_sim.presets.PRESETS
      overrides: {window_back: 0, drift_learning: false}   # Policy.replace settings
    start: 2026-01-05T09:00:00Z   # UTC ISO 8601 or epoch seconds (default: the engine's)
    network: {loss_rate: 0.0, median_delay_seconds: 6, delay_spread: 0.8}  # SMS gateway
    users:                                                 (required, at least one)
      - login: alice@example.com
        password: correct horse battery staple
        name: Alice Example                                (optional)
        secret: GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ           (optional base32, else drawn)
        enrolled: true        # turn 2FA on at ``start``   (optional, default false)
        cell_phone: {country: IT, number: "312 345 6789"}  (optional)
        phone: {offset_seconds: 0, drift_ppm: 0}           (optional: the phone's clock)
    steps: [...]                                           (required, at least one)

A step::

    - after: 30              # time: ``at`` (UTC ISO 8601 / epoch seconds), ``after``
                             # (seconds after the previous step ended) or ``second``
                             # (second N of the current 30 s time step, or of the next
                             # one when that second has passed); none = no move
      actor: alice           # a login or the part before "@" (optional with one user)
      browser: laptop        # a browser name (default: one per actor)
      action: code
      input: {app_at: -30}
      remember: true         # only for ``code`` and ``sign_in``
      expect: {outcome: refused, reason: older step, clause: RFC 6238 §5.2}

Actions and their ``input``:

* ``password``: the password step; input = the password typed (default the
  user's current password).
* ``code``: the code step in the browser's open sign-in; input = a literal
  string, ``app`` (what the phone's app shows now), ``{app_at: -30}`` (what
  it showed that many seconds earlier by its own clock), ``{backup: N}``
  (the N-th backup code shown at the newest enrolment or regeneration,
  1-based), or ``sms`` (the code in the newest text that has arrived).
  ``{sms: true}`` is the same as ``sms``; ``{typed: text}`` types literal
  text (even "app" or ""). A non-literal
  code may be retyped: ``{backup: 1, form: lower case spaced}`` (forms:
  as shown, lower case, spaced, lower case spaced).
* ``sign_in``: both steps, with the app's current code; input = password.
* ``sign_out``: the browser ends its session and its open sign-in (cookies stay).
* ``send_sms``: "Send SMS Code" in the browser's open sign-in.
* ``deliver_sms``: move the clock until every pending text to the actor's
  phone has arrived.
* ``wait``: only the step's time move.
* ``set_phone_clock``: input = ``{offset_seconds: -45, drift_ppm: 0}`` or a number.
* ``regenerate_backup_codes``, ``disable_2fa``: ``with_code:`` = a code typed
  too when the policy asks for one (any code input: ``app``, ``{backup: 1}``,
  a literal; the seed portal asks for one to turn 2FA off); input = the
  password typed for re-authentication (default the user's current password).
* ``change_password``: input = the new password (the current one is typed as
  the old); later steps then use the new one.
* ``revoke_device``: input = the browser whose remembered device is ended
  (default the step's browser).
* ``enrol``: turn 2FA on with the user's app (scanning the QR code's URI).
* ``change_cell_phone``: save a new number on the Team page; input =
  ``{country: GB, number: "07400 123465"}``; ``with_code:`` = the code the
  policy asks for (the password is typed too). The number waits for its
  confirmation code; ``deliver_sms`` delivers to it as well.
* ``confirm_cell_phone``: type the confirmation code; input = a code input
  as for ``code`` (``sms`` reads the newest text at the number waiting).

An expectation: ``outcome`` (required: accepted, refused, locked, expired),
``reason`` (optional: compared when given) and ``clause`` (optional: the
standard's text it rests on, shown in the table). ``wait``,
``deliver_sms``, ``set_phone_clock`` and ``sign_out`` may leave ``expect``
out; other actions need it. An adapter that lists its ``known_reasons``
(the engine's does) makes a file expecting any other reason malformed.

A file holds plain values only: anchors and aliases are refused, as are
lists and mappings nested deeper than 32 levels and files over 1 MB. A step
that would move the clock past 9999-12-31 23:59:59 UTC is malformed too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..bounds import shown
from ..errors import UnknownUserError

#: The outcomes an adapter reports, and an expectation names.
OUTCOMES = ("accepted", "refused", "locked", "expired")

#: Every action, and whether a step with it must carry ``expect``.
ACTIONS = {
    "password": True, "code": True, "sign_in": True, "sign_out": False, "send_sms": True,
    "deliver_sms": False, "wait": False, "set_phone_clock": False, "regenerate_backup_codes": True,
    "disable_2fa": True, "change_password": True, "revoke_device": True, "enrol": True,
    "change_cell_phone": True, "confirm_cell_phone": True,
}

#: Kinds of code input for the ``code`` action.
CODE_SOURCES = ("literal", "app", "backup", "sms")

#: The seed used when a scenario gives none.
DEFAULT_SEED = 2026


@dataclass(frozen=True)
class Expectation:
    """What a step should give.

    Attributes:
        outcome: one of :data:`OUTCOMES`.
        reason: the exact reason to compare, or None (outcome only).
        clause: the standard's clause the expectation rests on ("" when none).
        line: the file line of ``reason`` (of the expectation when no reason; 0 when unknown).
    """

    outcome: str
    reason: str | None = None
    clause: str = ""
    line: int = 0


@dataclass(frozen=True)
class User:
    """A user of the scenario's world, with a phone.

    Attributes:
        login, password, name: as given to the portal.
        secret: a fixed base32 TOTP secret, or None to draw one (hidden from repr).
        enrolled: turn 2FA on at the scenario's start.
        country, number: the cell phone on file ("" when none).
        offset_seconds: how far the phone's clock is ahead (negative: behind).
        drift_ppm: the phone clock's rate error, parts per million.
        line: the file line of the user's entry.
    """

    login: str
    password: str = field(repr=False)
    name: str
    secret: str | None = field(default=None, repr=False)
    enrolled: bool = False
    country: str = ""
    number: str = ""
    offset_seconds: float = 0.0
    drift_ppm: float = 0.0
    line: int = 0

    @property
    def short(self) -> str:
        """The part of the login before "@" (an actor may be named by it)."""
        return self.login.split("@", 1)[0]


@dataclass(frozen=True)
class Step:
    """One thing a person does, and what should come of it.

    Attributes:
        index: position in ``steps`` (0-based, as in error messages).
        line: the file line of the step.
        timing: "none", "at" (UTC epoch seconds), "after" (seconds) or "second"
            (second within the time step).
        when: the number for ``timing`` (0 for "none").
        actor: the user's login.
        browser: the browser's name.
        action: one of :data:`ACTIONS`.
        source: for ``code``, one of :data:`CODE_SOURCES`; else "literal".
        form: how a non-literal code is retyped (see
            :func:`twofa_sim.scenarios.adapter.retype`).
        value: the input: typed text, seconds, a backup code number, a
            password, or "" when the action's default applies.
        remember: tick "Remember this device" (``code``, ``sign_in``).
        expect: the expectation, or None for an unjudged step.
        drift_ppm: for ``set_phone_clock``, the phone clock's new rate error
            (``value`` holds its offset in seconds).
        time_line: the file line of the step's time field (the step's line when none).
        proof_source, proof_value: for ``regenerate_backup_codes``,
            ``disable_2fa`` and ``change_cell_phone``, the second-factor code
            typed with the password (``with_code``), as a code source and
            value; "" when none.
        phone: for ``change_cell_phone``, the (country, number as typed).
    """

    index: int
    line: int
    timing: str
    when: float
    actor: str
    browser: str
    action: str
    source: str = "literal"
    form: str = "as shown"
    value: str | int | float = ""
    remember: bool = False
    expect: Expectation | None = None
    drift_ppm: float = 0.0
    time_line: int = 0
    proof_source: str = ""
    proof_value: str | int | float = ""
    phone: tuple[str, str] = ("", "")


@dataclass(frozen=True)
class Scenario:
    """A whole scenario file, checked.

    Attributes:
        path: the file, as named when loaded (used in messages).
        name, description: for people.
        seed: the seeded entropy's seed.
        preset: a name in :data:`twofa_sim.presets.PRESETS`.
        overrides: policy settings changed from the preset (plain values).
        start: UTC epoch seconds when the world starts.
        network: SMS gateway settings (loss_rate, median_delay_seconds, delay_spread).
        period: the policy's time step in seconds (for ``second:`` timing).
        users: the users, in file order.
        steps: the steps, in file order.
    """

    path: str
    name: str
    description: str
    seed: int
    preset: str
    overrides: tuple[tuple[str, object], ...]
    start: float
    network: tuple[tuple[str, float], ...]
    period: int
    users: tuple[User, ...]
    steps: tuple[Step, ...]

    def user(self, login: str) -> User:
        """The user with ``login``.

        Raises:
            UnknownUserError: the scenario has no user with that login.
        """
        found = next((u for u in self.users if isinstance(login, str) and u.login == login), None)
        if found is None:
            raise UnknownUserError(f"the scenario has no user {shown(login)}")
        return found
