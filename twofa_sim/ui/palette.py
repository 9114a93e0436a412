"""Every colour the screens use, in one place, with the background each is
read against.

WCAG 2.2 asks for a contrast ratio of at least 4.5:1 for text (SC 1.4.3) and
3:1 for the parts of a control a person must see, such as the focus ring
(SC 1.4.11); ``tests/test_ui_contrast.py`` computes the ratio of every pair
listed in :data:`TEXT_PAIRS` and :data:`NON_TEXT_PAIRS` with WCAG's
relative-luminance formula.
"""

from __future__ import annotations

#: The page behind the portal's screens.
PAGE = "#ffffff"
#: Body text.
TEXT = "#1f2328"
#: Secondary text (hints under a field, placeholders, times in the inbox).
MUTED = "#57606a"
#: The line around a screen: decoration only (each screen has a heading), so no ratio applies.
PANEL_BORDER = "#d0d7de"

#: Buttons: tone → (background, text).
BUTTONS = {
    "primary": ("#0969da", "#ffffff"),
    "warning": ("#bc4c00", "#ffffff"),
    "danger": ("#cf222e", "#ffffff"),
    "plain": ("#eaeef2", "#1f2328"),
}

#: The ring drawn around the control that has keyboard focus.
FOCUS_RING = "#0550ae"

#: The left border of a message box: kind → colour.
MESSAGE_BORDERS = {"info": "#0969da", "ok": "#1a7f37", "error": "#cf222e", "warning": "#9a6700"}

#: Under the hood: a time step the portal accepts, one it does not, and the
#: four bytes taken from the HMAC.
ACCEPTED = "#1a7f37"
OUTSIDE_WINDOW = "#57606a"
HIGHLIGHT = "#cf222e"

#: (what, foreground, background) for text: at least 4.5:1.
TEXT_PAIRS = [
    ("body text", TEXT, PAGE),
    ("hint text", MUTED, PAGE),
    *((f"{tone} button", fg, bg) for tone, (bg, fg) in BUTTONS.items()),
    ("accepted step", ACCEPTED, PAGE),
    ("step outside the window", OUTSIDE_WINDOW, PAGE),
    ("HMAC bytes taken", HIGHLIGHT, PAGE),
]

#: (what, foreground, background) for what must be seen but is not text: at least 3:1.
NON_TEXT_PAIRS = [
    ("focus ring", FOCUS_RING, PAGE),
    *((f"{kind} message border", colour, PAGE) for kind, colour in MESSAGE_BORDERS.items()),
    ("field border", MUTED, PAGE),
]
