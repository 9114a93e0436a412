"""Whole screens for a person to click through: portal pages beside the phone."""

from __future__ import annotations

import itertools
import uuid

import ipywidgets as w

from ..browser import Browser
from ..demo import Demo
from ..portal import Portal
from .backup_codes_page import BackupCodesPage
from .clock_controls import ClockControls
from .devices_page import DevicesPage
from .inbox_panel import InboxPanel
from .login_page import LoginPage
from .password_page import PasswordPage
from .phone_panel import PhonePanel
from .portal_shell import PortalShell
from .team_page import TeamPage
from .two_factor_page import TwoFactorPage
from .under_the_hood import UnderTheHood


_COUNT = itertools.count(1)


class Workbench(w.VBox):
    """Portal on the left, phone on the right, clock below; parts kept as attributes.

    Besides ``portal_side``, ``phone`` and ``clock``, each screen a workbench
    function builds is an attribute named in its docstring (``bench.laptop``,
    ``bench.codes``...), so code finds a screen by name, never by position.

    Its widget model id is derived from a per-kernel counter rather than drawn
    at random, so a notebook that displays it re-runs to the same bytes.
    """

    def __init__(self, portal_side: w.Widget, phone: PhonePanel, clock: ClockControls,
                 beside_phone: tuple[w.Widget, ...] = (), **screens: w.Widget) -> None:
        self.portal_side, self.phone, self.clock = portal_side, phone, clock
        self.screens = dict(screens)
        for name, screen in screens.items():
            setattr(self, name, screen)
        model_id = uuid.uuid5(uuid.NAMESPACE_URL, f"twofa-sim/workbench/{next(_COUNT)}").hex
        super().__init__([w.HBox([portal_side, w.VBox([phone, *beside_phone])]), clock], model_id=model_id)

    def __repr__(self) -> str:
        # What a reader without a kernel (a code host) sees in place of the widgets.
        return ("<Workbench: live widgets. Run this notebook in JupyterLab (python3 dev.py lab) "
                "or as an app (python3 dev.py app) to click through it.>")


def enrolment_workbench(demo: Demo) -> Workbench:
    """The signed-in portal (menu → 2-Factor Auth) beside Alice's phone.

    Screens: ``shell`` (the menu; its 2-Factor Auth page is built when opened)."""
    pages: dict[str, TwoFactorPage] = {}

    def two_factor_page() -> TwoFactorPage:
        pages["2fa"] = TwoFactorPage(demo.portal, demo.login)
        return pages["2fa"]

    shell = PortalShell(demo.portal, demo.login, {"2-Factor Auth": two_factor_page})
    phone = PhonePanel(demo.app, lambda: pages["2fa"].qr_png if "2fa" in pages else None)
    return Workbench(shell, phone, ClockControls(demo.clock), shell=shell)


def live_workbench(login: str = "you@example.com", password: str = "live demo password") -> w.VBox:
    """Live mode: a portal on real UTC time with OS randomness, to scan with
    your own phone's authenticator app and then log in for real.

    Returns the 2-Factor Auth page above the login page (user ``login`` with
    ``password``); they are its attributes ``two_factor`` and ``login_page``.
    """
    portal = Portal.live()
    portal.add_user(login, password, "You")
    bench = w.VBox([TwoFactorPage(portal, login), LoginPage(portal, Browser("this-browser"))])
    bench.two_factor, bench.login_page = bench.children
    return bench


def sms_workbench(demo: Demo) -> Workbench:
    """The Team page (menu → Team) above the login page, beside Alice's phone
    with its authenticator app and SMS inbox.

    Screens: ``shell`` (the menu; its Team page is built when opened),
    ``login_page``, ``inbox``."""
    shell = PortalShell(demo.portal, demo.login, {"Team": lambda: TeamPage(demo.portal, demo.login)})
    login_page = LoginPage(demo.portal, demo.browser)
    phone = PhonePanel(demo.app)
    inbox = InboxPanel(demo.portal.gateway, demo.phone_number)
    return Workbench(w.VBox([shell, login_page]), phone, ClockControls(demo.clock), (inbox,),
                     shell=shell, login_page=login_page, inbox=inbox)


def backup_workbench(demo: Demo) -> Workbench:
    """The login page and the Backup codes section beside Alice's phone.

    Screens: ``login_page``, ``codes``."""
    page = LoginPage(demo.portal, demo.browser)
    codes = BackupCodesPage(demo.portal, demo.login)
    page.on_action(codes.refresh)
    return Workbench(w.VBox([page, codes]), PhonePanel(demo.app), ClockControls(demo.clock),
                     login_page=page, codes=codes)


def remember_workbench(demo: Demo) -> Workbench:
    """Two browsers' login pages, the remembered-devices list, the password
    form and the 2-Factor Auth page, beside Alice's phone.

    Screens: ``laptop`` and ``tablet`` (login pages), ``devices``,
    ``settings`` (the menu under Alice's name), ``two_factor``, ``password``
    and ``codes`` (the pages it opens)."""
    laptop = LoginPage(demo.portal, demo.browser)
    other = LoginPage(demo.portal, Browser("alice-tablet"))
    devices = DevicesPage(demo.portal, demo.login)
    two_factor = TwoFactorPage(demo.portal, demo.login)
    password = PasswordPage(demo.portal, demo.login)
    codes = BackupCodesPage(demo.portal, demo.login)
    for page in (laptop, other, two_factor, password, codes):
        page.on_action(devices.refresh)
        page.on_action(codes.refresh)
    settings = PortalShell(demo.portal, demo.login, {
        "2-Factor Auth": lambda: two_factor, "Password": lambda: password, "Backup codes": lambda: codes})
    phone = PhonePanel(demo.app, lambda: two_factor.qr_png)
    account = w.VBox([w.HTML("<b>Alice's account</b> (signed in elsewhere): the menu under her name"), settings])
    return Workbench(w.VBox([w.HBox([laptop, other]), devices, account]), phone, ClockControls(demo.clock),
                     laptop=laptop, tablet=other, devices=devices, settings=settings, two_factor=two_factor,
                     password=password, codes=codes)


def login_workbench(demo: Demo) -> Workbench:
    """The login page in Alice's browser beside her phone and the under-the-hood panel.

    Screens: ``login_page``, ``hood``."""
    page = LoginPage(demo.portal, demo.browser)
    hood = UnderTheHood(demo.portal, demo.login, demo.app)
    page.on_action(hood.refresh)
    return Workbench(page, PhonePanel(demo.app), ClockControls(demo.clock), (hood,), login_page=page, hood=hood)
