"""Whole screens for a person to click through: portal pages beside the phone."""

from __future__ import annotations

import html

import ipywidgets as w

from ..browser import Browser
from ..demo import Demo
from ..portal import Portal
from .backup_codes_page import BackupCodesPage
from .clock_controls import ClockControls
from .common import button, show, stable_model_id, styled
from .devices_page import DevicesPage
from .inbox_panel import InboxPanel
from .login_page import LoginPage
from .password_page import PasswordPage
from .phone_panel import PhonePanel
from .style import ROOT_CLASS, SCREEN_CLASS, SIDE_BY_SIDE_CLASS, PortalStyle
from .portal_shell import PortalShell
from .team_page import TeamPage
from .two_factor_page import TwoFactorPage
from .under_the_hood import UnderTheHood


class Workbench(w.VBox):
    """Portal on the left, phone on the right, clock below; parts kept as attributes.

    Besides ``portal_side``, ``phone`` and ``clock``, each screen a workbench
    function builds is an attribute named in its docstring (``bench.laptop``,
    ``bench.codes``...), so code finds a screen by name, never by position.

    Its widget model id is derived from a per-kernel counter rather than drawn
    at random, so a notebook that displays it re-runs to the same bytes. Its
    root carries the CSS class ``twofa-portal`` (what an accessibility check
    of the portal's own widgets is scoped to).
    """

    def __init__(self, portal_side: w.Widget, phone: PhonePanel, clock: ClockControls,
                 beside_phone: tuple[w.Widget, ...] = (), **screens: w.Widget) -> None:
        self.portal_side, self.phone, self.clock = portal_side, phone, clock
        self.screens = dict(screens)
        for name, screen in screens.items():
            setattr(self, name, screen)
        # In a narrow window the phone goes below the portal (style.NARROW_WINDOW).
        side_by_side = styled(w.HBox([portal_side, w.VBox([phone, *beside_phone])]), SIDE_BY_SIDE_CLASS)
        super().__init__([side_by_side, clock], model_id=stable_model_id("workbench"))
        self.add_class(ROOT_CLASS)

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
    bench.add_class(ROOT_CLASS)
    return bench


class LiveModeSwitch(w.VBox):
    """A button that turns on live mode (:func:`live_workbench`) when pressed,
    so an app user can reach it without running code. Until pressed nothing
    live exists, so a notebook that shows it re-runs to the same bytes.

    Attributes:
        start: the "Start live mode" button; bench: the live workbench (None until started).
    """

    def __init__(self, login: str = "you@example.com", password: str = "live demo password") -> None:
        self._login, self._password = login, password
        self.bench: w.VBox | None = None
        self.start = button("Start live mode", "twofa-live-start", tone="primary")
        self.note = w.HTML("Live mode is off: the portal above runs on simulated time. Press <b>Start live mode</b> "
                           "for a portal on real UTC time, to scan with your own phone.")
        self.start.on_click(lambda _b: self.go_live())
        super().__init__([self.note, self.start, PortalStyle()], model_id=stable_model_id("live-mode"))
        self.add_class(ROOT_CLASS)
        self.add_class(SCREEN_CLASS)

    def go_live(self) -> w.VBox:
        """Start live mode (once) and show its portal; returns the live workbench."""
        if self.bench is None:
            self.bench = live_workbench(self._login, self._password)
            self.note.value = (f"Live mode is on: real UTC time and real randomness. Scan the QR code with your own "
                               f"authenticator app, then log in as <code>{html.escape(self._login)}</code> with the "
                               f"password <code>{html.escape(self._password)}</code>.")
            self.children = [self.note, self.bench]
            self.bench.two_factor.title.focus()  # the button is gone: to the live portal's first page
        return self.bench

    def __repr__(self) -> str:
        return ("<LiveModeSwitch: a button that starts live mode. Run this notebook in JupyterLab (python3 dev.py lab) "
                "or as an app (python3 dev.py app) to use it.>")


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
    """The login page and, once Alice is signed in on it, her Backup codes
    section, beside her phone, which is broken (no code from the app).

    Only a signed-in user reaches the Backup codes section: while the page
    is at the password or the code step it is hidden, and signing out takes
    any new codes off the screen. Screens: ``login_page``, ``codes``."""
    page = LoginPage(demo.portal, demo.browser)
    codes = BackupCodesPage(demo.portal, demo.login)
    signed_out = w.HTML("<i>Sign in to see your backup codes.</i>")

    def follow_sign_in() -> None:
        signed_in = page.signed_in_as == demo.login
        if signed_in:
            codes.refresh()
        else:
            codes.forget_shown_codes()
        show(codes, signed_in)
        show(signed_out, not signed_in)

    page.on_action(follow_sign_in)
    follow_sign_in()
    return Workbench(w.VBox([page, signed_out, codes]), PhonePanel(demo.app, broken=True), ClockControls(demo.clock),
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
    browsers = styled(w.HBox([laptop, other]), SIDE_BY_SIDE_CLASS)
    return Workbench(w.VBox([browsers, devices, account]), phone, ClockControls(demo.clock),
                     laptop=laptop, tablet=other, devices=devices, settings=settings, two_factor=two_factor,
                     password=password, codes=codes)


def login_workbench(demo: Demo) -> Workbench:
    """The login page in Alice's browser beside her phone and the under-the-hood panel.

    Screens: ``login_page``, ``hood``."""
    page = LoginPage(demo.portal, demo.browser)
    hood = UnderTheHood(demo.portal, demo.login, demo.app)
    page.on_action(hood.refresh)
    return Workbench(page, PhonePanel(demo.app), ClockControls(demo.clock), (hood,), login_page=page, hood=hood)
