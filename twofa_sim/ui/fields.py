"""The portal's form fields: a real HTML ``<form>`` of labelled inputs and a
submit button, as the sign-in, code and "confirm it's you" forms of a web
portal are.

ipywidgets 8 has no ``<form>`` and no traits for ``autocomplete``,
``inputmode`` or ARIA, so this is a small anywidget (JavaScript inline, no
build step):

* each input has a visible ``<label for>``; a hint under it is tied to it
  with ``aria-describedby``;
* ``autocomplete`` says what a field holds (WCAG 2.2 SC 1.3.5, HTML's
  autofill field names): ``username`` and ``current-password`` let password
  managers recognise the sign-in form, ``one-time-code`` lets a phone offer
  the code from a text; a field for digits only has ``inputmode=numeric``;
* pressing Enter in any field submits the form (the browser's implicit
  submission presses its submit button); leaving a field does not (it only
  hands Python what was typed);
* Python sets values, moves the focus (:meth:`Form.focus`) and presses the
  button (:meth:`Form.submit`), so notebooks drive a form from code exactly
  as the browser does.

The form decides nothing: its page passes what it is given on submit to the
portal.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

import anywidget
import traitlets as t

from ..bounds import check_flag
from ..errors import InputTypeError

_ESM = r"""
// Ids unique in the page, whichever widget module instance draws them.
const nextId = () => (globalThis.__twofaSimIds = (globalThis.__twofaSimIds || 0) + 1);

function focusWhenShown(input, tries = 120) {
  if (!input) return;
  if (input.offsetParent !== null) { input.focus(); return; }
  if (tries > 0) requestAnimationFrame(() => focusWhenShown(input, tries - 1));
}

function render({ model, el }) {
  const uid = `twofa-form-${nextId()}`;
  const form = document.createElement("form");
  form.className = "twofa-form";
  form.noValidate = true;
  const actions = document.createElement("div");
  actions.className = "twofa-form-actions";
  const button = document.createElement("button");
  button.type = "submit";
  actions.appendChild(button);
  form.appendChild(actions);
  const rows = new Map();

  // What is typed goes to Python in the form's own messages, in order: when a
  // field is left ("change") and with the submit itself, so a submit never
  // overtakes the values it needs.
  const typed = () => {
    const values = {};
    for (const [name, row] of rows) {
      values[name] = row.input.type === "checkbox" ? row.input.checked : row.input.value;
    }
    return values;
  };
  // The local copy is updated too (never saved: Python takes the message), so a
  // later change from Python, such as clearing a field, always shows.
  const send = (event) => {
    const values = typed();
    model.set("values", values);
    model.send({ event, values });
  };
  const push = () => send("values");

  const syncValues = () => {
    const values = model.get("values");
    for (const [name, row] of rows) {
      const value = values[name];
      if (row.input.type === "checkbox") row.input.checked = Boolean(value);
      else if (row.input.value !== (value ?? "")) row.input.value = value ?? "";
    }
  };

  const update = () => {
    for (const spec of model.get("inputs")) {
      const row = rows.get(spec.name);
      row.label.textContent = spec.label;
      row.wrap.hidden = !spec.visible;
      if (spec.placeholder) row.input.placeholder = spec.placeholder;
      else row.input.removeAttribute("placeholder");
      if (row.hint) row.hint.textContent = spec.hint;
    }
    const label = model.get("form_label");
    if (label) form.setAttribute("aria-label", label); else form.removeAttribute("aria-label");
    button.textContent = model.get("submit_label");
    button.className = `twofa-button twofa-tone-${model.get("tone")} ${model.get("submit_class")}`;
    syncValues();
  };

  const build = () => {
    for (const row of rows.values()) row.wrap.remove();
    rows.clear();
    for (const spec of model.get("inputs")) {
      const id = `${uid}-${spec.name}`;
      const wrap = document.createElement("div");
      const input = document.createElement("input");
      const label = document.createElement("label");
      input.id = id;
      input.name = spec.name;
      label.htmlFor = id;
      let hint = null;
      if (spec.kind === "checkbox") {
        wrap.className = `twofa-check ${spec.css_class}`;
        input.type = "checkbox";
        wrap.append(input, label);
      } else {
        wrap.className = `twofa-field ${spec.css_class}`;
        input.type = spec.kind;
        input.setAttribute("autocomplete", spec.autocomplete);
        if (spec.inputmode) input.setAttribute("inputmode", spec.inputmode);
        input.setAttribute("spellcheck", "false");
        input.setAttribute("autocapitalize", "none");
        wrap.append(label, input);
        if (spec.hint) {
          hint = document.createElement("div");
          hint.className = "twofa-hint";
          hint.id = `${id}-hint`;
          input.setAttribute("aria-describedby", hint.id);
          wrap.appendChild(hint);
        }
      }
      input.addEventListener("change", push);
      form.insertBefore(wrap, actions);
      rows.set(spec.name, { wrap, input, label, hint });
    }
    update();
  };

  const names = () => model.get("inputs").map((spec) => spec.name).join("\n");
  let built = names();
  const onInputs = () => {
    if (names() !== built) { built = names(); build(); } else update();
  };
  const onSubmit = (event) => {
    event.preventDefault();
    send("submit");
  };
  const onMessage = (message) => {
    if (message && message.focus) focusWhenShown(rows.get(message.focus)?.input);
  };
  form.addEventListener("submit", onSubmit);
  model.on("change:inputs", onInputs);
  model.on("change:values", syncValues);
  model.on("change:submit_label", update);
  model.on("change:tone", update);
  model.on("msg:custom", onMessage);
  build();
  el.appendChild(form);
  return () => {
    model.off("change:inputs", onInputs);
    model.off("change:values", syncValues);
    model.off("change:submit_label", update);
    model.off("change:tone", update);
    model.off("msg:custom", onMessage);
  };
}

export default { render };
"""


@dataclass(frozen=True)
class Field:
    """One input of a :class:`Form`.

    Attributes:
        name: the key of its value in :attr:`Form.values`.
        label: the visible label, tied to the input.
        kind: the input's ``type``: "text", "password" or "checkbox".
        autocomplete: HTML's autofill field name ("username", "current-password",
            "new-password", "one-time-code", "tel-national", "off").
        inputmode: the on-screen keyboard to offer ("numeric", "email", "" for text).
        placeholder: an example of what to type ("" for none: a label says what it is).
        hint: a line under the input, read with it ("" for none).
        css_class: a stable class on the field's wrapper, for browser tests.
        visible: False hides the field (its value stays).
    """

    name: str
    label: str
    kind: str = "text"
    autocomplete: str = "off"
    inputmode: str = ""
    placeholder: str = ""
    hint: str = ""
    css_class: str = ""
    visible: bool = True

    def spec(self) -> dict:
        """The dict the browser side reads."""
        return dict(name=self.name, label=self.label, kind=self.kind, autocomplete=self.autocomplete,
                    inputmode=self.inputmode, placeholder=self.placeholder, hint=self.hint,
                    css_class=self.css_class, visible=self.visible)


def username(name: str, label: str, css_class: str, placeholder: str = "") -> Field:
    """A login field (``autocomplete=username``)."""
    return Field(name, label, "text", "username", "email", placeholder, css_class=css_class)


def current_password(name: str, label: str, css_class: str) -> Field:
    """The account's password (``autocomplete=current-password``)."""
    return Field(name, label, "password", "current-password", css_class=css_class)


def new_password(name: str, label: str, css_class: str) -> Field:
    """A password being chosen (``autocomplete=new-password``)."""
    return Field(name, label, "password", "new-password", css_class=css_class)


def one_time_code(name: str, label: str, css_class: str, hint: str = "", digits_only: bool = True) -> Field:
    """A field for a one-time code (``autocomplete=one-time-code``).

    A field that takes digits only (an app or SMS code) asks for the numeric
    keyboard; one that also takes a backup code (letters and digits) keeps
    the full keyboard, or a phone could not type the letters.
    """
    return Field(name, label, "text", "one-time-code", "numeric" if digits_only else "", hint=hint,
                 css_class=css_class)


def checkbox(name: str, label: str, css_class: str) -> Field:
    """A checkbox submitted with the form."""
    return Field(name, label, "checkbox", css_class=css_class)


class Form(anywidget.AnyWidget):
    """A ``<form>`` of :class:`Field` inputs and one submit button.

    Args:
        fields: the inputs, in order.
        submit: the submit button's text.
        submit_class: a stable CSS class on the button, for browser tests.
        label: the form's accessible name (a form landmark), e.g. "Log in".
        tone: the button's colour: "primary", "warning", "danger" or "plain".

    ``form.inputs[name]`` and ``form.button`` are driven from code as a
    person drives them in the browser (:class:`FormInput`, :class:`FormButton`).
    """

    _esm = _ESM
    inputs = t.List(t.Dict()).tag(sync=True)
    values = t.Dict().tag(sync=True)
    submit_label = t.Unicode("").tag(sync=True)
    submit_class = t.Unicode("").tag(sync=True)
    form_label = t.Unicode("").tag(sync=True)
    tone = t.Unicode("primary").tag(sync=True)

    def __init__(self, fields: list[Field], submit: str, submit_class: str = "", label: str = "",
                 tone: str = "primary") -> None:
        self._fields = {f.name: f for f in fields}
        super().__init__(inputs=[f.spec() for f in fields], submit_label=submit, submit_class=submit_class,
                         form_label=label, tone=tone,
                         values={f.name: (False if f.kind == "checkbox" else "") for f in fields})
        self._on_submit: list[Callable[[], None]] = []
        #: The field Python last asked the browser to focus (None before any).
        self.focus_requested: str | None = None
        self.on_msg(self._message)
        self.input = {name: FormInput(self, name) for name in self._fields}
        self.button = FormButton(self)

    def field(self, name: str) -> Field:
        """The field ``name`` as now set (label, visibility...)."""
        return self._fields[name]

    def change_field(self, name: str, **changes) -> None:
        """Change a field's label, placeholder, hint or visibility."""
        self._fields[name] = replace(self._fields[name], **changes)
        self.inputs = [f.spec() for f in self._fields.values()]

    def on_submit(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` when the form is submitted (Enter or the button)."""
        self._on_submit.append(callback)

    def submit(self) -> None:
        """Submit the form, as pressing its button or Enter in a field does."""
        for callback in self._on_submit:
            callback()

    def focus(self, name: str) -> None:
        """Move the keyboard focus to the input ``name`` (once it is shown)."""
        if name not in self._fields:
            raise KeyError(name)
        self.focus_requested = name
        self.send({"focus": name})

    def _message(self, _widget, content, _buffers) -> None:
        """What the browser sends: the values typed ("values") and a submit
        with them ("submit")."""
        if not isinstance(content, dict):
            return
        typed = content.get("values")
        if isinstance(typed, dict):
            self._take(typed)
        if content.get("event") == "submit":
            self.submit()

    def _take(self, typed: dict) -> None:
        """Keep the values the browser sent for this form's fields (others are
        ignored), without sending them back: the browser may be typing on."""
        kept = dict(self.values)
        for name, value in typed.items():
            field = self._fields.get(name)
            if field is not None and isinstance(value, bool if field.kind == "checkbox" else str):
                kept[name] = value
        self.set_state({"values": kept})

    def __repr__(self) -> str:
        return f"<Form {self.submit_label!r}: {', '.join(self._fields)}>"


class FormInput:
    """One input of a :class:`Form`, driven from code: ``value`` (text, or
    True/False for a checkbox), ``description`` (its label) and ``visible``."""

    def __init__(self, form: Form, name: str) -> None:
        self._form, self.name = form, name

    @property
    def value(self):
        """What the input holds now."""
        return self._form.values[self.name]

    @value.setter
    def value(self, value) -> None:
        checkbox = self._form.field(self.name).kind == "checkbox"
        if checkbox:
            value = check_flag(value, self.name)
        if not checkbox and not isinstance(value, str):
            raise InputTypeError(f"{self.name} holds text, not {type(value).__name__}")
        self._form.values = {**self._form.values, self.name: value}

    @property
    def description(self) -> str:
        """The input's visible label."""
        return self._form.field(self.name).label

    @description.setter
    def description(self, label: str) -> None:
        self._form.change_field(self.name, label=label)

    @property
    def placeholder(self) -> str:
        """The example shown in the empty input."""
        return self._form.field(self.name).placeholder

    @property
    def visible(self) -> bool:
        """False while the input is hidden."""
        return self._form.field(self.name).visible

    @visible.setter
    def visible(self, visible: bool) -> None:
        if visible != self.visible:
            self._form.change_field(self.name, visible=visible)

    def focus(self) -> None:
        """Move the keyboard focus here."""
        self._form.focus(self.name)

    def __repr__(self) -> str:
        return f"<FormInput {self.name}>"


class FormButton:
    """A :class:`Form`'s submit button, driven from code like an ipywidgets Button."""

    def __init__(self, form: Form) -> None:
        self._form = form

    @property
    def description(self) -> str:
        """The button's text."""
        return self._form.submit_label

    def click(self) -> None:
        """Press the button: submit the form."""
        self._form.submit()

    def on_click(self, callback: Callable) -> None:
        """Call ``callback(button)`` on every press."""
        self._form.on_submit(lambda: callback(self))

    def __repr__(self) -> str:
        return f"<FormButton {self.description!r}>"
