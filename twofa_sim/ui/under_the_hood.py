"""Under the hood: how the phone's current code is made (RFC 4226 §5.3,
RFC 6238 §4) and which time steps the portal would accept right now.

Phone side: it shows codes and intermediate values, never the secret. The
stages come from the phone's app; the accepted steps from
``portal.acceptance(login)`` and the lock from ``portal.view(login)``.
"""

from __future__ import annotations

import html

import ipywidgets as w

from ..app import AuthenticatorApp
from ..otp import Derivation, time_step
from ..portal import Portal
from .common import PAGE_LAYOUT, Screen, heading, styled, table_html
from .palette import ACCEPTED, HIGHLIGHT, OUTSIDE_WINDOW


class UnderTheHood(Screen):
    """Every stage of the code on the phone, tied to the login in progress.

    Args:
        portal: the portal (which steps it accepts, and the lock).
        login: whose account.
        app: the phone's authenticator app (its clock gives the time).
    """

    def __init__(self, portal: Portal, login: str, app: AuthenticatorApp) -> None:
        self._portal = portal
        self._login = portal.view(login).login
        self._app = app
        self.derivation: Derivation | None = None
        self.acceptance: list[dict] = []
        self.stages: list[tuple[str, str]] = []
        self.steps_box = styled(w.HTML(), "twofa-hood-steps")
        self.window_box = styled(w.HTML(), "twofa-hood-window")
        super().__init__([heading("Under the hood"), self.steps_box, self.window_box], layout=w.Layout(**PAGE_LAYOUT))
        app.clock.subscribe(lambda _now: self.refresh())
        self.refresh()

    @property
    def accepted_offsets(self) -> list[int]:
        """Offsets (in steps, from the portal's step) a code would be accepted from now."""
        return [row["offset"] for row in self.acceptance if row["accepted"]]

    @property
    def phone_offset_steps(self) -> int | None:
        """How many steps the phone is ahead of the portal (None before enrolment)."""
        if self.derivation is None:
            return None
        return self.derivation.counter - time_step(self._portal.clock.now(), self._portal.view(self._login).period)

    def refresh(self) -> None:
        """Recompute from the phone's app and the portal's acceptance and view."""
        acceptance = self._portal.acceptance(self._login)
        if not acceptance or not self._app.accounts():
            self.derivation, self.acceptance, self.stages = None, [], []
            self.steps_box.value = "<i>Nothing to show until the phone has the account.</i>"
            self.window_box.value = ""
            return
        working = self._app.working()
        d, phone_time, algorithm = working.derivation, working.phone_time, working.algorithm
        self.derivation = d
        self.acceptance = acceptance
        view = self._portal.view(self._login)
        if view.locked:  # a locked account checks no code at all
            self.acceptance = [dict(row, accepted=False, why=f"account {view.lock_text}") for row in acceptance]
        self.stages = [
            ("phone time", f"{phone_time} s since 1970 (UTC)"),
            ("time step T", f"floor({phone_time} / {working.period}) = {d.counter}"),
            ("counter bytes", d.counter_bytes.hex(" ")),
            (f"HMAC-{algorithm}", d.digest.hex()),
            ("offset", f"last byte & 0x0f = {d.offset}"),
            ("4 bytes taken", d.four_bytes.hex(" ")),
            ("31-bit number", f"{d.truncated:,}"),
            ("code", f"{d.truncated:,} mod {d.modulus:,} = {d.code}"),
        ]
        top, rest = d.digest[: d.offset].hex(), d.digest[d.offset + 4:].hex()
        shown = {k: html.escape(v) for k, v in self.stages}
        shown[f"HMAC-{algorithm}"] = f"{top}<b style='color:{HIGHLIGHT}'>{d.four_bytes.hex()}</b>{rest}"
        shown["code"] = f"{d.truncated:,} mod {d.modulus:,} = <b>{d.code}</b>"
        self.steps_box.value = table_html(
            ["Stage", "Value"], [[html.escape(k), f"<span style='font-family:monospace'>{v}</span>"]
                                 for k, v in shown.items()], "How the phone's code is made")
        phone_offset = self.phone_offset_steps
        rows, colours = [], []
        for row in self.acceptance:
            mark = " ← phone" if row["offset"] == phone_offset else ""
            rows.append([f"{row['offset']:+d}", str(row["step"]), html.escape(row["why"]) + mark])
            colours.append(f"color:{ACCEPTED if row['accepted'] else OUTSIDE_WINDOW}")
        self.window_box.value = ("<b>Steps the portal accepts now</b>"
                                 + table_html(["Offset", "Time step", "Status"], rows, "Steps the portal accepts now",
                                              colours))
