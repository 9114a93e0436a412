"""Normalising what people really type into a code field.

People paste codes with spaces, tabs and newlines, type them grouped
(``123 456``, ``123-456``), or type them with their phone's own digits
(Arabic-Indic ``٠١٢``, Persian ``۰۱۲``, Devanagari ``०१२``, full-width
``０１２``: any Unicode decimal digit, as phone numbers take them). The portal
folds these to plain ASCII before any factor looks at them; the factor then
decides whether the result has the right shape.
"""

from __future__ import annotations

import math
import unicodedata
from typing import NamedTuple

from .bounds import check_whole, kind, whole
from .errors import InputTypeError

#: Longest input the code field looks at; anything longer is malformed outright.
MAX_INPUT_CHARS = 256

_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_HYPHENS = "-\u2010\u2011\u2012\u2013\u2212\ufe63\uff0d"
#: Makes a named tuple from every field's value, without its Python-level constructor (one per check).
_make = tuple.__new__


def require_text(value: object, what: str = "code") -> str:
    """Return ``value`` if it is a ``str``.

    Raises:
        InputTypeError: ``value`` is not a string (an ``int`` code would lose
            its leading zeros, so it is refused rather than converted), or
            holds lone surrogates, which are not text any system can store.
    """
    if not isinstance(what, str):
        raise InputTypeError(f"what must be text (str), not {type(what).__name__}")
    what = what[:80]
    if not isinstance(value, str):
        raise InputTypeError(f"{what} must be text (str), not {type(value).__name__}")
    if not value.isascii():  # ASCII text holds no surrogates
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise InputTypeError(f"{what} holds characters that are not valid Unicode text") from None
    return value


#: Unicode categories never allowed in a name shown to people: control (Cc),
#: format (Cf: zero-width characters, bidi overrides, soft hyphen) and lone
#: surrogates (Cs). They make two different names look identical, or reorder
#: what is shown around them.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})


def _str(value: object, what: str = "text") -> str:
    if not isinstance(value, str):
        raise InputTypeError(f"{what} must be text (str), not {type(value).__name__}")
    return value


def invisible_characters(text: str) -> list[str]:
    """The code points of ``text`` that are control, format or surrogate
    characters (:data:`INVISIBLE_CATEGORIES`), as ``U+XXXX`` names, in order
    of first appearance (empty when there are none).

    Raises:
        InputTypeError: ``text`` is not a ``str``.
    """
    _str(text)
    if text.isascii() and text.isprintable():  # ASCII's only such characters are the controls (Cc)
        return []
    found: list[str] = []
    for ch in text:
        if unicodedata.category(ch) in INVISIBLE_CATEGORIES:
            name = f"U+{ord(ch):04X}"
            if name not in found:
                found.append(name)
    return found


def require_visible_text(value: object, what: str, error: type[Exception], max_chars: int | None = None) -> str:
    """Return ``value`` if it is text a person can read and compare: a ``str``
    with no control, format (zero-width, bidi override) or lone surrogate
    character, and at most ``max_chars`` characters when given.

    Raises:
        InputTypeError: ``value`` is not a ``str``, ``error`` is not an
            exception class, or ``max_chars`` is neither None nor an int.
        error: (the class given) an invisible character or too long; the
            message names ``what`` and the offending code points, never the text.
    """
    if not (isinstance(error, type) and issubclass(error, Exception)):
        raise InputTypeError(f"error must be an exception class, not {type(error).__name__}")
    if max_chars is not None and whole(max_chars) is None:
        raise InputTypeError(f"max_chars must be a whole number or None, not {kind(max_chars)}")
    max_chars = None if max_chars is None else check_whole(max_chars, "max_chars", (0, math.inf), InputTypeError)
    what = _str(what, "what")[:80]
    if not isinstance(value, str):
        raise InputTypeError(f"{what} must be text (str), not {type(value).__name__}")
    if max_chars is not None and len(value) > max_chars:
        raise error(f"{what} is {len(value)} characters long; at most {max_chars} are allowed")
    bad = invisible_characters(value)
    if bad:
        shown = ", ".join(bad[:3]) + (", ..." if len(bad) > 3 else "")
        raise error(f"{what} must not contain control, format or zero-width characters (found {shown})")
    return value


def fold_digits(text: str) -> str:
    """Every Unicode decimal digit (category Nd: Arabic-Indic, Persian,
    Devanagari, Bengali, Thai, full-width...) folded to the ASCII digit of
    the same value; anything else is left as it is.

    Raises:
        InputTypeError: ``text`` is not a ``str``.
    """
    if _str(text).isascii():
        return text
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


def strip_blanks(text: str) -> str:
    """``text`` without any white space (spaces, tabs, newlines, no-break
    spaces) or zero-width characters.

    Raises:
        InputTypeError: ``text`` is not a ``str``.
    """
    _str(text)
    return "".join(ch for ch in text if not ch.isspace() and ch not in _ZERO_WIDTH)


def normalise_code(text: str) -> str:
    """Normalise a typed one-time code.

    Removes blanks and zero-width characters, folds non-ASCII digits to ASCII,
    and removes one grouping hyphen between two characters (``123-456``).
    The result is *not* checked for shape: that is each factor's job.

    Args:
        text: what the person typed.

    Returns:
        The normalised string (possibly empty).

    Raises:
        InputTypeError: ``text`` is not a ``str``.
    """
    cleaned = fold_digits(strip_blanks(require_text(text)))
    hyphens = [i for i, ch in enumerate(cleaned) if ch in _HYPHENS]
    if len(hyphens) == 1 and 0 < hyphens[0] < len(cleaned) - 1:
        cleaned = cleaned[: hyphens[0]] + cleaned[hyphens[0] + 1 :]
    return cleaned


def normalise_backup_code(text: str) -> str:
    """Normalise a typed backup (recovery) code: blanks and every hyphen
    removed, digits folded to ASCII, letters upper-cased.

    Raises:
        InputTypeError: ``text`` is not a ``str``.
    """
    cleaned = fold_digits(strip_blanks(require_text(text)))
    return "".join(ch for ch in cleaned if ch not in _HYPHENS).upper()


def is_ascii_digits(text: str, length: int | None = None) -> bool:
    """True when ``text`` is only ASCII ``0-9`` (and exactly ``length`` long, if given).

    Raises:
        InputTypeError: ``text`` is not a ``str`` or ``length`` neither None nor an int.
    """
    _str(text)
    if length is not None and whole(length) is None:
        raise InputTypeError(f"length must be a whole number or None, not {type(length).__name__}")
    length = None if length is None else whole(length)
    ok = text.isascii() and text.isdigit()
    return ok and (length is None or len(text) == length)


class Typed(NamedTuple):
    """What a person typed into a code field, normalised once for every factor
    (an immutable named tuple: quick to make, one per check).

    Attributes:
        raw: the text as typed.
        code: the one-time-code reading (:func:`normalise_code`): blanks and
            one grouping hyphen removed, digits folded to ASCII.
        backup: the backup-code reading (:func:`normalise_backup_code`):
            blanks and every hyphen removed, upper-cased.
    """

    raw: str
    code: str
    backup: str

    @classmethod
    def of(cls, text: str, what: str = "code") -> "Typed":
        """Normalise ``text`` once, into both readings.

        Raises:
            InputTypeError: ``text`` is not a ``str`` or not valid Unicode.
        """
        if isinstance(text, str) and text.isascii() and text.isdigit() and isinstance(what, str):
            return _make(cls, (text, text, text))  # plain ASCII digits: both readings leave them as they are
        require_text(text, what)
        if len(text) > MAX_INPUT_CHARS:  # not worth reading: the code field refuses it as malformed
            return cls(text, text, text)
        return cls(text, normalise_code(text), normalise_backup_code(text))

    def __repr__(self) -> str:
        return f"Typed({len(self.raw)} chars, hidden)"
