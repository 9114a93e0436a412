"""Throttling, lockout and the cap on second-factor guesses, per account
(RFC 4226 §7.3; NIST SP 800-63B §5.2.2).

Every refused password or code counts toward one account's run of
consecutive failures; malformed input does not. Redoing the password step
does not reset the run: only a completed sign-in does. Two mechanisms act
on that run, each switched by the policy:

* lockout: after ``lockout_failures`` failures in a run the account is
  locked for ``lockout_seconds`` (GitLab's 10 failures → 10 minutes), and
  a new run starts;
* backoff: after the n-th failure of a run the next attempt must wait
  ``backoff_seconds * 2**(n-1)`` seconds (django-otp's throttling).

Waiting out locks must not give unbounded guesses (NIST SP 800-63B §5.2.2,
rev 3: no more than 100 consecutive failed attempts), so second-factor
failures are also counted apart, across lockouts, until a completed
sign-in: app and SMS codes together, backup codes on their own. At
``code_failure_cap`` app and SMS codes are no longer checked; a backup code
(its own failures capped the same way) or a support reset restores them.
Wrong passwords count only toward the lockout run, so knowing a login is
not enough to cut its user off.
"""

from __future__ import annotations

from functools import lru_cache

from .outcomes import Reason
from .errors import InputTypeError
from .policy import Policy, require_policy

#: Kinds of failure: which counters a refusal adds to.
PASSWORD, CODE, BACKUP = "password", "code", "backup"

#: What :meth:`Throttle.capped` answers, by (app and SMS codes capped, backup codes capped).
_CAPPED = {(False, False): frozenset(), (True, False): frozenset({"totp", "sms"}),
           (False, True): frozenset({"backup"}), (True, True): frozenset({"totp", "sms", "backup"})}
_NONE_CAPPED = _CAPPED[False, False]

#: A factor whose refusals are failures of each kind (:meth:`Throttle.record_failure`).
_FACTOR_OF_KIND = {CODE: "totp", BACKUP: "backup", PASSWORD: "password"}


def failure_kind(factor: str) -> str:
    """The kind of a refusal by ``factor`` ("totp", "sms", "backup",
    "password", or several joined by "/"): BACKUP, CODE or PASSWORD."""
    if not isinstance(factor, str):
        raise InputTypeError(f"factor must be text (str), not {type(factor).__name__}")
    return _kind(factor)


@lru_cache(maxsize=64)  # a handful of factor names recur: "totp", "sms", "totp/sms", "backup", "password"
def _kind(factor: str) -> str:
    names = set(factor.split("/"))
    if names & {"totp", "sms"}:
        return CODE
    return BACKUP if "backup" in names else PASSWORD


class Throttle:
    """One account's failure counts and lock.

    Attributes:
        failures: failures in the current lockout run.
        code_failures: consecutive app and SMS code failures since the last
            completed sign-in (not reset by a lockout).
        backup_failures: consecutive backup-code failures, likewise.
        total_failures: all failures ever (for reports).
        lockouts: how many times the account was locked.
    """

    __slots__ = ("failures", "code_failures", "backup_failures", "total_failures", "lockouts", "locked_until",
                 "next_allowed")

    def __init__(self) -> None:
        self.failures = 0
        self.code_failures = 0
        self.backup_failures = 0
        self.total_failures = 0
        self.lockouts = 0
        self.locked_until: float | None = None
        self.next_allowed: float | None = None

    def blocked(self, now: float) -> tuple[Reason, float] | None:
        """``(reason, seconds to wait)`` when an attempt at ``now`` must be
        refused unchecked, else None."""
        if self.locked_until is not None and now < self.locked_until:
            return Reason.LOCKED_OUT, self.locked_until - now
        if self.next_allowed is not None and now < self.next_allowed:
            return Reason.BACKOFF, self.next_allowed - now
        return None

    def capped(self, policy: Policy) -> frozenset[str]:
        """The factors no longer checked: {"totp", "sms"} once app and SMS
        failures reach ``policy.code_failure_cap``, and {"backup"} once
        backup failures do (empty when the policy sets no cap)."""
        cap = (policy if isinstance(policy, Policy) else require_policy(policy)).code_failure_cap
        if not cap or (self.code_failures < cap and self.backup_failures < cap):  # the usual case: none capped
            return _NONE_CAPPED
        return _CAPPED[self.code_failures >= cap, self.backup_failures >= cap]

    def record_failure(self, now: float, policy: Policy, kind: str = PASSWORD) -> bool:
        """Count one failure of ``kind`` at ``now``; True when it locked the account
        (:meth:`record_refusal` by a factor of that kind)."""
        return self.record_refusal(now, policy, _FACTOR_OF_KIND.get(kind, PASSWORD))[0]

    def record_refusal(self, now: float, policy: Policy, factor: str) -> tuple[bool, frozenset[str]]:
        """Count one refusal by ``factor`` (a factor's name, or several joined
        by "/") at ``now`` as one failure of its kind (:func:`failure_kind`);
        returns whether it locked the account and the factors it newly capped
        (empty when none). Counts rise one at a time, so a kind is newly
        capped exactly when its count reaches ``policy.code_failure_cap``."""
        kind = _kind(factor)
        self.failures += 1
        self.total_failures += 1
        if kind == CODE:
            self.code_failures += 1
        elif kind == BACKUP:
            self.backup_failures += 1
        if policy.backoff_seconds:
            self.next_allowed = now + policy.backoff_seconds * 2 ** (self.failures - 1)
        if policy.lockout_failures and self.failures >= policy.lockout_failures:
            self.locked_until = now + policy.lockout_seconds
            self.lockouts += 1
            self.failures = 0
            locked = True
        else:
            locked = False
        cap = policy.code_failure_cap
        if not cap or kind == PASSWORD:
            return locked, _CAPPED[False, False]
        if kind == CODE:
            return locked, _CAPPED[True, False] if self.code_failures == cap else _CAPPED[False, False]
        return locked, _CAPPED[False, True] if self.backup_failures == cap else _CAPPED[False, False]

    def record_success(self) -> None:
        """A completed sign-in: every consecutive count starts again."""
        self.failures = self.code_failures = self.backup_failures = 0
        self.next_allowed = None

    def unlock(self) -> None:
        """Lift any lock, backoff and cap and start counting again (a support reset)."""
        self.record_success()
        self.locked_until = None

    def __repr__(self) -> str:
        return (f"Throttle(failures={self.failures}, code_failures={self.code_failures}, "
                f"backup_failures={self.backup_failures}, locked_until={self.locked_until})")
