"""HOTP and TOTP values (RFC 4226, RFC 6238) and matching a code to a time step.

The values are tested equal to pyotp's; this module computes them directly
with :func:`hmac.digest` so that the verification path can also explain each
stage (see :func:`explain`) and report *which* step matched.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import struct
from dataclasses import dataclass

ALGORITHMS = {"SHA1": hashlib.sha1, "SHA256": hashlib.sha256, "SHA512": hashlib.sha512}


def digest_name(algorithm: str) -> str:
    """The hashlib name for an RFC 6238 algorithm name (``"SHA1"`` → ``"sha1"``)."""
    return ALGORITHMS[algorithm]().name


def time_step(epoch: float, period: int) -> int:
    """The TOTP time step ``T = floor(epoch / period)`` (RFC 6238 §4.2, T0 = 0).

    Args:
        epoch: UTC epoch seconds.
        period: time step size X in seconds.
    """
    return math.floor(epoch / period)


def seconds_left(epoch: float, period: int) -> int:
    """Whole seconds until the step containing ``epoch`` ends (1..period)."""
    return period - int(epoch - time_step(epoch, period) * period)


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
    """Compute one HOTP value and keep every stage (RFC 4226 §5.3 dynamic truncation)."""
    counter_bytes = struct.pack(">Q", counter)
    mac = hmac.digest(key, counter_bytes, ALGORITHMS[algorithm])
    offset = mac[-1] & 0x0F
    four = mac[offset : offset + 4]
    truncated = struct.unpack(">I", four)[0] & 0x7FFFFFFF
    modulus = 10**digits
    return Derivation(counter, counter_bytes, mac, offset, four, truncated, modulus, str(truncated % modulus).zfill(digits))


def hotp(key: bytes, counter: int, digits: int = 6, algorithm: str = "SHA1") -> str:
    """The HOTP value for ``counter`` (RFC 4226 §5.3), a string of ``digits`` digits."""
    return explain(key, counter, digits, algorithm).code


def totp(key: bytes, epoch: float, period: int = 30, digits: int = 6, algorithm: str = "SHA1") -> str:
    """The TOTP value at ``epoch`` UTC seconds (RFC 6238 §4.2)."""
    return hotp(key, time_step(epoch, period), digits, algorithm)


def matching_steps(key: bytes, code: str, steps: list[int], digits: int, algorithm: str) -> list[int]:
    """The steps among ``steps`` whose value equals ``code``.

    Every step is computed and compared in constant time
    (:func:`hmac.compare_digest`), with no early exit, so timing does not
    reveal which step matched.
    """
    supplied = code.encode("ascii")
    found = []
    for step in steps:
        if hmac.compare_digest(hotp(key, step, digits, algorithm).encode("ascii"), supplied):
            found.append(step)
    return found
