"""The Client Portal: a thin facade over services named for their concepts.

=====================  ==========================================
service                 concept
=====================  ==========================================
:mod:`.accounts`        users, logins, password checks
:mod:`.enrolment`       the 2FA switch, QR code, first code
:mod:`.sign_in`         the password step and the code step
:mod:`.account_settings`  2FA off, new backup codes, password, devices, support
:mod:`.cell_phone`      the Team page's cell phone
:mod:`.sms_sending`     Send SMS Code
:mod:`.guard`           the rule every checked action shares
=====================  ==========================================

Every service shares one :class:`~twofa_sim.guard.Guard` and one policy,
fixed at construction. Time and randomness enter only through the ``clock``
and ``entropy`` given to the constructor.
"""

from __future__ import annotations

from datetime import datetime, timezone

from .account_settings import AccountSettings
from .accounts import MAX_LOGIN_CHARS, Accounts
from .attempts import Attempts
from .audit import AuditTrail
from .bounds import check_whole
from .browser import Browser
from .cell_phone import CellPhoneSettings
from .clock import Clock, RealClock, VirtualClock, check_clock
from .enrolment import Enrolment
from .entropy import Entropy, SeededEntropy, SystemEntropy
from .errors import InputTypeError, ReadOnlyError
from .gateway import SmsGateway
from .guard import Guard
from .outbox import Outbox
from .outcomes import Outcome, Reason
from .policy import Policy
from .presets import SEED_PORTAL
from .provisioning import check_label
from .reauth import Reauthentication
from .results import ActionResult, EnrolmentStart, LoginAttempt, LoginResult, UserStatus
from .sign_in import SignIn
from .sms_limits import SmsLimits
from .sms_sending import SmsSending
from .user import User
from .views import AccountView, account_view

__all__ = ["DEFAULT_START", "MAX_LOGIN_CHARS", "Portal"]

#: The default start of simulated time: Monday 2026-01-05 09:00:00 UTC.
DEFAULT_START = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc).timestamp()


class Portal:
    """A simulated Client Portal with two-factor authentication.

    Attributes:
        audit: every action, never a secret (:class:`~twofa_sim.audit.AuditTrail`).
        outbox: the security notices users would get by e-mail
            (:class:`~twofa_sim.outbox.Outbox`).
        gateway: the SMS network.

    Args:
        clock: the portal's clock (UTC epoch seconds).
        entropy: the source of every random choice.
        policy: every rule (default: the seed portal's); fixed for the
            portal's life (:attr:`policy` can't be reassigned).
        issuer: the name shown in authenticator apps.
        gateway: the SMS network (default: one on ``clock`` and ``entropy``
            with the assumed network conditions; change them with
            ``portal.gateway.configure(...)``).
        audit: the audit trail (default: a new one that keeps every event;
            ``AuditTrail(keep_events=False)`` keeps counts only, for long
            attack runs).

    Raises:
        InputTypeError: not a Policy; a clock without ``now()`` and
            ``subscribe()`` (a :class:`~datetime.datetime` is not a clock);
            entropy without ``token_bytes()``, ``randbelow()``, ``random()``
            and ``gauss()``; seeded randomness on real time; or a gateway
            that is not an :class:`SmsGateway`.
        ClockError: the clock's ``now()`` is not valid UTC epoch seconds.
        ProvisioningURIError: an issuer that can't be a Key URI label (empty,
            a colon, over 256 characters, control or format characters).
    """

    def __init__(self, clock: Clock, entropy: Entropy, policy: Policy = SEED_PORTAL, issuer: str = "Client Portal",
                 gateway: SmsGateway | None = None, audit: AuditTrail | None = None) -> None:
        if not isinstance(policy, Policy):
            raise InputTypeError(f"policy must be a Policy, not {type(policy).__name__}")
        check_label(issuer, "account")  # the issuer must fit a Key URI label
        check_clock(clock)
        if not all(callable(getattr(entropy, m, None)) for m in ("token_bytes", "randbelow", "random", "gauss")):
            raise InputTypeError("entropy needs token_bytes(), randbelow(), random() and gauss() methods "
                                 f"(a SeededEntropy or SystemEntropy), not {type(entropy).__name__}")
        if isinstance(clock, RealClock) and getattr(entropy, "seeded", False):
            raise InputTypeError("live mode (real time) draws secrets from the OS, never from a seeded generator")
        if gateway is not None and not isinstance(gateway, SmsGateway):
            raise InputTypeError(f"gateway must be an SmsGateway, not {type(gateway).__name__}")
        if audit is not None and not isinstance(audit, AuditTrail):
            raise InputTypeError(f"audit must be an AuditTrail, not {type(audit).__name__}")
        self.clock = clock
        self.entropy = entropy
        self.issuer = issuer
        self._policy = policy
        self.audit = audit if audit is not None else AuditTrail()
        self.outbox = Outbox()
        self.gateway = gateway if gateway is not None else SmsGateway(clock, entropy)
        self.sms_limits = SmsLimits.from_policy(policy)
        guard = Guard(clock, policy, self.audit, self.outbox)
        self._accounts = Accounts(entropy, policy)
        attempts = Attempts(policy.login_step_seconds)
        reauth = Reauthentication(guard, self._accounts.check_password, entropy)
        self._enrolment = Enrolment(self._accounts, guard, entropy, issuer)
        self._sign_in = SignIn(self._accounts, attempts, guard, entropy)
        self._settings = AccountSettings(self._accounts, attempts, guard, reauth, entropy)
        self._sms = SmsSending(self._accounts, attempts, guard, self.gateway, self.sms_limits, entropy, issuer)
        self._phone = CellPhoneSettings(self._accounts, guard, reauth, self._sms, entropy)
        self._guard = guard

    @classmethod
    def simulated(cls, seed: int = 0, start: float = DEFAULT_START, policy: Policy = SEED_PORTAL, **kwargs) -> "Portal":
        """A portal on a :class:`VirtualClock` at ``start`` (UTC epoch seconds) with seeded randomness.

        Raises:
            InputTypeError, SimulationError: ``seed`` is not a whole number
                from 0 to 2**63 − 1 (:func:`~twofa_sim.entropy.check_seed`).
            ClockError: ``start`` is not a valid time.
        """
        return cls(VirtualClock(start), SeededEntropy(seed), policy, **kwargs)

    @classmethod
    def live(cls, policy: Policy = SEED_PORTAL, **kwargs) -> "Portal":
        """A portal on real time with OS randomness, for scanning with a real phone."""
        return cls(RealClock(), SystemEntropy(), policy, **kwargs)

    @property
    def policy(self) -> Policy:
        """The portal's rules (read-only: make a new portal for another policy)."""
        return self._policy

    @policy.setter
    def policy(self, value: object) -> None:
        raise ReadOnlyError("a portal's policy is fixed for its life: make a new Portal with the other policy")

    # ---------------------------------------------------------------- users

    def add_user(self, login: str, password: str, name: str) -> None:
        """Create a user with 2FA off (see :meth:`Accounts.add <twofa_sim.accounts.Accounts.add>` for errors)."""
        user = self._accounts.add(login, password, name)
        self._guard.record(user.login, "user.create", Outcome.OK, Reason.ACCEPTED)

    def user(self, login: str) -> User:
        """The engine's own, mutable record of ``login``: for tests and
        storage audits. Pages and notebooks read :meth:`view` instead.

        Raises:
            UnknownUserError: no such user.
        """
        return self._accounts.get(login)

    def users(self) -> list[str]:
        """Every login, in creation order."""
        return self._accounts.logins()

    def view(self, login: str) -> AccountView:
        """A read-only snapshot of what pages may show about ``login`` now.

        Raises:
            UnknownUserError: no such user.
        """
        return account_view(self._accounts.get(login), self._policy, self.clock.now())

    def acceptance(self, login: str, margin: int = 2) -> list[dict]:
        """Which time steps around now a code from ``login``'s app would be
        accepted from, and why not (no codes, no secret): one row per step
        with ``step``, ``offset`` (from the portal's step), ``accepted`` and
        ``why``. Empty while 2FA is off (an enrolling app counts as the app).

        Raises:
            UnknownUserError: no such user.
            InputTypeError: ``margin`` is not a whole number from 0 to 10.
        """
        margin = check_whole(margin, "margin", (0, 10), InputTypeError)
        user = self._accounts.get(login)
        device = user.totp or user.pending
        return device.acceptance(self.clock.now(), self._policy, margin) if device else []

    def status(self, login: str) -> UserStatus:
        """The user's 2FA state at a glance (no secrets)."""
        v = self.view(login)
        return UserStatus(v.login, v.name, v.two_factor, v.backup_remaining, v.backup_total, v.remembered_devices,
                          v.consecutive_failures, v.locked_for, v.cell_phone, v.learned_drift, v.code_failures,
                          v.backup_failures)

    # ------------------------------------------------------------ enrolment

    def start_enrolment(self, login: str, secret: str | None = None) -> EnrolmentStart:
        """Turn the 2FA switch ON (ENR-2); see :meth:`Enrolment.start <twofa_sim.enrolment.Enrolment.start>`."""
        return self._enrolment.start(login, secret)

    def pending_enrolment(self, login: str) -> EnrolmentStart | None:
        """The enrolment waiting for its first code (same secret and QR), or None;
        a 2-Factor Auth page opened again mid-enrolment shows its QR."""
        return self._enrolment.pending(login)

    def confirm_enrolment(self, login: str, code: str) -> ActionResult:
        """Type the app's code and press Update (ENR-4, ENR-5); see :meth:`Enrolment.confirm <twofa_sim.enrolment.Enrolment.confirm>`."""
        return self._enrolment.confirm(login, code)

    def cancel_enrolment(self, login: str) -> None:
        """Turn the switch back OFF before confirming."""
        self._enrolment.cancel(login)

    # -------------------------------------------------------------- sign-in

    def begin_login(self, login: str, password: str, browser: Browser) -> LoginResult:
        """The password step (LOG-1, REM-1); see :meth:`SignIn.begin <twofa_sim.sign_in.SignIn.begin>`."""
        return self._sign_in.begin(login, password, browser)

    def submit_code(self, attempt: LoginAttempt, code: str, remember: bool = False) -> LoginResult:
        """The code step (LOG-2..4); see :meth:`SignIn.submit <twofa_sim.sign_in.SignIn.submit>`."""
        return self._sign_in.submit(attempt, code, remember)

    def login(self, login: str, password: str, code: str | None, browser: Browser, remember: bool = False) -> LoginResult:
        """Both steps at once, for scripts; see :meth:`SignIn.login <twofa_sim.sign_in.SignIn.login>`."""
        return self._sign_in.login(login, password, code, browser, remember)

    # ------------------------------------------------------ account changes

    def disable_two_factor(self, login: str, password: str | None = None, code: str | None = None) -> ActionResult:
        """Turn 2FA OFF after re-authentication per policy."""
        return self._settings.disable_two_factor(login, password, code)

    def regenerate_backup_codes(self, login: str, password: str | None = None, code: str | None = None) -> ActionResult:
        """A new set of backup codes after re-authentication per policy."""
        return self._settings.regenerate_backup_codes(login, password, code)

    def change_password(self, login: str, old_password: str, new_password: str) -> ActionResult:
        """Change the password (the old one is required)."""
        return self._settings.change_password(login, old_password, new_password)

    def support_reset(self, login: str, agent: str, identity_verified: bool, ticket: str) -> ActionResult:
        """Support turns 2FA off after verifying the user's identity."""
        return self._settings.support_reset(login, agent, identity_verified, ticket)

    def devices_frame(self, login: str):
        """The user's remembered devices as a pandas DataFrame (no tokens)."""
        return self._settings.devices_frame(login)

    def revoke_device(self, login: str, device_id: str) -> ActionResult:
        """End one remembered device."""
        return self._settings.revoke_device(login, device_id)

    # -------------------------------------------------- cell phone and SMS

    def set_cell_phone(self, login: str, country: str, typed: str, password: str | None = None,
                       code: str | None = None) -> ActionResult:
        """Save a new Cell Phone (SMS-3): a confirmation code is texted to it and
        it is used once :meth:`confirm_cell_phone` gets that code; see
        :meth:`CellPhoneSettings.set <twofa_sim.cell_phone.CellPhoneSettings.set>`."""
        return self._phone.set(login, country, typed, password, code)

    def confirm_cell_phone(self, login: str, code: str) -> ActionResult:
        """Type the code texted to the new number (SMS-3); see :meth:`CellPhoneSettings.confirm <twofa_sim.cell_phone.CellPhoneSettings.confirm>`."""
        return self._phone.confirm(login, code)

    def resend_phone_confirmation(self, login: str) -> ActionResult:
        """Text a new confirmation code to the number waiting for confirmation."""
        return self._phone.resend(login)

    def sms_available(self, attempt: LoginAttempt) -> bool:
        """Whether "Send SMS Code" is offered for this sign-in (SMS-2)."""
        return self._sms.available(attempt)

    def send_sms_code(self, attempt: LoginAttempt) -> ActionResult:
        """Press "Send SMS Code" (SMS-1); see :meth:`SmsSending.send <twofa_sim.sms_sending.SmsSending.send>`."""
        return self._sms.send(attempt)

    def sms_counters(self):
        """Send counters per number, account and region (pandas DataFrame, no codes)."""
        return self.sms_limits.to_frame(self.clock.now())

    def __repr__(self) -> str:
        return (f"Portal({self.issuer!r}, {len(self._accounts)} user(s), policy={self._policy.name!r}, "
                f"clock={self.clock!r}, entropy={self.entropy!r})")
