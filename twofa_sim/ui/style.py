"""The portal's stylesheet: a visible focus ring on every control, the
portal's own form fields, switch, slider and message boxes.

An HTML widget holding a table region (:mod:`.table_regions`) may be
narrower than the table, so the region scrolls rather than the screen.
Colours come from :mod:`.palette`. Every screen carries one hidden
:class:`PortalStyle`, so the stylesheet is in the page wherever a screen is
shown (JupyterLab or Voila); its rules apply inside ``.twofa-screen`` only.
"""

from __future__ import annotations

import anywidget

from .palette import BUTTONS, FOCUS_RING, MESSAGE_BORDERS, MUTED, PAGE, TEXT
from .table_regions import REGION_CLASS

#: The CSS class every screen carries (the stylesheet's scope).
SCREEN_CLASS = "twofa-screen"
#: The CSS class on the root of a whole portal-and-phone screen.
ROOT_CLASS = "twofa-portal"
#: A portal page's (and the phone's) width and padding, in CSS pixels (its border is 1 px).
PAGE_WIDTH, PAGE_PADDING = 440, 10
#: The CSS class on a row of pages side by side (the portal beside the phone, two browsers).
SIDE_BY_SIDE_CLASS = "twofa-side-by-side"
#: A window at most this wide (CSS pixels) has no room for two pages side by
#: side (each with its padding and border, and the app page's margins): there
#: such a row wraps, one page below the other, rather than squeezing both into
#: boxes that scroll (WCAG 2.2 SC 1.4.10 Reflow, SC 2.1.1 Keyboard). A wider
#: window lays the row out exactly as before, whatever its pages hold.
NARROW_WINDOW = 2 * (PAGE_WIDTH + 2 * PAGE_PADDING + 2) + 40

_TONES = "\n".join(
    f".{SCREEN_CLASS} .twofa-tone-{tone}, .{SCREEN_CLASS} .twofa-tone-{tone}:hover:enabled "
    f"{{ background-color: {bg}; color: {fg}; }}" for tone, (bg, fg) in BUTTONS.items())
_MESSAGES = "\n".join(
    f".{SCREEN_CLASS} .twofa-say-{kind} {{ border-left: 4px solid {colour}; padding: 4px 8px; }}"
    for kind, colour in MESSAGE_BORDERS.items())

PORTAL_CSS = f"""
.{SCREEN_CLASS} :focus-visible {{ outline: 3px solid {FOCUS_RING} !important; outline-offset: 2px; }}
.{SCREEN_CLASS} .jupyter-button:focus:enabled {{ outline: none; }}
.{SCREEN_CLASS} .jupyter-button:focus-visible:enabled {{ outline: 3px solid {FOCUS_RING} !important; outline-offset: 2px; }}
{_TONES}
{_MESSAGES}
.{SCREEN_CLASS} .twofa-form {{ display: flex; flex-direction: column; gap: 6px; margin: 4px 0; color: {TEXT}; }}
.{SCREEN_CLASS} .twofa-field {{ display: flex; flex-direction: column; gap: 2px; }}
.{SCREEN_CLASS} .twofa-field[hidden], .{SCREEN_CLASS} .twofa-check[hidden] {{ display: none; }}
.{SCREEN_CLASS} .twofa-field label {{ font-weight: 600; }}
.{SCREEN_CLASS} .twofa-field input {{ box-sizing: border-box; width: 100%; max-width: 380px; padding: 4px 6px;
    border: 1px solid {MUTED}; border-radius: 3px; background: {PAGE}; color: {TEXT}; font-size: 14px; }}
.{SCREEN_CLASS} .twofa-field input::placeholder {{ color: {MUTED}; opacity: 1; }}
.{SCREEN_CLASS} .twofa-hint {{ color: {MUTED}; font-size: 12px; }}
.{SCREEN_CLASS} .twofa-check {{ display: flex; gap: 6px; align-items: center; }}
.{SCREEN_CLASS} .twofa-form-actions {{ display: flex; gap: 6px; }}
.{SCREEN_CLASS} .twofa-button {{ border: none; border-radius: 3px; padding: 6px 14px; font-size: 13px;
    cursor: pointer; }}
.{SCREEN_CLASS} .twofa-switch-row {{ display: flex; gap: 10px; align-items: center; margin: 4px 0; }}
.{SCREEN_CLASS} .twofa-switch-button {{ display: inline-flex; align-items: center; gap: 6px; min-width: 86px;
    border: 2px solid {MUTED}; border-radius: 14px; padding: 3px 10px; background: {PAGE}; color: {TEXT};
    font-size: 13px; font-weight: 600; cursor: pointer; }}
.{SCREEN_CLASS} .twofa-switch-button[aria-checked="true"] {{ background: {BUTTONS["primary"][0]};
    border-color: {BUTTONS["primary"][0]}; color: {BUTTONS["primary"][1]}; }}
.{SCREEN_CLASS} .twofa-switch-knob {{ width: 12px; height: 12px; border-radius: 50%; background: currentColor; }}
.{SCREEN_CLASS} .twofa-slider {{ display: flex; gap: 8px; align-items: center; }}
.{SCREEN_CLASS} .twofa-slider input {{ width: 160px; }}
.{SCREEN_CLASS} .widget-html-content:has(.{REGION_CLASS}) {{ min-width: 0; }}
@media (max-width: {NARROW_WINDOW}px) {{ .{ROOT_CLASS} .{SIDE_BY_SIDE_CLASS} {{ flex-wrap: wrap; }} }}
.{SCREEN_CLASS} .twofa-visually-hidden {{ position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip: rect(0 0 0 0); white-space: nowrap; }}
"""

_EMPTY_ESM = "export default { render({ el }) { el.hidden = true; } };"


class PortalStyle(anywidget.AnyWidget):
    """An invisible widget whose only work is to put :data:`PORTAL_CSS` in the page."""

    _esm = _EMPTY_ESM
    _css = PORTAL_CSS

    def __init__(self) -> None:
        super().__init__()
        self.layout.display = "none"

    def __repr__(self) -> str:
        return "<PortalStyle>"
