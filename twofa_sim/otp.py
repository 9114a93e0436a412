"""HOTP and TOTP values (RFC 4226, RFC 6238) and matching a code to a time step.

The values are tested equal to pyotp's; this module computes them directly
so that the verification path can also explain each stage (see
:func:`explain`) and report *which* step matched. A :class:`HotpKey` hashes
the key's padded blocks once and reuses them for every counter (RFC 2104 §4,
implementation note), which makes each value about twice as quick as
:func:`hmac.digest`.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import struct
from dataclasses import dataclass

from .bounds import PERIOD_SECONDS, SIMULATION_DIGITS, check_whole
from .clock import check_epoch
from .errors import InputTypeError, PolicyError, SecretError

ALGORITHMS = {"SHA1": hashlib.sha1, "SHA256": hashlib.sha256, "SHA512": hashlib.sha512}

#: Longest HMAC key accepted, in bytes (4096 bits, as :data:`~twofa_sim.secret.MAX_SECRET_BITS`).
MAX_KEY_BYTES = 512

#: Largest counter: RFC 4226 §5.2 packs it into 8 bytes.
MAX_COUNTER = 2**64 - 1

#: Most steps :func:`matching_steps` compares at once.
MAX_STEPS = 1000

_COUNTER = struct.Struct(">Q")  # RFC 4226 §5.2: the counter as 8 bytes, big-endian
_FOUR_BYTES = struct.Struct(">I")  # RFC 4226 §5.3: four digest bytes as an unsigned integer
_IPAD = bytes(x ^ 0x36 for x in range(256))  # RFC 2104 §2: the key XOR ipad, XOR opad
_OPAD = bytes(x ^ 0x5C for x in range(256))
_pack, _four, _compare = _COUNTER.pack, _FOUR_BYTES.unpack_from, hmac.compare_digest  # bound once, for the hot path


def _algorithm(algorithm: object) -> str:
    if not isinstance(algorithm, str):
        raise InputTypeError(f"algorithm must be text (str), not {type(algorithm).__name__}")
    if algorithm not in ALGORITHMS:
        raise PolicyError(f"algorithm must be one of {', '.join(ALGORITHMS)}, got {algorithm[:20]!r}")
    return algorithm


def _whole(value: object, what: str, bound: tuple[int, int]) -> int:
    return check_whole(value, what, bound, PolicyError)


def _key(key: object) -> bytes:
    if not isinstance(key, (bytes, bytearray)):
        raise InputTypeError(f"key must be bytes, not {type(key).__name__}")
    if not 1 <= len(key) <= MAX_KEY_BYTES:
        raise SecretError(f"a key is 1 to {MAX_KEY_BYTES} bytes, got {len(key)}")
    return bytes(key)


def digest_name(algorithm: str) -> str:
    """The hashlib name for an RFC 6238 algorithm name (``"SHA1"`` → ``"sha1"``).

    Raises:
        PolicyError, InputTypeError: not one of :data:`ALGORITHMS`.
    """
    return ALGORITHMS[_algorithm(algorithm)]().name


def time_step(epoch: float, period: int) -> int:
    """The TOTP time step ``T = floor(epoch / period)`` (RFC 6238 §4.2, T0 = 0).

    Args:
        epoch: UTC epoch seconds (1970 .. 9999).
        period: time step size X in whole seconds (:data:`~twofa_sim.bounds.PERIOD_SECONDS`).

    Raises:
        ClockError: ``epoch`` is not a valid time.
        PolicyError, InputTypeError: ``period`` is not a whole number in range.
    """
    return step_of(check_epoch(epoch, "epoch"), _whole(period, "period", PERIOD_SECONDS))


def step_of(epoch: float, period: int) -> int:
    """:func:`time_step` for values already checked (the engine's own clock
    and a device's period): ``floor(epoch / period)``, no checks."""
    return math.floor(epoch / period)


def seconds_left(epoch: float, period: int) -> int:
    """Whole seconds until the step containing ``epoch`` ends (1..period).

    Raises:
        ClockError, PolicyError, InputTypeError: as :func:`time_step`.
    """
    epoch, period = check_epoch(epoch, "epoch"), _whole(period, "period", PERIOD_SECONDS)
    return period - int(epoch - step_of(epoch, period) * period)


@dataclass(frozen=True)
class Derivation:
    """Every stage of one HOTP value (RFC 4226 §5.3), for teaching.

    Attributes:
        counter: the counter C (for TOTP, the time step T).
        counter_bytes: C as 8 bytes, big-endian.
        digest: HMAC(K, C) with the chosen hash.
        offset: the low 4 bits of the digest's last byte.
        four_bytes: digest[offset:offset+4].
        truncated: those bytes as a 31-bit integer (top bit masked).
        modulus: 10 ** digits.
        code: ``truncated % modulus``, zero-padded to ``digits``.
    """

    counter: int
    counter_bytes: bytes
    digest: bytes
    offset: int
    four_bytes: bytes
    truncated: int
    modulus: int
    code: str


def explain(key: bytes, counter: int, digits: int = 6, algorithm: str = "SHA1") -> Derivation:
    """Compute one HOTP value and keep every stage (RFC 4226 §5.3 dynamic truncation).

    Args:
        key: the HMAC key, 1 to :data:`MAX_KEY_BYTES` bytes.
        counter: 0 to :data:`MAX_COUNTER`.
        digits: code length, 3 to 10 (6 to 10 outside a simulation-only policy: :data:`~twofa_sim.bounds.DIGITS`).
        algorithm: one of :data:`ALGORITHMS`.

    Raises:
        InputTypeError: a value of the wrong type.
        SecretError: ``key`` empty or too long.
        PolicyError: ``counter``, ``digits`` or ``algorithm`` out of range.
    """
    key = _key(key)
    counter = _whole(counter, "counter", (0, MAX_COUNTER))
    digits = _whole(digits, "digits", SIMULATION_DIGITS)
    _algorithm(algorithm)
    counter_bytes = _COUNTER.pack(counter)
    mac = hmac.digest(key, counter_bytes, ALGORITHMS[algorithm])
    offset = mac[-1] & 0x0F
    four = mac[offset : offset + 4]
    truncated = _truncate(mac)
    modulus = 10**digits
    return Derivation(counter, counter_bytes, mac, offset, four, truncated, modulus, _padded(truncated % modulus, digits))


def _truncate(mac: bytes) -> int:
    """RFC 4226 §5.3 dynamic truncation: the 4 bytes at the offset the last
    byte's low 4 bits name, as a 31-bit integer (top bit masked)."""
    return _FOUR_BYTES.unpack_from(mac, mac[-1] & 0x0F)[0] & 0x7FFFFFFF


def _padded(value: int, digits: int) -> str:
    """``value`` as ``digits`` decimal digits, zero-padded on the left."""
    return str(value).zfill(digits)


class HotpKey:
    """One key's HOTP values (RFC 4226 §5.3), the HMAC keyed once.

    HMAC(K, C) = H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ C)) (RFC 2104 §2): the hash
    states after the two padded key blocks are computed here once, and each
    value copies them (RFC 2104 §4, implementation note), so a window of
    steps costs two short hashes per step. Nothing about any counter or code
    is kept between calls.

    Args:
        key: the HMAC key, 1 to :data:`MAX_KEY_BYTES` bytes (never shown).
        digits: code length, as :func:`explain`.
        algorithm: one of :data:`ALGORITHMS`.

    Raises:
        InputTypeError, SecretError, PolicyError: as :func:`explain`.
    """

    __slots__ = ("_digits", "_algorithm", "_inner", "_outer", "_modulus")

    def __init__(self, key: bytes, digits: int = 6, algorithm: str = "SHA1") -> None:
        key = _key(key)
        self._digits = _whole(digits, "digits", SIMULATION_DIGITS)
        self._algorithm = _algorithm(algorithm)
        new = ALGORITHMS[algorithm]
        block = new().block_size
        if len(key) > block:  # RFC 2104 §2: a longer key is hashed first
            key = new(key).digest()
        key = key.ljust(block, b"\0")
        self._inner, self._outer = new(key.translate(_IPAD)), new(key.translate(_OPAD))
        self._modulus = 10**self._digits

    @property
    def digits(self) -> int:
        """Code length in digits."""
        return self._digits

    @property
    def algorithm(self) -> str:
        """The hash, one of :data:`ALGORITHMS`."""
        return self._algorithm

    def value(self, counter: int) -> str:
        """The HOTP value for ``counter`` (equal to :func:`hotp`'s).

        Raises:
            PolicyError, InputTypeError: ``counter`` is not from 0 to :data:`MAX_COUNTER`.
        """
        return self._value(_whole(counter, "counter", (0, MAX_COUNTER)))

    def matching(self, code: str, steps: list[int]) -> list[int]:
        """The steps among ``steps`` whose value equals ``code``, as
        :func:`matching_steps` (every step compared in constant time).

        Raises:
            InputTypeError, PolicyError: as :func:`matching_steps`.
        """
        _check_matching(code, steps)
        if not code.isascii():
            return []
        for step in steps:
            _whole(step, "counter", (0, MAX_COUNTER))
        return self.matching_checked(code, steps)

    def matching_checked(self, code: str, steps: list[int] | tuple[int, ...], base: int = 0) -> list[int]:
        """:meth:`matching` for a code and steps the engine has already
        checked (text; whole numbers from 0 to :data:`MAX_COUNTER`, a window's
        worth), each step given as ``base + s`` for ``s`` in ``steps`` (a
        window's offsets from the portal's step, say). Every step's value is
        computed and compared with :func:`hmac.compare_digest`, with no early
        exit; a ``code`` that is not ASCII matches nothing."""
        if not code.isascii():
            return []
        found = []
        inner, outer, modulus, digits = self._inner.copy, self._outer.copy, self._modulus, self._digits
        for step in steps:  # _value and _truncate written out: this loop is the code step's hot path
            mac = inner()
            mac.update(_pack(base + step))
            full = outer()
            full.update(mac.digest())
            mac = full.digest()
            if _compare(str((_four(mac, mac[-1] & 0x0F)[0] & 0x7FFFFFFF) % modulus).zfill(digits), code):
                found.append(base + step)
        return found

    def _value(self, counter: int) -> str:
        inner = self._inner.copy()
        inner.update(_COUNTER.pack(counter))
        outer = self._outer.copy()
        outer.update(inner.digest())
        return _padded(_truncate(outer.digest()) % self._modulus, self._digits)

    def __repr__(self) -> str:
        return f"HotpKey({self.digits} digits, {self.algorithm}, key hidden)"


def hotp(key: bytes, counter: int, digits: int = 6, algorithm: str = "SHA1") -> str:
    """The HOTP value for ``counter`` (RFC 4226 §5.3), a string of ``digits`` digits.

    Raises:
        InputTypeError, SecretError, PolicyError: as :func:`explain`.
    """
    key = _key(key)
    counter = _whole(counter, "counter", (0, MAX_COUNTER))
    digits = _whole(digits, "digits", SIMULATION_DIGITS)
    mac = hmac.digest(key, _COUNTER.pack(counter), ALGORITHMS[_algorithm(algorithm)])
    return _padded(_truncate(mac) % 10**digits, digits)


def totp(key: bytes, epoch: float, period: int = 30, digits: int = 6, algorithm: str = "SHA1") -> str:
    """The TOTP value at ``epoch`` UTC seconds (RFC 6238 §4.2).

    Raises:
        ClockError, InputTypeError, SecretError, PolicyError: as
        :func:`time_step` and :func:`explain`.
    """
    return hotp(key, time_step(epoch, period), digits, algorithm)


def matching_steps(key: bytes, code: str, steps: list[int], digits: int, algorithm: str) -> list[int]:
    """The steps among ``steps`` whose value equals ``code``.

    Every step is computed and compared in constant time
    (:func:`hmac.compare_digest`), with no early exit, so timing does not
    reveal which step matched.

    Args:
        code: the typed code, ASCII digits (anything else matches nothing).
        steps: at most :data:`MAX_STEPS` counters.

    Raises:
        InputTypeError: ``code`` is not text or ``steps`` not a list or tuple.
        PolicyError: more than :data:`MAX_STEPS` steps; others as :func:`explain`.
    """
    _check_matching(code, steps)
    return HotpKey(key, digits, algorithm).matching(code, steps)


def _check_matching(code: object, steps: object) -> None:
    if not isinstance(code, str):
        raise InputTypeError(f"code must be text (str), not {type(code).__name__}")
    if not isinstance(steps, (list, tuple, range)):
        raise InputTypeError(f"steps must be a list of counters, not {type(steps).__name__}")
    if len(steps) > MAX_STEPS:
        raise PolicyError(f"at most {MAX_STEPS} steps are compared at once, got {len(steps)}")
