"""django-two-factor-auth (with django-otp) as a scenario adapter.

Each scenario action is done the way a person does it in a browser, through
Django's test ``Client`` against the minimal project of
:mod:`._project`: no server, no network. The target's clock is the world's
:class:`~twofa_sim.clock.VirtualClock`, lent to Django with time-machine
around each call; its randomness (TOTP and phone keys, backup tokens) comes
from the world's seeded entropy, so a run is repeatable.

How each action maps to the target:

* ``password``: the login wizard's ``auth`` step. The token step next is
  "accepted (code required)"; a redirect is a sign-in, "remembered device"
  when the user has a device (a remember cookie held), "2FA off" when not;
  the page again is "refused".
* ``code``: the ``token`` step (``token-otp_token``; the remember box is
  ``token-remember=on``, which exists only when the remember cookie's age
  is set); a backup code first goes to the ``backup`` step
  (``wizard_goto_step=backup``). A redirect is "accepted"; the step again
  is "refused", or "locked" when django-otp's throttle (read from the
  database before the attempt) stopped it; the password step again means
  the sign-in timed out: "expired".
* ``send_sms``: ``challenge_device=<the phone's persistent id>`` in the
  open sign-in; the Fake gateway's text goes to the world's SMS network.
* ``enrol``: the setup wizard (welcome, method "generator", the code of the
  app that scanned the wizard's ``otpauth://`` URI), then the backup-tokens
  page (the engine shows backup codes at enrolment), then the phone wizard
  for a cell phone given at set-up, its code typed at once.
* ``regenerate_backup_codes``, ``disable_2fa``, ``change_password``,
  ``change_cell_phone``, ``confirm_cell_phone``: the account pages in the
  user's account browser, signed in since the user was created and verified
  by the enrolment. The target asks for no password or code on these pages:
  what a step types for them is not used (its detail says so).
* ``revoke_device``: not supported (the target lists no remembered browsers).
* ``sign_out``: Django's logout; the browser's cookies stay.

The reasons this adapter gives are read from the flow (which page came
next), listed in :attr:`DjangoAdapter.judged_reasons`; what the target
tells the person (its form errors) and what its database holds (``last_t``,
``drift``, failure counts) are in each answer's detail, never judged.
"""

from __future__ import annotations

from contextlib import ExitStack, contextmanager
from typing import Mapping

from ...clock import VirtualClock, to_datetime
from ...entropy import SeededEntropy, check_seed
from ...errors import InputTypeError, TwofaSimError
from ...gateway import GatewaySettings, SmsGateway
from ...presets import PRESETS
from ...scenarios.adapter import ACCEPTED, EXPIRED, LOCKED, REFUSED, NotSupported, Observed, StepError
from ...scenarios.belongings import Belongings
from ...scenarios.engine_adapter import _flag, _number, _text

#: The reasons read from the flow (which page came next), never from text.
CODE_REQUIRED, REMEMBERED, TWO_FACTOR_OFF = "code required", "remembered device", "2FA off"
#: The reason of a finished action (a wizard or a form that went through).
DONE = "accepted"
SMS_SENT, PHONE_CODE_SENT = "sms sent", "confirmation code sent"

_UNUSED_PROOF = "the target asks for no password or code on this page (an OTP-verified session suffices)"


class DjangoAdapter:
    """Runs scenario steps against django-two-factor-auth 1.18 and django-otp 1.7.

    Each method does what :class:`~twofa_sim.scenarios.adapter.ScenarioAdapter`
    documents and answers an :class:`~twofa_sim.scenarios.adapter.Observed`.

    Raises (every method):
        TargetUnavailable: the ``conformance`` extra is not installed, or
            Django is configured in this process for another project.
        NotSupported: ``open_world`` with a policy the target cannot be
            configured to; ``revoke_device`` always.
        StepError: no world is open, another adapter opened a world in this
            process since, the login is not a user of the world, no sign-in
            is open in the browser, a code input cannot be produced, or the
            target raised instead of answering.
        InputTypeError: a login, browser, password or choice that is not
            text, a number that is not one, ``remember`` not true or false.
    """

    name = "django-two-factor-auth"
    #: The reasons this adapter reads from the flow; any other reason is the engine's alone.
    judged_reasons = frozenset({CODE_REQUIRED, REMEMBERED, TWO_FACTOR_OFF})

    def __init__(self) -> None:
        self.clock: VirtualClock | None = None
        self.network: SmsGateway | None = None
        self._generation = -1
        self._entropy: SeededEntropy | None = None
        self._settings: dict = {}
        self._tolerance = 1
        self._held: dict[str, Belongings] = {}
        self._browsers: dict[str, object] = {}
        self._accounts: dict[str, object] = {}
        self._challenged: dict[str, str] = {}
        self._pending_phone: dict[str, str] = {}
        self._waiting_phone: dict[str, str] = {}
        self._secret_hex: str | None = None

    # ------------------------------------------------------------- the world

    def open_world(self, preset: str, overrides: Mapping[str, object], start: float, seed: int,
                   network: Mapping[str, float]) -> None:
        """An empty project database and a fresh world; see
        :meth:`~twofa_sim.scenarios.adapter.ScenarioAdapter.open_world`.

        Nothing changes when it raises, except that a world this adapter
        had open stays open.

        Raises:
            TargetUnavailable: the ``conformance`` extra is not installed,
                or Django is configured in this process for another project.
            NotSupported: a setting the target cannot be configured to.
            PolicyError: an unknown setting or a value out of range.
            StepError: an unknown preset.
            ClockError: ``start`` is not a usable time.
            InputTypeError: ``overrides`` or ``network`` not a mapping of
                text names, ``seed`` not a whole number, a value of the wrong kind.
            SimulationError: ``seed`` outside 0 .. 2**63 − 1 (:func:`~twofa_sim.entropy.check_seed`).
        """
        from ._project import ensure_ready, require_packages, wipe
        from ._settings_map import target_settings

        require_packages()
        if not isinstance(preset, str) or preset not in PRESETS:
            raise StepError(f"unknown policy preset; one of {', '.join(PRESETS)}")
        for what, mapping in (("overrides", overrides), ("network", network)):
            if not isinstance(mapping, Mapping) or not all(isinstance(k, str) for k in mapping):
                raise InputTypeError(f"{what} must be a mapping of setting names to values")
        seed = check_seed(seed)
        policy = PRESETS[preset].replace(**dict(overrides)) if overrides else PRESETS[preset]
        settings, tolerance = target_settings(policy, set(overrides))
        entropy = SeededEntropy(seed)
        clock = VirtualClock(start)
        try:
            gateway = SmsGateway(clock, SeededEntropy(seed), GatewaySettings(**dict(network)))
        except TypeError as exc:  # a setting GatewaySettings does not have
            raise InputTypeError(f"the world cannot be built: {exc}") from None
        ensure_ready()
        generation = wipe()
        self.clock, self.network, self._entropy = clock, gateway, entropy
        self._generation, self._settings, self._tolerance = generation, settings, tolerance
        self._held, self._browsers, self._accounts = {}, {}, {}
        self._challenged, self._pending_phone, self._waiting_phone = {}, {}, {}

    def add_user(self, login: str, password: str, name: str, secret: str | None,
                 offset_seconds: float, drift_ppm: float) -> Observed:
        """Create the Django user and sign their account browser in with the
        password (2FA is off, so no code is asked)."""
        _text(login=login, password=password, name=name)
        _number(offset_seconds=offset_seconds, drift_ppm=drift_ppm)
        if secret is not None:
            _text(secret=secret)
            from ...secret import import_secret

            import_secret(secret)
        self._world()
        belongings = Belongings(self.clock, offset_seconds, drift_ppm, secret)
        with self._inside():
            from django.contrib.auth import get_user_model
            from django.core.exceptions import ValidationError

            model = get_user_model()
            try:
                model.username_validator(login)
                if not 0 < len(login) <= 150:
                    raise ValidationError("at most 150 characters")
            except ValidationError as exc:
                return Observed(REFUSED, "", f"the target refuses this username: {' '.join(exc.messages)}")
            if model.objects.filter(username=login).exists():
                return Observed(REFUSED, "", "the target already has a user with this username")
            model.objects.create_user(username=login, password=password, first_name=name[:150])
            account = self._browser(f"{login} (account settings)", self._accounts, login)
            page = self._sign_in_with_password(account, login, password)
        if not page.redirected:
            return Observed(REFUSED, "", f"the account browser could not sign in: {page.said()}")
        self._held[login] = belongings
        return Observed(ACCEPTED, "", "user created; the account browser is signed in")

    def now(self) -> float:
        return self._world().now()

    def set_time(self, epoch: float) -> None:
        self._world().set(epoch)

    # ----------------------------------------------------------------- login

    def password(self, login: str, browser: str, password: str) -> Observed:
        _text(login=login, browser=browser, password=password)
        self._world()
        with self._inside() as sent:
            agent = self._browser(browser, self._browsers)
            self._challenged.pop(browser, None)
            agent.drop_expired(self.clock.now())
            held = _remember_cookies(agent.client.cookies)
            page = self._sign_in_with_password(agent, login, password)
            observed = self._after_password(agent, login, page)
            if held:
                kept = _remember_cookies(agent.client.cookies) & held
                note = ("the browser sent its remember cookie" if kept else
                        "the browser sent its remember cookie; the target deleted it")
                observed = Observed(observed.outcome, observed.reason, f"{note}. {observed.detail}")
        return self._with_texts(observed, sent)

    def code(self, login: str, browser: str, source: str, value: str | int | float, remember: bool,
             form: str = "as shown") -> Observed:
        _text(login=login, browser=browser, source=source, form=form)
        _flag(remember=remember)
        self._person(login)
        agent = self._open_sign_in(login, browser)
        typed = self._typed(login, source, value, form)
        with self._inside():
            return self._type_code(agent, login, typed, source == "backup", remember)

    def sign_in(self, login: str, browser: str, password: str, remember: bool) -> Observed:
        _text(login=login, browser=browser, password=password)
        _flag(remember=remember)
        self._person(login)
        first = self.password(login, browser, password)
        if first.reason != CODE_REQUIRED:
            return first
        typed = self._typed(login, "app", 0.0, "as shown")
        with self._inside():
            return self._type_code(self._browsers[browser], login, typed, False, remember)

    def sign_out(self, login: str, browser: str) -> Observed:
        """Django's logout in ``browser`` (its session ends; its cookies stay)."""
        from ._wizard import LOGOUT

        _text(login=login, browser=browser)
        self._world()
        agent = self._browsers.get(browser)
        if agent is None:
            return Observed(ACCEPTED, "", f"{browser} had no session")
        with self._inside():
            self._request(agent, "post", LOGOUT, {})
        agent.shown = ""
        self._challenged.pop(browser, None)
        return Observed(ACCEPTED, "", f"{browser} signed out (its cookies stay)")

    # ------------------------------------------------------------------- SMS

    def send_sms(self, login: str, browser: str) -> Observed:
        """``challenge_device`` set to the user's newest phone in the open sign-in."""
        from . import _database as db
        from ._wizard import LOGIN

        _text(login=login, browser=browser)
        self._person(login)
        agent = self._open_sign_in(login, browser)
        with self._inside() as sent:
            phones = db.phones(login)
            if not phones:
                return Observed(REFUSED, "", "the target has no phone registered for this user")
            phone = phones[-1]
            page = self._request(agent, "post", LOGIN, {"challenge_device": phone.persistent_id})
            self._challenged[browser] = phone.persistent_id
            if page.step == "auth":
                agent.shown = "auth"
                return Observed(EXPIRED, "", self._detail(login, page))
            agent.shown = page.step or agent.shown
            if not sent:
                return Observed(REFUSED, "", "no text was sent. " + self._detail(login, page))
            observed = Observed(ACCEPTED, SMS_SENT, self._detail(login, page))
        return self._with_texts(observed, sent)

    def deliver_sms(self, login: str) -> Observed:
        _text(login=login)
        self._person(login)
        numbers = self._numbers(login)
        if not numbers:
            raise StepError(f"{login} has no cell phone on file")
        arrived = 0
        while (when := min((t for t in map(self.network.next_delivery, numbers) if t is not None),
                           default=None)) is not None:
            self.clock.set(when)
            arrived += 1
        if not arrived:
            return Observed(ACCEPTED, "", "no text was on its way")
        return Observed(ACCEPTED, "", f"{arrived} text(s) arrived; clock now {to_datetime(self.now()):%H:%M:%S} UTC")

    def set_cell_phone(self, login: str, country: str, number: str, password: str) -> Observed:
        """The phone a user has at set-up: registered with the phone wizard
        (its code typed at once) when 2FA is on, else when it is turned on
        (the target registers phones only for a verified session)."""
        _text(login=login, country=country, number=number, password=password)
        self._person(login)
        typed = international(country, number)
        with self._inside() as sent:
            from two_factor.utils import default_device

            from . import _database as db

            if default_device(db.user(login)) is None:
                self._pending_phone[login] = typed
                return Observed(ACCEPTED, "", "kept: registered as a backup phone when 2FA is turned on")
            observed = self._register_phone(login, typed, sent)
        return self._with_texts(observed, sent)

    # ------------------------------------------------------- account changes

    def set_phone_clock(self, login: str, offset_seconds: float, drift_ppm: float) -> Observed:
        _text(login=login)
        _number(offset_seconds=offset_seconds, drift_ppm=drift_ppm)
        person = self._person(login)
        person.app.clock.set_offset(offset_seconds, drift_ppm)
        return Observed(ACCEPTED, "", f"phone clock {offset_seconds:+g} s, {drift_ppm:g} ppm")

    def regenerate_backup_codes(self, login: str, password: str, code_source: str = "",
                                code_value: str | int | float = "") -> Observed:
        """The backup-tokens page's "Generate Tokens" in the account browser."""
        from . import _database as db
        from ._wizard import BACKUP_TOKENS

        _text(login=login, password=password, code_source=code_source)
        person = self._person(login)
        if code_source:
            self._typed(login, code_source, code_value, "as shown")
        with self._inside():
            before = db.backup_tokens(login)
            page = self._request(self._account(login), "post", BACKUP_TOKENS, {})
            tokens = db.backup_tokens(login)
            if not page.redirected or page.location != BACKUP_TOKENS or tokens == before:
                return Observed(REFUSED, "", f"no new tokens (the page answered {page.status} "
                                             f"{page.location or ''}). {_UNUSED_PROOF}".strip())
            person.backup_codes = tokens
            return Observed(ACCEPTED, DONE, f"{len(tokens)} new backup tokens. {_UNUSED_PROOF}")

    def disable_2fa(self, login: str, password: str, code_source: str = "",
                    code_value: str | int | float = "") -> Observed:
        """The disable page ("Yes, I am sure") in the account browser."""
        from . import _database as db
        from ._wizard import DISABLE

        _text(login=login, password=password, code_source=code_source)
        self._person(login)
        if code_source:
            self._typed(login, code_source, code_value, "as shown")
        with self._inside():
            before = len(db.devices(login))
            page = self._request(self._account(login), "post", DISABLE, {"understand": "on"})
            after = len(db.devices(login))
            if before and not after:
                return Observed(ACCEPTED, DONE, f"every device removed. {_UNUSED_PROOF}")
            return Observed(REFUSED, "", f"devices kept ({after}); the page answered {page.status}. {page.said()}")

    def change_password(self, login: str, old: str, new: str) -> Observed:
        """Django's password-change page in the account browser."""
        from ._wizard import PASSWORD_CHANGE

        _text(login=login, old=old, new=new)
        self._person(login)
        with self._inside():
            page = self._request(self._account(login), "post", PASSWORD_CHANGE,
                                 {"old_password": old, "new_password1": new, "new_password2": new})
            if page.redirected and "done" in page.location:
                return Observed(ACCEPTED, DONE, "password changed")
            return Observed(REFUSED, "", page.said() or f"the page answered {page.status}")

    def revoke_device(self, login: str, browser: str) -> Observed:
        _text(login=login, browser=browser)
        raise NotSupported("django-two-factor-auth lists no remembered browsers and cannot end one: a remember "
                           "cookie ends at its age, at a password change or when the device is removed")

    def change_cell_phone(self, login: str, country: str, number: str, password: str, code_source: str = "",
                          code_value: str | int | float = "") -> Observed:
        """The phone wizard's first step in the account browser: the number
        (in international form, the target has no country list) and "Text
        message"; the validation code is texted to it."""
        from ._wizard import PHONE_SETUP, prefix, step_fields

        _text(login=login, country=country, number=number, password=password, code_source=code_source)
        self._person(login)
        if code_source:
            self._typed(login, code_source, code_value, "as shown")
        typed = international(country, number)
        with self._inside() as sent:
            from two_factor.plugins.phonenumber.views import PhoneSetupView

            account = self._account(login)
            self._request(account, "get", PHONE_SETUP)
            page = self._request(account, "post", PHONE_SETUP,
                                 step_fields(prefix(PhoneSetupView), "setup", {"number": typed, "method": "sms"}))
            if page.step != "validation":
                return Observed(REFUSED, "", page.said() or f"the page answered {page.status} {page.location}")
            self._waiting_phone[login] = _e164(typed)
            observed = Observed(ACCEPTED, PHONE_CODE_SENT, f"validation code texted. {_UNUSED_PROOF}")
        return self._with_texts(observed, sent)

    def confirm_cell_phone(self, login: str, source: str, value: str | int | float) -> Observed:
        """The phone wizard's validation step; once it goes through, the
        older backup phones are removed (the new number replaces them)."""
        _text(login=login, source=source)
        person = self._person(login)
        waiting = self._waiting_phone.get(login)
        if waiting is None:
            return Observed(REFUSED, "", "no number is waiting for its validation code")
        if source == "sms":
            typed = person.typed("sms", "", "as shown", self.network.inbox(waiting))
        else:
            typed = self._typed(login, source, value, "as shown")
        with self._inside():
            page = self._confirm_phone(login, typed)
            if page.redirected:
                del self._waiting_phone[login]
                return Observed(ACCEPTED, DONE, "number confirmed; it replaces the older backup phone")
            return Observed(REFUSED, "", page.said() or f"the page answered {page.status}")

    def enrol(self, login: str) -> Observed:
        """The setup wizard with the user's app, then the backup-tokens page
        (and the phone wizard for a phone kept from set-up)."""
        from . import _database as db
        from ._wizard import BACKUP_TOKENS, SETUP, prefix, step_fields

        _text(login=login)
        person = self._person(login)
        with self._inside() as sent:
            from two_factor.views import SetupView

            account = self._account(login)
            first = self._request(account, "get", SETUP)
            if first.redirected:
                return Observed(REFUSED, "", f"the setup page sends the user to {first.location} (2FA is on, "
                                             "or the account browser is signed out)")
            wizard = prefix(SetupView)
            self._secret_hex = _secret_hex(person.secret)
            try:
                page = self._request(account, "post", SETUP, step_fields(wizard, "welcome", {}))
                if page.step == "method":
                    page = self._request(account, "post", SETUP,
                                         step_fields(wizard, "method", {"method": "generator"}))
            finally:
                self._secret_hex = None
            if page.step != "generator":
                raise StepError(f"the setup wizard showed {page.step or page.status} instead of the QR code")
            try:
                person.app.scan(str(page.context["otpauth_url"]))
            except TwofaSimError as exc:
                raise StepError(f"the app could not scan the setup page's URI: {exc}") from None
            page = self._request(account, "post", SETUP, step_fields(wizard, "generator",
                                                                     {"token": person.app.code()}))
            if not page.redirected:
                return Observed(REFUSED, "", page.said() or f"the setup wizard answered {page.status}")
            if self._tolerance != 1:
                device = db.totp_device(login)
                device.tolerance = self._tolerance
                device.save(update_fields=["tolerance"])
            self._request(account, "post", BACKUP_TOKENS, {})
            person.backup_codes = db.backup_tokens(login)
            note = f"2FA on; {len(person.backup_codes)} backup tokens generated"
            if login in self._pending_phone:
                phone = self._register_phone(login, self._pending_phone.pop(login), sent)
                note += f"; phone: {phone.detail}"
            observed = Observed(ACCEPTED, DONE, note)
        return self._with_texts(observed, sent)

    # --------------------------------------------------------------- helpers

    def _world(self) -> VirtualClock:
        """The open world's clock; StepError before :meth:`open_world` or
        after another adapter opened a world in this process."""
        from ._project import generation

        if self.clock is None:
            raise StepError("no world is open: call open_world first")
        if generation() != self._generation:
            raise StepError("another world was opened in this process since (the target's database is "
                            "process-wide): call open_world again")
        return self.clock

    def _person(self, login: str) -> Belongings:
        self._world()
        person = self._held.get(login)
        if person is None:
            raise StepError(f"{login[:60]!r} is not a user of this world")
        return person

    @contextmanager
    def _inside(self):
        """Hold the project's lock with Django's clock at the world's time,
        this world's settings, templates that report their context, the
        world's randomness, and the Fake gateway's texts collected (yielded)."""
        import time_machine
        from django.template import Template
        from django.test.utils import instrumented_test_render, override_settings
        from unittest import mock

        from ._project import lock
        from ._sms import capture, muted

        with lock(), ExitStack() as stack:
            self._world()
            stack.enter_context(time_machine.travel(self.clock.now(), tick=False))
            stack.enter_context(override_settings(**self._settings))
            stack.enter_context(muted())
            stack.enter_context(mock.patch.object(Template, "_render", instrumented_test_render))
            stack.enter_context(mock.patch("two_factor.views.core.random_hex", self._random_hex))
            stack.enter_context(mock.patch("two_factor.plugins.phonenumber.views.random_hex", self._random_hex))
            stack.enter_context(mock.patch("django_otp.plugins.otp_static.models.StaticToken.random_token",
                                           self._random_token))
            yield stack.enter_context(capture())

    def _random_hex(self, length: int = 20) -> str:
        """Keys drawn from the world's entropy (the user's fixed secret while enrolling)."""
        if self._secret_hex is not None:
            return self._secret_hex
        return self._entropy.token_bytes(length).hex()

    def _random_token(self) -> str:
        import base64

        return base64.b32encode(self._entropy.token_bytes(5)).decode("ascii").lower()

    def _browser(self, name: str, where: dict, key: str | None = None):
        from django.test import Client

        from ._cookies import Browser

        key = name if key is None else key
        if key not in where:
            where[key] = Browser(name, Client())
        return where[key]

    def _account(self, login: str):
        return self._accounts[login]

    def _open_sign_in(self, login: str, browser: str):
        agent = self._browsers.get(browser)
        if agent is None or not agent.shown:
            raise StepError(f"no sign-in of {login} is open in {browser}: take the password step first")
        return agent

    def _request(self, agent, method: str, url: str, data: dict | None = None):
        """One request from ``agent`` (cookies past their expiry dropped first); its :class:`~._wizard.Page`."""
        from ._wizard import read

        now = self.clock.now()
        agent.drop_expired(now)
        try:
            response = getattr(agent.client, method)(url, data or {})
        except TwofaSimError:
            raise
        except Exception as exc:  # the target raised instead of answering
            kind = type(exc).__qualname__ if type(exc).__module__ == "builtins" else \
                f"{type(exc).__module__}.{type(exc).__qualname__}"
            raise StepError(f"the target raised {kind} on {method.upper()} {url}: "
                            f"{str(exc)[:200]}") from None
        agent.received(response, now)
        return read(response)

    def _sign_in_with_password(self, agent, login: str, password: str):
        """The login page opened afresh (which resets its wizard), then the password step."""
        from two_factor.views import LoginView

        from ._wizard import LOGIN, prefix, step_fields

        self._request(agent, "get", LOGIN)
        return self._request(agent, "post", LOGIN, step_fields(prefix(LoginView), "auth",
                                                              {"username": login, "password": password}))

    def _after_password(self, agent, login: str, page) -> Observed:
        from two_factor.utils import default_device

        from . import _database as db

        if page.redirected:
            agent.shown = "done"
            user = db.user(login)
            remembered = user is not None and default_device(user) is not None
            return Observed(ACCEPTED, REMEMBERED if remembered else TWO_FACTOR_OFF, self._detail(login, page))
        if page.step == "token":
            agent.shown = "token"
            return Observed(ACCEPTED, CODE_REQUIRED, self._detail(login, page))
        agent.shown = agent.shown and "auth"
        return Observed(REFUSED, "", self._detail(login, page))

    def _type_code(self, agent, login: str, typed: str, backup: bool, remember: bool) -> Observed:
        """Post ``typed`` to the token step (the backup step for a backup code)."""
        from two_factor.views import LoginView

        from . import _database as db
        from ._wizard import LOGIN, prefix, step_fields

        wizard = prefix(LoginView)
        step = "backup" if backup else "token"
        if backup and agent.shown == "token":
            page = self._request(agent, "post", LOGIN, {"wizard_goto_step": "backup", f"{wizard}-current_step": "token"})
            agent.shown = page.step or agent.shown
        challenged = self._challenged.get(agent.name)
        device = (db.static_device(login) if backup else
                  next((p for p in db.phones(login) if p.persistent_id == challenged), None) if challenged else
                  db.totp_device(login))
        throttled = device is not None and not db.allowed(device)
        fields = {"otp_token": typed}
        if remember:
            fields["remember"] = "on"
        page = self._request(agent, "post", LOGIN, step_fields(wizard, step, fields))
        if page.redirected:
            agent.shown = "done"
            return Observed(ACCEPTED, DONE, self._detail(login, page))
        if page.step == "auth":
            agent.shown = "auth"
            return Observed(EXPIRED, "", "the login page shows the password step again. " + self._detail(login, page))
        agent.shown = page.step or agent.shown
        return Observed(LOCKED if throttled else REFUSED, "", self._detail(login, page, throttled))

    def _detail(self, login: str, page, throttled: bool = False) -> str:
        """What the page said and what the database holds (never a secret)."""
        from . import _database as db

        said = page.said()
        held = db.state(login)
        text = (said + " " if said else "") + ("(throttled before the attempt) " if throttled else "")
        text += f"[database: {held}]"
        person = self._held.get(login)
        return person.scrub(text) if person is not None else text

    def _typed(self, login: str, source: str, value: str | int | float, form: str) -> str:
        """What the person types for a code input (never shown in reports)."""
        person = self._person(login)
        inbox = []
        if source == "sms":
            numbers = self._numbers(login, waiting=False)
            if not numbers:
                raise StepError(f"{login} has no cell phone on file")
            inbox = self.network.inbox(numbers[-1])
        try:
            return person.typed(source, value, form, inbox)
        except StepError as exc:
            raise StepError(f"{login}: {exc}") from None

    def _numbers(self, login: str, waiting: bool = True) -> list[str]:
        """The user's phone numbers (E.164): registered (oldest first), kept
        for when 2FA is on, and (with ``waiting``) the one waiting for its code."""
        from . import _database as db

        with self._inside():
            numbers = [str(p.number.as_e164) for p in db.phones(login)]
        if login in self._pending_phone:
            numbers.append(_e164(self._pending_phone[login]))
        if waiting and login in self._waiting_phone:
            numbers.append(self._waiting_phone[login])
        return numbers

    def _register_phone(self, login: str, typed: str, sent: list) -> Observed:
        """The phone wizard with ``typed``, its texted code typed back at once."""
        from two_factor.plugins.phonenumber.views import PhoneSetupView

        from ._wizard import PHONE_SETUP, prefix, step_fields

        account = self._account(login)
        self._request(account, "get", PHONE_SETUP)
        page = self._request(account, "post", PHONE_SETUP,
                             step_fields(prefix(PhoneSetupView), "setup", {"number": typed, "method": "sms"}))
        if page.step != "validation" or not sent:
            return Observed(REFUSED, "", page.said() or f"the phone wizard answered {page.status}")
        page = self._confirm_phone(login, sent[-1][1])
        if not page.redirected:
            return Observed(REFUSED, "", page.said() or f"the phone wizard answered {page.status}")
        return Observed(ACCEPTED, DONE, "backup phone registered")

    def _confirm_phone(self, login: str, typed: str):
        """The phone wizard's validation step; on success the older backup phones go."""
        from two_factor.plugins.phonenumber.views import PhoneSetupView

        from . import _database as db
        from ._wizard import PHONE_DELETE, PHONE_SETUP, prefix, step_fields

        account = self._account(login)
        page = self._request(account, "post", PHONE_SETUP,
                             step_fields(prefix(PhoneSetupView), "validation", {"token": typed}))
        if page.redirected:
            for older in [p for p in db.phones(login) if p.name == "backup"][:-1]:
                self._request(account, "post", PHONE_DELETE.format(pk=older.pk), {})
        return page

    def _with_texts(self, observed: Observed, sent: list) -> Observed:
        """Hand the texts the Fake gateway sent to the world's SMS network."""
        for number, token in sent:
            self.network.send(number, f"Your token is: {token}", token)
        return observed

    def __repr__(self) -> str:
        state = "no world" if self.clock is None else f"{len(self._held)} user(s) at {self.clock.now():g}"
        return f"DjangoAdapter({state})"


def international(country: str, number: str) -> str:
    """``number`` as a person types it into the target's phone field, which
    takes international numbers only: in international form (``+39 312 345
    6789``) when the engine reads it as a cell phone of ``country`` (ISO
    3166-1 alpha-2), else as written (the target then judges it).

    Raises:
        InputTypeError: ``country`` or ``number`` is not text.
    """
    from ...phone import parse_cell_phone

    _text(country=country, number=number)
    try:
        return parse_cell_phone(country, number).international
    except TwofaSimError:
        return number


def _remember_cookies(cookies) -> set[str]:
    """The names of django-two-factor-auth's remember cookies in a cookie jar
    (``remember-cookie_<uuid>``; an emptied one is gone)."""
    return {name for name, morsel in cookies.items() if name.startswith("remember-cookie_") and morsel.value}


def _secret_hex(secret: str | None) -> str | None:
    """A fixed base32 secret as the hex key django-otp stores, or None."""
    if secret is None:
        return None
    from ...secret import import_secret

    return import_secret(secret).key.hex()


def _e164(international_number: str) -> str:
    return "+" + "".join(ch for ch in international_number if ch.isdigit())
