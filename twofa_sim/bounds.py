"""The ranges a setting may take, what counts as a whole number, a number
or a flag, and how a message shows what a caller passed, defined once:
:class:`~twofa_sim.policy.Policy` validates against them, and so do parsing
a provisioning URI and every other check of a number or a flag a caller
passes.

Each bound is ``(lowest, highest)``, inclusive. A whole number is any
integer, NumPy's included, never a bool or a float (:func:`whole`); a
number is any real number, never a bool (:func:`number`); a flag is True or
False, NumPy's ``bool_`` included (:func:`flag`). Each comes back as a plain
Python ``int``, ``float`` or ``bool``, so what is stored is the same
whichever kind was passed. A message shows a caller's value through
:func:`shown` (a whole number of 21 digits or more is "a huge number": an
int of more than 4,300 digits cannot even be turned into text) and names a
type through :func:`kind`.
"""

from __future__ import annotations

import math
import numbers
import operator
import sys

from .errors import InputTypeError, SimulationError, TwofaSimError

#: Code length in digits: RFC 4226 §5.3 asks for at least 6; dynamic
#: truncation yields 31 bits, so no more than 10 digits carry information.
DIGITS = (6, 10)

#: Code length allowed only in a policy marked ``simulation_only``: short
#: codes let a guessing simulation be checked against its analytic value.
SIMULATION_DIGITS = (3, 10)

#: Time step X in seconds: RFC 6238 §5.2 recommends 30; two minutes is the
#: longest step a person could still type a code within.
PERIOD_SECONDS = (1, 120)

#: SMS code length in digits: NIST SP 800-63B §5.1.3.2 asks for at least 6.
SMS_CODE_DIGITS = (6, 10)

#: SMS code lifetime in seconds: NIST SP 800-63B §5.1.3.2 caps it at 10 minutes.
SMS_CODE_SECONDS = (1, 600)

#: Most sends one SMS send limit may allow in its window (0 = no limit).
SMS_SENDS = (0, 1_000_000)

#: A seed of seeded randomness: what ``numpy.random.default_rng`` and
#: :class:`random.Random` both take as given (a negative seed would draw
#: what its absolute value draws), within a signed 64-bit integer.
SEEDS = (0, 2**63 - 1)


def whole(value: object) -> int | None:
    """``value`` as a plain ``int`` when it is a whole number, else None: the
    one rule for what counts as a whole number.

    A whole number is any :class:`numbers.Integral` except a bool: Python's
    ints and NumPy's integer scalars alike (``np.int64(500)``, what a
    DataFrame column's ``max()`` or an array's element gives). It comes back
    converted by :func:`operator.index`, so what is stored, shown or written
    as JSON is the same whichever kind was passed. A float is never a whole
    number, not even ``5.0`` or ``np.float64(5)``; nor is NumPy's ``bool_``.
    """
    if value.__class__ is int:  # the usual case, answered at once
        return value
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        return None
    return operator.index(value)


def number(value: object) -> int | float | None:
    """``value`` as a plain ``int`` or ``float`` when it is a real number, else None.

    A real number is any :class:`numbers.Real` except a bool: Python's ints
    and floats, NumPy's integer and float scalars, fractions. A whole number
    comes back as :func:`whole` gives it (an int, so no precision is lost),
    anything else as a Python float (±infinity when too large for one). NaN
    and the infinities are numbers here: the range check refuses them.
    """
    if value.__class__ is float:  # the usual case, answered at once
        return value
    counted = whole(value)
    if counted is not None:
        return counted
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    try:
        return float(value)
    except OverflowError:  # a fraction beyond the float range
        return math.inf if value > 0 else -math.inf


def within(value: object, bound: tuple[int, int]) -> bool:
    """True when ``value`` is a whole number (see :func:`whole`) inside ``bound``."""
    counted = whole(value)
    return counted is not None and bound[0] <= counted <= bound[1]


#: Longest text :func:`shown` gives for a value that is not a number.
SHOWN_CHARS = 60


def shown(value: object) -> str:
    """``value`` as a message shows it: the one way a message quotes what a caller passed.

    A whole number (NumPy's included) is its digits, unless it has 21 digits
    or more: then it is "a huge number" (Python refuses to turn an int of
    more than 4,300 digits into text, and nobody reads 21). Any other real
    number is its float's ``repr`` (``1.5``, ``nan``, ``1e+308``). Anything
    else is its ``repr``, cut to :data:`SHOWN_CHARS` characters (``...``
    marks the cut); a value whose ``repr`` fails (a list holding a huge
    number) is named by its type.
    """
    counted = whole(value)
    if counted is not None:
        return "a huge number" if abs(counted) >= 10**21 else str(counted)
    real = number(value)
    if real is not None:
        return repr(real)
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - a repr that fails (a huge int inside) is replaced, whatever it raised
        return f"a {kind(value)}"
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS - 3] + "..."


def kind(value: object) -> str:
    """The type of ``value`` as a message names it: a built-in type by its
    name (``str``, ``float``, ``NoneType``), any other by module and name
    (``numpy.float64``, ``numpy.ndarray``, ``decimal.Decimal``), so a
    NumPy ``bool`` is not mistaken for Python's."""
    cls = type(value)
    module = getattr(cls, "__module__", "")
    return cls.__qualname__ if module == "builtins" else f"{module}.{cls.__qualname__}"


def named(name: object) -> str:
    """``name`` when it is text: what a check's message calls the value it is about.

    Raises:
        InputTypeError: ``name`` is not text.
    """
    if not isinstance(name, str):
        raise InputTypeError(f"the name a check gives its value must be text, not {kind(name)}")
    return name[:80]


def _refusal(error: object) -> type[TwofaSimError]:
    """``error`` when it is a class of this package's errors (what a check raises on a refusal)."""
    if not (isinstance(error, type) and issubclass(error, TwofaSimError)):
        raise InputTypeError(f"error must be a class of twofa_sim.errors, not {kind(error)}")
    return error


def flag(value: object) -> bool | None:
    """``value`` as a plain ``bool`` when it is a flag, else None: the one
    rule for what counts as True or False.

    A flag is Python's ``True`` or ``False``, or NumPy's ``bool_`` (what a
    boolean DataFrame column or array gives: ``frame.enrolled[0]``), which
    comes back as the plain ``bool`` it holds. Nothing else is a flag: not
    1 or 0, not ``"true"``, not ``None``, not a one-element array.
    """
    if value.__class__ is bool:  # the usual case, answered at once
        return value
    numpy = sys.modules.get("numpy")  # a NumPy bool_ exists only once NumPy is loaded
    if numpy is not None and isinstance(value, numpy.bool_):
        return bool(value)
    return None


def check_flag(value: object, name: str, error: type[TwofaSimError] = InputTypeError) -> bool:
    """``value`` as a plain ``bool`` (see :func:`flag`).

    Raises:
        TwofaSimError: (``error``, by default :class:`InputTypeError`)
            ``value`` is not True or False; the message names ``name`` and
            the type passed (``numpy.int64``, ``str``).
        InputTypeError: ``name`` is not text, or ``error`` not a class of
            :mod:`twofa_sim.errors`.
    """
    checked = flag(value)
    if checked is None:
        raise _refusal(error)(f"{named(name)} must be True or False, not {kind(value)}")
    return checked


def _between(bound: object, spec: str) -> str:
    """``bound`` as a message reads it: "from 1 to 64", or "at least 0" when it has no top.

    Raises:
        InputTypeError: ``bound`` is not a pair of numbers.
    """
    try:
        low, high = bound
    except (TypeError, ValueError):
        low = high = None
    if number(low) is None or number(high) is None:
        raise InputTypeError(f"bound must be a (lowest, highest) pair of numbers, not {kind(bound)}")
    ends = [shown(end) if whole(end) is not None and abs(whole(end)) >= 10**21 else format(number(end), spec)
            for end in (low, high)]
    return f"at least {ends[0]}" if high == math.inf else f"from {ends[0]} to {ends[1]}"


def _inside(value: int | float, bound: object) -> bool:
    """True when ``bound`` is a (low, high) pair and ``low <= value <= high``
    (False for anything else: :func:`_between` then says what the bound is)."""
    try:
        return bound[0] <= value <= bound[1]
    except (TypeError, LookupError):
        return False


def check_whole(value: object, name: str, bound: tuple[int, int], error: type[TwofaSimError] = SimulationError) -> int:
    """``value`` as a plain ``int`` (see :func:`whole`) when it lies inside
    ``bound`` (``(low, math.inf)`` for no top).

    Raises:
        InputTypeError: ``value`` is not a whole number (a bool or a float included).
        TwofaSimError: (``error``, by default :class:`SimulationError`) outside ``bound``.
    """
    counted = whole(value)
    if counted is None:
        raise InputTypeError(f"{named(name)} must be a whole number (int), not {kind(value)}")
    if not _inside(counted, bound):
        raise _refusal(error)(f"{named(name)} must be a whole number {_between(bound, ',')}, got {shown(counted)}")
    return counted


def check_number(value: object, name: str, bound: tuple[float, float],
                 error: type[TwofaSimError] = SimulationError) -> int | float:
    """``value`` as a plain ``int`` or ``float`` (see :func:`number`) when it
    is finite and lies inside ``bound``.

    Raises:
        InputTypeError: ``value`` is not a real number (a bool included).
        TwofaSimError: (``error``, by default :class:`SimulationError`) NaN,
            infinite, or outside ``bound``.
    """
    real = number(value)
    if real is None:
        raise InputTypeError(f"{named(name)} must be a number, not {kind(value)}")
    if not _inside(real, bound) or (isinstance(real, float) and not math.isfinite(real)):
        raise _refusal(error)(f"{named(name)} must be a number {_between(bound, 'g')}, got {shown(real)}")
    return real
