"""The ranges a setting may take, and what counts as a whole number or a
number, defined once: :class:`~twofa_sim.policy.Policy` validates against
them, and so do parsing a provisioning URI and every other check of a
number a caller passes.

Each bound is ``(lowest, highest)``, inclusive. A whole number is any
integer, NumPy's included, never a bool or a float (:func:`whole`); a
number is any real number, never a bool (:func:`number`). Both come back
as plain Python ``int`` or ``float``, so what is stored is the same
whichever kind was passed.
"""

from __future__ import annotations

import math
import numbers
import operator

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


def shown(value: int | float) -> str:
    """A number as a message shows it: itself, unless it has too many digits to read."""
    return "a huge number" if isinstance(value, int) and abs(value) >= 10**21 else repr(value)


def check_whole(value: object, name: str, bound: tuple[int, int], error: type[TwofaSimError] = SimulationError) -> int:
    """``value`` as a plain ``int`` (see :func:`whole`) when it lies inside ``bound``.

    Raises:
        InputTypeError: ``value`` is not a whole number (a bool or a float included).
        TwofaSimError: (``error``, by default :class:`SimulationError`) outside ``bound``.
    """
    counted = whole(value)
    if counted is None:
        raise InputTypeError(f"{name} must be a whole number (int), not {type(value).__name__}")
    if not bound[0] <= counted <= bound[1]:
        raise error(f"{name} must be a whole number from {bound[0]:,} to {bound[1]:,}, got {shown(counted)}")
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
        raise InputTypeError(f"{name} must be a number, not {type(value).__name__}")
    if not bound[0] <= real <= bound[1] or (isinstance(real, float) and not math.isfinite(real)):
        raise error(f"{name} must be a number from {bound[0]:g} to {bound[1]:g}, got {shown(real)}")
    return real
