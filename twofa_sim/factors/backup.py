"""Backup (recovery) codes: NIST SP 800-63B §5.1.2 look-up secrets.

Generated at enrolment, shown once, stored only as salted PBKDF2 hashes,
each usable once, in any order. Codes always hold a letter, so they can never
be mistaken for an app code in the portal's single code field.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..entropy import Entropy, choose
from ..errors import InputTypeError
from ..hashing import hash_value, verify_value
from ..normalise import Typed
from ..outcomes import Reason, Verdict
from ..policy import BACKUP_ALPHABET, Policy
from .base import Context

FACTOR = "backup"


@dataclass(slots=True)
class _Slot:
    hashed: str
    used_at: float | None = None


def format_code(raw: str, group: int) -> str:
    """``raw`` split into hyphen-joined groups of ``group`` symbols for display."""
    return "-".join(raw[i : i + group] for i in range(0, len(raw), group))


def is_low(remaining: int, policy: Policy) -> bool:
    """True when ``remaining`` unused codes are few enough to warn (BAK-2):
    at most ``policy.backup_low_warning``. The rule lives here once: the
    sign-in result and the 2-Factor Auth page's view both read it."""
    return remaining <= policy.backup_low_warning


def low_stock_warning(remaining: int, policy: Policy) -> str:
    """The caution shown right after a backup code signed in, or "" (BAK-2)."""
    if not is_low(remaining, policy):
        return ""
    if remaining == 0:
        return ("That was your last backup code. Generate new ones on the 2-Factor Auth page now: "
                "without them and without your phone, only support can reset two-factor authentication.")
    return f"Only {remaining} backup code{'s' if remaining != 1 else ''} left. Generate new ones soon."


def page_warning(remaining: int, policy: Policy) -> str:
    """The caution the 2-Factor Auth page shows beside the count, or ""."""
    if not is_low(remaining, policy):
        return ""
    return ("No backup codes left: generate new ones now." if remaining == 0
            else f"Only {remaining} left: generate new ones soon.")


class BackupCodes:
    """One user's set of backup codes, kept as salted hashes.

    Implements :class:`~twofa_sim.factors.base.Factor`. Use :meth:`generate`
    to make a set, :meth:`issue` to replace it; the plain codes are returned
    once and never kept.
    """

    __slots__ = ("_slots", "length", "issued_at")
    name = FACTOR

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
        codes = cls([], policy.backup_code_length, now)
        return codes, codes.issue(Context(now, policy, entropy))

    def issue(self, context: Context) -> list[str]:
        """Replace this set with a fresh one (the old codes stop working) and
        return the new plain codes, formatted for display, to be shown once."""
        policy, entropy = context.policy, context.entropy
        plain: list[str] = []
        while len(plain) < policy.backup_code_count:
            raw = choose(entropy, BACKUP_ALPHABET, policy.backup_code_length)
            if any(ch.isalpha() for ch in raw) and raw not in plain:
                plain.append(raw)
        self._slots = [_Slot(hash_value(raw, entropy, policy.hash_cost)) for raw in plain]
        self.length, self.issued_at = policy.backup_code_length, context.now
        return [format_code(raw, policy.backup_code_group) for raw in plain]

    @staticmethod
    def mark_used(slot: _Slot, now: float) -> None:
        """Mark one code used at ``now``. The caller holds the user's lock from check to here."""
        slot.used_at = now

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

    def well_formed(self, code: str) -> bool:
        """True when ``code`` (already folded: no blanks or hyphens, upper
        case) has this set's shape: :attr:`length` characters of
        :data:`BACKUP_ALPHABET`. The code field asks this before anything
        else, so malformed input is malformed whatever the throttle says.

        Raises:
            InputTypeError: ``code`` is not text.
        """
        if not isinstance(code, str):
            raise InputTypeError(f"code must be text (str), not {type(code).__name__}")
        return len(code) == self.length and all(ch in BACKUP_ALPHABET for ch in code)

    def verify(self, typed: Typed, context: Context) -> Verdict:
        """Redeem a backup code (``typed.backup``: case, hyphens and blanks
        already folded) at ``context.now`` (UTC epoch seconds).

        A code of the wrong shape for this set is refused as ``BAD_FORMAT``
        (not counted). Every stored hash is checked, so timing does not
        reveal which code matched. A match marks the code used; a used code
        is refused as ``ALREADY_USED``.
        """
        code, now = typed.backup, context.now
        if not self.well_formed(code):
            return Verdict(False, Reason.BAD_FORMAT, FACTOR, detail=(("length", len(code)),))
        hits = [slot for slot in self._slots if verify_value(code, slot.hashed)]
        if not hits:
            reason = Reason.WRONG_CODE if self.remaining else Reason.NO_CODES_LEFT
            return Verdict(False, reason, FACTOR, detail=(("remaining", self.remaining),))
        slot = hits[0]
        if slot.used_at is not None:
            return Verdict(False, Reason.ALREADY_USED, FACTOR, detail=(("remaining", self.remaining),))
        self.mark_used(slot, now)
        return Verdict(True, Reason.ACCEPTED, FACTOR, detail=(("remaining", self.remaining),))

    def __repr__(self) -> str:
        return f"BackupCodes({self.remaining} of {self.total} unused, hashed)"
