"""Argument checks the sweeps share: lists of seconds and numbers in range."""

from __future__ import annotations

from ..bounds import number as real_number
from ..errors import InputTypeError, SimulationError


def seconds_list(values: object, name: str, limit: float, most: int) -> list[float]:
    """``values`` (a list, tuple or range, or a one-dimensional NumPy array
    or pandas Series) as a list of at most ``most`` finite numbers within
    ±``limit``."""
    if getattr(values, "ndim", None) == 1 and callable(getattr(values, "tolist", None)):  # NumPy or pandas
        values = values.tolist()
    if isinstance(values, (str, bytes, dict, set, frozenset)) or not isinstance(values, (list, tuple, range)):
        raise InputTypeError(f"{name} must be a list of numbers of seconds, not {type(values).__name__}")
    if not 1 <= len(values) <= most:
        raise SimulationError(f"{name} must hold 1 to {most} values, got {len(values)}")
    return [number(value, f"each of {name}", limit) for value in values]


def delays_list(values: object, most: int) -> list[float]:
    """``values`` as a list of at most ``most`` typing delays (0 to one hour)."""
    delays = seconds_list(values, "delays", 3600, most)
    if any(delay < 0 for delay in delays):
        raise SimulationError("a typing delay cannot be negative")
    return delays


def number(value: object, name: str, limit: float, low: float | None = None) -> int | float:
    """``value`` as a plain int or float (:func:`~twofa_sim.bounds.number`)
    when it is a finite number from ``low`` (default −``limit``) to ``limit``."""
    real = real_number(value)
    if real is None:
        raise InputTypeError(f"{name} must be a number of seconds, not {type(value).__name__}")
    low = -limit if low is None else low
    if not low <= real <= limit:  # NaN fails the comparison too; an int is compared exactly
        raise SimulationError(f"{name} must be a finite number from {low:g} to {limit:g} seconds")
    return real
