"""The victim's world every attack runs against, and argument checks.

A world is a seeded portal (virtual clock from :data:`~twofa_sim.portal.DEFAULT_START`,
UTC epoch seconds) with one user, Alice, enrolled in two-factor
authentication; a day then passes. Attacks drive it through the portal's
public calls only.
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass, field

from ..app import AEGIS, AppProfile, AuthenticatorApp
from ..audit import AuditTrail
from ..bounds import DIGITS, number, shown
from ..browser import Browser
from ..clock import DeviceClock, VirtualClock
from ..demo import LOGIN, NAME, PASSWORD, PHONE_COUNTRY, PHONE_E164, PHONE_TYPED, Demo
from ..entropy import SeededEntropy
from ..errors import InputTypeError, SimulationError
from ..gateway import SmsGateway
from ..otp import totp
from ..outcomes import Reason
from ..policy import Policy
from ..portal import DEFAULT_START, Portal

HOUR, DAY = 3600, 86_400
#: Horizons of the guessing tables, in seconds of virtual time.
HORIZONS = {"1 hour": HOUR, "1 day": DAY, "30 days": 30 * DAY, "1 year": 365 * DAY}


def _policy(policy: object) -> Policy:
    if not isinstance(policy, Policy):
        raise InputTypeError(f"policy must be a Policy, not {type(policy).__name__}")
    return policy


def _positive(value: object, name: str, high: float) -> int | float:
    """``value`` as a plain int or float (:func:`~twofa_sim.bounds.number`) when above 0 and at most ``high``."""
    real = number(value)
    if real is None:
        raise InputTypeError(f"{name} must be a number, not {type(value).__name__}")
    if isinstance(real, float) and not math.isfinite(real):
        raise SimulationError(f"{name} must be a number above 0 and at most {high:g}, got {shown(real)}: "
                              "not a finite number")
    if not 0 < real <= high:  # compared, not converted: an int too big for a float
        raise SimulationError(f"{name} must be a number above 0 and at most {high:g}, got {shown(real)}")
    return real


def _profile(profile: object) -> AppProfile:
    if not isinstance(profile, AppProfile):
        raise InputTypeError(f"profile must be an AppProfile (such as AEGIS), not {type(profile).__name__}")
    return profile


class WatchedGateway(SmsGateway):
    """The SMS network, keeping the last text it took (so a simulation can
    read the code a text carries without searching the whole log)."""

    last = None

    def send(self, to: str, body: str, code: str = ""):
        """As :meth:`SmsGateway.send`; also remembers the message."""
        self.last = super().send(to, body, code)
        return self.last


@dataclass
class Victim:
    """Alice's side of a world: the portal, her credentials and her browser.

    ``code()`` is what her app shows now (computed from the enrolled key for
    the short codes a simulation-only policy allows, which no app scans).
    The key and backup codes are kept for the simulation only, never shown.
    """

    portal: Portal
    browser: Browser
    login: str = LOGIN
    password: str = field(default=PASSWORD, repr=False)
    key: bytes = field(default=b"", repr=False)
    backup_codes: tuple[str, ...] = field(default=(), repr=False)
    app: AuthenticatorApp | None = field(default=None, repr=False)
    phone_number: str = ""

    @property
    def clock(self) -> VirtualClock:
        """The portal's virtual clock."""
        return self.portal.clock

    def code(self, at: float | None = None) -> str:
        """The app code at ``at`` (default now), UTC epoch seconds."""
        p = self.portal.policy
        when = self.clock.now() if at is None else at
        return totp(self.key, when, p.period, p.digits, p.algorithm)

    @property
    def record(self):
        """The engine's record of Alice (throttle, factors)."""
        return self.portal.user(self.login)


def victim_world(policy: Policy, seed: int, keep_events: bool = False, scan: bool = False,
                 profile: AppProfile = AEGIS, phone: bool = False) -> Victim:
    """A fresh world: Alice enrolled, then a day passes.

    Args:
        keep_events: keep every audit event (default: counts only).
        scan: enrol as :meth:`Demo.create <twofa_sim.demo.Demo.create>` does,
            scanning the QR code with an app of ``profile`` (same draws, so
            the same secret as a demo of the same seed); needs 6 to 10 digits.
            Otherwise a known secret drawn from the seeded entropy is enrolled
            (works for the short codes of a simulation-only policy).
        phone: also save and confirm her cell phone (texts delivered without
            loss during the set-up; the network's usual settings afterwards).
    """
    entropy = SeededEntropy(seed)
    clock = VirtualClock(DEFAULT_START)
    portal = Portal(clock, entropy, policy, gateway=WatchedGateway(clock, entropy),
                    audit=AuditTrail(keep_events=keep_events))
    portal.add_user(LOGIN, PASSWORD, NAME)
    browser = Browser("alice-laptop")
    if scan and policy.digits >= DIGITS[0]:
        demo = Demo(portal, AuthenticatorApp(DeviceClock(portal.clock), profile), browser)
        demo.enrol()
        victim = Victim(portal, browser, key=portal.user(LOGIN).totp.secret.key, backup_codes=demo.backup_codes,
                        app=demo.app)
    else:
        secret = base64.b32encode(entropy.token_bytes(policy.secret_bits // 8)).decode().rstrip("=")
        portal.start_enrolment(LOGIN, secret=secret)
        victim = Victim(portal, browser, key=base64.b32decode(secret + "=" * (-len(secret) % 8)))
        result = portal.confirm_enrolment(LOGIN, victim.code())
        if not result.ok:
            raise SimulationError(f"the victim could not enrol under this policy ({result.reason.value})")
        victim.backup_codes = result.backup_codes
    if phone:
        _save_phone(victim)
    portal.clock.advance(DAY)
    return victim


def _save_phone(victim: Victim) -> None:
    portal = victim.portal
    previous = portal.gateway.configure(loss_rate=0.0)
    portal.clock.advance(portal.policy.period)  # a code not used at enrolment
    saved = portal.set_cell_phone(victim.login, PHONE_COUNTRY, PHONE_TYPED, password=victim.password,
                                  code=victim.code())
    if saved.reason is not Reason.PHONE_CODE_SENT:
        raise SimulationError(f"the victim's cell phone could not be saved ({saved.reason.value})")
    when = portal.gateway.next_delivery(PHONE_E164)
    if when is not None:
        portal.clock.set(when)
    text = portal.gateway.last
    confirmed = portal.confirm_cell_phone(victim.login, text.code)
    if not confirmed.ok:
        raise SimulationError(f"the victim's cell phone could not be confirmed ({confirmed.reason.value})")
    portal.gateway.configure(**{k: getattr(previous, k) for k in ("loss_rate",)})
    victim.phone_number = PHONE_E164


def told(portal, login: str, since: float, until: float | None = None) -> str:
    """The security notices ``login`` got by e-mail (the portal's outbox)
    from ``since`` (and before ``until``), oldest first and each kind once,
    e.g. "codes_capped"; "" when none: what the victim of an attack would
    have been told."""
    kinds = [n.kind for n in portal.outbox.to(login) if n.time >= since and (until is None or n.time < until)]
    return ", ".join(dict.fromkeys(kinds))
