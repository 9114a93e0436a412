"""Sources of randomness: a seeded one for simulations, the OS one for live mode.

Every random choice in the simulator (secrets, backup codes, tokens, salts,
SMS delays) goes through one of these, handed to the portal, so the same
seed gives the same secrets, codes and tables.
"""

from __future__ import annotations

import random
import secrets
from typing import Protocol, Sequence

from .bounds import SEEDS, check_number, check_whole, kind, shown, whole
from .errors import InputTypeError, SimulationError

#: Most random bytes drawn at once (1 MiB; a secret needs 20 to 512).
MAX_TOKEN_BYTES = 1 << 20

#: Longest string :func:`choose` builds (a backup code is 10 symbols).
MAX_CHOICE_LENGTH = 1 << 16


def check_seed(seed: object) -> int:
    """``seed`` as a plain ``int`` when it is a seed: a whole number
    (NumPy's integers included, see :func:`~twofa_sim.bounds.whole`) from 0
    to 2**63 − 1 (:data:`~twofa_sim.bounds.SEEDS`). The one seed rule: every
    callable that takes a seed (seeded randomness, simulated portals,
    attacks, sweeps, population runs) checks it here, before anything is built.

    Raises:
        InputTypeError: ``seed`` is not a whole number (a bool, a float, text).
        SimulationError: ``seed`` is below 0 or above 2**63 − 1.
    """
    counted = whole(seed)
    if counted is None:
        raise InputTypeError(f"seed must be a whole number (int), not {kind(seed)}")
    if not SEEDS[0] <= counted <= SEEDS[1]:
        raise SimulationError(f"seed must be from 0 to 2**63 - 1, got {shown(counted)}")
    return counted


def derived_seed(seed: int, salt: int) -> int:
    """The seed of a second stream of a run seeded ``seed``, told apart by
    ``salt``: ``(seed · 1,000,003 + salt) mod 2**63``, a seed again
    whatever the seed and the salt.

    Raises:
        InputTypeError, SimulationError: ``seed`` is not a seed
            (:func:`check_seed`), or ``salt`` not a whole number from 0 to 2**63 − 1.
    """
    return (check_seed(seed) * 1_000_003 + check_whole(salt, "salt", SEEDS)) % (SEEDS[1] + 1)


def _count(n: object, what: str, low: int, high: int) -> int:
    return check_whole(n, what, (low, high))


def _bound_below(n: object) -> int:
    counted = whole(n)
    if counted is None:
        raise InputTypeError(f"n must be a whole number (int), not {kind(n)}")
    if counted < 1:
        raise SimulationError(f"n must be at least 1, got {shown(counted)}")
    return counted


def _normal(mu: object, sigma: object) -> tuple[float, float]:
    mu = float(check_number(mu, "mu", (-1e300, 1e300)))
    sigma = float(check_number(sigma, "sigma", (0, 1e300)))
    return mu, sigma


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
    length = _count(length, "length", 0, MAX_CHOICE_LENGTH)
    draw, size = entropy.randbelow, len(alphabet)
    return "".join([alphabet[draw(size)] for _ in range(length)])


class SeededEntropy:
    """Deterministic randomness from an integer seed (simulations, tests, notebooks).

    Not for real secrets: anyone who knows the seed knows every secret.
    """

    seeded = True

    def __init__(self, seed: int) -> None:
        """Randomness drawn from ``seed``.

        Raises:
            InputTypeError, SimulationError: ``seed`` is not a seed (see :func:`check_seed`).
        """
        self._seed = check_seed(seed)
        self._random = random.Random(self._seed)

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
            n = _bound_below(n)
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
