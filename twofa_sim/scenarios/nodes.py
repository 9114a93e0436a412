"""YAML read with line numbers: every value knows its line and field path.

The file is composed into PyYAML nodes (``yaml.compose`` with the safe
loader), whose ``start_mark.line + 1`` gives each value its line. Scalars
keep the text as written, so ``input: 005924`` stays the six characters
typed and ``country: NO`` stays Norway; numbers and booleans are read only
where a field asks for one. :class:`Fields` reads one mapping and raises
:class:`~twofa_sim.scenarios.errors.ScenarioError` naming the line and field.

Before composing, the file's events are scanned once: anchors and aliases
(``&a``, ``*a``) are refused (a scenario needs none, and an alias copied in
full can blow a small file up to gigabytes), as is nesting deeper than
:data:`MAX_DEPTH` levels; text longer than :data:`MAX_BYTES` is refused too.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from typing import Iterable

import yaml

from .. import bounds
from ..errors import InputTypeError
from .errors import ScenarioError

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_CONSTRUCTOR = yaml.SafeLoader("")
_NUMBER = re.compile(r"[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")

#: The largest scenario text read, in bytes (UTF-8).
MAX_BYTES = 1_048_576
#: The deepest nesting of lists and mappings a scenario may have.
MAX_DEPTH = 32


@dataclass(frozen=True)
class Located:
    """A value read from the file.

    Attributes:
        value: ``dict[str, Located]``, ``list[Located]`` or a scalar (str,
            int, float, bool or None as YAML reads it; timestamps stay text).
        line: 1-based line where it starts.
        path: its field path (``steps[3].expect``).
        text: a scalar's text as written (None for mappings and sequences).
    """

    value: object
    line: int
    path: str
    text: str | None = None


def parse(source: str, path: str) -> Located:
    """Compose ``source`` (the text of file ``path``) into located values.

    Raises:
        ScenarioError: not text, longer than :data:`MAX_BYTES`, not YAML,
            more than one document, an empty file, an anchor or alias,
            nesting deeper than :data:`MAX_DEPTH`, a duplicate key, a
            non-text key or an unknown tag.
    """
    if not isinstance(path, str):
        raise InputTypeError(f"path must be text naming the file, got {type(path).__name__}")
    if not isinstance(source, str):
        raise ScenarioError(path, 1, "", f"the scenario must be text (got {type(source).__name__})")
    if len(source) > MAX_BYTES or len(source.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise ScenarioError(path, 1, "", f"is larger than {MAX_BYTES:,} bytes; a scenario file is much smaller")
    try:
        _scan(source, path)
        node = yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise ScenarioError(path, mark.line + 1 if mark else 1, "", f"not valid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise ScenarioError(path, 1, "", f"not valid YAML: {exc}") from None
    if node is None:
        raise ScenarioError(path, 1, "", "the file is empty")
    return _convert(node, "", path)


def _scan(source: str, path: str) -> None:
    """Walk the file's YAML events: refuse anchors, aliases and deep nesting,
    naming the line and field where each is found (before anything is built)."""
    stack: list[list] = []  # per open container: [is_mapping, key or index, expecting a key]

    def where() -> str:
        text = ""
        for is_mapping, at, expecting_key in stack:
            if is_mapping and not expecting_key:
                text += f".{at}" if text else str(at)
            elif not is_mapping:
                text += f"[{at}]"
        return text if len(text) <= 60 else text[:60] + "…"

    def done(value: object) -> None:
        if not stack:
            return
        top = stack[-1]
        if not top[0]:
            top[1] += 1
        elif top[2]:
            top[1], top[2] = value if isinstance(value, str) else "?", False
        else:
            top[2] = True

    for event in yaml.parse(source, Loader=yaml.SafeLoader):
        if isinstance(event, (yaml.AliasEvent, yaml.NodeEvent)) and (
                isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None)):
            mark = "*" if isinstance(event, yaml.AliasEvent) else "&"
            raise ScenarioError(path, event.start_mark.line + 1, where(),
                                f"anchors and aliases ({mark}{event.anchor}) are not allowed in a scenario "
                                "file: write each value out")
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            if len(stack) >= MAX_DEPTH:
                raise ScenarioError(path, event.start_mark.line + 1, where(),
                                    f"nests lists and mappings deeper than {MAX_DEPTH} levels")
            stack.append([isinstance(event, yaml.MappingStartEvent), 0 if isinstance(
                event, yaml.SequenceStartEvent) else None, True])
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            stack.pop()
            done(None)
        elif isinstance(event, yaml.ScalarEvent):
            done(event.value)


def _convert(node: yaml.Node, where: str, path: str) -> Located:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        items: dict[str, Located] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _TAG + "null":
                raise ScenarioError(path, key_node.start_mark.line + 1, where, "field names must be plain text")
            key = key_node.value
            child = f"{where}.{key}" if where else key
            if key in items:
                raise ScenarioError(path, key_node.start_mark.line + 1, child, "appears twice")
            items[key] = _convert(value_node, child, path)
        return Located(items, line, where)
    if isinstance(node, yaml.SequenceNode):
        return Located([_convert(n, f"{where}[{i}]", path) for i, n in enumerate(node.value)], line, where)
    if node.tag not in _SCALAR_TAGS:
        raise ScenarioError(path, line, where, f"unknown YAML tag {node.tag!r}")
    if node.tag == _TAG + "timestamp" or node.tag == _TAG + "str":
        value: object = node.value
    else:
        try:
            value = _CONSTRUCTOR.construct_object(node)
        except ValueError:  # an integer longer than Python converts (over 4,300 digits)
            raise ScenarioError(path, line, where, "a number too long to read") from None
    return Located(value, line, where, node.value)


class Fields:
    """Reads the fields of one mapping, checking names, kinds and ranges.

    Args:
        located: a value that must be a mapping.
        path: the file, for messages.
        allowed: the field names this mapping may hold.
        what: what the mapping is, for the message when it is not one.

    Every method's ``key`` is a field name (text).

    Raises:
        ScenarioError: not a mapping, or a field not in ``allowed``.
        InputTypeError: ``located`` is not a :class:`Located`, ``path`` or
            ``what`` not text, ``allowed`` not a list of texts.
    """

    def __init__(self, located: Located, path: str, allowed: Iterable[str], what: str = "a mapping") -> None:
        if not isinstance(located, Located):
            raise InputTypeError(f"located must be a Located value from parse, got {type(located).__name__}")
        if not isinstance(path, str) or not isinstance(what, str):
            raise InputTypeError("path and what must be text")
        if isinstance(allowed, (str, bytes)) or not isinstance(allowed, (list, tuple, set, frozenset, dict)) \
                or not all(isinstance(a, str) for a in allowed):
            raise InputTypeError("allowed must be a list of field names (text)")
        allowed = tuple(allowed)
        self.located, self.file = located, path
        if not isinstance(located.value, dict):
            self.fail(None, f"must be {what} of fields ({', '.join(allowed)})")
        for key, item in located.value.items():
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                raise ScenarioError(path, item.line, item.path, f"unknown field ({hint}expected one of {', '.join(allowed)})")

    @property
    def line(self) -> int:
        """The mapping's line."""
        return self.located.line

    def fail(self, key: str | None, problem: str) -> None:
        """Raise a ScenarioError at ``key`` (or at the mapping itself)."""
        if key is not None:
            _key(key)
        if not isinstance(problem, str):
            raise InputTypeError(f"problem must be text, got {type(problem).__name__}")
        item = self.get(key) if key is not None and isinstance(self.located.value, dict) else None
        if item is not None:
            raise ScenarioError(self.file, item.line, item.path, problem)
        where = self.child(key) if key is not None else self.located.path
        raise ScenarioError(self.file, self.located.line, where, problem)

    def child(self, key: str) -> str:
        """The field path of ``key`` in this mapping."""
        _key(key)
        return f"{self.located.path}.{key}" if self.located.path else key

    def get(self, key: str) -> Located | None:
        """The field ``key``, or None when absent."""
        _key(key)
        return self.located.value.get(key)

    def has(self, key: str) -> bool:
        """True when the field is present."""
        _key(key)
        return key in self.located.value

    def require(self, key: str) -> Located:
        """The field ``key``; a ScenarioError when it is missing."""
        item = self.get(key)
        if item is None:
            self.fail(key, "is required")
        return item

    def text(self, key: str, default: str | None = None, required: bool = False,
             allow_empty: bool = False) -> str | None:
        """A field as text (scalars as written; blank text is refused unless ``allow_empty``)."""
        allow_empty = bounds.check_flag(allow_empty, "allow_empty")
        item = self.require(key) if bounds.check_flag(required, "required") else self.get(key)
        if item is None:
            return default
        if allow_empty and isinstance(item.value, str):
            return item.text
        if item.text is None or item.value is None or not item.text.strip():
            self.fail(key, f"must be non-empty text (got {_shown(item)})")
        return item.text

    def choice(self, key: str, choices: Iterable[str], default: str | None = None, required: bool = False) -> str | None:
        """A text field that must be one of ``choices``."""
        if isinstance(choices, (str, bytes)) or not isinstance(choices, (list, tuple, set, frozenset, dict)) \
                or not all(isinstance(c, str) for c in choices):
            raise InputTypeError("choices must be a list of texts")
        choices = tuple(choices)
        value = self.text(key, default, bounds.check_flag(required, "required"))
        if value is not None and value not in choices:
            self.fail(key, f"must be one of {', '.join(choices)} (got {value!r})")
        return value

    def number(self, key: str, default: float | None = None, low: float = -math.inf, high: float = math.inf,
               whole: bool = False, required: bool = False) -> float | None:
        """A numeric field within ``low .. high`` (a whole number when ``whole``).

        Text that reads as a number (``1e300``, which YAML leaves as text
        for want of a dot) is taken as that number.
        """
        for bound in (low, high):
            try:
                if bounds.number(bound) is None or math.isnan(float(bound)):
                    raise InputTypeError("low and high must be numbers")
            except (TypeError, ValueError, OverflowError):
                raise InputTypeError("low and high must be numbers (within the float range)") from None
        whole = bounds.check_flag(whole, "whole")
        item = self.require(key) if bounds.check_flag(required, "required") else self.get(key)
        if item is None:
            return default
        value = item.value
        if isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
            # YAML reads 1e300 (no dot) and 1_0e3 as text; a number field takes them as numbers
            text = value.strip().replace("_", "")
            if len(text) > 400:
                self.fail(key, "must be a number of at most 400 characters")
            value = int(text) if re.fullmatch(r"[-+]?[0-9]+", text) else float(text)
        kind = "a whole number" if whole else "a number"
        read = bounds.whole(value) if whole else bounds.number(value)
        if read is None or (isinstance(read, float) and not math.isfinite(read)):
            self.fail(key, f"must be {kind} (got {_shown(item)})")
        value = read
        if not low <= value <= high:
            self.fail(key, f"must be {kind} from {low:g} to {high:g} (got {bounds.shown(value)})")
        return value

    def boolean(self, key: str, default: bool = False) -> bool:
        """A true/false field (``default`` when absent)."""
        default = bounds.check_flag(default, "default")
        item = self.get(key)
        if item is None:
            return default
        if not isinstance(item.value, bool):
            self.fail(key, f"must be true or false (got {_shown(item)})")
        return item.value

    def mapping(self, key: str, allowed: Iterable[str], required: bool = False) -> "Fields | None":
        """A nested mapping's fields, or None when absent and not required."""
        Fields(Located({}, 0, ""), "", allowed)  # checks ``allowed`` first
        item = self.require(key) if bounds.check_flag(required, "required") else self.get(key)
        return None if item is None else Fields(item, self.file, allowed)

    def sequence(self, key: str, required: bool = False) -> list[Located]:
        """A non-empty list field ([] when absent and not required)."""
        item = self.require(key) if bounds.check_flag(required, "required") else self.get(key)
        if item is None:
            return []
        if not isinstance(item.value, list) or not item.value:
            self.fail(key, "must be a non-empty list")
        return item.value


def _key(key: object) -> str:
    """InputTypeError unless ``key`` is a field name (text)."""
    if not isinstance(key, str):
        raise InputTypeError(f"a field name must be text, got {type(key).__name__}")
    return key


def _shown(item: Located) -> str:
    """A short description of what was found, for messages."""
    if isinstance(item.value, dict):
        return "a mapping"
    if isinstance(item.value, list):
        return "a list"
    if item.value is None:
        return "nothing"
    return repr(item.text if isinstance(item.value, str) else item.value)
