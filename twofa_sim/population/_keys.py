"""Each simulated user's TOTP secrets, drawn from the run's seed, and their
codes computed with pre-keyed HMAC states.

A user's ``version``-th secret (0 at the first enrolment, one more at each
enrolment after a support reset) is ``SHAKE-256("twofa-sim population
secret" | seed | user | version)`` cut to the policy's ``secret_bits``: a
pure function of numbers, so the engine path (which imports it with
``portal.start_enrolment(login, secret=...)``) and the fast path (which
computes codes from it) hold the same key for any sharding.

:class:`Hotp` holds one key's HMAC states keyed once (RFC 2104 §4: the key
XOR ipad and the key XOR opad hashed ahead, each value then costs two
copies and two short updates); :func:`values` computes many HOTP values
(RFC 4226 §5.3) in one batch, the dynamic truncation done with numpy on
all of them; :class:`PieceCodes` keeps the states of a piece's users.
Tests check the values equal to :func:`twofa_sim.otp.hotp`.
"""

from __future__ import annotations

import base64
import hashlib
import struct

import numpy as np

from ..otp import ALGORITHMS, digest_name

_LABEL = b"twofa-sim population secret"
_IPAD = bytes(b ^ 0x36 for b in range(256))
_OPAD = bytes(b ^ 0x5C for b in range(256))


def secret_key(seed: int, user: int, version: int, bits: int) -> bytes:
    """The raw key of ``user``'s ``version``-th secret (``bits`` // 8 bytes).

    A draw that is one byte repeated (which the portal refuses as no
    secret) gets its last byte flipped; that happens about once in 2^150 draws.
    """
    key = hashlib.shake_256(_LABEL + struct.pack(">QQQ", seed, user, version)).digest(bits // 8)
    if key.count(key[:1]) == len(key):
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

    __slots__ = ("states", "digits")

    def __init__(self, key: bytes, algorithm: str, digits: int) -> None:
        new = _constructor(algorithm)
        self.states = keyed(key, new, new().block_size)
        self.digits = digits

    def value(self, counter: int) -> int:
        """The HOTP value of ``counter`` as an integer (the code without its leading zeros)."""
        return int(values([self.states], [0], np.array([counter], dtype=np.uint64), self.digits)[0])


def _constructor(algorithm: str):
    """The hashlib constructor of an RFC 6238 algorithm name (checked by :func:`~twofa_sim.otp.digest_name`)."""
    digest_name(algorithm)
    return ALGORITHMS[algorithm]


def keyed(key: bytes, new, block: int) -> tuple:
    """The HMAC states (inner, outer) of ``key`` for the hash constructor
    ``new`` of ``block`` bytes: the key XOR ipad and the key XOR opad hashed
    ahead (RFC 2104 §4)."""
    if len(key) > block:  # RFC 2104 §2: a long key is hashed first
        key = new(key).digest()
    key = key.ljust(block, b"\0")
    return new(key.translate(_IPAD)), new(key.translate(_OPAD))


def values(states: list, which: list[int], counters: np.ndarray, digits: int) -> np.ndarray:
    """The HOTP values of ``counters[i]`` under the HMAC states
    ``states[which[i]]`` (:func:`keyed`, all of one algorithm), as int64:
    each HMAC from copies of the states, then the dynamic truncation of
    RFC 4226 §5.3 on all of them at once."""
    n = len(which)
    if not n:
        return np.zeros(0, dtype=np.int64)
    messages = counters.astype(">u8").tobytes()
    macs = []
    keep = macs.append
    for k, at in zip(which, range(0, 8 * n, 8)):
        inner, outer = states[k]
        inner = inner.copy()
        inner.update(messages[at:at + 8])
        outer = outer.copy()
        outer.update(inner.digest())
        keep(outer.digest())
    mac = np.frombuffer(b"".join(macs), dtype=np.uint8).reshape(n, -1)
    start = (mac[:, -1] & 0x0F).astype(np.intp)
    rows = np.arange(n)
    word = np.zeros(n, dtype=np.int64)
    for k in range(4):
        word = (word << 8) | mac[rows, start + k]
    return (word & 0x7FFFFFFF) % 10**digits


#: Values kept per user (a power of 2): the value of step ``s`` in place ``s % KEPT``.
KEPT = 8


class PieceCodes:
    """HOTP values for the users of one piece under their current secrets
    (:func:`secret_key`), keyed once per user and version; each user's
    newest values are kept, one per place ``step % KEPT`` (a retry looks
    at the same steps again).

    Args:
        seed: the run's seed.
        lo: the piece's first user (users are numbered from it).
        n: users in the piece.
        bits, algorithm, digits: the policy's ``secret_bits``, ``algorithm`` and ``digits``.
    """

    def __init__(self, seed: int, lo: int, n: int, bits: int, algorithm: str, digits: int) -> None:
        self._seed, self._lo, self._bits, self._digits = seed, lo, bits, digits
        self._new = _constructor(algorithm)
        self._block = self._new().block_size
        self._states: list = [None] * n
        self._keyed = np.full(n, -1, dtype=np.int64)
        self._kept_step = np.full((n, KEPT), -1, dtype=np.int64)
        self._kept_value = np.zeros((n, KEPT), dtype=np.int64)

    def values(self, users: np.ndarray, versions: np.ndarray, steps: np.ndarray) -> np.ndarray:
        """The codes of ``steps`` (time steps, at least 0) for ``users``'
        secrets of ``versions`` (int64 arrays of one length; a user appears
        with one version only)."""
        stale = (self._keyed[users] != versions).nonzero()[0]
        if len(stale):
            for u, v in dict(zip(users[stale].tolist(), versions[stale].tolist())).items():
                self._states[u] = keyed(secret_key(self._seed, self._lo + u, v, self._bits), self._new, self._block)
            self._keyed[users[stale]] = versions[stale]
            self._kept_step[users[stale]] = -1
        place = users * KEPT + (steps & (KEPT - 1))  # in the flattened (users, KEPT) arrays
        kept_step, kept_value = self._kept_step.reshape(-1), self._kept_value.reshape(-1)
        out = kept_value[place]
        missing = (kept_step[place] != steps).nonzero()[0]
        if len(missing):
            u, s, k = users[missing], steps[missing], place[missing]
            new = values(self._states, u.tolist(), s, self._digits)
            out[missing] = new
            kept_step[k] = s
            won = kept_step[k] == s  # of two steps for one place, the one kept
            kept_value[k[won]] = new[won]
        return out
