"""A ready-made simulated world for notebooks: a portal, a user and her phone.

Notebooks build one for the person to click through and another, with the
same seed, for the self-check to drive, so the person's widgets start fresh.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .app import DUO_MOBILE, AppProfile, AuthenticatorApp
from .bounds import check_flag, shown
from .browser import Browser
from .clock import MAX_EPOCH, DeviceClock, check_epoch, to_datetime
from .policy import Policy
from .entropy import check_seed
from .errors import ClockError, EnrolmentError
from .portal import DEFAULT_START, Portal
from .presets import SEED_PORTAL

LOGIN = "alice@example.com"
PASSWORD = "correct horse battery staple"
NAME = "Alice Example"
#: Alice's real cell phone: an Italian mobile (phonenumbers' example number for IT).
PHONE_COUNTRY = "IT"
PHONE_TYPED = "312 345 6789"
PHONE_E164 = "+393123456789"
#: Seconds that pass after :meth:`Demo.create` enrols Alice (a day), so her first sign-in is on a later day.
ENROLLED_DAY = 86_400


@dataclass
class Demo:
    """A portal with one user (Alice), her phone's app and her laptop's browser.

    Attributes:
        portal: the simulated portal (virtual clock, seeded randomness).
        app: Alice's authenticator app, on a phone whose clock starts correct.
        browser: Alice's laptop browser.
        login, password: Alice's credentials.
        phone_number: the E.164 number of Alice's phone (where her texts arrive).
        backup_codes: the codes shown at enrolment, when :meth:`create` enrolled her
            (the simulated user wrote them down; the portal keeps only hashes).
    """

    portal: Portal
    app: AuthenticatorApp
    browser: Browser
    login: str = LOGIN
    password: str = field(default=PASSWORD, repr=False)
    phone_number: str = PHONE_E164
    backup_codes: tuple[str, ...] = field(default=(), repr=False)

    @classmethod
    def create(cls, seed: int = 2026, policy: Policy = SEED_PORTAL, profile: AppProfile = DUO_MOBILE,
               enrolled: bool = False, start: float = DEFAULT_START, qr: bool = True) -> "Demo":
        """A fresh world whose clock starts at ``start`` (UTC epoch seconds;
        default Monday 2026-01-05 09:00 UTC). With ``enrolled``, Alice turns
        2FA on at the start time (see :meth:`enrol` for ``qr``) and a day
        (:data:`ENROLLED_DAY` seconds) passes, so ``start`` must leave that
        day before the clock's last second (:data:`~twofa_sim.clock.MAX_EPOCH`).
        ``seed`` is a whole number from 0 to 2**63 − 1, NumPy's integers
        included (:func:`~twofa_sim.entropy.check_seed`).

        Raises:
            InputTypeError: ``enrolled`` or ``qr`` is not a bool, ``seed`` not a whole number.
            SimulationError: ``seed`` below 0 or above 2**63 − 1.
            ClockError: ``start`` is not a finite time within the clock's
                range, or (with ``enrolled``) within its last day.
        """
        enrolled, qr = check_flag(enrolled, "enrolled"), check_flag(qr, "qr")
        seed = check_seed(seed)
        start = check_epoch(start, "start")
        latest = MAX_EPOCH - ENROLLED_DAY
        if enrolled and start > latest:
            raise ClockError(f"with enrolled=True, start must be at most {latest:,} "
                             f"({to_datetime(latest):%Y-%m-%d %H:%M:%S} UTC), leaving room for the day "
                             f"({ENROLLED_DAY:,} s) that passes after enrolment; got {shown(start)}")
        portal = Portal.simulated(seed=seed, start=start, policy=policy)
        portal.add_user(LOGIN, PASSWORD, NAME)
        demo = cls(portal, AuthenticatorApp(DeviceClock(portal.clock), profile), Browser("alice-laptop"))
        if enrolled:
            demo.enrol(qr=qr)
            portal.clock.advance(ENROLLED_DAY)
        return demo

    def enrol(self, qr: bool = True) -> None:
        """Turn 2FA on for Alice through the portal, with her app.

        Args:
            qr: scan the real QR image (rendered, then decoded); False gives
                the app the provisioning URI itself, as typing the setup key
                does: the same secret and settings, without the image round
                trip (tens of milliseconds), for simulations not about QR codes.

        Raises:
            EnrolmentError: the app can't follow the policy (for example an
                app that ignores ``digits=8``), so its code doesn't confirm.
            InputTypeError: ``qr`` is not a bool.
        """
        qr = check_flag(qr, "qr")
        start = self.portal.start_enrolment(self.login)
        self.app.scan(start.qr_png() if qr else start.uri)
        result = self.portal.confirm_enrolment(self.login, self.app.code())
        if not result.ok:
            ignored = ", ".join(self.app.screen()[-1].ignored) or "nothing"
            raise EnrolmentError(f"{self.app.profile.name} could not enrol under this policy "
                                 f"({result.reason.value}; the app ignored {ignored}); try the AEGIS profile")
        self.backup_codes = result.backup_codes

    @property
    def clock(self):
        """The portal's virtual clock."""
        return self.portal.clock
