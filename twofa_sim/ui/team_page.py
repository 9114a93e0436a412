"""The portal's Team page: each member's row with an edit icon, the edit
form with the Country Code list and the Cell Phone field, and the box where
the code texted to a new number is typed to confirm it (SMS-3).

Which proof a change of number needs comes from the view's ``phone_proof``
(the rule is in :mod:`twofa_sim.reauth`); numbers are read by
:mod:`twofa_sim.phone`."""

from __future__ import annotations

import html

import ipywidgets as w

from ..outcomes import Outcome
from ..phone import named_region, region_choices
from ..portal import Portal
from .common import PAGE_LAYOUT, AccountScreen, button, heading, show, shown, styled, table_html
from .fields import Field, Form, current_password, one_time_code
from .live_message import MessageBox


class TeamPage(AccountScreen):
    """The Team page as the signed-in user sees it (only their own row can be edited)."""

    def __init__(self, portal: Portal, login: str) -> None:
        self._bind(portal, login)
        self._warning = ""
        self.rows = styled(w.HTML(), "twofa-team-rows")
        self.edit = button("✎ Edit my row", "twofa-team-edit", tone="warning")
        self.country = styled(w.Dropdown(options=list(region_choices()), value="US", description="Country Code",
                                         style={"description_width": "initial"}), "twofa-team-country")
        self.save_form = styled(Form([Field("cell_phone", "Cell Phone", autocomplete="tel-national", inputmode="tel",
                                            hint="Area code and number, or the whole number with + and the country code",
                                            css_class="twofa-team-cell"),
                                      current_password("password", "Password", "twofa-team-password"),
                                      one_time_code("code", "Code", "twofa-team-code", hint="From your app or a backup code",
                                                    digits_only=False)],
                                     "Save", "twofa-team-save", label="Your cell phone"), "twofa-team-form")
        self.cell_phone, self.password, self.code = (self.save_form.input[name] for name in ("cell_phone", "password", "code"))
        self.save = self.save_form.button
        self.message_box = styled(MessageBox(), "twofa-team-message")
        self.confirm_form = styled(Form([one_time_code("code", "Code from the text", "twofa-team-confirm-code",
                                                       hint="The code texted to the new number")],
                                        "Confirm number", "twofa-team-confirm", label="Confirm the new number"),
                                   "twofa-team-confirm-form")
        self.confirm_code, self.confirm = self.confirm_form.input["code"], self.confirm_form.button
        self.resend = button("Send a new code", "twofa-team-resend")
        self.pending_note = styled(w.HTML(), "twofa-team-pending")
        self._form = w.VBox([self.country, self.save_form])
        self._confirm_box = w.VBox([self.pending_note, self.confirm_form, self.resend])
        self.edit.on_click(self.guarded(self._open_form))
        self.save.on_click(self.guarded(self.submit))
        self.confirm.on_click(self.guarded(self.submit_confirmation))
        self.resend.on_click(self.guarded(self.resend_code))
        self.save_form.observe(self._follow_plus, names="values")
        self.title = heading("Team")
        super().__init__([self.title, self.rows, self.edit, self._form, self._confirm_box, self.message_box],
                         layout=w.Layout(**PAGE_LAYOUT))
        show(self._form, False)
        self._render()

    @property
    def warning(self) -> str:
        """A caution shown after Save ("" when none)."""
        return self._warning

    @property
    def editing(self) -> bool:
        """True while the edit form is open."""
        return shown(self._form)

    @property
    def confirming(self) -> bool:
        """True while a new number waits for the code texted to it."""
        return shown(self._confirm_box)

    def row_text(self) -> str:
        """The signed-in user's row as shown: name, login, cell phone and any
        number waiting for confirmation."""
        view = self._view()
        pending = f" · unconfirmed {view.pending_cell_phone}" if view.pending_cell_phone else ""
        return f"{view.name} · {view.login} · {view.cell_phone or 'no cell phone'}{pending}"

    def _open_form(self) -> None:
        region = self._view().cell_phone_region
        if region:
            self.country.value = region
        self.cell_phone.value = ""
        show(self._form, True)
        self._render()

    def _follow_plus(self, change) -> None:
        """A number typed in international form (+44, or 0044 with Italy
        selected) moves the country list to the country it names, once the
        browser hands the number over (the field left, or the form submitted)."""
        if change["new"].get("cell_phone") == change["old"].get("cell_phone"):
            return
        region = named_region(self.country.value, change["new"]["cell_phone"])
        if region and region in dict((r, r) for _, r in self.country.options):
            self.country.value = region

    def submit(self) -> None:
        """Press Save with the country, the number and what the page asks for
        (the view's ``phone_proof``)."""
        proof = self._view().phone_proof
        result = self._portal.set_cell_phone(self._login, self.country.value, self.cell_phone.value,
                                             self.password.value if proof.password else None,
                                             self.code.value if proof.code else None)
        self.password.value = self.code.value = ""
        self._warning = result.warning
        sent = result.outcome is Outcome.CODE_REQUIRED
        if sent:
            self.country.value = self._view().pending_cell_phone_region
            show(self._form, False)
        self._say(result.message, "warning" if result.warning else ("info" if sent else "error"))
        if result.warning:
            self.message_box.say(f"{result.message} {result.warning}", "warning")
        self._render()
        if sent:
            self.confirm_form.focus("code")  # the edit form is gone: the next thing is the code texted

    def submit_confirmation(self) -> None:
        """Press "Confirm number" with the code typed from the text."""
        result = self._portal.confirm_cell_phone(self._login, self.confirm_code.value)
        self.confirm_code.value = ""
        self._say(result.message, "ok" if result.ok else "error")
        self._render()
        if result.ok:
            self.title.focus()  # the confirmation form is gone: back to the page's heading, above the new number

    def resend_code(self) -> None:
        """Press "Send a new code": a new confirmation text to the new number."""
        result = self._portal.resend_phone_confirmation(self._login)
        self._say(result.message, "info" if result.outcome is Outcome.CODE_REQUIRED else "error")
        self._render()

    def refresh(self) -> None:
        """Redraw the rows from the portal."""
        self._render()

    def _render(self) -> None:
        rows = []
        for login in self._portal.users():
            status = self._portal.status(login)
            mark = " (you)" if login == self._login else ""
            rows.append([html.escape(status.name) + mark, html.escape(login),
                         html.escape(status.cell_phone or "—")])  # confirmed numbers only
        self.rows.value = table_html(["Name", "Login", "Cell Phone"], rows, "Team members")
        view = self._view()
        proof = view.phone_proof
        show(self.password, proof.password)
        show(self.code, proof.code)
        show(self._confirm_box, bool(view.pending_cell_phone))
        self.pending_note.value = (f"<b>{html.escape(view.pending_cell_phone)}</b> is not confirmed yet: type the "
                                   "code texted to it." if view.pending_cell_phone else "")
