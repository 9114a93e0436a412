"""A portal user and everything the portal keeps about their second factors."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from .factors.backup import BackupCodes
from .factors.remembered import RememberedDevices
from .factors.sms import SmsCodes
from .factors.totp import TotpDevice
from .phone import CellPhone
from .throttle import Throttle


@dataclass(eq=False, slots=True)
class User:
    """One portal user.

    Attributes:
        login: the sign-in name (an email address in the seed portal).
        name: the display name shown in the menu.
        password_hash: salted PBKDF2 hash, never the password.
        totp: the confirmed authenticator app, or None (2FA off).
        pending: an authenticator app whose enrolment is not yet confirmed.
        backup: the current set of backup codes, or None.
        remembered: remembered browsers.
        throttle: failure count and lock.
        cell_phone: the confirmed cell phone sign-in codes go to, or None.
        pending_phone: a new number saved but not yet confirmed, or None.
        sms: SMS codes sent for sign-ins.
        phone_check: confirmation codes sent to ``pending_phone``.
        lock: held around every check-and-mark of this user's factors and
            sign-ins, so single use does not rest on the interpreter's lock.

    This is the engine's own, mutable record: pages and notebooks read a
    :class:`~twofa_sim.views.AccountView` instead.
    """

    login: str
    name: str
    password_hash: str = field(repr=False)
    totp: TotpDevice | None = field(default=None, repr=False)
    pending: TotpDevice | None = field(default=None, repr=False)
    backup: BackupCodes | None = field(default=None, repr=False)
    remembered: RememberedDevices = field(default_factory=RememberedDevices, repr=False)
    throttle: Throttle = field(default_factory=Throttle, repr=False)
    cell_phone: CellPhone | None = field(default=None, repr=False)
    sms: SmsCodes = field(default_factory=SmsCodes, repr=False)
    pending_phone: CellPhone | None = field(default=None, repr=False)
    phone_check: SmsCodes = field(default_factory=SmsCodes, repr=False)
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)

    @property
    def two_factor(self) -> str:
        """``"on"``, ``"enrolling"`` or ``"off"``."""
        if self.totp is not None:
            return "on"
        return "enrolling" if self.pending is not None else "off"
