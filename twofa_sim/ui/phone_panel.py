"""The phone: an authenticator app's screen, its countdown and the phone's clock offset.

This is the simulated phone side, so it shows codes (never the secret).
"""

from __future__ import annotations

import html
from typing import Callable

import ipywidgets as w

from ..app import AuthenticatorApp
from ..errors import TwofaSimError
from .common import PAGE_LAYOUT, Screen, button, heading, show, styled
from .live_message import MessageBox
from .slider import Slider


class PhonePanel(Screen):
    """An authenticator app on a phone with a settable clock offset.

    Args:
        app: the authenticator app (its clock is the phone's clock).
        qr_source: returns the PNG of the QR code currently on the portal's
            screen (or None when there is none); used by the Scan button,
            which is hidden when no source is given.
        max_offset: the offset slider's range, +- seconds.
        broken: the phone is broken (its screen stays dark: no code, no scan).
    """

    def __init__(self, app: AuthenticatorApp, qr_source: Callable[[], bytes | None] | None = None,
                 max_offset: int = 300, broken: bool = False) -> None:
        self._app = app
        self._qr_source = qr_source
        self.broken = broken
        self.scan_button = button("Scan QR code", "twofa-phone-scan", icon="qrcode")
        self.offset = styled(Slider(value=int(app.clock.offset), min=-max_offset, max=max_offset, step=5,
                                    description="Phone clock offset", unit="s"), "twofa-phone-offset")
        self.account_label = styled(w.HTML(), "twofa-phone-account")
        self.code_label = styled(w.HTML(), "twofa-phone-code")
        self.countdown_label = styled(w.HTML(), "twofa-phone-countdown")
        self.status = styled(MessageBox(), "twofa-phone-status")
        self.scan_button.on_click(lambda _b: self.scan())
        self.offset.observe(lambda change: self._set_offset(change["new"]), names="value")
        title = f"Phone: {app.profile.name}" + (" (broken)" if broken else "")
        super().__init__([heading(title), self.scan_button, self.account_label,
                          self.code_label, self.countdown_label, self.offset, self.status],
                         layout=w.Layout(**PAGE_LAYOUT))
        self._status_text = ""
        show(self.scan_button, qr_source is not None and not broken)
        show(self.offset, not broken)
        app.clock.subscribe(lambda _now: self.refresh())
        self.refresh()

    @property
    def code(self) -> str:
        """The code on the phone's screen ("" before an account is added)."""
        return self._code

    @property
    def seconds_left(self) -> int | None:
        """Seconds until the code changes (None before an account is added)."""
        return self._seconds_left

    @property
    def status_text(self) -> str:
        """The app's last notice (scan result or error)."""
        return self._status_text

    def scan(self) -> None:
        """Point the phone at the portal's screen and scan the QR code there."""
        if self.broken:
            self._notice("The phone is broken: it can't scan.", "error")
            return
        png = self._qr_source() if self._qr_source is not None else None
        if png is None:
            self._notice("No QR code on the portal's screen to scan.", "warning")
            return
        try:
            label = self._app.scan(png)
        except TwofaSimError as exc:
            self._notice(str(exc), "error")
            return
        ignored = self._app.screen()[-1].ignored
        note = f" The app ignored {', '.join(ignored)}." if ignored else ""
        self._notice(f"Account added: {label}.{note}", "warning" if ignored else "ok")

    def _notice(self, text: str, kind: str) -> None:
        self._status_text = text
        self.status.say(text, kind)
        self.refresh()

    def _set_offset(self, seconds: int) -> None:
        self._app.clock.set_offset(seconds)
        self.refresh()

    def refresh(self) -> None:
        """Redraw the code and countdown from the phone's clock."""
        rows = self._app.screen()
        if self.broken:
            self._code, self._seconds_left = "", None
            self.account_label.value = "<i>The phone is broken: its screen stays dark, so it shows no code.</i>"
            self.code_label.value = self.countdown_label.value = ""
            return
        if not rows:
            self._code, self._seconds_left = "", None
            self.account_label.value = "<i>No accounts yet. Scan the portal's QR code.</i>"
            self.code_label.value = ""
            self.countdown_label.value = ""
            return
        row = rows[-1]
        self._code, self._seconds_left = row.code, row.seconds_left
        grouped = f"{row.code[:len(row.code) // 2]} {row.code[len(row.code) // 2:]}"
        self.account_label.value = f"<b>{html.escape(row.label)}</b>"
        self.code_label.value = f"<span style='font-size:28px;font-family:monospace'>{grouped}</span>"
        self.countdown_label.value = f"Changes in {row.seconds_left} s"
