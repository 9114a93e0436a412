"""Sources of randomness: a seeded one for simulations, the OS one for live mode.

Every random choice in the simulator (secrets, backup codes, tokens, salts,
SMS delays) goes through one of these, handed to the portal, so the same
seed gives the same secrets, codes and tables.
"""

from __future__ import annotations

import random
import secrets
from typing import Protocol, Sequence

from .errors import InputTypeError


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
    """A string of ``length`` symbols drawn uniformly from ``alphabet``."""
    return "".join(alphabet[entropy.randbelow(len(alphabet))] for _ in range(length))


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
        """``n`` bytes from the seeded Mersenne Twister."""
        return self._random.randbytes(n)

    def randbelow(self, n: int) -> int:
        """A uniform integer in ``[0, n)``."""
        return self._random.randrange(n)

    def random(self) -> float:
        """A uniform float in ``[0, 1)``."""
        return self._random.random()

    def gauss(self, mu: float, sigma: float) -> float:
        """A normal variate with mean ``mu`` and standard deviation ``sigma``."""
        return self._random.gauss(mu, sigma)

    def __repr__(self) -> str:
        return f"SeededEntropy(seed={self._seed})"


class SystemEntropy:
    """The operating system's CSPRNG (:mod:`secrets`), for live mode."""

    seeded = False

    def token_bytes(self, n: int) -> bytes:
        """``n`` bytes from the OS CSPRNG (:func:`secrets.token_bytes`)."""
        return secrets.token_bytes(n)

    def randbelow(self, n: int) -> int:
        """A uniform integer in ``[0, n)`` from the OS CSPRNG."""
        return secrets.randbelow(n)

    def random(self) -> float:
        """A uniform float in ``[0, 1)`` with 53 random bits."""
        return secrets.randbits(53) / (1 << 53)

    def gauss(self, mu: float, sigma: float) -> float:
        """A normal variate from :class:`random.SystemRandom`."""
        return random.SystemRandom().gauss(mu, sigma)

    def __repr__(self) -> str:
        return "SystemEntropy()"
