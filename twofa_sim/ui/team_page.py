"""The portal's Team page: each member's row with an edit icon, and the edit
form with the Country Code list and the Cell Phone field (SMS-3).

Which proof a change of number needs comes from the view's ``phone_proof``
(the rule is in :mod:`twofa_sim.reauth`); numbers are read by
:mod:`twofa_sim.phone`."""

from __future__ import annotations

import html

import ipywidgets as w

from ..phone import named_region, region_choices
from ..portal import Portal
from .common import PAGE_LAYOUT, AccountScreen, heading, message_html, show, shown, styled


class TeamPage(AccountScreen):
    """The Team page as the signed-in user sees it (only their own row can be edited)."""

    def __init__(self, portal: Portal, login: str) -> None:
        self._bind(portal, login)
        self._warning = ""
        self.rows = styled(w.HTML(), "twofa-team-rows")
        self.edit = styled(w.Button(description="✎ Edit my row", button_style="warning"), "twofa-team-edit")
        self.country = styled(w.Dropdown(options=list(region_choices()), value="US", description="Country Code",
                                         style={"description_width": "initial"}), "twofa-team-country")
        self.cell_phone = styled(w.Text(description="Cell Phone", placeholder="area code and number",
                                        style={"description_width": "initial"}), "twofa-team-cell")
        self.password = styled(w.Password(description="Password", placeholder="confirm it's you"), "twofa-team-password")
        self.code = styled(w.Text(description="Code", placeholder="app or backup code"), "twofa-team-code")
        self.save = styled(w.Button(description="Save", button_style="primary"), "twofa-team-save")
        self.message_box = styled(w.HTML(), "twofa-team-message")
        self._form = w.VBox([self.country, self.cell_phone, self.password, self.code, self.save])
        self.edit.on_click(self.guarded(self._open_form))
        self.save.on_click(self.guarded(self.submit))
        self.cell_phone.observe(self._follow_plus, names="value")
        super().__init__([heading("Team"), self.rows, self.edit, self._form, self.message_box],
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

    def row_text(self) -> str:
        """The signed-in user's row as shown: name, login and cell phone."""
        status = self._portal.status(self._login)
        return f"{status.name} · {status.login} · {status.cell_phone or 'no cell phone'}"

    def _open_form(self) -> None:
        region = self._view().cell_phone_region
        if region:
            self.country.value = region
        self.cell_phone.value = ""
        show(self._form, True)
        self._render()

    def _follow_plus(self, change) -> None:
        """A number typed in international form (+44, or 0044 with Italy
        selected) moves the country list to the country it names."""
        region = named_region(self.country.value, change["new"])
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
        if result.ok:
            self.country.value = self._view().cell_phone_region
            show(self._form, False)
        self._say(result.message, "warning" if result.warning else ("ok" if result.ok else "error"))
        if result.warning:
            self.message_box.value = message_html(f"{result.message} {result.warning}", "warning")
        self._render()

    def refresh(self) -> None:
        """Redraw the rows from the portal."""
        self._render()

    def _render(self) -> None:
        lines = []
        for login in self._portal.users():
            status = self._portal.status(login)
            mark = " (you)" if login == self._login else ""
            lines.append(f"<tr><td>{html.escape(status.name)}{mark}</td><td>{html.escape(login)}</td>"
                         f"<td>{html.escape(status.cell_phone or '—')}</td></tr>")
        self.rows.value = ("<table><tr><th>Name</th><th>Login</th><th>Cell Phone</th></tr>"
                           + "".join(lines) + "</table>")
        proof = self._view().phone_proof
        show(self.password, proof.password)
        show(self.code, proof.code)
