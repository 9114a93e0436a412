"""Where a screen says what happened, announced to screen readers.

A refusal ("That code didn't work") goes to a ``role=alert`` region, which a
screen reader reads at once; information and success go to a
``role=status`` region (``aria-live=polite``), read when the reader is idle
(WCAG 2.2 SC 4.1.3, Status Messages). Both regions stay in the page from
the start, as live regions must to be announced, and a message said twice
in a row is announced twice.
"""

from __future__ import annotations

import anywidget
import traitlets as t

from .common import message_html

KINDS = ("info", "ok", "warning", "error")
#: Kinds that report a refusal: announced as an alert.
ALERT_KINDS = frozenset({"error"})

_ESM = r"""
function render({ model, el }) {
  const status = document.createElement("div");
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  status.setAttribute("aria-atomic", "true");
  const alert = document.createElement("div");
  alert.setAttribute("role", "alert");
  alert.setAttribute("aria-atomic", "true");
  el.append(status, alert);
  let timer = null;
  const update = () => {
    const text = model.get("text");
    const kind = model.get("kind");
    const target = model.get("alert") ? alert : status;
    const other = target === alert ? status : alert;
    other.textContent = "";
    other.className = "";
    target.textContent = "";
    target.className = text ? `twofa-say-${kind}` : "";
    clearTimeout(timer);
    // A short pause between emptying and filling makes a repeated message a change to announce.
    timer = setTimeout(() => { target.textContent = text; }, 60);
  };
  model.on("change:said", update);
  if (model.get("text")) {
    (model.get("alert") ? alert : status).className = `twofa-say-${model.get("kind")}`;
    (model.get("alert") ? alert : status).textContent = model.get("text");
  }
  return () => { clearTimeout(timer); model.off("change:said", update); };
}
export default { render };
"""


class MessageBox(anywidget.AnyWidget):
    """A message region: :meth:`say` shows ``text`` and announces it.

    ``text`` and ``kind`` ("info", "ok", "warning", "error") are what shows;
    :attr:`value` is it as HTML, for reading from code.
    """

    _esm = _ESM
    text = t.Unicode("").tag(sync=True)
    kind = t.Unicode("info").tag(sync=True)
    alert = t.Bool(False).tag(sync=True)
    said = t.Int(0).tag(sync=True)

    def say(self, text: str, kind: str = "info") -> None:
        """Show ``text`` (announced; "" clears the box)."""
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
        with self.hold_sync():
            self.text, self.kind, self.alert = text, kind, kind in ALERT_KINDS
            self.said += 1

    @property
    def value(self) -> str:
        """What shows, as HTML ("" when empty)."""
        return message_html(self.text, self.kind)

    def __repr__(self) -> str:
        return f"<MessageBox {self.kind}: {self.text!r}>"
