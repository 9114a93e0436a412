"""The signed-in portal: a menu under the user's name that opens a page (ENR-1, SMS-3)."""

from __future__ import annotations

import html
from typing import Callable

import ipywidgets as w

from ..errors import InputTypeError, SimulationError
from ..portal import Portal
from .common import Screen, styled


class PortalShell(Screen):
    """The menu under the user's name and the page it opened.

    Args:
        portal: the portal.
        login: the signed-in user.
        pages: menu entry → a function building that page's widget.
    """

    def __init__(self, portal: Portal, login: str, pages: dict[str, Callable[[], w.Widget]]) -> None:
        self._pages = pages
        self._built: dict[str, w.Widget] = {}
        name = portal.view(login).name
        self.menu = styled(w.Dropdown(options=["Dashboard", *pages], value="Dashboard", description=name,
                                      style={"description_width": "initial"}), "twofa-menu")
        self.dashboard = w.HTML(f"<i>Dashboard of {html.escape(name)}. Open a page from the menu under your name.</i>")
        self.content = w.VBox([self.dashboard])
        self.menu.observe(lambda change: self.go_to(change["new"]), names="value")
        super().__init__([self.menu, self.content])

    @property
    def page(self) -> w.Widget | None:
        """The page on screen (None on the dashboard)."""
        return self._built.get(self.menu.value)

    def go_to(self, entry: str) -> w.Widget | None:
        """Open a menu entry, as picking it from the menu does.

        Raises:
            InputTypeError: ``entry`` is not text.
            SimulationError: ``entry`` is not on the menu (the message names those that are).
        """
        choices = ", ".join(repr(option) for option in self.menu.options)
        if not isinstance(entry, str):
            raise InputTypeError(f"entry must be text, one of {choices}; not {type(entry).__name__}")
        if entry not in self.menu.options:
            raise SimulationError(f"no menu entry {entry[:60]!r}: the menu holds {choices}")
        if self.menu.value != entry:
            self.menu.value = entry  # the observer calls back here
            return self.page
        if entry in self._pages:
            if entry not in self._built:
                self._built[entry] = self._pages[entry]()
            elif callable(getattr(self._built[entry], "refresh", None)):
                self._built[entry].refresh()  # what changed elsewhere since it was last shown
            self.content.children = [self._built[entry]]
        else:
            self.content.children = [self.dashboard]
        return self.page
