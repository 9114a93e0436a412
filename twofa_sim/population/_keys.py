"""Each simulated user's TOTP secrets, drawn from the run's seed, and their
codes computed with pre-keyed HMAC states.

A user's ``version``-th secret (0 at the first enrolment, one more at each
enrolment after a support reset) is ``SHAKE-256("twofa-sim population
secret" | seed | user | version)`` cut to the policy's ``secret_bits``: a
pure function of numbers, so the engine path (which imports it with
``portal.start_enrolment(login, secret=...)``) and the fast path (which
computes codes from it) hold the same key for any sharding.

:class:`Hotp` computes HOTP values (RFC 4226 §5.3) from HMAC states keyed
once (RFC 2104 §4: the key XOR ipad and the key XOR opad hashed ahead, each
value then costs two copies and two short updates); tests check it equal to
:func:`twofa_sim.otp.hotp`.
"""

from __future__ import annotations

import base64
import hashlib
import struct

from ..otp import digest_name

_LABEL = b"twofa-sim population secret"
_IPAD = bytes(b ^ 0x36 for b in range(256))
_OPAD = bytes(b ^ 0x5C for b in range(256))


def secret_key(seed: int, user: int, version: int, bits: int) -> bytes:
    """The raw key of ``user``'s ``version``-th secret (``bits`` // 8 bytes).

    A draw that is one byte repeated (which the portal refuses as no
    secret) gets its last byte flipped; that happens about once in 2^150 draws.
    """
    key = hashlib.shake_256(_LABEL + struct.pack(">QQQ", seed, user, version)).digest(bits // 8)
    if len(set(key)) == 1:
        key = key[:-1] + bytes([key[-1] ^ 1])
    return key


def base32(key: bytes) -> str:
    """``key`` as base32 text without padding (what an enrolment imports)."""
    return base64.b32encode(key).decode("ascii").rstrip("=")


class Hotp:
    """HOTP values of one key (RFC 4226 §5.3), from pre-keyed HMAC states.

    Args:
        key: the raw key.
        algorithm: "SHA1", "SHA256" or "SHA512" (RFC 6238 §1.2).
        digits: code length.
    """

    __slots__ = ("_inner", "_outer", "_modulus")

    def __init__(self, key: bytes, algorithm: str, digits: int) -> None:
        name = digest_name(algorithm)
        block = hashlib.new(name).block_size
        if len(key) > block:  # RFC 2104 §2: a long key is hashed first
            key = hashlib.new(name, key).digest()
        key = key.ljust(block, b"\0")
        self._inner = hashlib.new(name, key.translate(_IPAD))
        self._outer = hashlib.new(name, key.translate(_OPAD))
        self._modulus = 10**digits

    def value(self, counter: int) -> int:
        """The HOTP value of ``counter`` as an integer (the code without its leading zeros)."""
        inner = self._inner.copy()
        inner.update(struct.pack(">Q", counter))
        outer = self._outer.copy()
        outer.update(inner.digest())
        mac = outer.digest()
        offset = mac[-1] & 0x0F
        return (int.from_bytes(mac[offset:offset + 4], "big") & 0x7FFFFFFF) % self._modulus
