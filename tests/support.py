"""Shared set-up for the engine tests: portals with an enrolled user.

Everything goes through the public API (add_user, start_enrolment,
confirm_enrolment, login). Time comes from the portal's VirtualClock and
randomness from SeededEntropy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from twofa_sim import AEGIS, AuthenticatorApp, Browser, DeviceClock, Outcome, Portal
from twofa_sim.otp import totp
from twofa_sim.policy import Policy
from twofa_sim.presets import SEED_PORTAL
from twofa_sim.secret import SharedSecret, import_secret

#: RFC 6238 Appendix B's SHA1 key b"12345678901234567890" in base32.
RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
RFC_KEY = b"12345678901234567890"

LOGIN = "alice@example.com"
PASSWORD = "correct horse battery staple"
DAY = 86400

#: The seed portal with a fixed look-around window (no drift learning).
FIXED_WINDOW = SEED_PORTAL.replace(drift_learning=False)


@dataclass
class Enrolled:
    """A portal with one user whose 2FA is on."""

    portal: Portal
    login: str
    password: str
    secret: SharedSecret
    backup_codes: tuple[str, ...]
    app: AuthenticatorApp | None = None
    browser: Browser = field(default_factory=lambda: Browser("alice-laptop"))

    @property
    def clock(self):
        return self.portal.clock

    def code_at(self, epoch: float) -> str:
        """The correct app code at ``epoch`` by the portal's own settings."""
        p = self.portal.policy
        return totp(self.secret.key, epoch, p.period, p.digits, p.algorithm)

    def login_with(self, code: str | None, browser: Browser | None = None, remember: bool = False):
        return self.portal.login(self.login, self.password, code, browser or self.browser, remember)


def enrol_known_secret(portal: Portal, login: str = LOGIN, password: str = PASSWORD,
                       secret_text: str = RFC_SECRET) -> Enrolled:
    """Add ``login`` and enrol it *now* with a known secret (RFC 6238's by default).

    Goes through start_enrolment(secret=...) / confirm_enrolment.
    """
    portal.add_user(login, password, login.split("@")[0].title())
    portal.start_enrolment(login, secret=secret_text)
    p = portal.policy
    secret = import_secret(secret_text)
    code = totp(secret.key, portal.clock.now(), p.period, p.digits, p.algorithm)
    result = portal.confirm_enrolment(login, code)
    assert result.outcome is Outcome.OK, result
    return Enrolled(portal, login, password, secret, result.backup_codes)


def rfc_user_at(login_time: float, policy: Policy = FIXED_WINDOW, seed: int = 0) -> Enrolled:
    """A portal whose user enrolled the RFC secret one day before ``login_time``;
    the portal clock is then moved to ``login_time``."""
    portal = Portal.simulated(seed=seed, start=login_time - DAY, policy=policy)
    enrolled = enrol_known_secret(portal)
    portal.clock.set(login_time)
    return enrolled


def enrol_with_app(portal: Portal, login: str = LOGIN, password: str = PASSWORD, profile=AEGIS,
                   phone_offset: float = 0.0) -> Enrolled:
    """Add ``login`` and enrol it now by scanning the portal's URI with an app
    on a phone whose clock is ``phone_offset`` seconds off the portal's."""
    portal.add_user(login, password, login.split("@")[0].title())
    start = portal.start_enrolment(login)
    app = AuthenticatorApp(DeviceClock(portal.clock, phone_offset), profile)
    app.scan(start.uri)
    result = portal.confirm_enrolment(login, app.code())
    assert result.outcome is Outcome.OK, result
    return Enrolled(portal, login, password, start.provisioning.secret, result.backup_codes, app,
                    Browser(f"{login}-browser"))


def last_event(portal: Portal, login: str | None = None):
    """The newest audit event (for ``login``, if given)."""
    events = [e for e in portal.audit if login is None or e.user == login]
    return events[-1]


def accepted_step(portal: Portal, login: str) -> int | None:
    """The time step the newest audited code step accepted, from the audit
    trail's ``offset_steps`` detail, or None if the newest event is not an
    accepted app code."""
    from twofa_sim.otp import time_step

    event = last_event(portal, login)
    details = dict(event.details)
    if event.outcome != Outcome.OK.value or event.factor != "totp" or "offset_steps" not in details:
        return None
    return time_step(event.time, portal.policy.period) + details["offset_steps"]

