"""An on/off switch that says what it is: a ``<button role="switch">``
whose state is ``aria-checked`` and whose name is its visible label
(WAI-ARIA 1.2 ``switch``; WCAG 2.2 SC 4.1.2, Name, Role, Value).

The state text beside the knob (ON/OFF) is what a sighted person reads;
a screen reader hears the label and the switch's state.
"""

from __future__ import annotations

import anywidget
import traitlets as t

_ESM = r"""
const nextId = () => (globalThis.__twofaSimIds = (globalThis.__twofaSimIds || 0) + 1);

function render({ model, el }) {
  const id = `twofa-switch-${nextId()}`;
  const row = document.createElement("div");
  row.className = "twofa-switch-row";
  const label = document.createElement("span");
  label.id = `${id}-label`;
  const button = document.createElement("button");
  button.type = "button";
  button.setAttribute("role", "switch");
  button.setAttribute("aria-labelledby", label.id);
  button.className = "twofa-switch-button";
  const knob = document.createElement("span");
  knob.className = "twofa-switch-knob";
  knob.setAttribute("aria-hidden", "true");
  const state = document.createElement("span");
  state.setAttribute("aria-hidden", "true");
  button.append(knob, state);
  row.append(label, button);
  el.appendChild(row);
  const update = () => {
    label.textContent = model.get("label");
    button.setAttribute("aria-checked", model.get("value") ? "true" : "false");
    state.textContent = model.get("description");
  };
  const onClick = () => {
    model.set("value", !model.get("value"));
    model.save_changes();
  };
  button.addEventListener("click", onClick);
  // ipywidgets' DOMWidget.focus() sends {do: "focus"}.
  const onMessage = (message) => { if (message && message.do === "focus") button.focus(); };
  model.on("msg:custom", onMessage);
  model.on("change:value", update);
  model.on("change:label", update);
  model.on("change:description", update);
  update();
  return () => {
    model.off("msg:custom", onMessage);
    model.off("change:value", update);
    model.off("change:label", update);
    model.off("change:description", update);
  };
}
export default { render };
"""


class Switch(anywidget.AnyWidget):
    """An on/off switch.

    Attributes:
        value: True when on (set it from code as a click does; observers see the change).
        label: its visible label and accessible name, e.g. "Two-factor authentication".
        description: the state text shown on it ("ON" or "OFF").

    ``focus()`` (ipywidgets' own) moves the keyboard focus to it.
    """

    _esm = _ESM
    value = t.Bool(False).tag(sync=True)
    label = t.Unicode("").tag(sync=True)
    description = t.Unicode("").tag(sync=True)

    def __repr__(self) -> str:
        return f"<Switch {self.label!r}: {self.description}>"
