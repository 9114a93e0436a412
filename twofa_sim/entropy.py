"""Sources of randomness: a seeded one for simulations, the OS one for live mode.

Every random choice in the simulator (secrets, backup codes, tokens, salts,
SMS delays) goes through one of these, handed to the portal, so the same
seed gives the same secrets, codes and tables.
"""

from __future__ import annotations

import math
import random
import secrets
from typing import Protocol, Sequence

from .errors import InputTypeError, SimulationError

#: Most random bytes drawn at once (1 MiB; a secret needs 20 to 512).
MAX_TOKEN_BYTES = 1 << 20

#: Longest string :func:`choose` builds (a backup code is 10 symbols).
MAX_CHOICE_LENGTH = 1 << 16


def _count(n: object, what: str, low: int, high: int) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise InputTypeError(f"{what} must be a whole number (int), not {type(n).__name__}")
    if not low <= n <= high:
        shown = n if abs(n) < 10**12 else "a huge number"
        raise SimulationError(f"{what} must be from {low} to {high:,}, got {shown}")
    return n


def _bound_below(n: object) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise InputTypeError(f"n must be a whole number (int), not {type(n).__name__}")
    if n < 1:
        raise SimulationError(f"n must be at least 1, got {n if n > -10**12 else 'a huge negative number'}")
    return n


def _normal(mu: object, sigma: object) -> tuple[float, float]:
    for name, value in (("mu", mu), ("sigma", sigma)):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InputTypeError(f"{name} must be a number, not {type(value).__name__}")
        try:
            finite = math.isfinite(value)
        except OverflowError:
            finite = False
        if not finite or abs(value) > 1e300:
            raise SimulationError(f"{name} must be a finite number")
    if sigma < 0:
        raise SimulationError("sigma must be >= 0")
    return float(mu), float(sigma)


class Entropy(Protocol):
    """What the simulator asks of a random source."""

    seeded: bool

    def token_bytes(self, n: int) -> bytes:
        """``n`` random bytes."""
        ...

    def randbelow(self, n: int) -> int:
        """A uniform integer in ``[0, n)``."""
        ...

    def random(self) -> float:
        """A uniform float in ``[0, 1)``."""
        ...

    def gauss(self, mu: float, sigma: float) -> float:
        """A normal variate with mean ``mu`` and standard deviation ``sigma``."""
        ...


def choose(entropy: Entropy, alphabet: Sequence[str], length: int) -> str:
    """A string of ``length`` symbols (0 to :data:`MAX_CHOICE_LENGTH`) drawn
    uniformly from ``alphabet`` (a non-empty string).

    Raises:
        InputTypeError: ``alphabet`` is not a non-empty string, ``length`` not
            an int, or ``entropy`` has no ``randbelow()``.
        SimulationError: ``length`` out of range.
    """
    if not isinstance(alphabet, str) or not alphabet:
        raise InputTypeError("alphabet must be a non-empty string of symbols")
    if not callable(getattr(entropy, "randbelow", None)):
        raise InputTypeError(f"entropy must have a randbelow() method, not {type(entropy).__name__}")
    _count(length, "length", 0, MAX_CHOICE_LENGTH)
    draw, size = entropy.randbelow, len(alphabet)
    return "".join([alphabet[draw(size)] for _ in range(length)])


class SeededEntropy:
    """Deterministic randomness from an integer seed (simulations, tests, notebooks).

    Not for real secrets: anyone who knows the seed knows every secret.
    """

    seeded = True

    def __init__(self, seed: int) -> None:
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise InputTypeError(f"seed must be an int, not {type(seed).__name__}")
        self._seed = seed
        self._random = random.Random(seed)

    def token_bytes(self, n: int) -> bytes:
        """``n`` bytes (0 to :data:`MAX_TOKEN_BYTES`) from the seeded Mersenne Twister.

        Raises:
            InputTypeError, SimulationError: ``n`` not an int, or out of range.
        """
        return self._random.randbytes(_count(n, "n", 0, MAX_TOKEN_BYTES))

    def randbelow(self, n: int) -> int:
        """A uniform integer in ``[0, n)`` (``n`` >= 1): the number
        ``random.Random(seed).randrange(n)`` would give at this point of the
        stream, drawn the way it draws it (``n.bit_length()`` random bits,
        again while the draw is ``n`` or more), without its layers of calls.

        Raises:
            InputTypeError, SimulationError: ``n`` not an int, or below 1.
        """
        if n.__class__ is not int or n < 1:  # the quick test of a plain int; anything else is checked in full
            _bound_below(n)
        bits, getrandbits = n.bit_length(), self._random.getrandbits
        drawn = getrandbits(bits)
        while drawn >= n:
            drawn = getrandbits(bits)
        return drawn

    def random(self) -> float:
        """A uniform float in ``[0, 1)``."""
        return self._random.random()

    def gauss(self, mu: float, sigma: float) -> float:
        """A normal variate with mean ``mu`` and standard deviation ``sigma`` (>= 0).

        Raises:
            InputTypeError, SimulationError: not finite numbers, or ``sigma`` < 0.
        """
        return self._random.gauss(*_normal(mu, sigma))

    def __repr__(self) -> str:
        return f"SeededEntropy(seed={self._seed})"


class SystemEntropy:
    """The operating system's CSPRNG (:mod:`secrets`), for live mode."""

    seeded = False

    def token_bytes(self, n: int) -> bytes:
        """``n`` bytes (0 to :data:`MAX_TOKEN_BYTES`) from the OS CSPRNG (:func:`secrets.token_bytes`).

        Raises:
            InputTypeError, SimulationError: ``n`` not an int, or out of range.
        """
        return secrets.token_bytes(_count(n, "n", 0, MAX_TOKEN_BYTES))

    def randbelow(self, n: int) -> int:
        """A uniform integer in ``[0, n)`` (``n`` >= 1) from the OS CSPRNG.

        Raises:
            InputTypeError, SimulationError: ``n`` not an int, or below 1.
        """
        return secrets.randbelow(_bound_below(n))

    def random(self) -> float:
        """A uniform float in ``[0, 1)`` with 53 random bits."""
        return secrets.randbits(53) / (1 << 53)

    def gauss(self, mu: float, sigma: float) -> float:
        """A normal variate from :class:`random.SystemRandom` (``sigma`` >= 0).

        Raises:
            InputTypeError, SimulationError: not finite numbers, or ``sigma`` < 0.
        """
        return random.SystemRandom().gauss(*_normal(mu, sigma))

    def __repr__(self) -> str:
        return "SystemEntropy()"
