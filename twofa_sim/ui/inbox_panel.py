"""The phone's SMS inbox: texts delivered to its number so far (phone side,
so the text, code included, is shown)."""

from __future__ import annotations

import html

import ipywidgets as w

from ..clock import to_datetime
from ..gateway import SmsGateway
from ..phone import international_form
from .common import PAGE_LAYOUT, Screen, heading, styled
from .palette import MUTED


class InboxPanel(Screen):
    """Messages on a phone with number ``number`` (E.164).

    Args:
        gateway: the SMS gateway (texts appear once their delivery time passes).
        number: the phone's own number.
    """

    def __init__(self, gateway: SmsGateway, number: str) -> None:
        self._gateway = gateway
        self.number = number
        self.messages_box = styled(w.HTML(), "twofa-inbox")
        super().__init__([heading(f"Messages on {international_form(number)}"), self.messages_box],
                         layout=w.Layout(**PAGE_LAYOUT))
        gateway.clock.subscribe(lambda _now: self.refresh())
        self.refresh()

    @property
    def texts(self) -> list[str]:
        """The texts in the inbox, oldest first."""
        return [m.body for m in self._gateway.inbox(self.number)]

    @property
    def codes(self) -> list[str]:
        """The codes the texts carry, oldest first ("" for a text without one),
        as the phone's owner reads them off the screen."""
        return [m.code for m in self._gateway.inbox(self.number)]

    def refresh(self) -> None:
        """Redraw from the gateway."""
        items = [f"<li><small style='color:{MUTED}'>{to_datetime(m.deliver_at):%H:%M:%S} UTC</small> "
                 f"{html.escape(m.body)}</li>"
                 for m in self._gateway.inbox(self.number)]
        self.messages_box.value = f"<ul>{''.join(items)}</ul>" if items else "<i>No messages.</i>"

