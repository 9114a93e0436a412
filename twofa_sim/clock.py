"""Clocks: the portal's virtual UTC clock, a phone's drifting clock, real time.

All times are UTC epoch seconds (``float``). The simulator never reads the
system clock except through :class:`RealClock`, which exists for "live mode"
(scanning the notebook's QR code with a real phone).
"""

from __future__ import annotations

import math
import time as _time
from datetime import datetime, timezone
from typing import Protocol

from .bounds import kind, named, number, shown
from .errors import ClockError, ClockWentBackwards, InputTypeError, TwofaSimError


#: The last second the simulator can represent: 9999-12-31T23:59:59Z.
MAX_EPOCH = 253_402_300_799

#: The furthest a phone's clock may be set from the portal's: 10 years, in seconds.
MAX_OFFSET = 10 * 366 * 86_400

#: The largest rate error a phone's clock may have, in parts per million (a 10 % error).
MAX_PPM = 100_000


def check_epoch(value: object, what: str = "time") -> float:
    """Return ``value`` as finite, non-negative UTC epoch seconds.

    ``value`` may be any real number (:func:`~twofa_sim.bounds.number`:
    NumPy's numbers included, bools refused).

    Raises:
        ClockError: ``value`` is not a real number (bools are refused too),
            is NaN or infinite, or is outside 1970-01-01 .. 9999-12-31 UTC.
    """
    if value.__class__ is not float and value.__class__ is not int:  # plain numbers go straight on
        real = number(value)
        if real is None:
            raise ClockError(f"{named(what)} must be a number of seconds, not {kind(value)}")
        value = real
    try:
        seconds = float(value)
    except OverflowError:
        raise ClockError(f"{named(what)} is far outside any representable time") from None
    if not math.isfinite(seconds):
        raise ClockError(f"{named(what)} must be a finite number of seconds, got {shown(value)}")
    if seconds < 0:
        raise ClockError(f"{named(what)} must not be before 1970-01-01 UTC, got {shown(value)}")
    if seconds > MAX_EPOCH:
        raise ClockError(f"{named(what)} must not be after 9999-12-31 UTC, got {shown(value)}")
    return seconds


def to_datetime(epoch: float) -> datetime:
    """An aware UTC :class:`datetime` for ``epoch`` seconds.

    Raises:
        ClockError: ``epoch`` is not a valid time (see :func:`check_epoch`).
    """
    return datetime.fromtimestamp(check_epoch(epoch, "epoch"), tz=timezone.utc)


def check_seconds(value: object, what: str, limit: float) -> float:
    """Return ``value`` as a finite number of seconds within ``±limit``.

    ``value`` may be any real number (:func:`~twofa_sim.bounds.number`:
    NumPy's numbers included, bools refused).

    Raises:
        ClockError: not a real number (bools are refused too), NaN,
            infinite, or beyond ``limit`` either way.
    """
    real = number(value)
    if real is None:
        raise ClockError(f"{named(what)} must be a number, not {kind(value)}")
    if isinstance(real, float) and not math.isfinite(real):
        raise ClockError(f"{named(what)} must be a finite number, got {shown(real)}")
    if not abs(real) <= limit:  # an int compared exactly, before float(): 10**400 has no float
        raise ClockError(f"{named(what)} must be within ±{limit:g}, got {shown(real)}")
    return float(real)


def parse_utc(text: str) -> float:
    """UTC epoch seconds for an ISO 8601 string such as ``2026-01-05T09:00:00Z``.

    Raises:
        ClockError: the text is not ISO 8601, names no time zone, or is
            outside 1970-01-01 .. 9999-12-31 UTC.
        InputTypeError: ``text`` is not a string.
    """
    if not isinstance(text, str):
        raise InputTypeError(f"a time must be ISO 8601 text (str), not {type(text).__name__}")
    if len(text) > 64:
        raise ClockError(f"not an ISO 8601 time ({len(text)} characters)")
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError) as exc:
        raise ClockError(f"not an ISO 8601 time: {text!r}") from exc
    if moment.tzinfo is None:
        raise ClockError(f"{text!r} has no time zone; write it with Z or +00:00")
    try:
        seconds = moment.timestamp()
    except (OverflowError, ValueError, OSError) as exc:
        raise ClockError(f"{text!r} is outside the times the simulator can represent") from exc
    return check_epoch(seconds, "time")


def check_clock(clock: object, what: str = "clock") -> object:
    """Return ``clock`` if it is a clock: ``now()`` giving valid UTC epoch
    seconds, and ``subscribe()``.

    Raises:
        InputTypeError: no ``now()`` or ``subscribe()`` method (a
            :class:`datetime` has ``now()``, but it is not a clock).
        ClockError: ``now()`` does not give a valid time.
    """
    what = named(what)
    if not callable(getattr(clock, "now", None)) or not callable(getattr(clock, "subscribe", None)):
        raise InputTypeError(f"{what} must be a clock with now() and subscribe() (a VirtualClock, "
                             f"DeviceClock or RealClock), not {type(clock).__name__}")
    try:
        reading = clock.now()
    except TwofaSimError:
        raise
    except Exception as exc:  # a clock that cannot be read is not a clock
        raise InputTypeError(f"{what}.now() failed ({type(exc).__name__})") from None
    check_epoch(reading, f"{what}.now()")
    return clock


def _check_listener(listener: object) -> None:
    if not callable(listener):
        raise InputTypeError(f"a listener must be callable (it is called with the time), not {type(listener).__name__}")


class Clock(Protocol):
    """What the portal and the phones need of a clock."""

    def now(self) -> float:
        """Current time, UTC epoch seconds."""
        ...


class VirtualClock:
    """The portal's clock: virtual UTC time that only moves when told to.

    It never goes back, so replay and expiry rules cannot be dodged by
    rewinding the server.

    Args:
        start: initial time, UTC epoch seconds (>= 0).

    Raises:
        ClockError: ``start`` is not a valid time.
    """

    def __init__(self, start: float) -> None:
        self._now = check_epoch(start, "start")
        self._listeners: list = []

    def now(self) -> float:
        """Current virtual time, UTC epoch seconds."""
        return self._now

    def datetime(self) -> datetime:
        """Current virtual time as an aware UTC datetime."""
        return to_datetime(self._now)

    def advance(self, seconds: float) -> float:
        """Move forward by ``seconds`` (>= 0) and return the new time.

        Raises:
            ClockWentBackwards: ``seconds`` is negative.
            ClockError: ``seconds`` is not a finite number.
        """
        if number(seconds) is not None and number(seconds) < 0:
            raise ClockWentBackwards(f"the portal clock never goes back (advance by {shown(seconds)} s)")
        step = check_epoch(seconds, "advance")
        return self.set(self._now + step)

    def set(self, epoch: float) -> float:
        """Jump to ``epoch`` (UTC epoch seconds, not earlier than now).

        Raises:
            ClockWentBackwards: ``epoch`` is before the current time.
            ClockError: ``epoch`` is not a valid time.
        """
        target = check_epoch(epoch, "time")
        if target < self._now:
            raise ClockWentBackwards(
                f"the portal clock never goes back: {to_datetime(target):%Y-%m-%d %H:%M:%S} UTC "
                f"is before now ({to_datetime(self._now):%Y-%m-%d %H:%M:%S} UTC)"
            )
        self._now = target
        for listener in list(self._listeners):
            listener(target)
        return target

    def subscribe(self, listener) -> None:
        """Call ``listener(now)`` after every move of this clock.

        Raises:
            InputTypeError: ``listener`` is not callable.
        """
        _check_listener(listener)
        self._listeners.append(listener)

    def __repr__(self) -> str:
        return f"VirtualClock({to_datetime(self._now):%Y-%m-%dT%H:%M:%SZ})"


class RealClock:
    """Wall-clock UTC time, for live mode with a real phone.

    Same interface as :class:`VirtualClock` for reading; it cannot be moved.
    """

    def now(self) -> float:
        """Current real time, UTC epoch seconds."""
        return _time.time()

    def datetime(self) -> datetime:
        """Current real time as an aware UTC datetime."""
        return to_datetime(self.now())

    def subscribe(self, listener) -> None:
        """Real time moves by itself; listeners are never called.

        Raises:
            InputTypeError: ``listener`` is not callable.
        """
        _check_listener(listener)

    def __repr__(self) -> str:
        return "RealClock()"


class DeviceClock:
    """A phone's own clock, derived from a reference clock.

    ``phone time = reference + offset + ppm * 1e-6 * (reference - t_set)``,
    where ``t_set`` is the reference time when the phone's clock was last set.
    Unlike the portal's clock, a phone's clock may jump either way.

    Args:
        reference: the clock the phone's time is derived from (usually the
            portal's :class:`VirtualClock`).
        offset: seconds the phone is ahead (negative: behind) at ``t_set``.
        ppm: rate error in parts per million (positive: runs fast).

    Raises:
        InputTypeError: ``reference`` has no ``now()`` and ``subscribe()``.
        ClockError: ``reference.now()`` is not a valid time, or ``offset`` or
            ``ppm`` is out of range (see :meth:`set_offset`).
    """

    def __init__(self, reference: Clock, offset: float = 0.0, ppm: float = 0.0) -> None:
        check_clock(reference, "reference")
        self._reference = reference
        self._listeners: list = []
        self._offset = 0.0
        self._ppm = 0.0
        self._t_set = reference.now()
        self.set_offset(offset, ppm)

    @property
    def offset(self) -> float:
        """Seconds ahead of the reference when last set (negative: behind)."""
        return self._offset

    @property
    def ppm(self) -> float:
        """Rate error, parts per million."""
        return self._ppm

    def set_offset(self, offset: float, ppm: float | None = None) -> None:
        """Set the phone's clock to ``reference + offset`` now (either direction).

        Raises:
            ClockError: ``offset`` or ``ppm`` is not a finite number, or is
                beyond :data:`MAX_OFFSET` seconds or :data:`MAX_PPM`.
        """
        offset = check_seconds(offset, "offset", MAX_OFFSET)
        if ppm is not None:
            ppm = check_seconds(ppm, "ppm", MAX_PPM)
        self._offset = offset
        if ppm is not None:
            self._ppm = ppm
        self._t_set = self._reference.now()
        for listener in list(self._listeners):
            listener(self._reference.now())

    def error(self) -> float:
        """Seconds the phone is ahead of the reference right now (negative: behind)."""
        elapsed = self._reference.now() - self._t_set
        return self._offset + self._ppm * 1e-6 * elapsed

    def now(self) -> float:
        """The phone's idea of the current time, UTC epoch seconds (kept within
        1970 .. 9999, like every clock here)."""
        return min(float(MAX_EPOCH), max(0.0, self._reference.now() + self.error()))

    def datetime(self) -> datetime:
        """The phone's time as an aware UTC datetime."""
        return to_datetime(self.now())

    def subscribe(self, listener) -> None:
        """Call ``listener(reference now)`` whenever the reference clock moves
        or this phone's clock is set.

        Raises:
            InputTypeError: ``listener`` is not callable.
        """
        _check_listener(listener)
        self._listeners.append(listener)
        self._reference.subscribe(listener)

    def __repr__(self) -> str:
        return f"DeviceClock(offset={self._offset:+g} s, ppm={self._ppm:g})"
