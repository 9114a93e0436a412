"""What portal actions return: typed results with an outcome, an exact
reason (as audited) and a message fit to show the person."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import NamedTuple

from .outcomes import Outcome, Reason
from .provisioning import Provisioning


@dataclass(frozen=True, slots=True)
class LoginAttempt:
    """The handle of a sign-in between the password step and the code step.

    Read-only: the portal keeps the attempt's state itself and accepts only
    the very handle it gave out, so a caller cannot move an attempt to
    another user, restart its clock or reopen it.

    Attributes:
        attempt_id: a number unique within the portal.
        login: whose sign-in it is.
        browser_id: the browser it happens in.
        started_at: when the password step passed (UTC epoch seconds).
    """

    attempt_id: int
    login: str
    browser_id: str
    started_at: float


class LoginResult(NamedTuple):
    """The answer to a password step or a code step (an immutable named tuple:
    quick to make, one per step).

    Attributes:
        outcome: OK (signed in), CODE_REQUIRED, REFUSED, MALFORMED, LOCKED, EXPIRED.
        reason: the exact reason, as audited.
        message: what the login page shows.
        factor: the factor that decided ("password", "totp", "backup", "remembered").
        attempt: the pending attempt when ``outcome`` is CODE_REQUIRED (or a
            refusal that leaves it open), else None.
        wait_seconds: for LOCKED, how long until the next try is allowed.
        warning: a caution to show after signing in (backup codes running low).
        backup_codes: a new set issued at sign-in, to be shown once (when the
            last backup code was used under ``Exhaustion.REGENERATE``).
    """

    outcome: Outcome
    reason: Reason
    message: str
    factor: str = ""
    attempt: LoginAttempt | None = None
    wait_seconds: float | None = None
    warning: str = ""
    backup_codes: tuple[str, ...] = ()

    @property
    def signed_in(self) -> bool:
        """True when the person is now signed in."""
        return self.outcome is Outcome.OK

    def __repr__(self) -> str:
        """Every field but the attempt handle and the backup codes (shown once, on purpose)."""
        return (f"LoginResult(outcome={self.outcome!r}, reason={self.reason!r}, message={self.message!r}, "
                f"factor={self.factor!r}, wait_seconds={self.wait_seconds!r}, warning={self.warning!r})")


@dataclass(frozen=True)
class EnrolmentStart:
    """What the 2-Factor Auth page shows after the switch is turned ON (ENR-2).

    The provisioning URI holds the secret, so it is not part of the repr;
    read :attr:`uri` or call :meth:`qr_png` deliberately.
    """

    login: str
    provisioning: Provisioning = field(repr=False)
    uri: str = field(repr=False)

    def qr_png(self, box_size: int = 6) -> bytes:
        """The QR code of :attr:`uri` as PNG bytes."""
        from .qr import render_png

        return render_png(self.uri, box_size=box_size)


@dataclass(frozen=True, slots=True)
class ActionResult:
    """The answer to an account change (confirm enrolment, turn 2FA off,
    regenerate backup codes, change password, revoke a device).

    Attributes:
        outcome: OK, REFUSED, MALFORMED or LOCKED.
        reason: the exact reason, as audited.
        message: what the page shows.
        backup_codes: new backup codes, to be shown once (hidden from repr).
        deleted: what the change removed, in words (for turning 2FA off).
        warning: a caution to show beside the message ("" when none).
        wait_seconds: for LOCKED or a refused SMS send, how long to wait.
        kind: for a refused cell phone number, why in one short word
            ("letters", "invalid", "fixed line", ...; see
            :class:`~twofa_sim.phone.PhoneNumberError`); else "".
    """

    outcome: Outcome
    reason: Reason
    message: str
    backup_codes: tuple[str, ...] = field(default=(), repr=False)
    deleted: tuple[str, ...] = ()
    warning: str = ""
    wait_seconds: float | None = None
    kind: str = ""

    @property
    def ok(self) -> bool:
        """True when the change was made."""
        return self.outcome is Outcome.OK


@dataclass(frozen=True, slots=True)
class UserStatus:
    """A user's 2FA state at a glance (no secrets).

    Attributes:
        login, name: who.
        two_factor: "off", "enrolling" or "on".
        backup_remaining, backup_total: backup codes left / issued (0 / 0 when none).
        remembered_devices: active remembered browsers.
        consecutive_failures: failures counted toward lockout.
        locked_for: seconds until unlocked (0 when not locked).
        cell_phone: the cell phone in international form ("" when none).
        learned_drift: the learned offset of the user's app in time steps
            (RFC 6238 §6), or None while 2FA is off.
        code_failures, backup_failures: consecutive second-factor failures
            since the last completed sign-in, across lockouts (app and SMS
            codes; backup codes).
    """

    login: str
    name: str
    two_factor: str
    backup_remaining: int
    backup_total: int
    remembered_devices: int
    consecutive_failures: int
    locked_for: float
    cell_phone: str = ""
    learned_drift: int | None = None
    code_failures: int = 0
    backup_failures: int = 0

    def to_frame(self):
        """The status as a one-row pandas DataFrame."""
        import pandas as pd

        return pd.DataFrame([dataclasses.asdict(self)])
