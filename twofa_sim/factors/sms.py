"""SMS codes: random out-of-band codes with a lifetime from their issue time
(NIST SP 800-63B §5.1.3.2: at least 6 digits, valid at most 10 minutes,
single use).

A code is valid while ``now < issued + lifetime``: it starts when it is
issued, not at a 30 s step boundary. A resend (after the cooldown) issues a
new code and the older one stops working. Each code is bound to the sign-in
that asked for it (OWASP ASVS 5.0 6.6.2) and stored only as a salted hash.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..entropy import Entropy
from ..hashing import hash_value, verify_value
from ..normalise import Typed
from ..outcomes import Reason, Verdict
from ..policy import Policy
from .base import Context

FACTOR = "sms"
HISTORY = 10


@dataclass(slots=True)
class _Issued:
    hashed: str
    attempt_id: int
    issued_at: float
    expires_at: float
    used_at: float | None = None
    superseded: bool = False


class SmsCodes:
    """One user's SMS codes: the current one and a short history.

    Implements :class:`~twofa_sim.factors.base.Factor`.
    """

    __slots__ = ("_issued",)
    name = FACTOR

    def __init__(self) -> None:
        self._issued: list[_Issued] = []

    def issue(self, context: Context) -> str:
        """A new code for sign-in ``context.attempt_id``; earlier codes stop working.

        Returns:
            The plain code (``policy.sms_code_digits`` digits, for the text
            message only; it is not kept).
        """
        policy, entropy, now = context.policy, context.entropy, context.now
        code = str(entropy.randbelow(10**policy.sms_code_digits)).zfill(policy.sms_code_digits)
        for old in self._issued:
            old.superseded = True
        self._issued.append(_Issued(hash_value(code, entropy, policy.hash_cost), context.attempt_id, now,
                                    now + policy.sms_code_seconds))
        del self._issued[:-HISTORY]
        return code

    def cooldown_left(self, now: float, policy: Policy) -> float:
        """Seconds until another code may be sent (0 when it may be now)."""
        if not self._issued:
            return 0.0
        return max(0.0, self._issued[-1].issued_at + policy.sms_resend_cooldown_seconds - now)

    @staticmethod
    def mark_used(entry: _Issued, now: float) -> None:
        """Mark one code used at ``now``. The caller holds the user's lock from check to here."""
        entry.used_at = now

    def stored(self) -> tuple[str, ...]:
        """What the portal stores for each kept code: its salted PBKDF2 hash,
        oldest first (for tests and audits of storage; never a plain code)."""
        return tuple(entry.hashed for entry in self._issued)

    @property
    def issued(self) -> int:
        """How many codes are in the history."""
        return len(self._issued)

    def verify(self, typed: Typed, context: Context) -> Verdict:
        """Check an SMS code (``typed.code``, already of the right shape)
        typed in sign-in ``context.attempt_id`` at ``context.now``.

        Every kept hash is checked. Reasons: ACCEPTED; SMS_EXPIRED (the current
        code, too late: the person is offered a resend); SUPERSEDED (an older
        code after a resend); SMS_USED; OTHER_ATTEMPT (a code sent for
        another sign-in, or typed outside a sign-in); WRONG_CODE.
        """
        code, now, attempt_id = typed.code, context.now, context.attempt_id
        hits = [entry for entry in self._issued if verify_value(code, entry.hashed)]
        if not hits:
            return Verdict(False, Reason.WRONG_CODE, FACTOR)
        entry = hits[-1]
        age = (("age_s", round(now - entry.issued_at)),)
        if entry.used_at is not None:
            return Verdict(False, Reason.SMS_USED, FACTOR, detail=age)
        if entry.superseded:
            return Verdict(False, Reason.SUPERSEDED, FACTOR, detail=age)
        if entry.attempt_id != attempt_id:
            return Verdict(False, Reason.OTHER_ATTEMPT, FACTOR, detail=age)
        if now >= entry.expires_at:
            return Verdict(False, Reason.SMS_EXPIRED, FACTOR, detail=age)
        self.mark_used(entry, now)
        return Verdict(True, Reason.ACCEPTED, FACTOR, detail=age)

    def __repr__(self) -> str:
        return f"SmsCodes({len(self._issued)} issued, hashed)"
