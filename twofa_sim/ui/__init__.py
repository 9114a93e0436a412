"""ipywidgets screens of the simulated portal and phone.

Each screen is one widget class holding a reference to the engine object it
shows; it calls the engine, and the engine never learns a widget exists.
Child widgets carry stable CSS classes (``twofa-...``) so a browser test can
find them; the public attributes are what a notebook's self-check drives.
Sign-in, code and "confirm it's you" fields are real HTML forms
(:mod:`.fields`), messages are announced to screen readers
(:mod:`.live_message`), the focus goes to a screen's heading when what had
it leaves the screen (:mod:`.heading`), every colour is in :mod:`.palette`,
and the tables a notebook shows are named regions the keyboard can scroll
(:mod:`.table_regions`).
"""

from .backup_codes_page import BackupCodesPage
from .clock_controls import ClockControls
from .conformance_panel import ConformancePanel
from .devices_page import DevicesPage
from .inbox_panel import InboxPanel
from .fields import Form
from .heading import Heading
from .images import PngWithAlt
from .layouts import (LiveModeSwitch, Workbench, backup_workbench, enrolment_workbench, live_workbench,
                      login_workbench, remember_workbench, sms_workbench)
from .live_message import MessageBox
from .login_page import LoginPage
from .password_page import PasswordPage
from .phone_panel import PhonePanel
from .population_panel import PopulationPanel
from .portal_shell import PortalShell
from .review_panel import ReviewPanel
from .slider import Slider
from .switch import Switch
from .table_regions import show_frames_as_regions
from .team_page import TeamPage
from .tour_page import TourPage
from .two_factor_page import TwoFactorPage
from .under_the_hood import UnderTheHood

__all__ = [
    "BackupCodesPage", "ClockControls", "ConformancePanel", "DevicesPage", "Form", "Heading", "InboxPanel", "LiveModeSwitch",
    "LoginPage", "MessageBox", "PasswordPage", "PhonePanel", "PngWithAlt", "PopulationPanel", "PortalShell",
    "ReviewPanel", "Slider", "Switch",
    "TeamPage", "TourPage", "TwoFactorPage", "UnderTheHood", "Workbench", "backup_workbench", "enrolment_workbench",
    "live_workbench", "login_workbench", "remember_workbench", "show_frames_as_regions", "sms_workbench",
]
