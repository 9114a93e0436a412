"""Signing in: the password step, then the code step (LOG-1..4, BAK-1..2, REM-1).

The hops of a sign-in: the login page calls :meth:`SignIn.begin` (password)
and :meth:`SignIn.submit` (code); each goes through the guard (lock,
throttle gate, verdict, audit, result); the code step normalises the typed
input once, the code field routes it to factor objects, and each factor
answers ``verify(typed, context)``.
"""

from __future__ import annotations

from . import code_field
from .accounts import Accounts
from .attempts import Attempts
from .bounds import check_flag
from .browser import REMEMBER_COOKIE, Browser
from .entropy import Entropy
from .errors import InputTypeError
from .factors.backup import low_stock_warning
from .factors.base import Context
from .guard import Guard
from .normalise import Typed, require_text
from .outcomes import Outcome, Reason, Verdict
from .policy import Exhaustion
from .results import LoginAttempt, LoginResult
from .user import User

PASSWORD_STEP, CODE_STEP, REMEMBERED = "login.password", "login.code", "login.remembered"

#: Makes a named tuple from every field's value, without its Python-level constructor (one per code step).
_make = tuple.__new__


class SignIn:
    """The login page's two steps.

    Args:
        accounts: the portal's users.
        attempts: open sign-ins.
        guard: the portal's guard.
        entropy: for remembered-device tokens and regenerated backup codes.
    """

    def __init__(self, accounts: Accounts, attempts: Attempts, guard: Guard, entropy: Entropy) -> None:
        self._accounts = accounts
        self._attempts = attempts
        self._guard = guard
        self._entropy = entropy

    def begin(self, login: str, password: str, browser: Browser) -> LoginResult:
        """The password step (LOG-1): OK when 2FA is off or this browser is
        remembered (REM-1), CODE_REQUIRED with a pending attempt when a code
        is needed (LOG-2), REFUSED for a wrong login or password, LOCKED
        while the account is throttled.

        Raises:
            InputTypeError: a non-string login or password, or not a Browser.
        """
        require_text(login, "login")
        require_text(password, "password")
        if not isinstance(browser, Browser):
            raise InputTypeError(f"browser must be a Browser, not {type(browser).__name__}")
        guard = self._guard
        user = self._accounts.find(login)
        if user is None:
            self._accounts.check_password(None, password)  # same work as a real check: timing says nothing
            # What was typed is not recorded: people type passwords and codes into the login field.
            guard.record("", PASSWORD_STEP, Outcome.REFUSED, Reason.UNKNOWN_USER, "password", (("typed_chars", len(login)),))
            return LoginResult(Outcome.REFUSED, Reason.UNKNOWN_USER, guard.say(Reason.UNKNOWN_USER), "password")
        with guard.hold(user) as now:
            refused = guard.gate(user, PASSWORD_STEP, now, "password")
            if refused is None:
                ok = self._accounts.check_password(user, password)
                verdict = Verdict(ok, Reason.ACCEPTED if ok else Reason.WRONG_PASSWORD, "password")
                refused = guard.judge(user, PASSWORD_STEP, verdict, now)
            if refused:
                return refused.login_result()
            if user.totp is None:
                user.throttle.record_success()
                guard.record(user.login, PASSWORD_STEP, Outcome.OK, Reason.NO_SECOND_FACTOR, "password")
                return LoginResult(Outcome.OK, Reason.NO_SECOND_FACTOR, guard.say(Reason.NO_SECOND_FACTOR), "password")
            token_detail: tuple = ()
            token = browser.cookie(REMEMBER_COOKIE, user.login) if guard.policy.remembers_devices else None
            if token is not None:
                verdict = user.remembered.verify(Typed.of(token, "token"), self._context(now, browser_id=browser.browser_id))
                if verdict.accepted:
                    user.throttle.record_success()
                    guard.record(user.login, REMEMBERED, Outcome.OK, Reason.REMEMBERED_DEVICE, "remembered",
                                 verdict.detail + (("browser", browser.browser_id),))
                    return LoginResult(Outcome.OK, Reason.REMEMBERED_DEVICE, guard.say(Reason.REMEMBERED_DEVICE), "remembered")
                token_detail = (("device_token", verdict.reason.value),)
            attempt = self._attempts.open(user, browser, now)
            guard.record(user.login, PASSWORD_STEP, Outcome.CODE_REQUIRED, Reason.PASSWORD_OK, "password",
                         (("attempt", attempt.attempt_id), ("browser", browser.browser_id)) + token_detail)
        return LoginResult(Outcome.CODE_REQUIRED, Reason.PASSWORD_OK, guard.say(Reason.PASSWORD_OK), "password", attempt)

    def submit(self, attempt: LoginAttempt, code: str, remember: bool = False) -> LoginResult:
        """The code step (LOG-2..4): one field for app, SMS and backup codes.

        With ``remember`` ticked, success also remembers the browser for the
        policy's lifetime (LOG-3, REM-1); when the policy turns remembering
        off, no token is issued. Refusals other than malformed input
        count toward the throttle; the attempt stays open for another try
        until it succeeds or the login step times out.

        Raises:
            InputTypeError: ``code`` is not a string, ``attempt`` is not a
                handle this portal gave out, or ``remember`` is not a bool.
        """
        opened = self._attempts.find(attempt)
        typed = Typed.of(code)
        if remember.__class__ is not bool:  # the quick test of a plain bool; anything else is checked in full
            remember = check_flag(remember, "remember")
        guard = self._guard
        user = opened.user if opened is not None else self._accounts.get(attempt.login)
        with user.lock:  # as Guard.hold: check and mark under the user's lock, the time taken under it
            now = guard.clock.now()
            closed = self._attempts.closed(attempt, now)
            if closed is None and user.totp is None:  # 2FA turned off meanwhile
                self._attempts.finish(attempt)
                closed = Reason.TWO_FACTOR_OFF
            if closed:
                guard.record(user.login, CODE_STEP, Outcome.EXPIRED, closed, "", (("attempt", attempt.attempt_id),))
                return LoginResult(Outcome.EXPIRED, closed, guard.say(closed))
            refused = guard.gate(user, CODE_STEP, now)
            if refused is None:
                # the code field's factors for this sign-in: the app, SMS codes once one was sent, the backup codes
                policy, sms, app = guard.policy, user.sms, user.totp
                context = _make(Context, (now, policy, self._entropy, attempt.attempt_id, ""))
                verdict = code_field.check(typed, context, app, app.digits, sms if sms.issued else None,
                                           policy.sms_code_digits, user.backup, user.throttle.capped(policy))
                refused = guard.judge(user, CODE_STEP, verdict, now)
            if refused:
                return refused.login_result(attempt)
            opened = self._attempts.find(attempt)
            self._attempts.finish(attempt)
            user.throttle.record_success()
            detail = verdict.detail + (("attempt", attempt.attempt_id),)
            if remember and guard.policy.remembers_devices:
                device, token = user.remembered.issue(self._context(now, browser_id=attempt.browser_id))
                opened.browser.set_cookie(REMEMBER_COOKIE, user.login, token)
                detail += (("remembered", device.device_id),)
            guard.record(user.login, CODE_STEP, Outcome.OK, Reason.ACCEPTED, verdict.factor, detail)
            if remember and guard.policy.remembers_devices:
                guard.notify(user.login, "new_remembered_device", (("browser", attempt.browser_id),))
            message, warning, codes = guard.say(Reason.ACCEPTED), "", ()
            if verdict.factor == "backup":
                message, warning, codes = self._after_backup_use(user, message, now)
        return LoginResult(Outcome.OK, Reason.ACCEPTED, message, verdict.factor, warning=warning, backup_codes=codes)

    def login(self, login: str, password: str, code: str | None, browser: Browser, remember: bool = False) -> LoginResult:
        """Both steps at once, for scripts. Arguments are checked before the
        password step, so a bad one changes nothing.

        Raises:
            InputTypeError: a non-string argument or a non-bool ``remember``.
        """
        if code is not None:
            require_text(code, "code")
        if remember.__class__ is not bool:
            remember = check_flag(remember, "remember")
        first = self.begin(login, password, browser)
        if first.outcome is not Outcome.CODE_REQUIRED or code is None:
            return first
        return self.submit(first.attempt, code, remember)

    def _context(self, now: float, attempt_id: int | None = None, browser_id: str = "") -> Context:
        return Context(now, self._guard.policy, self._entropy, attempt_id, browser_id)

    def _after_backup_use(self, user: User, message: str, now: float) -> tuple[str, str, tuple[str, ...]]:
        """Message, low-stock warning and (under REGENERATE) a new set after a
        backup code signed the user in (BAK-2)."""
        policy = self._guard.policy
        left = user.backup.remaining
        if left == 0 and policy.backup_exhausted is Exhaustion.REGENERATE:
            codes = user.backup.issue(self._context(now))
            self._guard.record(user.login, "backup.regenerate", Outcome.OK, Reason.ACCEPTED, "backup",
                               (("trigger", "last code used"), ("backup_codes", user.backup.total)))
            self._guard.notify(user.login, "backup_regenerated", (("trigger", "last code used"),))
            return (message + f" That was your last backup code. Here is a new set of {user.backup.total}: "
                    "save it now, it won't be shown again.", "", tuple(codes))
        message += f" You have {left} backup code{'s' if left != 1 else ''} left."
        warning = low_stock_warning(left, policy)
        if warning:
            self._guard.notify(user.login, "backup_low", (("left", left),))
        return message, warning, ()
