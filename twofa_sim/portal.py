"""The Client Portal: users, enrolment and login as one state machine.

Every action reads the injected clock once, asks the throttle and the
factors, records one audit event and returns a typed result. The path of a
code step: throttle check → route the typed input → factor verify → throttle
update → audit event → result. Time and randomness enter only through the
``clock`` and ``entropy`` given to the constructor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from . import code_field
from .account_actions import AccountActions
from .audit import AuditEvent, AuditTrail
from .browser import REMEMBER_COOKIE, Browser
from .clock import Clock, RealClock, VirtualClock
from .entropy import Entropy, SeededEntropy, SystemEntropy
from .errors import DuplicateUserError, EnrolmentError, InputTypeError, UnknownUserError, UserDetailsError
from .factors.backup import BackupCodes
from .factors.totp import TotpDevice
from .gateway import GatewaySettings, SmsGateway
from .hashing import hash_value, verify_value
from .messages import message_for, wait_text
from .normalise import normalise_code, require_text
from .outcomes import Outcome, Reason, Verdict
from .phone_actions import PhoneActions
from .policy import Exhaustion, Policy, Reauth
from .presets import SEED_PORTAL
from .provisioning import Provisioning, build_uri, check_label
from .results import ActionResult, EnrolmentStart, LoginAttempt, LoginResult, UserStatus
from .secret import import_secret, new_secret
from .sms_limits import SmsLimits
from .user import User

#: Longest login accepted (the longest email address, RFC 5321 §4.5.3.1.3 path limit).
MAX_LOGIN_CHARS = 254

#: The default start of simulated time: Monday 2026-01-05 09:00:00 UTC.
DEFAULT_START = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc).timestamp()


class Portal(AccountActions, PhoneActions):
    """A simulated Client Portal with two-factor authentication.

    Account changes come from :class:`~twofa_sim.account_actions.AccountActions`,
    cell phone and SMS actions from :class:`~twofa_sim.phone_actions.PhoneActions`.

    Args:
        clock: the portal's clock (UTC epoch seconds).
        entropy: the source of every random choice.
        policy: every setting (default: the seed portal's).
        issuer: the name shown in authenticator apps.
    """

    def __init__(self, clock: Clock, entropy: Entropy, policy: Policy = SEED_PORTAL, issuer: str = "Client Portal",
                 gateway: SmsGateway | None = None) -> None:
        if not isinstance(policy, Policy):
            raise InputTypeError(f"policy must be a Policy, not {type(policy).__name__}")
        check_label(issuer, "account")  # the issuer must fit a Key URI label
        if not callable(getattr(clock, "now", None)) or not callable(getattr(entropy, "token_bytes", None)):
            raise InputTypeError("clock needs a now() method and entropy a token_bytes() method")
        self.clock = clock
        self.entropy = entropy
        self.policy = policy
        self.issuer = issuer
        self.audit = AuditTrail()
        if isinstance(clock, RealClock) and getattr(entropy, "seeded", False):
            raise InputTypeError("live mode (real time) draws secrets from the OS, never from a seeded generator")
        network = GatewaySettings(median_delay_seconds=policy.sms_median_delay_seconds,
                                  delay_spread=policy.sms_delay_spread, loss_rate=policy.sms_loss_rate)
        self.gateway = gateway if gateway is not None else SmsGateway(clock, entropy, network)
        self.sms_limits = SmsLimits({"number": policy.sms_per_number_per_hour,
                                     "account": policy.sms_per_account_per_hour,
                                     "region": policy.sms_per_region_per_hour})
        self._users: dict[str, User] = {}
        self._attempts: dict[int, _Pending] = {}

    @classmethod
    def simulated(cls, seed: int = 0, start: float = DEFAULT_START, policy: Policy = SEED_PORTAL, **kwargs) -> "Portal":
        """A portal on a :class:`VirtualClock` at ``start`` with seeded randomness."""
        return cls(VirtualClock(start), SeededEntropy(seed), policy, **kwargs)

    @classmethod
    def live(cls, policy: Policy = SEED_PORTAL, **kwargs) -> "Portal":
        """A portal on real time with OS randomness, for scanning with a real phone."""
        return cls(RealClock(), SystemEntropy(), policy, **kwargs)

    # ------------------------------------------------------------------ users

    def add_user(self, login: str, password: str, name: str) -> None:
        """Create a user with 2FA off.

        Raises:
            DuplicateUserError: the login is taken.
            UserDetailsError: an empty login, password or name, or a login
                that can't be an authenticator app's account name.
            InputTypeError: a non-string argument.
        """
        for value, what in ((login, "login"), (password, "password"), (name, "name")):
            require_text(value, what)
        if not login.strip() or not password or not name.strip():
            raise UserDetailsError("login, password and name must not be empty")
        if len(login) > MAX_LOGIN_CHARS or ":" in login:
            raise UserDetailsError(f"a login is at most {MAX_LOGIN_CHARS} characters with no colon "
                                   "(it becomes the account name in authenticator apps)")
        key = _key(login)
        if key in self._users:
            raise DuplicateUserError(f"a user with login {login!r} already exists")
        self._users[key] = User(login.strip(), name, hash_value(password, self.entropy, self.policy.hash_cost))
        self._audit(login.strip(), "user.create", Outcome.OK, Reason.ACCEPTED)

    def user(self, login: str) -> User:
        """The user record for ``login``.

        Raises:
            UnknownUserError: no such user.
        """
        require_text(login, "login")
        try:
            return self._users[_key(login)]
        except KeyError:
            raise UnknownUserError(f"no user with login {login!r}") from None

    def users(self) -> list[str]:
        """Every login, in creation order."""
        return [u.login for u in self._users.values()]

    def status(self, login: str) -> UserStatus:
        """The user's 2FA state at a glance (no secrets)."""
        user = self.user(login)
        now = self.clock.now()
        blocked = user.throttle.blocked(now)
        return UserStatus(
            user.login,
            user.name,
            user.two_factor,
            user.backup.remaining if user.backup else 0,
            user.backup.total if user.backup else 0,
            len(user.remembered.active(now)),
            user.throttle.failures,
            blocked[1] if blocked else 0.0,
            user.cell_phone.international if user.cell_phone else "",
        )

    # ------------------------------------------------------------- enrolment

    def start_enrolment(self, login: str, secret: str | None = None) -> EnrolmentStart:
        """Turn the 2FA switch ON: a fresh secret, its URI and QR (ENR-2).

        Starting again before confirming replaces the secret, so the old QR
        stops working.

        Args:
            login: whose switch.
            secret: a known base32 secret to enrol instead of a drawn one
                (people migrate existing secrets; tests and reviewers use
                fixed ones). It passes the same checks as an imported secret:
                valid base32, at least 128 bits (RFC 4226 §4).

        Raises:
            EnrolmentError: 2FA is already on.
            SecretError: ``secret`` is not valid base32 or too short.
            InputTypeError: ``secret`` is not text.
        """
        user = self.user(login)
        if user.totp is not None:
            raise EnrolmentError("two-factor authentication is already on; turn it off first")
        p = self.policy
        check_label(self.issuer, user.login)  # before drawing the secret: a refusal changes nothing
        secret = new_secret(self.entropy, p.secret_bits) if secret is None else import_secret(secret)
        provisioning = Provisioning(secret, self.issuer, user.login, p.digits, p.period, p.algorithm)
        uri = build_uri(provisioning)
        restarted = user.pending is not None
        user.pending = TotpDevice(secret, p.digits, p.period, p.algorithm)
        self._audit(user.login, "enrolment.start", Outcome.OK, Reason.ACCEPTED, "totp",
                    (("digits", p.digits), ("period", p.period), ("algorithm", p.algorithm),
                     ("secret_bits", secret.bits), ("replaced_pending", restarted)))
        return EnrolmentStart(user.login, provisioning, uri)

    def confirm_enrolment(self, login: str, code: str) -> ActionResult:
        """Type the app's code and press Update (ENR-4); on success 2FA is on
        and a new set of backup codes is returned, to be shown once (ENR-5).

        A wrong code leaves enrolment pending so the user can try again (it
        counts toward the account's throttle, and a locked account can't
        confirm); the accepted step becomes the last used one, so the same
        code cannot then sign in (replay).

        Raises:
            EnrolmentError: no enrolment is pending.
            InputTypeError: ``code`` is not a string.
        """
        user = self.user(login)
        require_text(code, "code")
        if user.pending is None:
            raise EnrolmentError("no enrolment is pending; turn the switch ON first")
        now = self.clock.now()
        blocked = user.throttle.blocked(now)
        if blocked:
            self._audit(user.login, "enrolment.confirm", Outcome.LOCKED, blocked[0], "totp", (("wait_s", round(blocked[1])),))
            return ActionResult(Outcome.LOCKED, blocked[0], self._message(blocked[0], blocked[1]), wait_seconds=blocked[1])
        verdict = user.pending.verify(normalise_code(code), now, self.policy)
        if not verdict.accepted:
            outcome = Outcome.MALFORMED if verdict.malformed else Outcome.REFUSED
            if not verdict.malformed:
                user.throttle.record_failure(now, self.policy)
            self._audit(user.login, "enrolment.confirm", outcome, verdict.reason, "totp", verdict.detail)
            return ActionResult(outcome, verdict.reason, self._message(verdict.reason, app_only=True))
        user.totp, user.pending = user.pending, None
        user.throttle.record_success()
        backup, codes = BackupCodes.generate(self.entropy, self.policy, now)
        user.backup = backup
        ended = user.remembered.revoke_all(now, "2FA turned on") if self.policy.forget_on_2fa_change else 0
        self._audit(user.login, "enrolment.confirm", Outcome.OK, Reason.ACCEPTED, "totp",
                    verdict.detail + (("backup_codes", backup.total), ("devices_ended", ended)))
        return ActionResult(Outcome.OK, Reason.ACCEPTED,
                            "Two-factor authentication is on. Save these backup codes somewhere safe: "
                            "each works once, and they will not be shown again.",
                            backup_codes=tuple(codes))

    def cancel_enrolment(self, login: str) -> None:
        """Turn the switch back OFF before confirming: the pending secret is dropped."""
        user = self.user(login)
        if user.pending is not None:
            user.pending = None
            self._audit(user.login, "enrolment.cancel", Outcome.OK, Reason.ACCEPTED, "totp")

    # ------------------------------------------------------------------ login

    def begin_login(self, login: str, password: str, browser: Browser) -> LoginResult:
        """The password step (LOG-1).

        Returns OK when 2FA is off or this browser is remembered (REM-1),
        CODE_REQUIRED with a pending :class:`LoginAttempt` when a code is
        needed (LOG-2), REFUSED for a wrong login or password, LOCKED while
        the account is throttled.
        """
        require_text(login, "login")
        require_text(password, "password")
        if not isinstance(browser, Browser):
            raise InputTypeError(f"browser must be a Browser, not {type(browser).__name__}")
        now = self.clock.now()
        user = self._users.get(_key(login)) if len(login) <= MAX_LOGIN_CHARS else None
        if user is None:
            verify_value(password, self._decoy_hash())  # same work as a real check: timing says nothing
            # What was typed is not recorded: people type passwords and codes into the login field.
            self._audit("", "login.password", Outcome.REFUSED, Reason.UNKNOWN_USER, "password",
                        (("typed_chars", len(login)),))
            return LoginResult(Outcome.REFUSED, Reason.UNKNOWN_USER, self._message(Reason.UNKNOWN_USER), "password")
        locked = self._locked(user, "login.password", now, "password")
        if locked:
            return locked
        if not verify_value(password, user.password_hash):
            return self._refuse(user, "login.password", Verdict(False, Reason.WRONG_PASSWORD, "password"), now)
        if user.totp is None:
            user.throttle.record_success()
            self._audit(user.login, "login.password", Outcome.OK, Reason.NO_SECOND_FACTOR, "password")
            return LoginResult(Outcome.OK, Reason.NO_SECOND_FACTOR, self._message(Reason.NO_SECOND_FACTOR), "password")
        token = browser.cookie(REMEMBER_COOKIE, user.login)
        token_detail: tuple = ()
        if token is not None:
            verdict = user.remembered.verify(browser.browser_id, token, now)
            if verdict.accepted:
                user.throttle.record_success()
                self._audit(user.login, "login.remembered", Outcome.OK, Reason.REMEMBERED_DEVICE, "remembered",
                            verdict.detail + (("browser", browser.browser_id),))
                return LoginResult(Outcome.OK, Reason.REMEMBERED_DEVICE, self._message(Reason.REMEMBERED_DEVICE), "remembered")
            token_detail = (("device_token", verdict.reason.value),)
        attempt = LoginAttempt(len(self._attempts) + 1, user.login, browser.browser_id, now)
        self._attempts[attempt.attempt_id] = _Pending(attempt, browser)
        self._audit(user.login, "login.password", Outcome.CODE_REQUIRED, Reason.PASSWORD_OK, "password",
                    (("attempt", attempt.attempt_id), ("browser", browser.browser_id)) + token_detail)
        return LoginResult(Outcome.CODE_REQUIRED, Reason.PASSWORD_OK, self._message(Reason.PASSWORD_OK), "password", attempt)

    def submit_code(self, attempt: LoginAttempt, code: str, remember: bool = False) -> LoginResult:
        """The code step (LOG-2..4): one field for app codes and backup codes.

        With ``remember`` ticked, success also remembers the browser for the
        policy's lifetime (LOG-3, REM-1). Refusals other than malformed input
        count toward the account's throttle; the attempt stays open for
        another try until it succeeds or the login step times out.

        Raises:
            InputTypeError: ``code`` is not a string or ``attempt`` is not a LoginAttempt.
        """
        pending = self._pending(attempt)
        require_text(code, "code")
        if not isinstance(remember, bool):
            raise InputTypeError("remember must be True or False")
        now = self.clock.now()
        user = self.user(attempt.login)
        if pending.finished:
            self._audit(user.login, "login.code", Outcome.EXPIRED, Reason.ATTEMPT_FINISHED)
            return LoginResult(Outcome.EXPIRED, Reason.ATTEMPT_FINISHED, self._message(Reason.ATTEMPT_FINISHED))
        if now >= attempt.started_at + self.policy.login_step_seconds or user.totp is None:
            pending.finished = True
            self._audit(user.login, "login.code", Outcome.EXPIRED, Reason.LOGIN_STEP_EXPIRED, "",
                        (("attempt", attempt.attempt_id),))
            return LoginResult(Outcome.EXPIRED, Reason.LOGIN_STEP_EXPIRED, self._message(Reason.LOGIN_STEP_EXPIRED))
        locked = self._locked(user, "login.code", now, "", attempt)
        if locked:
            return locked
        verdict = self._verify_code(user, code, now, attempt.attempt_id)
        if not verdict.accepted:
            return self._refuse(user, "login.code", verdict, now, attempt)
        pending.finished = True
        user.throttle.record_success()
        detail = verdict.detail + (("attempt", attempt.attempt_id),)
        if remember:
            device, token = user.remembered.issue(attempt.browser_id, now, self.policy.remember_device_seconds,
                                                  self.entropy)
            pending.browser.set_cookie(REMEMBER_COOKIE, user.login, token)
            detail += (("remembered", device.device_id),)
        self._audit(user.login, "login.code", Outcome.OK, Reason.ACCEPTED, verdict.factor, detail)
        message, warning, codes = self._message(Reason.ACCEPTED), "", ()
        if verdict.factor == "backup" and user.backup is not None:
            message, warning, codes = self._after_backup_use(user, message, now)
        return LoginResult(Outcome.OK, Reason.ACCEPTED, message, verdict.factor, warning=warning, backup_codes=codes)

    def login(self, login: str, password: str, code: str | None, browser: Browser, remember: bool = False) -> LoginResult:
        """Both steps at once, for scripts: the password step, then (if a code
        is needed and given) the code step.

        Raises:
            InputTypeError: a non-string argument or a non-bool ``remember``
                (checked before the password step, so nothing changes).
        """
        if code is not None:
            require_text(code, "code")
        if not isinstance(remember, bool):
            raise InputTypeError("remember must be True or False")
        first = self.begin_login(login, password, browser)
        if first.outcome is not Outcome.CODE_REQUIRED or code is None:
            return first
        return self.submit_code(first.attempt, code, remember)

    # ---------------------------------------------------------------- helpers

    def _verify_code(self, user: User, typed: str, now: float, attempt_id: int | None = None) -> Verdict:
        """Route typed input through the one-field rule and ask each factor
        that fits; SMS codes count only inside the sign-in they were sent for."""
        sms_digits = self.policy.sms_code_digits if attempt_id is not None and user.sms.issued else None
        routing = code_field.route(typed, user.totp.digits, sms_digits)
        if routing.kind == code_field.DIGITS:
            verdicts = []
            for factor in routing.factors:
                if factor == code_field.APP:
                    verdict = user.totp.verify(routing.text, now, self.policy)
                else:
                    verdict = user.sms.verify(routing.text, now, attempt_id, self.policy.sms_code_digits)
                if verdict.accepted:
                    return verdict
                verdicts.append(verdict)
            telling = [v for v in verdicts if v.reason is not Reason.WRONG_CODE]
            return telling[0] if telling else Verdict(False, Reason.WRONG_CODE, "/".join(routing.factors))
        if routing.kind == code_field.BACKUP:
            if user.backup is None:
                return Verdict(False, Reason.NO_CODES_LEFT, "backup")
            return user.backup.verify(routing.text, now)
        return routing.verdict

    def _end_pending_logins(self, login: str) -> None:
        """Finish every open sign-in of ``login`` (after a password change)."""
        for pending in self._attempts.values():
            if pending.handle.login == login:
                pending.finished = True

    def _decoy_hash(self) -> str:
        """A fixed hash at the policy's cost, checked for unknown logins."""
        if getattr(self, "_decoy", None) is None:
            self._decoy = hash_value("decoy", SeededEntropy(0), self.policy.hash_cost)
        return self._decoy

    def _pending(self, attempt: LoginAttempt) -> "_Pending":
        """The portal's own state of ``attempt``, which must be the handle it gave out.

        Raises:
            InputTypeError: not a LoginAttempt handle returned by this portal.
        """
        pending = self._attempts.get(attempt.attempt_id) if isinstance(attempt, LoginAttempt) else None
        if pending is None or pending.handle is not attempt:
            raise InputTypeError("attempt must be a LoginAttempt returned by this portal's begin_login")
        return pending

    def _after_backup_use(self, user: User, message: str, now: float) -> tuple[str, str, tuple[str, ...]]:
        """Message, low-stock warning and (under REGENERATE) a new set after a
        backup code signed the user in (BAK-2)."""
        left = user.backup.remaining
        if left == 0 and self.policy.backup_exhausted is Exhaustion.REGENERATE:
            user.backup, codes = BackupCodes.generate(self.entropy, self.policy, now)
            self._audit(user.login, "backup.regenerate", Outcome.OK, Reason.ACCEPTED, "backup",
                        (("trigger", "last code used"), ("backup_codes", user.backup.total)))
            return (message + f" That was your last backup code. Here is a new set of {user.backup.total}: "
                    "save it now, it won't be shown again.", "", tuple(codes))
        message += f" You have {left} backup code{'s' if left != 1 else ''} left."
        if left == 0:
            return (message, "That was your last backup code. Generate new ones on the 2-Factor Auth page now: "
                    "without them and without your phone, only support can reset two-factor authentication.", ())
        if left <= self.policy.backup_low_warning:
            return message, f"Only {left} backup code{'s' if left != 1 else ''} left. Generate new ones soon.", ()
        return message, "", ()

    def _reauthenticate(self, user: User, action: str, password: str | None, code: str | None,
                        requirement: Reauth) -> ActionResult | None:
        """None when the proof ``requirement`` asks for is right; else a refusal
        (wrong proofs count toward the throttle).

        Raises:
            InputTypeError: a password or code given but not a string.
        """
        for value, what in ((password, "password"), (code, "code")):
            if value is not None:
                require_text(value, what)
        now = self.clock.now()
        needs_password, needs_code = requirement.needs_password, requirement.needs_code and user.totp is not None
        blocked = user.throttle.blocked(now)
        if blocked:
            self._audit(user.login, action, Outcome.LOCKED, blocked[0], "", (("wait_s", round(blocked[1])),))
            return ActionResult(Outcome.LOCKED, blocked[0], self._message(blocked[0], blocked[1]))
        verdicts = []
        if needs_password:
            if not password:
                verdicts.append(Verdict(False, Reason.EMPTY, "password"))
            else:
                ok = verify_value(password, user.password_hash)
                verdicts.append(Verdict(ok, Reason.ACCEPTED if ok else Reason.WRONG_PASSWORD, "password"))
        if needs_code:
            if not isinstance(code, str):
                verdicts.append(Verdict(False, Reason.EMPTY, "totp"))
            else:
                verdicts.append(self._verify_code(user, code, now))
        failed = [v for v in verdicts if not v.accepted]
        if not failed:
            return None
        counted = [v for v in failed if not v.malformed]
        if counted:
            user.throttle.record_failure(now, self.policy)
        detail = tuple((f"{v.factor}", v.reason.value) for v in failed)
        outcome = Outcome.REFUSED if counted else Outcome.MALFORMED
        self._audit(user.login, action, outcome, Reason.REAUTH_FAILED, "", detail)
        asked = " and ".join(p for p, needed in (("password", needs_password), ("code", needs_code)) if needed)
        return ActionResult(outcome, Reason.REAUTH_FAILED, self._message(Reason.REAUTH_FAILED, proof=asked))

    def _locked(self, user: User, action: str, now: float, factor: str, attempt: LoginAttempt | None = None) -> LoginResult | None:
        blocked = user.throttle.blocked(now)
        if not blocked:
            return None
        reason, wait = blocked
        self._audit(user.login, action, Outcome.LOCKED, reason, factor, (("wait_s", round(wait)),))
        return LoginResult(Outcome.LOCKED, reason, self._message(reason, wait), factor, attempt, wait)

    def _refuse(self, user: User, action: str, verdict: Verdict, now: float, attempt: LoginAttempt | None = None) -> LoginResult:
        if verdict.malformed:
            self._audit(user.login, action, Outcome.MALFORMED, verdict.reason, verdict.factor, verdict.detail)
            return LoginResult(Outcome.MALFORMED, verdict.reason, self._message(verdict.reason), verdict.factor, attempt)
        locked_now = user.throttle.record_failure(now, self.policy)
        detail = verdict.detail + (("failures", user.throttle.failures if not locked_now else self.policy.lockout_failures),)
        if locked_now:
            detail += (("locked_for_s", self.policy.lockout_seconds),)
        self._audit(user.login, action, Outcome.REFUSED, verdict.reason, verdict.factor, detail)
        message = (self._message(Reason.LOCKED_OUT, self.policy.lockout_seconds) if locked_now
                   else self._message(verdict.reason))
        return LoginResult(Outcome.REFUSED, verdict.reason, message, verdict.factor, attempt)

    def _message(self, reason: Reason, wait: float = 0.0, app_only: bool = False, **facts: object) -> str:
        expected = f"{self.policy.digits} digits from your app" + ("" if app_only else ", or a backup code")
        return message_for(reason, expected=expected, wait=wait_text(wait), **facts)

    def _audit(self, login: str, action: str, outcome: Outcome, reason: Reason, factor: str = "",
               details: tuple = ()) -> None:
        self.audit.record(AuditEvent(self.clock.now(), login, action, outcome.value, reason.value, factor, details))

    def __repr__(self) -> str:
        return (f"Portal({self.issuer!r}, {len(self._users)} user(s), policy={self.policy.name!r}, "
                f"clock={self.clock!r}, entropy={self.entropy!r})")


@dataclass
class _Pending:
    """What the portal keeps of an open sign-in."""

    handle: LoginAttempt
    browser: Browser
    finished: bool = False


def _key(login: str) -> str:
    return login.strip().casefold()
