"""Change password (which, by default, ends every remembered device: REM-2).

Whether the current password is asked for comes from the view's ``password_proof``."""

from __future__ import annotations

import ipywidgets as w

from ..portal import Portal
from .common import PAGE_LAYOUT, AccountScreen, heading, show, styled
from .fields import Form, current_password, new_password
from .live_message import MessageBox


class PasswordPage(AccountScreen):
    """The signed-in user's change-password form."""

    def __init__(self, portal: Portal, login: str) -> None:
        self._bind(portal, login)
        self.form = styled(Form([current_password("current", "Current password", "twofa-password-current"),
                                 new_password("new", "New password", "twofa-password-new")],
                                "Change password", "twofa-password-change", label="Change password"),
                           "twofa-password-form")
        self.current, self.new, self.change = self.form.input["current"], self.form.input["new"], self.form.button
        self.message_box = styled(MessageBox(), "twofa-password-message")
        self.change.on_click(self.guarded(self.submit))
        super().__init__([heading("Password"), self.form, self.message_box],
                         layout=w.Layout(**PAGE_LAYOUT))
        self.refresh()

    def submit(self) -> None:
        """Press Change password."""
        current = self.current.value if self._view().password_proof.password else ""
        result = self._portal.change_password(self._login, current, self.new.value)
        self.current.value = self.new.value = ""
        self._say(result.message, "ok" if result.ok else "error")

    def refresh(self) -> None:
        """Show the current-password field when the portal asks for it."""
        show(self.current, self._view().password_proof.password)
