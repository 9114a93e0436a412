"""Shared TOTP secrets: making them, importing them, keeping them out of sight.

A :class:`SharedSecret` never shows its value in ``repr`` or ``str``; code
that needs the base32 text asks for :attr:`SharedSecret.base32` explicitly.
"""

from __future__ import annotations

import base64
import binascii

from .bounds import check_flag, shown, whole
from .entropy import Entropy
from .errors import InputTypeError, SecretError
from .normalise import strip_blanks

#: RFC 4226 §4 (requirement R6) and NIST SP 800-63B §5.1.4.1: keys shorter than
#: this are refused unless imported explicitly as legacy (GitHub issued 80-bit ones).
MIN_SECRET_BITS = 128

#: Longest secret accepted on import (HMAC-SHA512's block is 1024 bits; 4096 leaves room).
MAX_SECRET_BITS = 4096

#: Longest text read as a secret, in characters: 4096 bits are 820 base32
#: characters, and people type them in groups with blanks and padding.
MAX_SECRET_CHARS = 2048

#: pyotp 2.12 refuses secrets under this many bits.
PYOTP_MIN_BITS = 112


class SharedSecret:
    """A TOTP/HOTP key, kept as base32 text (RFC 4648, no padding).

    Args:
        base32: the key as base32 text (ASCII; blanks, lower case and padding
            are tolerated), at most :data:`MAX_SECRET_BITS` bits.
        legacy: True when the key is shorter than :data:`MIN_SECRET_BITS` and
            was accepted only by an explicit legacy import.

    Raises:
        SecretError: not ASCII base32, or longer than :data:`MAX_SECRET_BITS`.
        InputTypeError: ``base32`` is not a string or ``legacy`` not a bool.
    """

    __slots__ = ("_base32", "_key", "legacy")

    def __init__(self, base32: str, legacy: bool = False) -> None:
        legacy = check_flag(legacy, "legacy")
        self._key = _decode(base32)
        if len(self._key) * 8 > MAX_SECRET_BITS:
            raise SecretError(f"the secret is {len(self._key) * 8} bits; at most {MAX_SECRET_BITS} are accepted")
        self._base32 = base64.b32encode(self._key).decode("ascii").rstrip("=")
        self.legacy = legacy

    @property
    def base32(self) -> str:
        """The secret itself, base32 without padding. Handle with care."""
        return self._base32

    @property
    def key(self) -> bytes:
        """The raw key bytes fed to HMAC."""
        return self._key

    @property
    def bits(self) -> int:
        """Key length in bits."""
        return len(self._key) * 8

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SharedSecret) and other._key == self._key

    def __hash__(self) -> int:
        return hash(self._key)

    def __repr__(self) -> str:
        flag = ", legacy" if self.legacy else ""
        return f"SharedSecret({self.bits} bits{flag}, hidden)"

    __str__ = __repr__


def _decode(text: str) -> bytes:
    if not isinstance(text, str):
        raise InputTypeError(f"a secret must be base32 text (str), not {type(text).__name__}")
    if len(text) > MAX_SECRET_CHARS:
        raise SecretError(f"the secret is {len(text)} characters long; at most {MAX_SECRET_CHARS} are read")
    if not text.isascii():  # before upper-casing: "ß".upper() is "SS", "ﬀ".upper() is "FF"
        raise SecretError("the secret is not valid base32: only ASCII letters A-Z, digits 2-7, "
                          "spaces and '=' padding are allowed")
    canonical = strip_blanks(text).upper().rstrip("=")
    if not canonical:
        raise SecretError("the secret is empty")
    padded = canonical + "=" * (-len(canonical) % 8)
    try:
        key = base64.b32decode(padded, casefold=False)
    except (binascii.Error, ValueError) as exc:
        raise SecretError("the secret is not valid base32 (letters A-Z and digits 2-7)") from exc
    if not key:
        raise SecretError("the secret decodes to no bytes")
    return key


def new_secret(entropy: Entropy, bits: int = 160) -> SharedSecret:
    """A fresh random secret of ``bits`` bits (a multiple of 8) from ``entropy``.

    RFC 4226 §4 R6: at least 128 bits, 160 recommended.

    Raises:
        SecretError: ``bits`` is not a whole number, not a multiple of 8, or
            outside :data:`MIN_SECRET_BITS` .. :data:`MAX_SECRET_BITS`.
        InputTypeError: ``entropy`` has no ``token_bytes()``.
    """
    if not callable(getattr(entropy, "token_bytes", None)):
        raise InputTypeError(f"entropy must have a token_bytes() method, not {type(entropy).__name__}")
    counted = whole(bits)
    if counted is None or counted % 8 or not MIN_SECRET_BITS <= counted <= MAX_SECRET_BITS:
        raise SecretError(f"secret size must be a multiple of 8 bits from {MIN_SECRET_BITS} to {MAX_SECRET_BITS}, "
                          f"got {shown(bits)}")
    raw = entropy.token_bytes(counted // 8)
    return SharedSecret(base64.b32encode(raw).decode("ascii"))


def import_secret(text: str, allow_legacy: bool = False) -> SharedSecret:
    """Import a secret typed or pasted by a person ("setup key").

    Accepts spaces, lower case and ``=`` padding; anything that is not ASCII
    is refused (upper-casing would turn ``ß`` into ``SS``). A key shorter than 128 bits
    (such as GitHub's 80-bit keys, which pyotp 2.12 refuses below 112 bits)
    is accepted only with ``allow_legacy=True`` and is then flagged
    :attr:`SharedSecret.legacy`.

    Raises:
        SecretError: not ASCII base32, longer than :data:`MAX_SECRET_CHARS`
            characters or :data:`MAX_SECRET_BITS` bits, or too short without
            ``allow_legacy``.
        InputTypeError: ``text`` is not a string or ``allow_legacy`` not a bool.
    """
    allow_legacy = check_flag(allow_legacy, "allow_legacy")
    key = _decode(text)
    bits = len(key) * 8
    if bits > MAX_SECRET_BITS:
        raise SecretError(f"the secret is {bits} bits; at most {MAX_SECRET_BITS} are accepted")
    if bits < MIN_SECRET_BITS and not allow_legacy:
        raise SecretError(
            f"the secret is only {bits} bits; at least {MIN_SECRET_BITS} are required "
            "(import it with allow_legacy=True to accept it, flagged as legacy)"
        )
    if len(set(key)) == 1 and not allow_legacy:  # "AAAA...": one byte repeated is no secret (RFC 4226 §4: random keys)
        raise SecretError("the secret is one byte repeated (for example all A's): use a randomly drawn secret")
    return SharedSecret(base64.b32encode(key).decode("ascii"), legacy=bits < MIN_SECRET_BITS)
