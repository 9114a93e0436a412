"""The portal's per-user state as arrays, and its rules restated on them for
the fast path.

Each rule mirrors the engine's and names where it is written; where a rule
is a pure function of numbers the engine's own function is called (the
look-around window and drift union from
:meth:`TotpDevice.candidate_steps <twofa_sim.factors.totp.TotpDevice.candidate_steps>`,
the send limits from :meth:`SmsLimits.from_policy <twofa_sim.sms_limits.SmsLimits.from_policy>`
and :data:`~twofa_sim.sms_limits.LIMITS`, the failure kind from
:func:`~twofa_sim.throttle.failure_kind`). Tests check every answer equal
to the engine's.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..clock import MAX_EPOCH
from ..factors.totp import TotpDevice
from ..otp import time_step
from ..outcomes import Reason
from ..policy import Exhaustion, Policy
from ..secret import SharedSecret
from ..sms_limits import LIMITS, SmsLimits
from ..throttle import BACKUP, CODE, failure_kind
from ._records import FACTORS, R

_NEVER = -np.inf

#: A time step far from the epoch, where no candidate step is negative.
_REFERENCE_STEP = 10**7


@lru_cache(maxsize=256)
def candidate_offsets(policy: Policy, drift: int) -> tuple[int, ...]:
    """The steps the engine tries, as offsets from the portal's step, for a
    device with learned ``drift`` (from the engine's own
    :meth:`TotpDevice.candidate_steps`: the window nearest first, then the
    drifted window, without repeats)."""
    device = TotpDevice(SharedSecret("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), policy.digits, policy.period, policy.algorithm)
    device.drift = drift
    now = float(_REFERENCE_STEP * policy.period)
    portal = time_step(now, policy.period)
    return tuple(step - portal for step in device.candidate_steps(now, policy))


def send_limits(policy: Policy, kept: int) -> list[tuple[float, int]]:
    """``(window seconds, limit)`` of each send limit a person can reach,
    in :data:`~twofa_sim.sms_limits.LIMITS` order (from
    :meth:`SmsLimits.from_policy`): not the portal-wide one (lifted), nor
    one above the ``kept`` newest send times."""
    limits = SmsLimits.from_policy(policy).limits
    return [(window, limits[name]) for name, (kind, window) in LIMITS.items()
            if limits.get(name, 0) and kind != "region" and limits[name] <= kept]


def failure_kinds() -> np.ndarray:
    """For each factor code, 1 when a refusal by it counts as an app/SMS
    code failure, 2 for a backup code, 0 for a password
    (:func:`~twofa_sim.throttle.failure_kind`)."""
    kinds = {CODE: 1, BACKUP: 2}
    return np.array([kinds.get(failure_kind(name), 0) for name in FACTORS], dtype=np.int8)


class State:
    """The portal's record of every user of a piece, as arrays.

    Args:
        n: users.
        policy: the portal's policy.
        enrolled_step: the time step of the first enrolment (every user's
            last accepted step at the start).
        ring: how many recent SMS send times to keep per user (the largest
            send limit that can bite).
    """

    def __init__(self, n: int, policy: Policy, enrolled_step: int, ring: int) -> None:
        self.policy = policy
        self.two_factor = np.ones(n, dtype=bool)
        self.version = np.zeros(n, dtype=np.int64)
        self.last_step = np.full(n, enrolled_step, dtype=np.int64)
        self.drift = np.zeros(n, dtype=np.int64)
        # throttle.py Throttle
        self.failures = np.zeros(n, dtype=np.int64)
        self.code_failures = np.zeros(n, dtype=np.int64)
        self.backup_failures = np.zeros(n, dtype=np.int64)
        self.lockouts = np.zeros(n, dtype=np.int64)
        self.locked_until = np.full(n, _NEVER)
        self.next_allowed = np.full(n, _NEVER)
        # factors/backup.py, factors/remembered.py (the browser's one cookie)
        self.backup_left = np.full(n, policy.backup_code_count, dtype=np.int64)
        self.cookie_expires = np.full(n, _NEVER)
        # factors/sms.py: the newest code (the one people type) and whether any was sent
        self.sms_sent_ever = np.zeros(n, dtype=bool)
        self.sms_issued_at = np.full(n, _NEVER)
        self.sms_expires_at = np.full(n, _NEVER)
        self.sms_code = np.zeros(n, dtype=np.int64)
        # sms_limits.py: the newest send times of each user's number and account (one key each)
        self.sends = np.full((n, max(ring, 1)), _NEVER)
        self.kinds = failure_kinds()
        self._send_limits = send_limits(policy, self.sends.shape[1])

    # ------------------------------------------------------------ throttle.py

    def blocked(self, users: np.ndarray, now: np.ndarray) -> np.ndarray:
        """Reason code of :meth:`Throttle.blocked` (LOCKED_OUT before BACKOFF), or -1."""
        locked = now < self.locked_until[users]
        backoff = ~locked & (now < self.next_allowed[users])
        return np.where(locked, R[Reason.LOCKED_OUT], np.where(backoff, R[Reason.BACKOFF], -1))

    def capped_codes(self, users: np.ndarray) -> np.ndarray:
        """Whether app and SMS codes are past ``code_failure_cap`` (:meth:`Throttle.capped`)."""
        cap = self.policy.code_failure_cap
        return np.zeros(len(users), dtype=bool) if not cap else self.code_failures[users] >= cap

    def capped_backup(self, users: np.ndarray) -> np.ndarray:
        """Whether backup codes are past ``code_failure_cap``."""
        cap = self.policy.code_failure_cap
        return np.zeros(len(users), dtype=bool) if not cap else self.backup_failures[users] >= cap

    def record_failure(self, users: np.ndarray, now: np.ndarray, factor: np.ndarray) -> None:
        """:meth:`Throttle.record_failure` for refusals by ``factor`` (codes)."""
        p = self.policy
        kind = self.kinds[factor]
        self.failures[users] += 1
        self.code_failures[users] += kind == 1
        self.backup_failures[users] += kind == 2
        if p.backoff_seconds:
            self.next_allowed[users] = now + p.backoff_seconds * 2.0 ** (self.failures[users] - 1)
        if p.lockout_failures:
            locking = self.failures[users] >= p.lockout_failures
            hit = users[locking]
            self.locked_until[hit] = now[locking] + p.lockout_seconds
            self.lockouts[hit] += 1
            self.failures[hit] = 0

    def record_success(self, users: np.ndarray) -> None:
        """:meth:`Throttle.record_success`: every consecutive count starts again."""
        self.failures[users] = 0
        self.code_failures[users] = 0
        self.backup_failures[users] = 0
        self.next_allowed[users] = _NEVER

    # --------------------------------------------------- attempts.py, remembered

    def expired(self, started: np.ndarray, now: np.ndarray) -> np.ndarray:
        """:meth:`Attempts.closed`: the login step timed out."""
        return now >= started + self.policy.login_step_seconds

    def remembered(self, users: np.ndarray, now: np.ndarray) -> np.ndarray:
        """The browser's token stands in for a code (:meth:`RememberedDevices.verify`)."""
        if not self.policy.remembers_devices:
            return np.zeros(len(users), dtype=bool)
        return now < self.cookie_expires[users]

    def remember(self, users: np.ndarray, now: np.ndarray) -> None:
        """:meth:`RememberedDevices.issue`: a token valid until ``min(now + lifetime, MAX_EPOCH)``."""
        if self.policy.remembers_devices:
            self.cookie_expires[users] = np.minimum(now + self.policy.remember_device_seconds, float(MAX_EPOCH))

    # ------------------------------------------------------------ backup codes

    def use_backup(self, users: np.ndarray) -> None:
        """One backup code used; under REGENERATE the last one brings a new set (``SignIn._after_backup_use``)."""
        self.backup_left[users] -= 1
        if self.policy.backup_exhausted is Exhaustion.REGENERATE:
            empty = users[self.backup_left[users] == 0]
            self.backup_left[empty] = self.policy.backup_code_count

    # -------------------------------------------------------------- SMS sends

    def send_refusal(self, users: np.ndarray, now: np.ndarray) -> np.ndarray:
        """Reason code why ``SmsSending.text_code`` would refuse a send now
        (the resend cooldown, then the send limits in
        :data:`~twofa_sim.sms_limits.LIMITS` order), or -1."""
        p = self.policy
        wait = (self.sms_issued_at[users] + p.sms_resend_cooldown_seconds) - now
        refused = np.where(self.sms_sent_ever[users] & (wait > 0), R[Reason.RESEND_COOLDOWN], -1)
        if self._send_limits:
            recent = self.sends[users]
            for window, limit in self._send_limits:
                over = (recent > (now - window)[:, None]).sum(axis=1) >= limit
                refused = np.where((refused < 0) & over, R[Reason.RATE_LIMITED], refused)
        return refused

    def record_send(self, users: np.ndarray, now: np.ndarray, codes: np.ndarray) -> None:
        """:meth:`SmsCodes.issue` and :meth:`SmsLimits.record`: the new code
        (valid until ``now + sms_code_seconds``) and the send time."""
        self.sms_sent_ever[users] = True
        self.sms_issued_at[users] = now
        self.sms_expires_at[users] = now + self.policy.sms_code_seconds
        self.sms_code[users] = codes
        self.sends[users] = np.concatenate([self.sends[users, 1:], now[:, None]], axis=1)

    # ------------------------------------------------------ 2FA off and on

    def support_reset(self, users: np.ndarray) -> None:
        """``AccountSettings.support_reset``: every device ended, 2FA off, the lock lifted."""
        self.cookie_expires[users] = _NEVER
        self.two_factor[users] = False
        self.backup_left[users] = 0
        self.record_success(users)
        self.locked_until[users] = _NEVER

    def enrol(self, users: np.ndarray, step: np.ndarray) -> None:
        """``Enrolment.confirm`` with the code of the portal's own ``step``: a
        new secret, that step used, no drift, a new set of backup codes."""
        self.version[users] += 1
        self.two_factor[users] = True
        self.last_step[users] = step
        self.drift[users] = 0
        self.record_success(users)
        self.backup_left[users] = self.policy.backup_code_count
        if self.policy.forget_on_2fa_change:
            self.cookie_expires[users] = _NEVER
