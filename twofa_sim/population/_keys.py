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

from ..clock import MAX_EPOCH
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

    __slots__ = ("inner", "outer", "digits")

    def __init__(self, key: bytes, algorithm: str, digits: int) -> None:
        self.inner, self.outer = keyed(key, _constructor(algorithm))
        self.digits = digits

    def value(self, counter: int) -> int:
        """The HOTP value of ``counter`` as an integer (the code without its leading zeros)."""
        return int(values([self.inner], [self.outer], np.array([counter], dtype=np.uint64), self.digits)[0])


def _constructor(algorithm: str):
    """The hashlib constructor of an RFC 6238 algorithm name (checked by :func:`~twofa_sim.otp.digest_name`)."""
    digest_name(algorithm)
    return ALGORITHMS[algorithm]


def keyed(key: bytes, new) -> tuple:
    """The HMAC states of ``key`` for the hash constructor ``new``: the key
    XOR ipad and the key XOR opad hashed ahead (RFC 2104 §4)."""
    block = new().block_size
    if len(key) > block:  # RFC 2104 §2: a long key is hashed first
        key = new(key).digest()
    key = key.ljust(block, b"\0")
    return new(key.translate(_IPAD)), new(key.translate(_OPAD))


def values(inner: list, outer: list, counters: np.ndarray, digits: int) -> np.ndarray:
    """The HOTP values of ``counters[i]`` under the states ``inner[i]`` and
    ``outer[i]`` (all of one algorithm), as int64: each HMAC from copies of
    the pre-keyed states, then the dynamic truncation of RFC 4226 §5.3 on
    all of them at once."""
    n = len(inner)
    if not n:
        return np.zeros(0, dtype=np.int64)
    messages = counters.astype(">u8").tobytes()
    macs = []
    keep = macs.append
    for i, o, at in zip(inner, outer, range(0, 8 * n, 8)):
        i = i.copy()
        i.update(messages[at:at + 8])
        o = o.copy()
        o.update(i.digest())
        keep(o.digest())
    mac = np.frombuffer(b"".join(macs), dtype=np.uint8).reshape(n, -1)
    start = (mac[:, -1] & 0x0F).astype(np.intp)
    rows = np.arange(n)
    word = np.zeros(n, dtype=np.int64)
    for k in range(4):
        word = (word << 8) | mac[rows, start + k]
    return (word & 0x7FFFFFFF) % 10**digits


class PieceCodes:
    """HOTP values for the users of one piece under their current secrets
    (:func:`secret_key`), keyed once per user and version, with each user's
    ``memo`` newest values kept (a retry looks at the same steps again).

    Args:
        seed: the run's seed.
        lo: the piece's first user (users are numbered from it).
        n: users in the piece.
        bits, algorithm, digits: the policy's ``secret_bits``, ``algorithm`` and ``digits``.
        memo: values kept per user.
    """

    def __init__(self, seed: int, lo: int, n: int, bits: int, algorithm: str, digits: int, memo: int) -> None:
        self._seed, self._lo, self._bits, self._digits = seed, lo, bits, digits
        self._new = _constructor(algorithm)
        self._inner: list = [None] * n
        self._outer: list = [None] * n
        self._keyed = np.full(n, -1, dtype=np.int64)
        self._memo_step = np.full((n, memo), -1, dtype=np.int64)
        self._memo_value = np.zeros((n, memo), dtype=np.int64)
        self._memo_next = np.zeros(n, dtype=np.int64)
        self._step_bits = (int(MAX_EPOCH) + 1).bit_length()

    def values(self, users: np.ndarray, versions: np.ndarray, steps: np.ndarray) -> np.ndarray:
        """The codes of ``steps`` (time steps, at least 0) for ``users``'
        secrets of ``versions`` (int64 arrays of one length; a user appears
        with one version only)."""
        stale = (self._keyed[users] != versions).nonzero()[0]
        if len(stale):
            self._key(users[stale], versions[stale])
        kept = self._memo_step[users] == steps[:, None]
        out = self._memo_value[users, kept.argmax(axis=1)]
        missing = (~kept.any(axis=1)).nonzero()[0]
        if len(missing):
            # each (user, step) once, by user then step
            _, first, back = np.unique((users[missing] << self._step_bits) | steps[missing], return_index=True,
                                       return_inverse=True)
            u, s = users[missing[first]], steps[missing[first]]
            inner, outer = self._inner, self._outer
            new = values([inner[k] for k in u.tolist()], [outer[k] for k in u.tolist()], s, self._digits)
            out[missing] = new[back]
            self._remember(u, s, new)
        return out

    def _key(self, users: np.ndarray, versions: np.ndarray) -> None:
        for u, v in dict(zip(users.tolist(), versions.tolist())).items():
            self._inner[u], self._outer[u] = keyed(secret_key(self._seed, self._lo + u, v, self._bits), self._new)
        self._keyed[users] = versions
        self._memo_step[users] = -1

    def _remember(self, users: np.ndarray, steps: np.ndarray, new: np.ndarray) -> None:
        """Keep new values in each user's ring of ``memo`` (``users`` grouped;
        of more than ``memo`` new values of one user, the last ones)."""
        memo = self._memo_step.shape[1]
        starts = np.flatnonzero(np.r_[True, users[1:] != users[:-1]])
        counts = np.diff(np.r_[starts, len(users)])
        rank = np.arange(len(users)) - np.repeat(starts, counts)
        keep = rank >= np.repeat(counts, counts) - memo
        first = users[starts]
        slot = (self._memo_next[users] + rank) % memo
        self._memo_step[users[keep], slot[keep]] = steps[keep]
        self._memo_value[users[keep], slot[keep]] = new[keep]
        self._memo_next[first] = (self._memo_next[first] + counts) % memo
