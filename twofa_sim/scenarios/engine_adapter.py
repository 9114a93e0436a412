"""The simulated engine (:class:`~twofa_sim.portal.Portal`) as a scenario adapter.

Uses the portal's public API only. The world runs on a
:class:`~twofa_sim.clock.VirtualClock` with :class:`~twofa_sim.entropy.SeededEntropy`;
each user's phone is an Aegis :class:`~twofa_sim.app.AuthenticatorApp` on its
own :class:`~twofa_sim.clock.DeviceClock`. Engine outcomes map to scenario
outcomes: OK and CODE_REQUIRED → accepted (the password step's reason reads
"code required"), REFUSED and MALFORMED → refused, LOCKED → locked,
EXPIRED → expired; the reason is the engine's ``Reason.value``.
"""

from __future__ import annotations

from typing import Mapping

from ..bounds import check_flag, number
from ..browser import Browser
from ..clock import VirtualClock, to_datetime
from ..entropy import SeededEntropy, check_seed
from ..errors import InputTypeError, TwofaSimError
from ..gateway import GatewaySettings, SmsGateway
from ..outcomes import Outcome, Reason
from ..portal import Portal
from ..presets import PRESETS
from .adapter import ACCEPTED, EXPIRED, LOCKED, REFUSED, Observed, StepError
from .belongings import Belongings

_OUTCOMES = {Outcome.OK: ACCEPTED, Outcome.CODE_REQUIRED: ACCEPTED, Outcome.REFUSED: REFUSED,
             Outcome.MALFORMED: REFUSED, Outcome.LOCKED: LOCKED, Outcome.EXPIRED: EXPIRED}

#: The reason given when the portal raises instead of answering (the action
#: does not fit the user's state, e.g. enrolling while 2FA is on).
NOT_POSSIBLE = "not possible now"


class EngineAdapter:
    """Runs scenario steps against a simulated :class:`~twofa_sim.portal.Portal`.

    Each method does what :class:`~twofa_sim.scenarios.adapter.ScenarioAdapter`
    documents and answers an :class:`~twofa_sim.scenarios.adapter.Observed`.
    A portal call that raises (the action does not fit the user's state)
    answers "refused" with reason :data:`NOT_POSSIBLE`. :class:`StepError`
    is raised when no world is open, the login is not a user of it, no
    sign-in is open in the browser, the user has no cell phone, or a code
    input cannot be produced; :class:`~twofa_sim.errors.InputTypeError` when
    a login, browser, password or choice is not text (or ``remember`` not
    true or false).

    Attributes:
        portal: the world's portal (None before :meth:`open_world`).
    """

    name = "twofa_sim engine"
    #: Every reason this adapter reports: an ``expect.reason`` outside it is a malformed file.
    known_reasons = frozenset({r.value for r in Reason} | {Outcome.CODE_REQUIRED.value, NOT_POSSIBLE})

    def __init__(self) -> None:
        self.portal: Portal | None = None
        self._held: dict[str, Belongings] = {}
        self._browsers: dict[str, Browser] = {}
        self._attempts: dict[tuple[str, str], object] = {}

    # ------------------------------------------------------------- the world

    def open_world(self, preset: str, overrides: Mapping[str, object], start: float, seed: int,
                   network: Mapping[str, float]) -> None:
        """A fresh portal; see :meth:`ScenarioAdapter.open_world`.

        Nothing changes when it raises (the world open before stays open).

        Raises:
            PolicyError: an unknown setting or a value out of range.
            StepError: an unknown preset.
            InputTypeError: ``overrides`` or ``network`` is not a mapping of
                text names, or a value of the wrong kind.
            InputTypeError, SimulationError: ``seed`` is not a seed
                (:func:`~twofa_sim.entropy.check_seed`).
        """
        if not isinstance(preset, str) or preset not in PRESETS:
            raise StepError(f"unknown policy preset; one of {', '.join(PRESETS)}")
        for what, mapping in (("overrides", overrides), ("network", network)):
            if not isinstance(mapping, Mapping) or not all(isinstance(k, str) for k in mapping):
                raise InputTypeError(f"{what} must be a mapping of setting names to values")
        seed = check_seed(seed)
        try:
            policy = PRESETS[preset].replace(**dict(overrides)) if overrides else PRESETS[preset]
            clock, entropy = VirtualClock(start), SeededEntropy(seed)
            gateway = SmsGateway(clock, entropy, GatewaySettings(**dict(network)))
            portal = Portal(clock, entropy, policy, gateway=gateway)
        except TypeError as exc:  # a setting GatewaySettings does not have, or a value of the wrong kind
            raise InputTypeError(f"the world cannot be built: {exc}") from None
        self.portal = portal
        self._held = {}
        self._browsers = {}
        self._attempts = {}

    def add_user(self, login: str, password: str, name: str, secret: str | None,
                 offset_seconds: float, drift_ppm: float) -> Observed:
        _text(login=login, password=password, name=name)
        _number(offset_seconds=offset_seconds, drift_ppm=drift_ppm)
        if secret is not None:
            _text(secret=secret)
        portal = self._world()

        def act():
            belongings = Belongings(portal.clock, offset_seconds, drift_ppm, secret)
            portal.add_user(login, password, name)
            self._held[login] = belongings
            return Observed(ACCEPTED, "", "user created")
        return self._guard(act)

    def now(self) -> float:
        return self._world().clock.now()

    def set_time(self, epoch: float) -> None:
        self._world().clock.set(epoch)

    # ----------------------------------------------------------------- login

    def password(self, login: str, browser: str, password: str) -> Observed:
        _text(login=login, browser=browser, password=password)
        self._world()

        def act():
            result = self.portal.begin_login(login, password, self._browser(browser))
            self._keep_attempt(login, browser, result.attempt)
            return self._observed(login, result)
        return self._guard(act)

    def code(self, login: str, browser: str, source: str, value: str | int | float, remember: bool,
             form: str = "as shown") -> Observed:
        _text(login=login, browser=browser, source=source, form=form)
        _flag(remember=remember)
        attempt = self._open_attempt(login, browser)
        typed = self._typed(login, source, value, form)
        return self._guard(lambda: self._observed(login, self.portal.submit_code(attempt, typed, remember)))

    def sign_in(self, login: str, browser: str, password: str, remember: bool) -> Observed:
        _text(login=login, browser=browser, password=password)
        _flag(remember=remember)
        self._person(login)

        def act():
            first = self.portal.begin_login(login, password, self._browser(browser))
            self._keep_attempt(login, browser, first.attempt)
            if first.outcome is not Outcome.CODE_REQUIRED:
                return self._observed(login, first)
            typed = self._typed(login, "app", 0.0, "as shown")
            return self._observed(login, self.portal.submit_code(first.attempt, typed, remember))
        return self._guard(act)

    def sign_out(self, login: str, browser: str) -> Observed:
        _text(login=login, browser=browser)
        self._world()
        self._attempts.pop((browser, login), None)
        return Observed(ACCEPTED, "", f"{browser} signed out (its cookies stay)")

    # ------------------------------------------------------------------- SMS

    def send_sms(self, login: str, browser: str) -> Observed:
        _text(login=login, browser=browser)
        attempt = self._open_attempt(login, browser)
        return self._guard(lambda: self._observed(login, self.portal.send_sms_code(attempt)))

    def deliver_sms(self, login: str) -> Observed:
        _text(login=login)
        self._world()
        view = self._guard_value(lambda: self.portal.view(login))
        numbers = [_e164(n) for n in (view.cell_phone, view.pending_cell_phone) if n]
        if not numbers:
            raise StepError(f"{login} has no cell phone on file")
        gateway, arrived = self.portal.gateway, 0
        while (when := min((t for t in map(gateway.next_delivery, numbers) if t is not None), default=None)) is not None:
            self.portal.clock.set(when)
            arrived += 1
        if not arrived:
            return Observed(ACCEPTED, "", "no text was on its way")
        return Observed(ACCEPTED, "", f"{arrived} text(s) arrived; clock now {to_datetime(self.now()):%H:%M:%S} UTC")

    def set_cell_phone(self, login: str, country: str, number: str, password: str) -> Observed:
        """Save and confirm the cell phone at set-up: the confirmation text is
        sent (it counts toward the send limits and the cost) and its code is
        typed back at once, without moving the clock."""
        _text(login=login, country=country, number=number, password=password)
        self._world()

        def act():
            saved = self.portal.set_cell_phone(login, country, number, password=password)
            if saved.outcome is not Outcome.CODE_REQUIRED:
                return self._observed(login, saved)
            sent = self.portal.gateway.sent()[-1]
            return self._observed(login, self.portal.confirm_cell_phone(login, sent.code))
        return self._guard(act)

    # ------------------------------------------------------- account changes

    def set_phone_clock(self, login: str, offset_seconds: float, drift_ppm: float) -> Observed:
        _text(login=login)
        _number(offset_seconds=offset_seconds, drift_ppm=drift_ppm)
        person = self._person(login)

        def act():
            person.app.clock.set_offset(offset_seconds, drift_ppm)
            return Observed(ACCEPTED, "", f"phone clock {offset_seconds:+g} s, {drift_ppm:g} ppm")
        return self._guard(act)

    def regenerate_backup_codes(self, login: str, password: str, code_source: str = "",
                                code_value: str | int | float = "") -> Observed:
        _text(login=login, password=password, code_source=code_source)
        code = self._typed(login, code_source, code_value, "as shown") if code_source else None
        self._person(login)
        return self._guard(lambda: self._observed(
            login, self.portal.regenerate_backup_codes(login, password=password, code=code)))

    def disable_2fa(self, login: str, password: str, code_source: str = "",
                    code_value: str | int | float = "") -> Observed:
        _text(login=login, password=password, code_source=code_source)
        code = self._typed(login, code_source, code_value, "as shown") if code_source else None
        self._person(login)
        return self._guard(lambda: self._observed(login, self.portal.disable_two_factor(login, password=password,
                                                                                         code=code)))

    def change_password(self, login: str, old: str, new: str) -> Observed:
        _text(login=login, old=old, new=new)
        self._person(login)
        return self._guard(lambda: self._observed(login, self.portal.change_password(login, old, new)))

    def revoke_device(self, login: str, browser: str) -> Observed:
        _text(login=login, browser=browser)
        self._person(login)

        def act():
            devices = self.portal.devices_frame(login)
            mine = devices[(devices["browser"] == browser) & (devices["state"] == "active")]
            device = str(mine["device"].iloc[-1]) if len(mine) else "none"
            return self._observed(login, self.portal.revoke_device(login, device))
        return self._guard(act)

    def change_cell_phone(self, login: str, country: str, number: str, password: str, code_source: str = "",
                          code_value: str | int | float = "") -> Observed:
        _text(login=login, country=country, number=number, password=password, code_source=code_source)
        code = self._typed(login, code_source, code_value, "as shown") if code_source else None
        self._person(login)
        return self._guard(lambda: self._observed(
            login, self.portal.set_cell_phone(login, country, number, password=password, code=code)))

    def confirm_cell_phone(self, login: str, source: str, value: str | int | float) -> Observed:
        _text(login=login, source=source)
        person = self._person(login)
        if source == "sms":
            waiting = self._guard_value(lambda: self.portal.view(login).pending_cell_phone)
            if not waiting:
                raise StepError(f"{login} has no number waiting for confirmation")
            inbox = self.portal.gateway.inbox(_e164(waiting))
            typed = person.typed("sms", "", "as shown", inbox)
        else:
            typed = self._typed(login, source, value, "as shown")
        return self._guard(lambda: self._observed(login, self.portal.confirm_cell_phone(login, typed)))

    def enrol(self, login: str) -> Observed:
        _text(login=login)
        person = self._person(login)

        def act():
            start = self.portal.start_enrolment(login, secret=person.secret)
            app = person.app
            app.scan(start.uri)
            return self._observed(login, self.portal.confirm_enrolment(login, app.code()))
        return self._guard(act)

    # --------------------------------------------------------------- helpers

    def _world(self) -> Portal:
        """The open world's portal; StepError before :meth:`open_world`."""
        if self.portal is None:
            raise StepError("no world is open: call open_world first")
        return self.portal

    def _person(self, login: str) -> Belongings:
        """What the user ``login`` holds; StepError when the world has no such user."""
        self._world()
        person = self._held.get(login)
        if person is None:
            raise StepError(f"{login[:60]!r} is not a user of this world")
        return person

    def _browser(self, name: str) -> Browser:
        return self._browsers.setdefault(name, Browser(name))

    def _keep_attempt(self, login: str, browser: str, attempt) -> None:
        if attempt is not None:
            self._attempts[(browser, login)] = attempt

    def _open_attempt(self, login: str, browser: str):
        attempt = self._attempts.get((browser, login))
        if attempt is None:
            raise StepError(f"no sign-in of {login} is open in {browser}: take the password step first")
        return attempt

    def _number(self, login: str) -> str:
        shown = self._guard_value(lambda: self.portal.status(login).cell_phone)
        if not shown:
            raise StepError(f"{login} has no cell phone on file")
        return _e164(shown)

    def _typed(self, login: str, source: str, value: str | int | float, form: str) -> str:
        """What the person types for a code input (never shown in reports)."""
        person = self._person(login)
        inbox = self.portal.gateway.inbox(self._number(login)) if source == "sms" else []
        try:
            return person.typed(source, value, form, inbox)
        except StepError as exc:
            raise StepError(f"{login}: {exc}") from None

    def _observed(self, login: str, result) -> Observed:
        """An engine result as an Observed; new backup codes are kept for later steps."""
        person = self._person(login)
        if getattr(result, "backup_codes", ()):
            person.backup_codes = tuple(result.backup_codes)
        outcome = result.outcome
        # the password step's "password ok, now a code" reads as "code required"
        reason = Outcome.CODE_REQUIRED.value if result.reason is Reason.PASSWORD_OK else result.reason.value
        detail = result.message
        if outcome is Outcome.MALFORMED:
            detail += " (malformed input: not counted toward lockout)"
        if getattr(result, "warning", ""):
            detail += " " + result.warning
        return Observed(_OUTCOMES[outcome], reason, person.scrub(detail))

    @staticmethod
    def _guard(act) -> Observed:
        """Run ``act``; a portal that raises (the action does not fit the
        user's state) answers "refused" with :data:`NOT_POSSIBLE`."""
        try:
            return act()
        except StepError:
            raise
        except TwofaSimError as exc:
            return Observed(REFUSED, NOT_POSSIBLE, f"{type(exc).__name__}: {exc}")

    @staticmethod
    def _guard_value(read):
        try:
            return read()
        except TwofaSimError as exc:
            raise StepError(str(exc)) from None


def _text(**values: object) -> None:
    """InputTypeError unless every value is text."""
    for what, value in values.items():
        if not isinstance(value, str):
            raise InputTypeError(f"{what} must be text, got {type(value).__name__}")


def _number(**values: object) -> None:
    """InputTypeError unless every value is a number (the clock checks the range)."""
    for what, value in values.items():
        if number(value) is None:
            raise InputTypeError(f"{what} must be a number, got {type(value).__name__}")


def _flag(**values: object) -> None:
    """InputTypeError unless every value is True or False (:func:`~twofa_sim.bounds.check_flag`)."""
    for what, value in values.items():
        check_flag(value, what)


def _e164(international: str) -> str:
    """``"+44 7400 123456"`` → ``"+447400123456"``."""
    return "+" + "".join(ch for ch in international if ch.isdigit())
