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

from .entropy import Entropy

SALT_BYTES = 16


@dataclass(frozen=True)
class HashCost:
    """How expensive hashing a password or backup code is.

    Attributes:
        name: a label shown wherever the choice matters ("simulation" or
            "realistic").
        iterations: PBKDF2-HMAC-SHA256 iterations.
    """

    name: str
    iterations: int

    def __post_init__(self) -> None:
        if isinstance(self.iterations, bool) or not isinstance(self.iterations, int) or self.iterations < 1:
            raise ValueError(f"iterations must be a positive int, got {self.iterations!r}")


#: Cheap enough for thousands of simulated logins a second. Not for real systems.
SIMULATION_COST = HashCost("simulation", 1_000)

#: OWASP Password Storage Cheat Sheet (2023 onwards): PBKDF2-HMAC-SHA256 with
#: 600,000 iterations. About a third of a second per hash on a laptop core.
REALISTIC_COST = HashCost("realistic", 600_000)


def hash_value(value: str, entropy: Entropy, cost: HashCost) -> str:
    """Hash ``value`` with a fresh salt from ``entropy``.

    Returns:
        ``"pbkdf2_sha256$<iterations>$<salt hex>$<digest hex>"``.
    """
    salt = entropy.token_bytes(SALT_BYTES)
    digest = hashlib.pbkdf2_hmac("sha256", value.encode("utf-8"), salt, cost.iterations)
    return f"pbkdf2_sha256${cost.iterations}${salt.hex()}${digest.hex()}"


def verify_value(value: str, stored: str) -> bool:
    """True when ``value`` hashes to ``stored`` (compared in constant time)."""
    _, iterations, salt_hex, digest_hex = stored.split("$")
    digest = hashlib.pbkdf2_hmac("sha256", value.encode("utf-8"), bytes.fromhex(salt_hex), int(iterations))
    return hmac.compare_digest(digest.hex(), digest_hex)


def fingerprint(token: str) -> str:
    """SHA-256 hex of a high-entropy token (>= 112 bits; NIST SP 800-63B
    §5.1.2.2 allows an approved hash without a KDF for those)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
