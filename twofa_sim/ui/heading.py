"""A screen's heading, where the keyboard focus goes when the screen changes
under it.

When what had the focus leaves the screen (the code form once a sign-in is
accepted, a button once its codes are saved), the browser drops the focus
on the page's ``<body>`` and a keyboard or screen-reader user must start
again from the top. The screen moves the focus to its heading instead
(WCAG 2.2 SC 2.4.3 Focus Order): an ``<h3 tabindex="-1">``, which a script
can focus and Tab skips; the screen reader reads the heading, then the
outcome its message region announces (:mod:`.live_message`).

A focus request is state, not a message: a heading drawn after the request
(a screen built and shown in the same step) takes the focus once it is in
the page; one drawn again later does not take it a second time.
"""

from __future__ import annotations

import anywidget
import traitlets as t

_ESM = r"""
function render({ model, el }) {
  const heading = document.createElement("h3");
  heading.className = "twofa-heading";
  heading.tabIndex = -1;
  heading.style.margin = "0 0 6px 0";
  el.appendChild(heading);
  let frame = null;
  const update = () => { heading.textContent = model.get("text"); };
  // Answer a pending request once the heading is in the page and shown (for about 2 s at most).
  const follow = (tries = 120) => {
    cancelAnimationFrame(frame);
    const wanted = model.get("focus_request");
    if (wanted <= model.get("focus_done")) return;
    if (heading.isConnected && heading.offsetParent !== null) heading.focus();
    else if (tries > 0) { frame = requestAnimationFrame(() => follow(tries - 1)); return; }
    model.set("focus_done", wanted);
    model.save_changes();
  };
  const onRequest = () => follow();
  model.on("change:text", update);
  model.on("change:focus_request", onRequest);
  update();
  follow();
  return () => {
    cancelAnimationFrame(frame);
    model.off("change:text", update);
    model.off("change:focus_request", onRequest);
  };
}
export default { render };
"""


class Heading(anywidget.AnyWidget):
    """A screen's heading (``<h3>``) that :meth:`focus` moves the keyboard focus to.

    Attributes:
        text: what the heading says (plain text).
        focus_request: how many times the focus was asked for.
        focus_done: the last request the browser answered.
    """

    _esm = _ESM
    text = t.Unicode("").tag(sync=True)
    focus_request = t.Int(0).tag(sync=True)
    focus_done = t.Int(0).tag(sync=True)

    def __init__(self, text: str = "") -> None:
        super().__init__(text=text)

    def focus(self) -> None:
        """Move the keyboard focus to the heading (once it is in the page and shown)."""
        self.focus_request += 1

    def __repr__(self) -> str:
        return f"<Heading {self.text!r}>"
