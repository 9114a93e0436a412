"""A slider with a name: a native ``<input type="range">`` with a visible
label tied to it, an ``aria-label`` and its value read out in words
(``aria-valuetext``), operable with the arrow keys (WCAG 2.2 SC 4.1.2).

The value changes when the thumb is let go or a key moves it, not while
it is dragged (as ipywidgets' ``continuous_update=False``).
"""

from __future__ import annotations

import anywidget
import traitlets as t

_ESM = r"""
const nextId = () => (globalThis.__twofaSimIds = (globalThis.__twofaSimIds || 0) + 1);

function render({ model, el }) {
  const id = `twofa-slider-${nextId()}`;
  const row = document.createElement("div");
  row.className = "twofa-slider";
  const label = document.createElement("label");
  label.htmlFor = id;
  const input = document.createElement("input");
  input.type = "range";
  input.id = id;
  const shown = document.createElement("span");
  shown.setAttribute("aria-hidden", "true");
  row.append(label, input, shown);
  el.appendChild(row);
  const words = (value) => {
    const unit = model.get("unit");
    const v = Number(value);
    return `${v > 0 ? "+" : ""}${v} ${unit}`.trim();
  };
  const update = () => {
    label.textContent = model.get("description");
    input.setAttribute("aria-label", model.get("description"));
    input.min = model.get("min");
    input.max = model.get("max");
    input.step = model.get("step");
    input.value = model.get("value");
    input.setAttribute("aria-valuetext", words(model.get("value")));
    shown.textContent = words(model.get("value"));
  };
  const onInput = () => {
    shown.textContent = words(input.value);
    input.setAttribute("aria-valuetext", words(input.value));
  };
  const onChange = () => {
    model.set("value", Number(input.value));
    model.save_changes();
  };
  input.addEventListener("input", onInput);
  input.addEventListener("change", onChange);
  for (const name of ["value", "min", "max", "step", "description", "unit"]) model.on(`change:${name}`, update);
  update();
  return () => {
    for (const name of ["value", "min", "max", "step", "description", "unit"]) model.off(`change:${name}`, update);
  };
}
export default { render };
"""


class Slider(anywidget.AnyWidget):
    """An integer slider with a label.

    Attributes:
        value: the value (kept within ``min``..``max``, as ipywidgets' IntSlider does).
        min, max, step: the range and the step a key moves it by.
        description: its visible label and accessible name.
        unit: the unit read after the value ("s").
    """

    _esm = _ESM
    value = t.Int(0).tag(sync=True)
    min = t.Int(0).tag(sync=True)
    max = t.Int(100).tag(sync=True)
    step = t.Int(1).tag(sync=True)
    description = t.Unicode("").tag(sync=True)
    unit = t.Unicode("").tag(sync=True)

    @t.validate("value")
    def _within_range(self, proposal):
        return max(self.min, min(self.max, proposal["value"]))

    def __repr__(self) -> str:
        return f"<Slider {self.description!r}: {self.value} {self.unit}>"
