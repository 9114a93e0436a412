"""Throttling and lockout, per account (RFC 4226 §7.3; NIST SP 800-63B §5.2.2).

Every refused password or code, whatever the factor, counts toward one
account's consecutive failures; malformed input does not. Redoing the
password step does not reset the count: only a completed sign-in does.
Two mechanisms, each switched by the policy:

* lockout: after ``lockout_failures`` consecutive failures the account is
  locked for ``lockout_seconds`` (GitLab's 10 failures → 10 minutes);
* backoff: after the n-th failure the next attempt must wait
  ``backoff_seconds * 2**(n-1)`` seconds (django-otp's throttling).
"""

from __future__ import annotations

from .outcomes import Reason
from .policy import Policy


class Throttle:
    """One account's failure count and lock.

    Attributes:
        failures: consecutive failures since the last success or lockout.
        total_failures: all failures ever (for reports).
        lockouts: how many times the account was locked.
    """

    def __init__(self) -> None:
        self.failures = 0
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

    def record_failure(self, now: float, policy: Policy) -> bool:
        """Count one failure at ``now``; True when it locked the account."""
        self.failures += 1
        self.total_failures += 1
        if policy.backoff_seconds:
            self.next_allowed = now + policy.backoff_seconds * 2 ** (self.failures - 1)
        if policy.lockout_failures and self.failures >= policy.lockout_failures:
            self.locked_until = now + policy.lockout_seconds
            self.lockouts += 1
            self.failures = 0
            return True
        return False

    def record_success(self) -> None:
        """A completed sign-in: the consecutive count starts again."""
        self.failures = 0
        self.next_allowed = None

    def unlock(self) -> None:
        """Lift any lock and backoff and start counting again (a support reset)."""
        self.record_success()
        self.locked_until = None

    def __repr__(self) -> str:
        return f"Throttle(failures={self.failures}, locked_until={self.locked_until})"
