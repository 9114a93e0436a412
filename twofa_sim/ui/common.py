"""Small helpers shared by the screens: showing, hiding and styling widgets."""

from __future__ import annotations

import html

import ipywidgets as w

from ..errors import TwofaSimError

PAGE_LAYOUT = dict(border="1px solid #d0d7de", padding="10px", width="440px")


def show(widget: w.Widget, visible: bool) -> None:
    """Show or hide ``widget`` (hidden widgets take no space)."""
    widget.layout.display = None if visible else "none"


def shown(widget: w.Widget) -> bool:
    """True when ``widget`` is not hidden by :func:`show`."""
    return widget.layout.display != "none"


def styled(widget: w.Widget, css_class: str) -> w.Widget:
    """``widget`` with the stable CSS class ``css_class`` added."""
    widget.add_class(css_class)
    return widget


def heading(text: str) -> w.HTML:
    """A small page heading."""
    return w.HTML(f"<h3 style='margin:0 0 6px 0'>{html.escape(text)}</h3>")


def message_html(text: str, kind: str = "info") -> str:
    """A message box's HTML (``kind`` is info, ok, error or warning)."""
    colours = {"info": "#0969da", "ok": "#1a7f37", "error": "#cf222e", "warning": "#9a6700"}
    if not text:
        return ""
    return (f"<div style='border-left:4px solid {colours[kind]};padding:4px 8px'>"
            f"{html.escape(text)}</div>")


def backup_codes_html(codes: tuple[str, ...]) -> str:
    """The warning and list shown with new backup codes ("" when none)."""
    if not codes:
        return ""
    items = "".join(f"<li><code>{html.escape(c)}</code></li>" for c in codes)
    return ("<b>Warning:</b> save these backup codes somewhere safe now. Each works once in place of "
            f"a code from your app. They will not be shown again.<ul>{items}</ul>")


class Screen(w.VBox):
    """A portal or phone screen: a VBox with a short, stable repr.

    Other screens can ask to be told after each action on this one
    (:meth:`on_action`), so a side panel stays in step with the page.
    """

    @property
    def message(self) -> str:
        """The message the screen shows ("" when none)."""
        return getattr(self, "_message", "")

    def _say(self, text: str, kind: str) -> None:
        """Show ``text`` in the screen's ``message_box`` and tell listeners."""
        self._message = text
        self.message_box.value = message_html(text, kind)
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
