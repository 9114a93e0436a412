"""Remembered devices on the 2-Factor Auth page: the list, and Revoke (REM-2)."""

from __future__ import annotations

import html

import ipywidgets as w

from ..portal import Portal
from .common import PAGE_LAYOUT, AccountScreen, button, heading, styled, table_html
from .live_message import MessageBox


class DevicesPage(AccountScreen):
    """The signed-in user's remembered browsers."""

    def __init__(self, portal: Portal, login: str) -> None:
        self._bind(portal, login)
        self.table = styled(w.HTML(), "twofa-devices-table")
        self.device = styled(w.Dropdown(description="Device", options=[]), "twofa-devices-choice")
        self.revoke = button("Revoke", "twofa-devices-revoke", tone="danger")
        self.message_box = styled(MessageBox(), "twofa-devices-message")
        self.revoke.on_click(self.guarded(self.revoke_selected))
        super().__init__([heading("Remembered devices"), self.table, w.HBox([self.device, self.revoke]),
                          self.message_box], layout=w.Layout(**PAGE_LAYOUT))
        portal.clock.subscribe(lambda _now: self.refresh())
        self.refresh()

    @property
    def rows(self) -> list[dict]:
        """The devices as shown: device, browser, issued, expires, state, ended_by."""
        return self._portal.devices_frame(self._login).to_dict("records")

    def revoke_selected(self) -> None:
        """Press Revoke for the device picked in the list."""
        if self.device.value is None:
            self._say("No active remembered device to revoke.", "info")
            return
        result = self._portal.revoke_device(self._login, self.device.value)
        self._say(result.message, "ok" if result.ok else "error")
        self.refresh()

    def refresh(self) -> None:
        """Redraw the list from the portal."""
        rows = self.rows
        cells = [[html.escape(r["device"]), html.escape(r["browser"]), f"{r['expires']:%Y-%m-%d %H:%M} UTC",
                  html.escape(r["state"]), html.escape(r["ended_by"])] for r in rows]
        self.table.value = (table_html(["Device", "Browser", "Expires", "State", "Ended by"], cells, "Remembered devices")
                            if rows else "<i>No remembered devices.</i>")
        active = [r["device"] for r in rows if r["state"] == "active"]
        self.device.options = active
        self.device.value = active[0] if active else None
