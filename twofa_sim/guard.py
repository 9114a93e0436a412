"""The guard: the one rule every checked action of the portal follows.

For a user's action (a password, a code, a re-authentication):

1. hold the user's lock (check-and-mark is never split between threads);
2. the throttle gate: while locked out or in backoff, the action is refused
   unchecked (``LOCKED``), audited with the wait;
3. the verdict: malformed input is refused without counting
   (``MALFORMED``); any other refusal counts one failure toward lockout and,
   for codes, toward the second-factor cap (``REFUSED``, and the message
   says so when it locked the account or reached the cap); a capped code
   step is refused unchecked (``LOCKED``); NIST SP 800-63B §5.2.2,
   RFC 4226 §7.3;
4. one audit event per action, never a secret;
5. a typed result (:class:`Refusal`, turned into the service's result type).

Services call :meth:`Guard.hold`, :meth:`Guard.gate` and
:meth:`Guard.judge`, then audit their success with :meth:`Guard.record`.
"""

from __future__ import annotations

from typing import ContextManager, NamedTuple

from .audit import AuditTrail
from .clock import Clock
from .messages import PLAIN_MESSAGES, say
from .outcomes import MALFORMED_REASONS, Outcome, Reason, Verdict
from .policy import Policy
from .results import ActionResult, LoginAttempt, LoginResult
from .outbox import Notice, Outbox

#: Refusals of a code that was right but already used: the user is told (NIST SP 800-63B §5.1.4.2).
REUSED = frozenset({Reason.REPLAYED, Reason.ALREADY_USED, Reason.SMS_USED})
from .user import User

#: Members the code step's path reads, bound once (an enum's class attribute is slow to look up).
_REFUSED_OUTCOME, _CODES_CAPPED = Outcome.REFUSED, Reason.CODES_CAPPED
_REFUSED = _REFUSED_OUTCOME._value_

#: Makes a named tuple from every field's value, without its Python-level constructor (on the code step's path).
_make = tuple.__new__


class Refusal(NamedTuple):
    """Why an action stopped, in the shape every result shares (an immutable
    named tuple: quick to make, one per refusal).

    Attributes:
        outcome: REFUSED, MALFORMED, LOCKED or EXPIRED.
        reason: the exact reason, as audited.
        message: what the page shows.
        factor: which factor answered ("" when none).
        wait_seconds: for LOCKED, seconds until the next try is allowed.
    """

    outcome: Outcome
    reason: Reason
    message: str
    factor: str = ""
    wait_seconds: float | None = None

    def login_result(self, attempt: LoginAttempt | None = None) -> LoginResult:
        """As the answer to a sign-in step (``attempt`` stays open for another try)."""
        return _make(LoginResult, (self.outcome, self.reason, self.message, self.factor, attempt, self.wait_seconds,
                                   "", ()))

    def action_result(self) -> ActionResult:
        """As the answer to an account change."""
        return ActionResult(self.outcome, self.reason, self.message, wait_seconds=self.wait_seconds)


class _Held:
    """A user's lock, held for one action; entering gives the clock's time."""

    __slots__ = ("_user", "_clock")

    def __init__(self, user: User, clock: Clock) -> None:
        self._user, self._clock = user, clock

    def __enter__(self) -> float:
        self._user.lock.__enter__()
        try:
            return self._clock.now()
        except BaseException:
            self._user.lock.__exit__(None, None, None)
            raise

    def __exit__(self, *exc: object) -> None:
        self._user.lock.__exit__(*exc)


class Guard:
    """Throttle gate, counted-or-malformed, audit and result, written once.

    Args:
        clock: the portal's clock (UTC epoch seconds).
        policy: the portal's policy (lockout and backoff settings).
        audit: the portal's audit trail.
    """

    def __init__(self, clock: Clock, policy: Policy, audit: AuditTrail, outbox: Outbox | None = None) -> None:
        self.clock = clock
        self.policy = policy
        self.audit = audit
        self.outbox = outbox if outbox is not None else Outbox()

    def hold(self, user: User) -> ContextManager[float]:
        """Hold ``user``'s lock: ``with guard.hold(user) as now:`` gives the
        time the action happens at (UTC epoch seconds), taken under the lock."""
        return _Held(user, self.clock)

    def record(self, login: str, action: str, outcome: Outcome, reason: Reason, factor: str = "",
               details: tuple = ()) -> None:
        """Append one audit event at the clock's time (details never hold a secret)."""
        self.audit._append(self.clock.now(), login, action, outcome._value_, reason._value_, factor, details)

    def notify(self, login: str, kind: str, details: tuple = ()) -> None:
        """E-mail ``login`` a security notice of ``kind`` (recorded in the outbox; never a secret)."""
        self.outbox.send(Notice(self.clock.now(), login, kind, details))

    def say(self, reason: Reason, wait: float = 0.0, app_only: bool = False, **facts: object) -> str:
        """The message for ``reason`` under this policy."""
        return say(reason, self.policy.digits, wait, app_only, **facts)

    def gate(self, user: User, action: str, now: float, factor: str = "") -> Refusal | None:
        """A LOCKED refusal (audited) while the throttle blocks ``user`` at ``now``, else None."""
        blocked = user.throttle.blocked(now)
        if not blocked:
            return None
        reason, wait = blocked
        self.record(user.login, action, Outcome.LOCKED, reason, factor, (("wait_s", round(wait)),))
        return Refusal(Outcome.LOCKED, reason, self.say(reason, wait), factor, wait)

    def judge(self, user: User, action: str, verdict: Verdict, now: float, *,
              counted: bool | None = None, app_only: bool = False, **facts: object) -> Refusal | None:
        """None when ``verdict`` accepts; else the audited refusal.

        Args:
            counted: whether the refusal counts toward lockout (default: not
                when the input was malformed).
            app_only, facts: for the message.
        """
        if verdict.accepted:
            return None
        if verdict.reason is _CODES_CAPPED:  # nothing was checked: the code step is capped
            self.record(user.login, action, Outcome.LOCKED, verdict.reason, verdict.factor, verdict.detail)
            return Refusal(Outcome.LOCKED, verdict.reason, self._capped_message(user), verdict.factor)
        reason, factor = verdict.reason, verdict.factor
        if not (reason not in MALFORMED_REASONS if counted is None else counted):
            self.record(user.login, action, Outcome.MALFORMED, reason, factor, verdict.detail)
            return Refusal(Outcome.MALFORMED, reason, self.say(reason, app_only=app_only, **facts), factor)
        throttle, policy = user.throttle, self.policy
        locked_now, newly_capped = throttle.record_refusal(now, policy, factor)
        failures = policy.lockout_failures if locked_now else throttle.failures
        detail = verdict.detail + (("failures", failures),)
        if locked_now:
            detail += (("locked_for_s", policy.lockout_seconds),)
        if newly_capped:
            detail += (("capped", "/".join(sorted(newly_capped))),)
        self.audit._append(now, user.login, action, _REFUSED, reason._value_, factor, detail)  # the action's time
        if reason in REUSED:
            self.notify(user.login, "code_reused", (("factor", factor),))
        if newly_capped:
            self.notify(user.login, "codes_capped", (("capped", "/".join(sorted(newly_capped))),))
            message = self._capped_message(user)
        elif locked_now:
            message = self.say(Reason.LOCKED_OUT, policy.lockout_seconds)
        else:  # a message with nothing to fill in is taken as it is
            message = None if facts else PLAIN_MESSAGES.get(reason)
            if message is None:
                message = say(reason, policy.digits, 0.0, app_only, **facts)
        return _make(Refusal, (_REFUSED_OUTCOME, reason, message, factor, None))

    def _capped_message(self, user: User) -> str:
        """What the person is told once a kind of code is capped."""
        capped = user.throttle.capped(self.policy)
        if "totp" in capped and "backup" not in capped:
            what, way_out = "codes from your app and SMS codes", "Sign in with a backup code, or contact support."
        elif "backup" in capped and "totp" not in capped:
            what, way_out = "backup codes", "Sign in with a code from your app, or contact support."
        else:
            what, way_out = "codes", "Contact support to reset two-factor authentication."
        return self.say(Reason.CODES_CAPPED, capped=what, way_out=way_out)

    def __repr__(self) -> str:
        return f"Guard(policy={self.policy.name!r}, {len(self.audit)} audit events)"
