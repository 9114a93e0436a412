"""The tour: the whole knowledge-base article in one screen, for one user.

Alice's laptop shows the portal's login page. While she is signed in, the
menu under her name (Dashboard, 2-Factor Auth, Team) is under it; each
sign-in opens a fresh set of pages on the Dashboard, as loading the portal
again does, so nothing one sign-in showed (the backup codes, a half-typed
number) is on screen after signing out. Beside the portal: her phone (the
authenticator app with its Scan button, and the SMS inbox); below both, the
portal's clock.
"""

from __future__ import annotations

import ipywidgets as w

from ..demo import Demo
from ..errors import InputTypeError, SimulationError
from .clock_controls import ClockControls
from .inbox_panel import InboxPanel
from .layouts import Workbench
from .login_page import LoginPage
from .phone_panel import PhonePanel
from .portal_shell import PortalShell
from .team_page import TeamPage
from .two_factor_page import TwoFactorPage

#: What the account area says while nobody is signed in.
SIGNED_OUT_NOTE = "<i>Sign in above to open the menu under your name.</i>"


class TourPage(Workbench):
    """The login page and, while Alice is signed in, the menu under her name
    with its 2-Factor Auth and Team pages; beside them her phone and its SMS
    inbox; below, the clock.

    Args:
        demo: the world (its portal, Alice, her app, her laptop's browser and
            her phone's number).

    Raises:
        InputTypeError: ``demo`` is not a :class:`~twofa_sim.demo.Demo`.

    Attributes:
        login_page: the login page in Alice's laptop browser.
        inbox: the SMS inbox of Alice's phone.
        phone, clock: as on every workbench.
    """

    def __init__(self, demo: Demo) -> None:
        if not isinstance(demo, Demo):
            raise InputTypeError(f"demo must be a twofa_sim.demo.Demo (the world: its portal, Alice, her app "
                                 f"and phone), not {type(demo).__name__}")
        self._portal, self._login = demo.portal, demo.portal.view(demo.login).login
        self._session: tuple[PortalShell, TwoFactorPage, TeamPage] | None = None
        self.login_page = LoginPage(demo.portal, demo.browser)
        self._signed_out = w.HTML(SIGNED_OUT_NOTE)
        self.account = w.VBox([self._signed_out])
        inbox = InboxPanel(demo.portal.gateway, demo.phone_number)
        phone = PhonePanel(demo.app, self._qr_on_screen)
        super().__init__(w.VBox([self.login_page, self.account]), phone, ClockControls(demo.clock), (inbox,),
                         login_page=self.login_page, inbox=inbox)
        self.login_page.on_action(self._follow_sign_in)

    # -- the pages of the current sign-in

    @property
    def shell(self) -> PortalShell | None:
        """The menu under Alice's name (None while she is signed out)."""
        return self._session[0] if self._session else None

    @property
    def two_factor(self) -> TwoFactorPage | None:
        """The 2-Factor Auth page of this sign-in (None while signed out)."""
        return self._session[1] if self._session else None

    @property
    def team(self) -> TeamPage | None:
        """The Team page of this sign-in (None while signed out)."""
        return self._session[2] if self._session else None

    @property
    def signed_in(self) -> bool:
        """True while Alice is signed in on the login page."""
        return self.login_page.signed_in_as == self._login

    def go_to(self, entry: str):
        """Pick ``entry`` ("Dashboard", "2-Factor Auth" or "Team") from the
        menu under Alice's name, as a person does; returns the page shown.

        Raises:
            InputTypeError: ``entry`` is not text.
            SimulationError: Alice is not signed in (the menu is not on screen),
                or ``entry`` is not on the menu (the message names those that are).
        """
        if self.shell is None:
            raise SimulationError("sign in first: the menu under your name shows only while you are signed in")
        return self.shell.go_to(entry)

    def __repr__(self) -> str:
        # What a reader without a kernel (a code host) sees in place of the widgets.
        return ("<TourPage: Alice's portal, phone and clock as live widgets. Run this notebook in JupyterLab "
                "(python3 dev.py lab) or as an app (python3 dev.py app) to click through it.>")

    # -- following the login page

    def _follow_sign_in(self) -> None:
        if self.signed_in and self._session is None:
            two_factor = TwoFactorPage(self._portal, self._login)
            team = TeamPage(self._portal, self._login)
            shell = PortalShell(self._portal, self._login, {"2-Factor Auth": lambda: two_factor, "Team": lambda: team})
            self._session = (shell, two_factor, team)
            self.account.children = [shell]
        elif not self.signed_in and self._session is not None:
            shell, two_factor, team = self._session
            self._session = None
            self.account.children = [self._signed_out]
            for widget in (shell, shell.dashboard, two_factor, team):  # off the screen for good
                close_tree(widget)

    def _qr_on_screen(self) -> bytes | None:
        """The QR code the laptop's screen shows now (what the phone's camera sees)."""
        page = self.two_factor
        return page.qr_png if page is not None and self.shell.page is page else None


def close_tree(widget: w.Widget) -> None:
    """Close ``widget``, everything in it and their layouts and styles, so
    neither the kernel nor the page keeps their models."""
    for child in getattr(widget, "children", ()):
        close_tree(child)
    for part in (getattr(widget, "layout", None), getattr(widget, "style", None)):
        if isinstance(part, w.Widget):
            part.close()
    widget.close()
