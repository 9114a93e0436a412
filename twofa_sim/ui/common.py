"""Small helpers shared by the screens: showing, hiding and styling
widgets, buttons, tables and message boxes."""

from __future__ import annotations

import html
import itertools
import uuid

import ipywidgets as w

from ..errors import TwofaSimError
from .fields import FormInput
from .heading import Heading
from .palette import BUTTONS, MESSAGE_BORDERS, PANEL_BORDER
from .style import PAGE_PADDING, PAGE_WIDTH, SCREEN_CLASS, PortalStyle

PAGE_LAYOUT = dict(border=f"1px solid {PANEL_BORDER}", padding=f"{PAGE_PADDING}px", width=f"{PAGE_WIDTH}px")

#: Padding between table cells, so columns never run together.
CELL_STYLE = "padding:2px 12px 2px 0;text-align:left;vertical-align:top;line-height:1.4"


_COUNT = itertools.count(1)


def stable_model_id(kind: str) -> str:
    """A widget model id from a per-kernel counter rather than drawn at random,
    so a notebook that displays the widget re-runs to the same bytes."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"twofa-sim/{kind}/{next(_COUNT)}").hex


def show(widget, visible: bool) -> None:
    """Show or hide ``widget`` or a form's input (hidden ones take no space)."""
    if isinstance(widget, FormInput):
        widget.visible = visible
    else:
        widget.layout.display = None if visible else "none"


def shown(widget) -> bool:
    """True when ``widget`` (or a form's input) is not hidden by :func:`show`."""
    if isinstance(widget, FormInput):
        return widget.visible
    return widget.layout.display != "none"


def styled(widget: w.Widget, css_class: str) -> w.Widget:
    """``widget`` with the stable CSS class ``css_class`` added."""
    widget.add_class(css_class)
    return widget


def button(description: str, css_class: str, tone: str = "plain", **kwargs) -> w.Button:
    """A button in one of the palette's tones ("primary", "warning", "danger",
    "plain"), its colours set on the button itself (contrast checked in
    :mod:`.palette`)."""
    background, text = BUTTONS[tone]
    widget = w.Button(description=description, style={"button_color": background, "text_color": text}, **kwargs)
    return styled(styled(widget, css_class), f"twofa-tone-{tone}")


def heading(text: str) -> Heading:
    """A small page heading, which the keyboard focus can be moved to (:mod:`.heading`)."""
    return Heading(text)


def message_html(text: str, kind: str = "info") -> str:
    """A message box's HTML (``kind`` is info, ok, error or warning)."""
    if not text:
        return ""
    return (f"<div class='twofa-say-{kind}' style='border-left:4px solid {MESSAGE_BORDERS[kind]};padding:4px 8px'>"
            f"{html.escape(text)}</div>")


def table_html(headers: list[str], rows: list[list[str]], label: str, row_styles: list[str] | None = None) -> str:
    """A table with a header cell for every column and room between columns.

    ``headers`` are plain text; ``rows`` hold cells already in HTML (escape
    what comes from outside); ``label`` names the table for a screen reader;
    ``row_styles`` optionally styles each row (e.g. its colour).
    """
    head = "".join(f"<th scope='col' style='{CELL_STYLE}'>{html.escape(h)}</th>" for h in headers)
    styles = row_styles or [""] * len(rows)
    body = "".join(f"<tr style='{style}'>" + "".join(f"<td style='{CELL_STYLE}'>{cell}</td>" for cell in row) + "</tr>"
                   for row, style in zip(rows, styles))
    return (f"<table class='twofa-table' aria-label='{html.escape(label, quote=True)}' "
            f"style='border-collapse:collapse'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def backup_codes_html(codes: tuple[str, ...]) -> str:
    """New backup codes as a list ("" when none). What to do with them is the
    portal's message beside them."""
    if not codes:
        return ""
    items = "".join(f"<li><code>{html.escape(c)}</code></li>" for c in codes)
    return f"<b>Your backup codes</b><ul aria-label='Your backup codes'>{items}</ul>"


class Screen(w.VBox):
    """A portal or phone screen: a VBox with a short, stable repr.

    Other screens can ask to be told after each action on this one
    (:meth:`on_action`), so a side panel stays in step with the page.
    Every screen carries the portal's stylesheet (:mod:`.style`) and its
    scope class.
    """

    def __init__(self, children=(), **kwargs) -> None:
        super().__init__([*children, PortalStyle()], **kwargs)
        self.add_class(SCREEN_CLASS)

    @property
    def message(self) -> str:
        """The message the screen shows ("" when none)."""
        return getattr(self, "_message", "")

    def _say(self, text: str, kind: str) -> None:
        """Show ``text`` in the screen's ``message_box`` and tell listeners."""
        self._message = text
        self.message_box.say(text, kind)
        self._acted()

    def guarded(self, action):
        """A button or change handler that runs ``action()`` and shows any
        refusal the engine raises (a typed error) as the screen's message."""
        def handler(*_):
            try:
                action()
            except TwofaSimError as exc:
                self._say(str(exc), "error")
        return handler

    def on_action(self, callback) -> None:
        """Call ``callback()`` after every action a person takes on this screen."""
        if getattr(self, "_action_callbacks", None) is None:
            self._action_callbacks = []
        self._action_callbacks.append(callback)

    def _acted(self) -> None:
        for callback in getattr(self, "_action_callbacks", None) or ():
            callback()

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


class AccountScreen(Screen):
    """A page of the signed-in user's account.

    Subclasses call :meth:`_bind` first in ``__init__(portal, login)``:
    ``portal`` is the portal, ``login`` the signed-in user. A page reads
    what it shows from :meth:`_view` (the portal's read-only
    :class:`~twofa_sim.views.AccountView`), never from the engine's records.
    """

    def _bind(self, portal, login: str) -> None:
        """Remember the portal and the user's login as the portal spells it.

        Raises:
            UnknownUserError: no such user.
        """
        self._portal = portal
        self._login = portal.view(login).login

    def _view(self):
        """What the portal says about the signed-in user now (an AccountView)."""
        return self._portal.view(self._login)
