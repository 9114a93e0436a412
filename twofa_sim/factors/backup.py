"""Backup (recovery) codes: NIST SP 800-63B §5.1.2 look-up secrets.

Generated at enrolment, shown once, stored only as salted PBKDF2 hashes,
each usable once, in any order. Codes always hold a letter, so they can never
be mistaken for an app code in the portal's single code field.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..entropy import Entropy, choose
from ..hashing import hash_value, verify_value
from ..normalise import normalise_backup_code
from ..outcomes import Reason, Verdict
from ..policy import BACKUP_ALPHABET, Policy

FACTOR = "backup"


@dataclass
class _Slot:
    hashed: str
    used_at: float | None = None


def format_code(raw: str, group: int) -> str:
    """``raw`` split into hyphen-joined groups of ``group`` symbols for display."""
    return "-".join(raw[i : i + group] for i in range(0, len(raw), group))


class BackupCodes:
    """One set of backup codes, kept as salted hashes.

    Use :meth:`generate` to make a set; the plain codes are returned once and
    never kept.
    """

    def __init__(self, slots: list[_Slot], length: int, issued_at: float) -> None:
        self._slots = slots
        self.length = length
        self.issued_at = issued_at

    @classmethod
    def generate(cls, entropy: Entropy, policy: Policy, now: float) -> tuple["BackupCodes", list[str]]:
        """A new set and its plain codes (formatted for display, shown once).

        Count, length and grouping come from ``policy``; symbols from
        :data:`~twofa_sim.policy.BACKUP_ALPHABET`. A draw with no letter is
        drawn again, so no code is all digits.
        """
        plain = []
        while len(plain) < policy.backup_code_count:
            raw = choose(entropy, BACKUP_ALPHABET, policy.backup_code_length)
            if any(ch.isalpha() for ch in raw) and raw not in plain:
                plain.append(raw)
        slots = [_Slot(hash_value(raw, entropy, policy.hash_cost)) for raw in plain]
        return cls(slots, policy.backup_code_length, now), [format_code(raw, policy.backup_code_group) for raw in plain]

    @property
    def total(self) -> int:
        """How many codes the set had."""
        return len(self._slots)

    def stored(self) -> tuple[str, ...]:
        """What the portal stores for each code: its salted PBKDF2 hash, in
        issue order (for tests and audits of storage; never a plain code)."""
        return tuple(slot.hashed for slot in self._slots)

    @property
    def remaining(self) -> int:
        """How many codes are still unused."""
        return sum(slot.used_at is None for slot in self._slots)

    def check_shape(self, normalised: str) -> Verdict | None:
        """None when ``normalised`` could be a code of this set, else a refusal."""
        if not normalised:
            return Verdict(False, Reason.EMPTY, FACTOR)
        if len(normalised) != self.length or any(ch not in BACKUP_ALPHABET for ch in normalised):
            return Verdict(False, Reason.BAD_FORMAT, FACTOR, detail=(("length", len(normalised)),))
        return None

    def verify(self, typed: str, now: float) -> Verdict:
        """Redeem a typed backup code at ``now`` (UTC epoch seconds).

        The input is normalised (case, hyphens, blanks). Every stored hash is
        checked, so timing does not reveal which code matched. A match marks
        the code used; a used code is refused as ``ALREADY_USED``.
        """
        code = normalise_backup_code(typed)
        shape = self.check_shape(code)
        if shape is not None:
            return shape
        hits = [slot for slot in self._slots if verify_value(code, slot.hashed)]
        if not hits:
            reason = Reason.WRONG_CODE if self.remaining else Reason.NO_CODES_LEFT
            return Verdict(False, reason, FACTOR, detail=(("remaining", self.remaining),))
        slot = hits[0]
        if slot.used_at is not None:
            return Verdict(False, Reason.ALREADY_USED, FACTOR, detail=(("remaining", self.remaining),))
        slot.used_at = now
        return Verdict(True, Reason.ACCEPTED, FACTOR, detail=(("remaining", self.remaining),))

    def __repr__(self) -> str:
        return f"BackupCodes({self.remaining} of {self.total} unused, hashed)"
