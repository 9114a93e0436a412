"""The portal's "2-Factor Auth" page: the OFF/ON switch, the QR code, the
authentication code field with Update, and the backup-code warning (ENR-1..5).

It shows only what the real portal shows: the QR code while enrolling and
the backup codes once, until the user presses "I have saved them". Its state,
the code length and the proof turning 2FA off needs come from
``portal.view(login)``.
"""

from __future__ import annotations

import ipywidgets as w

from ..portal import Portal
from .common import PAGE_LAYOUT, AccountScreen, backup_codes_html, button, heading, show, shown, styled
from .fields import Form, current_password, one_time_code
from .live_message import MessageBox
from .images import img_html
from .switch import Switch


class TwoFactorPage(AccountScreen):
    """The 2-Factor Auth page of one signed-in user."""

    def __init__(self, portal: Portal, login: str) -> None:
        self._bind(portal, login)
        view = self._view()
        self._qr_png: bytes | None = None
        self._codes: tuple[str, ...] = ()
        self.switch = styled(Switch(label="Two-factor authentication", description="OFF"), "twofa-switch")
        self.qr = styled(w.HTML(), "twofa-qr")
        self.enrol_form = styled(Form([one_time_code("code", "Authentication code", "twofa-code",
                                                     hint=f"The {view.code_digits}-digit code your app shows")],
                                      "Update", "twofa-update", label="Confirm your authenticator app"),
                                 "twofa-enrol-form")
        self.code, self.update = self.enrol_form.input["code"], self.enrol_form.button
        self.message_box = styled(MessageBox(), "twofa-message")
        self.codes_box = styled(w.HTML(), "twofa-backup-codes")
        self.saved = button("I have saved them", "twofa-saved")
        self.off_form = styled(Form([current_password("password", "Password", "twofa-reauth-password"),
                                     one_time_code("code", "Code", "twofa-reauth-code",
                                                   hint="From your app or a backup code", digits_only=False)],
                                    "Turn off 2FA", "twofa-confirm-off", label="Turn off two-factor authentication",
                                    tone="danger"), "twofa-off-form")
        self.password, self.reauth_code = self.off_form.input["password"], self.off_form.input["code"]
        self.confirm_off = self.off_form.button
        self._enrol_box = w.VBox([w.HTML("Scan this QR code with your authenticator app, then type the code it shows."),
                                  self.qr, self.enrol_form])
        self._backup_box = w.VBox([self.codes_box, self.saved])
        self._off_box = w.VBox([w.HTML("Confirm it's you to turn two-factor authentication off."), self.off_form])
        self._handling = False
        self._confirming_off = False
        self.switch.observe(lambda change: self.guarded(lambda: self._on_switch(change))(), names="value")
        self.update.on_click(self.guarded(self.submit))
        self.saved.on_click(self.guarded(self._hide_codes))
        self.confirm_off.on_click(self.guarded(self.turn_off))
        self.title = heading(f"2-Factor Auth — {view.name}")
        super().__init__([self.title, self.switch, self._enrol_box,
                          self.message_box, self._backup_box, self._off_box], layout=w.Layout(**PAGE_LAYOUT))
        self._render()

    # -- what a check reads

    @property
    def qr_png(self) -> bytes | None:
        """The PNG of the QR code on screen, or None when none is shown."""
        return self._qr_png if shown(self._enrol_box) else None

    @property
    def backup_codes(self) -> tuple[str, ...]:
        """The backup codes on screen (empty once hidden: they are shown once)."""
        return self._codes if shown(self._backup_box) else ()

    @property
    def state(self) -> str:
        """What the page shows: "off", "enrolling", "on" or "confirm off"."""
        state = self._view().two_factor
        return "confirm off" if self._confirming_off and state == "on" else state

    def visible(self) -> dict[str, bool]:
        """Which parts of the page are shown."""
        return {"qr": shown(self._enrol_box), "backup_codes": shown(self._backup_box),
                "confirm_off": shown(self._off_box), "reauth_code": shown(self._off_box) and shown(self.reauth_code)}

    # -- actions

    def _on_switch(self, change) -> None:
        if self._handling:
            return
        state = self._view().two_factor
        if change["new"]:
            if state == "on":
                self._confirming_off = False
            else:
                self._codes = ()
                start = self._portal.start_enrolment(self._login)
                self._qr_png = start.qr_png()
                self._say("Scan the QR code, then enter the code from your app.", "info")
        else:
            if state == "enrolling":
                self._portal.cancel_enrolment(self._login)
                self._qr_png = None
                self._say("", "info")
            elif state == "on":
                self._confirming_off = True
                self._say("Two-factor authentication stays on until you confirm.", "warning")
        self._render()

    def submit(self) -> None:
        """Press Update with what is typed in the code field (ENR-4). A page
        left open while enrolment finished elsewhere redraws and says so."""
        if self._view().two_factor != "enrolling":
            self.code.value = ""
            self._qr_png = None
            self._say("Two-factor authentication is no longer being set up here: this page was out of date.", "info")
            self._render()
            self.switch.focus()  # the form is gone: back to the switch
            return
        result = self._portal.confirm_enrolment(self._login, self.code.value)
        self.code.value = ""
        if result.ok:
            self._codes = result.backup_codes
            self._qr_png = None
            self._say(result.message, "warning")
        else:
            self._say(result.message, "error")
        self._render()
        if result.ok:
            self.saved.focus()  # the code field is gone: the next thing to do is to save the codes

    def turn_off(self) -> None:
        """Press "Turn off 2FA" with what the page asks for (the view's ``disable_proof``)."""
        proof = self._view().disable_proof
        result = self._portal.disable_two_factor(self._login, self.password.value if proof.password else None,
                                                 self.reauth_code.value if proof.code else None)
        self.password.value = self.reauth_code.value = ""
        if result.ok:
            self._codes = ()
            self._confirming_off = False
        self._say(result.message, "ok" if result.ok else "error")
        self._render()
        if result.ok:
            self.switch.focus()  # the form is gone: back to the switch

    def _hide_codes(self) -> None:
        self._codes = ()
        self._say("Two-factor authentication is on.", "ok")
        self._render()
        self.switch.focus()  # the codes and their button are gone: back to the switch

    def refresh(self) -> None:
        """Redraw from the portal (for example after a change made elsewhere)."""
        self._render()

    def _render(self) -> None:
        view = self._view()
        state = view.two_factor
        confirming_off = self._confirming_off and state == "on"
        self._handling = True
        self.switch.value = state != "off" and not confirming_off
        self._handling = False
        self.switch.description = "ON" if self.switch.value else "OFF"
        if state == "enrolling" and self._qr_png is None:  # a page opened while enrolment is pending
            pending = self._portal.pending_enrolment(self._login)
            self._qr_png = pending.qr_png() if pending is not None else None
        show(self._enrol_box, state == "enrolling")
        # The QR holds the secret: it is in the page only while enrolling.
        self.qr.value = (img_html(self._qr_png, f"QR code to scan: adds {view.login} to your authenticator app", 220)
                         if state == "enrolling" and self._qr_png is not None else "")
        show(self._backup_box, bool(self._codes))
        self.codes_box.value = backup_codes_html(self._codes)
        show(self._off_box, confirming_off)
        show(self.reauth_code, view.disable_proof.code)
        show(self.password, view.disable_proof.password)
