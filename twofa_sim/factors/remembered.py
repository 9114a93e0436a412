"""Remembered devices ("Remember this device for 30 days").

Ticking the box issues a random 256-bit token bound to the user and a
browser id. The portal keeps only its SHA-256 fingerprint; the browser keeps
the token. A token is valid while ``now < issued + lifetime``.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from ..clock import MAX_EPOCH, to_datetime
from ..hashing import fingerprint
from ..normalise import Typed
from ..outcomes import Reason, Verdict
from .base import Context

FACTOR = "remembered"
TOKEN_BYTES = 32


@dataclass(slots=True)
class RememberedDevice:
    """One remembered browser.

    Attributes:
        device_id: a short public name ("device-1").
        browser_id: the browser it was issued to.
        issued_at, expires_at: UTC epoch seconds.
        revoked_at, revoked_reason: set when it was ended early.
    """

    device_id: str
    browser_id: str
    token_hash: str
    issued_at: float
    expires_at: float
    revoked_at: float | None = None
    revoked_reason: str | None = None

    def row(self, now: float) -> dict:
        """A table row without the token hash."""
        state = "revoked" if self.revoked_at is not None else ("expired" if now >= self.expires_at else "active")
        return {
            "device": self.device_id,
            "browser": self.browser_id,
            "issued": to_datetime(self.issued_at),
            "expires": to_datetime(self.expires_at),
            "state": state,
            "ended_by": self.revoked_reason or "",
        }

    def __repr__(self) -> str:
        return f"RememberedDevice({self.device_id}, browser={self.browser_id!r}, token hidden)"


class RememberedDevices:
    """One user's remembered browsers.

    Implements :class:`~twofa_sim.factors.base.Factor`: the "typed" input is
    the token the browser presents from its cookie.
    """

    __slots__ = ("_devices", "_issued")
    name = FACTOR

    def __init__(self) -> None:
        self._devices: list[RememberedDevice] = []
        self._issued = 0

    def issue(self, context: Context) -> tuple[RememberedDevice, str]:
        """Remember ``context.browser_id`` from ``context.now`` for the
        policy's ``remember_device_seconds``.

        Returns:
            The device record and the plain token (for the browser's cookie).
        """
        now = context.now
        token = context.entropy.token_bytes(TOKEN_BYTES).hex()
        self._issued += 1
        expires = min(now + context.policy.remember_device_seconds, MAX_EPOCH)  # stays a representable time
        device = RememberedDevice(f"device-{self._issued}", context.browser_id, fingerprint(token), now, expires)
        self._devices.append(device)
        return device, token

    def verify(self, typed: Typed, context: Context) -> Verdict:
        """Does the token ``typed.raw``, presented by ``context.browser_id``,
        still stand in for a code at ``context.now``?"""
        browser_id, now = context.browser_id, context.now
        digest = fingerprint(typed.raw)
        for device in self._devices:
            if hmac.compare_digest(device.token_hash, digest) and device.browser_id == browser_id:
                detail = (("device", device.device_id),)
                if device.revoked_at is not None:
                    return Verdict(False, Reason.TOKEN_REVOKED, FACTOR, detail=detail)
                if now >= device.expires_at:
                    return Verdict(False, Reason.TOKEN_EXPIRED, FACTOR, detail=detail)
                return Verdict(True, Reason.REMEMBERED_DEVICE, FACTOR, detail=detail)
        return Verdict(False, Reason.TOKEN_UNKNOWN, FACTOR)

    def knows(self, device_id: str) -> bool:
        """True when ``device_id`` names one of these devices (active or not)."""
        return any(d.device_id == device_id for d in self._devices)

    def revoke(self, device_id: str, now: float, reason: str) -> bool:
        """End one device early; False when it is unknown or already ended."""
        for device in self._devices:
            if device.device_id == device_id and device.revoked_at is None and now < device.expires_at:
                device.revoked_at, device.revoked_reason = now, reason
                return True
        return False

    def revoke_all(self, now: float, reason: str) -> int:
        """End every active device; returns how many were ended."""
        count = 0
        for device in self._devices:
            if device.revoked_at is None and now < device.expires_at:
                device.revoked_at, device.revoked_reason = now, reason
                count += 1
        return count

    def active(self, now: float) -> list[RememberedDevice]:
        """Devices neither revoked nor expired at ``now``."""
        return [d for d in self._devices if d.revoked_at is None and now < d.expires_at]

    def rows(self, now: float) -> list[dict]:
        """Every device as a table row (no token material)."""
        return [d.row(now) for d in self._devices]

    def __repr__(self) -> str:
        return f"RememberedDevices({len(self._devices)} issued)"
