"""Clock controls: the portal's virtual time and buttons to move it forward."""

from __future__ import annotations

import ipywidgets as w

from ..clock import VirtualClock
from .common import Screen, button, styled

#: (button label, seconds, CSS class)
STEPS = (("+30 s", 30, "twofa-clock-30s"), ("+1 day", 86_400, "twofa-clock-1d"), ("+30 days", 30 * 86_400, "twofa-clock-30d"))


class ClockControls(Screen):
    """Shows the portal's UTC time and moves it forward by 30 s, 1 day or 30 days.

    Args:
        clock: the portal's virtual clock (every screen subscribed to it refreshes).
    """

    def __init__(self, clock: VirtualClock) -> None:
        self._clock = clock
        self.time_label = styled(w.HTML(), "twofa-clock-time")
        self.buttons = {}
        for label, seconds, css in STEPS:
            pressed = button(label, css, layout=w.Layout(width="90px"), tooltip=f"Move the portal's clock {label[1:]} forward")
            pressed.on_click(lambda _b, s=seconds: self._clock.advance(s))
            self.buttons[label] = pressed
        super().__init__([self.time_label, w.HBox(list(self.buttons.values()))])
        clock.subscribe(lambda _now: self.refresh())
        self.refresh()

    @property
    def time_text(self) -> str:
        """The time shown, e.g. ``2026-01-05 09:00:00 UTC``."""
        return f"{self._clock.datetime():%Y-%m-%d %H:%M:%S} UTC"

    def refresh(self) -> None:
        """Redraw the time."""
        self.time_label.value = (f"<b>Portal time</b>: {self.time_text} <small>(simulated: it moves only when you "
                                 "press a button; each code works once, so press +30 s for a fresh one)</small>")
