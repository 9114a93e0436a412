"""Backup codes on the 2-Factor Auth page: how many are left, a low-stock
warning, and "Generate new codes" (the old set stops working) (BAK-1, BAK-2).

The count, the warning and the proof regenerating needs come from
``portal.view(login)``."""

from __future__ import annotations

import ipywidgets as w

from ..portal import Portal
from .common import PAGE_LAYOUT, AccountScreen, backup_codes_html, button, heading, show, styled
from .fields import Form, current_password, one_time_code
from .live_message import MessageBox


class BackupCodesPage(AccountScreen):
    """The signed-in user's backup codes section."""

    def __init__(self, portal: Portal, login: str) -> None:
        self._bind(portal, login)
        self._codes: tuple[str, ...] = ()
        self.count = styled(w.HTML(), "twofa-backup-count")
        self.low_warning = styled(MessageBox(), "twofa-backup-low")
        self.form = styled(Form([current_password("password", "Password", "twofa-backup-password"),
                                 one_time_code("code", "Code", "twofa-backup-code", hint="From your app or a backup code",
                                               digits_only=False)],
                                "Generate new codes", "twofa-backup-generate", label="Generate new backup codes",
                                tone="warning"), "twofa-backup-form")
        self.password, self.code, self.generate = self.form.input["password"], self.form.input["code"], self.form.button
        self.codes_box = styled(w.HTML(), "twofa-backup-new-codes")
        self.saved = button("I have saved them", "twofa-backup-saved")
        self.message_box = styled(MessageBox(), "twofa-backup-message")
        self.generate.on_click(self.guarded(self.regenerate))
        self.saved.on_click(self.guarded(self._saved))
        self.title = heading("Backup codes")
        super().__init__([self.title, self.count, self.low_warning, self.form,
                          self.codes_box, self.saved, self.message_box], layout=w.Layout(**PAGE_LAYOUT))
        self.refresh()

    @property
    def remaining(self) -> int:
        """Unused backup codes."""
        return self._view().backup_remaining

    @property
    def count_text(self) -> str:
        """The count as the page says it, in plain words ("9 of 10 backup codes left")."""
        view = self._view()
        if view.two_factor != "on":
            return "Turn on two-factor authentication to get backup codes."
        return f"{view.backup_remaining} of {view.backup_total} backup codes left"

    @property
    def low_stock(self) -> bool:
        """True when the low-stock warning shows."""
        return bool(self.low_warning.value)

    @property
    def low_stock_text(self) -> str:
        """The low-stock warning as the page says it ("" when none)."""
        return self._view().backup_warning

    @property
    def backup_codes(self) -> tuple[str, ...]:
        """New codes on screen (shown once)."""
        return self._codes

    def regenerate(self) -> None:
        """Press "Generate new codes" with what the page asks for (the view's ``regenerate_proof``)."""
        proof = self._view().regenerate_proof
        result = self._portal.regenerate_backup_codes(self._login, self.password.value if proof.password else None,
                                                      self.code.value if proof.code else None)
        self.password.value = self.code.value = ""
        self._codes = result.backup_codes
        self._say(result.message, "ok" if result.ok else "error")
        self.refresh()

    def _saved(self) -> None:
        self.forget_shown_codes()
        self.title.focus()  # the codes and their button are gone: back to the section's heading

    def forget_shown_codes(self) -> None:
        """Take new codes off the screen (as "I have saved them" and leaving the page do)."""
        self._codes = ()
        self.refresh()

    def refresh(self) -> None:
        """Redraw the count, the warning and the proof fields from the portal's view."""
        view = self._view()
        on = view.two_factor == "on"
        self.count.value = (f"<b>{view.backup_remaining}</b> of {view.backup_total} backup codes left"
                            if on else "<i>Turn on two-factor authentication to get backup codes.</i>")
        if self.low_warning.text != view.backup_warning:
            self.low_warning.say(view.backup_warning, "warning")
        show(self.password, on and view.regenerate_proof.password)
        show(self.code, on and view.regenerate_proof.code)
        show(self.form, on)
        self.codes_box.value = backup_codes_html(self._codes)
        show(self.codes_box, bool(self._codes))
        show(self.saved, bool(self._codes))
