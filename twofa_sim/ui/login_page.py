"""The portal's login page: login and password, then the authentication code
with "Remember this device for 30 days" (LOG-1..4, REM-1).

The checkbox's label and whether "Send SMS Code" is offered come from the
portal's view of the user signing in."""

from __future__ import annotations

import ipywidgets as w

from ..browser import Browser
from ..outcomes import Outcome
from ..portal import Portal
from ..views import remember_label
from .common import PAGE_LAYOUT, Screen, backup_codes_html, button, heading, show, shown, styled
from .fields import Form, checkbox, current_password, one_time_code, username
from .live_message import MessageBox


class LoginPage(Screen):
    """The login page as one browser shows it.

    Args:
        portal: the portal.
        browser: the browser this page runs in (it keeps remembered-device cookies).
    """

    def __init__(self, portal: Portal, browser: Browser) -> None:
        self._portal = portal
        self.browser = browser
        self._attempt = None
        self._signed_in_as: str | None = None
        self.sign_in_form = styled(Form([username("login", "Login", "twofa-login", "you@example.com"),
                                         current_password("password", "Password", "twofa-password")],
                                        "Log In", "twofa-continue", label=f"Log in ({browser.browser_id})"),
                                   "twofa-sign-in-form")
        self.login, self.password = self.sign_in_form.input["login"], self.sign_in_form.input["password"]
        self.continue_button = self.sign_in_form.button
        self.code_form = styled(Form([one_time_code("code", "Authentication code", "twofa-login-code",
                                                    hint=code_hint(False),
                                                    digits_only=False),
                                      checkbox("remember", remember_label(portal.policy), "twofa-remember")],
                                     "Log In", "twofa-login-button", label=f"Authentication code ({browser.browser_id})"),
                                "twofa-code-form")
        self.code, self.remember = self.code_form.input["code"], self.code_form.input["remember"]
        self.log_in = self.code_form.button
        self.send_sms = button("Send SMS Code", "twofa-send-sms")
        self.sign_out = button("Sign out", "twofa-sign-out")
        self.message_box = styled(MessageBox(), "twofa-login-message")
        self.warning_box = styled(MessageBox(), "twofa-login-warning")
        self.codes_box = styled(w.HTML(), "twofa-login-backup-codes")
        self.saved = button("I have saved them", "twofa-login-saved")
        self._codes: tuple[str, ...] = ()
        self._warning = ""
        self._step_shown: str | None = None
        self._password_step = self.sign_in_form
        self._code_step = w.VBox([self.code_form, self.send_sms])
        self.continue_button.on_click(self.guarded(self.submit_password))
        self.log_in.on_click(self.guarded(self.submit_code))
        self.send_sms.on_click(self.guarded(self.request_sms))
        self.sign_out.on_click(self.guarded(self.reset))
        self.title = heading("")
        super().__init__([self.title, self._password_step,
                          self._code_step, self.message_box, self.warning_box, self.codes_box, self.saved,
                          self.sign_out], layout=w.Layout(**PAGE_LAYOUT))
        self.saved.on_click(self.guarded(self._hide_codes))
        self._render()

    @property
    def signed_in_as(self) -> str | None:
        """The login signed in on this page, or None."""
        return self._signed_in_as

    @property
    def step(self) -> str:
        """Which form shows: "password", "code" or "signed in"."""
        if self._signed_in_as:
            return "signed in"
        return "code" if shown(self._code_step) else "password"

    def describe(self) -> str:
        """What the page shows, in a plain sentence: the step, then its
        message and any caution, e.g. ``Signed in. The page says: “You are
        signed in.”``."""
        words = {"password": "The login form shows", "code": "The page asks for the authentication code",
                 "signed in": "Signed in"}[self.step]
        said = f" The page says: “{self.message}”" if self.message else ""
        caution = f" It warns: “{self._warning}”" if self._warning else ""
        return f"{words}.{said}{caution}"

    def type_password(self, login: str, password: str) -> None:
        """Start over, type ``login`` and ``password`` and press Log In, as a person would."""
        self.reset()
        self.login.value, self.password.value = login, password
        self.continue_button.click()

    def type_code(self, code: str, remember: bool = False) -> None:
        """Type ``code``, set the remember box and press Log In, as a person would."""
        self.code.value, self.remember.value = code, remember
        self.log_in.click()

    def submit_password(self) -> None:
        """Press Log In on the login and password form (LOG-1)."""
        result = self._portal.begin_login(self.login.value, self.password.value, self.browser)
        self.password.value = ""
        if result.outcome is Outcome.CODE_REQUIRED:
            self._attempt = result.attempt
        elif result.signed_in:
            self._signed_in_as = self._portal.view(self.login.value).login
        self._say(result.message, "ok" if result.signed_in else ("info" if self._attempt else "error"))
        self._render()

    def submit_code(self) -> None:
        """Press Log In on the code form (LOG-2..4), honouring the remember box (LOG-3)."""
        if self._attempt is None:
            return
        result = self._portal.submit_code(self._attempt, self.code.value, self.remember.value)
        self.code.value = ""
        if result.signed_in:
            self._signed_in_as = self._attempt.login
            self._attempt = None
            self._warning, self._codes = result.warning, result.backup_codes
        elif result.outcome is Outcome.EXPIRED:
            self._attempt = None
        self._say(result.message, "ok" if result.signed_in else "error")
        self._render()

    @property
    def warning(self) -> str:
        """A caution shown after signing in ("" when none)."""
        return self._warning

    @property
    def backup_codes(self) -> tuple[str, ...]:
        """New backup codes on screen (issued when the last one was used; shown once)."""
        return self._codes

    def _hide_codes(self) -> None:
        self._codes = ()
        self._render()
        self.title.focus()  # the codes and their button are gone: back to the page's heading

    @property
    def sms_button_shown(self) -> bool:
        """True when "Send SMS Code" is on the page (SMS-2)."""
        return shown(self._code_step) and shown(self.send_sms)

    def request_sms(self) -> None:
        """Press Send SMS Code (SMS-1)."""
        if self._attempt is None:
            return
        result = self._portal.send_sms_code(self._attempt)
        if result.outcome is Outcome.EXPIRED:
            self._attempt = None
        self._say(result.message, "info" if result.ok else "error")
        self._render()

    def reset(self) -> None:
        """Sign out (or abandon the code step) and show an empty login form."""
        self._attempt = None
        self._signed_in_as = None
        self._warning, self._codes = "", ()
        self.remember.value = False
        self._say("", "info")
        self._render()

    def _render(self) -> None:
        browser = self.browser.browser_id
        self.title.text = (f"Client Portal — signed in as {self._portal.view(self._signed_in_as).name} (browser {browser})"
                           if self._signed_in_as else f"Client Portal login — browser {browser}")
        show(self._password_step, self._attempt is None and self._signed_in_as is None)
        show(self._code_step, self._attempt is not None)
        if self._attempt is not None:
            view = self._portal.view(self._attempt.login)
            self.remember.description = view.remember_label
            show(self.remember, bool(view.remember_label))  # hidden when the policy turns remembering off
            self.code_form.change_field("code", hint=code_hint(view.sms_available))
        show(self.send_sms, self._attempt is not None and view.sms_available)
        show(self.sign_out, self._attempt is not None or self._signed_in_as is not None)
        self.sign_out.description = "Sign out" if self._signed_in_as else "Start over"
        if self.warning_box.text != self._warning:
            self.warning_box.say(self._warning, "warning")
        self.codes_box.value = backup_codes_html(self._codes)
        show(self.codes_box, bool(self._codes))
        show(self.saved, bool(self._codes))
        self._move_focus()

    def _move_focus(self) -> None:
        """When the page moves to another step, the keyboard focus goes where
        that step starts (the form it was in is gone): the code field, the
        login field, or, once signed in, "I have saved them" when new backup
        codes show and else the page's heading, which now names who is signed
        in (the message region announces the outcome)."""
        step = self.step
        if self._step_shown is not None and step != self._step_shown:
            if step == "code":
                self.code_form.focus("code")
            elif step == "password":
                self.sign_in_form.focus("login")
            else:
                (self.saved if self._codes else self.title).focus()
        self._step_shown = step


def code_hint(sms: bool) -> str:
    """The line under the code field: where a code can come from."""
    return f"From your app{', a text message' if sms else ''} or a backup code"
