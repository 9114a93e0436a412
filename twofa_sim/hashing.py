"""Salted, slow hashing of passwords and backup codes.

PBKDF2-HMAC-SHA256 from :mod:`hashlib` with a per-value random salt. NIST SP
800-63B §5.1.2.2 asks that look-up secrets (backup codes) under 112 bits be
stored salted and hashed with a key derivation function; passwords likewise
(§5.1.1.2). The iteration count is a policy choice (:class:`HashCost`): a
cheap one for simulations, a realistic one on request.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from .bounds import shown, whole
from .entropy import Entropy
from .errors import InputTypeError, PolicyError
from .normalise import require_text

SALT_BYTES = 16

#: Most PBKDF2 iterations accepted: about a second per hash on a laptop core
#: (OWASP's 600,000 take about a third of that). More would make every login hang.
MAX_ITERATIONS = 2_000_000


@dataclass(frozen=True)
class HashCost:
    """How expensive hashing a password or backup code is.

    Attributes:
        name: a label shown wherever the choice matters ("simulation" or
            "realistic").
        iterations: PBKDF2-HMAC-SHA256 iterations, 1 to :data:`MAX_ITERATIONS`.

    Raises:
        PolicyError: ``iterations`` is not a whole number from 1 to
            :data:`MAX_ITERATIONS`, or ``name`` is not text.
    """

    name: str
    iterations: int

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise PolicyError(f"a hash cost's name must be text (str), not {type(self.name).__name__}")
        iterations = whole(self.iterations)
        if iterations is None or not 1 <= iterations <= MAX_ITERATIONS:
            raise PolicyError(f"iterations must be a whole number from 1 to {MAX_ITERATIONS:,}, "
                              f"got {shown(self.iterations)}")
        object.__setattr__(self, "iterations", iterations)  # a plain int, whatever integer was passed


#: Cheap enough for thousands of simulated logins a second. Not for real systems.
SIMULATION_COST = HashCost("simulation", 1_000)

#: OWASP Password Storage Cheat Sheet (2023 onwards): PBKDF2-HMAC-SHA256 with
#: 600,000 iterations. About a third of a second per hash on a laptop core.
REALISTIC_COST = HashCost("realistic", 600_000)


def hash_value(value: str, entropy: Entropy, cost: HashCost) -> str:
    """Hash ``value`` with a fresh salt from ``entropy``.

    Args:
        value: the password or code (text; PBKDF2 hashes a long one once, so length costs little).
        entropy: where the 16-byte salt comes from.
        cost: the iteration count.

    Returns:
        ``"pbkdf2_sha256$<iterations>$<salt hex>$<digest hex>"``.

    Raises:
        InputTypeError: ``value`` is not valid text, ``entropy`` has no
            ``token_bytes()``, or ``cost`` is not a :class:`HashCost`.
    """
    require_text(value, "value")
    if not callable(getattr(entropy, "token_bytes", None)):
        raise InputTypeError(f"entropy must have a token_bytes() method, not {type(entropy).__name__}")
    if not isinstance(cost, HashCost):
        raise InputTypeError(f"cost must be a HashCost, not {type(cost).__name__}")
    salt = entropy.token_bytes(SALT_BYTES)
    digest = hashlib.pbkdf2_hmac("sha256", value.encode("utf-8"), salt, cost.iterations)
    return f"pbkdf2_sha256${cost.iterations}${salt.hex()}${digest.hex()}"


def verify_value(value: str, stored: str) -> bool:
    """True when ``value`` hashes to ``stored`` (compared in constant time).

    Args:
        value: the candidate (text).
        stored: a hash from :func:`hash_value`.

    Raises:
        InputTypeError: ``value`` or ``stored`` is not valid text.
        PolicyError: ``stored`` is not a hash this
            module made (wrong shape, or iterations beyond :data:`MAX_ITERATIONS`).
    """
    require_text(value, "value")
    require_text(stored, "stored hash")
    parts = stored.split("$") if len(stored) <= 256 else []
    if len(parts) != 4 or parts[0] != "pbkdf2_sha256" or not (parts[1].isascii() and parts[1].isdigit()) \
            or len(parts[1]) > 8 or not 1 <= int(parts[1]) <= MAX_ITERATIONS:
        raise PolicyError("the stored hash is not a pbkdf2_sha256 hash this simulator made")
    _, iterations, salt_hex, digest_hex = parts
    try:
        salt = bytes.fromhex(salt_hex)
    except ValueError:
        raise PolicyError("the stored hash's salt is not hex") from None
    digest = hashlib.pbkdf2_hmac("sha256", value.encode("utf-8"), salt, int(iterations))
    return hmac.compare_digest(digest.hex(), digest_hex)


def fingerprint(token: str) -> str:
    """SHA-256 hex (64 characters) of a high-entropy token (>= 112 bits; NIST
    SP 800-63B §5.1.2.2 allows an approved hash without a KDF for those).

    Raises:
        InputTypeError: ``token`` is not valid text.
    """
    require_text(token, "token")
    return hashlib.sha256(token.encode("utf-8")).hexdigest()

