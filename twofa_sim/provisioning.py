"""Provisioning URIs: ``otpauth://totp/issuer:account?secret=...`` (Key URI format).

Built and parsed here with RFC 3986 percent-encoding: a space is ``%20``
(never ``+``), ``@`` is ``%40``, ``/`` is ``%2F`` and UTF-8 names work. A
colon in the issuer or account is refused, because the label
``issuer:account`` would then be ambiguous (the Key URI format forbids it).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from .bounds import DIGITS, PERIOD_SECONDS
from .errors import AmbiguousLabelError, InputTypeError, ProvisioningURIError, SecretError
from .otp import ALGORITHMS
from .secret import SharedSecret, import_secret

#: Longest provisioning URI accepted (a QR code holds at most about 4,000 characters).
MAX_URI_CHARS = 4096


@dataclass(frozen=True)
class Provisioning:
    """What a provisioning URI carries.

    Attributes:
        secret: the shared key (hidden in repr).
        issuer: who issued it (the portal's name); may be empty when absent.
        account: the user's account name.
        digits: code length in digits (:data:`~twofa_sim.bounds.DIGITS`).
        period: time step in seconds (:data:`~twofa_sim.bounds.PERIOD_SECONDS`).
        algorithm: "SHA1", "SHA256" or "SHA512".
    """

    secret: SharedSecret
    issuer: str
    account: str
    digits: int = 6
    period: int = 30
    algorithm: str = "SHA1"

    @property
    def label(self) -> str:
        """``issuer:account`` as an app lists it (``account`` when no issuer)."""
        return f"{self.issuer}:{self.account}" if self.issuer else self.account


def _check_name(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise InputTypeError(f"{what} must be text (str), not {type(value).__name__}")
    if not value:
        raise ProvisioningURIError(f"{what} must not be empty")
    if ":" in value:
        raise AmbiguousLabelError(f"{what} {value!r} contains a colon, which would make the label issuer:account ambiguous")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ProvisioningURIError(f"{what} is not encodable as UTF-8") from exc
    return value


def check_label(issuer: object, account: object) -> tuple[str, str]:
    """``(issuer, account)`` if both can go in a Key URI label.

    Raises:
        AmbiguousLabelError: a colon in either.
        ProvisioningURIError: an empty or unencodable name.
        InputTypeError: a non-string name.
    """
    return _check_name(issuer, "issuer"), _check_name(account, "account")


def _enc(value: str) -> str:
    return quote(value, safe="")


def build_uri(provisioning: Provisioning) -> str:
    """The ``otpauth://totp/`` URI for ``provisioning``.

    Parameters come secret first (Microsoft Authenticator reads it best so),
    then issuer, algorithm, digits and period, always written out.

    Raises:
        AmbiguousLabelError: a colon in the issuer or account.
        ProvisioningURIError: an empty or unencodable issuer or account.
    """
    issuer, account = check_label(provisioning.issuer, provisioning.account)
    if provisioning.algorithm not in ALGORITHMS or not 6 <= provisioning.digits <= 10 or not 1 <= provisioning.period <= 3600:
        raise ProvisioningURIError("algorithm, digits (6-10) or period (1-3600 s) out of range")
    query = "&".join(
        [
            f"secret={provisioning.secret.base32}",
            f"issuer={_enc(issuer)}",
            f"algorithm={provisioning.algorithm}",
            f"digits={provisioning.digits}",
            f"period={provisioning.period}",
        ]
    )
    return f"otpauth://totp/{_enc(issuer)}:{_enc(account)}?{query}"


def parse_uri(uri: str, allow_legacy: bool = False) -> Provisioning:
    """Parse an ``otpauth://totp/`` URI.

    Missing ``digits``, ``period`` and ``algorithm`` take the Key URI defaults
    (6, 30, SHA1); unknown parameters are ignored.

    Raises:
        ProvisioningURIError: not an ``otpauth://totp/`` URI, no secret, a
            bad parameter, or a label issuer that differs from ``issuer=``.
        AmbiguousLabelError: the label holds more than one colon.
        SecretError: the secret is not base32 or too short.
        InputTypeError: ``uri`` is not a string.
    """
    if not isinstance(uri, str):
        raise InputTypeError(f"a URI must be text (str), not {type(uri).__name__}")
    if len(uri) > MAX_URI_CHARS:
        raise ProvisioningURIError(f"the URI is longer than {MAX_URI_CHARS} characters")
    try:
        return _parse(uri, allow_legacy)
    except (UnicodeDecodeError, ValueError) as exc:
        if isinstance(exc, (ProvisioningURIError, SecretError)):
            raise
        raise ProvisioningURIError(f"not a well-formed otpauth URI ({exc.__class__.__name__})") from exc


def _parse(uri: str, allow_legacy: bool) -> Provisioning:
    parts = urlsplit(uri.strip())
    if parts.scheme.lower() != "otpauth":
        raise ProvisioningURIError(f"not an otpauth URI (scheme {parts.scheme!r})")
    if parts.netloc.lower() != "totp":
        raise ProvisioningURIError(f"only TOTP is supported, not {parts.netloc!r}")
    label = unquote(parts.path.lstrip("/"), errors="strict")
    if label.count(":") > 1:
        raise AmbiguousLabelError(f"the label {label!r} has more than one colon")
    label_issuer, _, account = label.rpartition(":")
    params: dict[str, str] = {}
    for pair in filter(None, parts.query.split("&")):
        key, _, value = pair.partition("=")
        params.setdefault(key.lower(), unquote(value, errors="strict"))
    if "secret" not in params:
        raise ProvisioningURIError("the URI has no secret parameter")
    issuer = params.get("issuer", label_issuer)
    if label_issuer and issuer != label_issuer:
        raise ProvisioningURIError(f"label issuer {label_issuer!r} differs from issuer parameter {issuer!r}")
    if ":" in issuer:
        raise AmbiguousLabelError(f"the issuer {issuer!r} contains a colon")
    if not account:
        raise ProvisioningURIError("the URI has no account name")
    algorithm = params.get("algorithm", "SHA1").upper()
    if algorithm not in ALGORITHMS:
        raise ProvisioningURIError(f"unsupported algorithm {algorithm!r}")
    digits = _int_param(params, "digits", 6, DIGITS)
    period = _int_param(params, "period", 30, PERIOD_SECONDS)
    try:
        secret = import_secret(params["secret"], allow_legacy=allow_legacy)
    except SecretError as exc:
        raise SecretError(f"in the URI: {exc}") from exc
    return Provisioning(secret, issuer, account, digits, period, algorithm)


def _int_param(params: dict[str, str], name: str, default: int, bound: tuple[int, int]) -> int:
    low, high = bound
    text = params.get(name)
    if text is None:
        return default
    if not (text.isascii() and text.isdigit()) or len(text) > 6 or not low <= int(text) <= high:
        raise ProvisioningURIError(f"{name}={text!r} must be a whole number from {low} to {high}")
    return int(text)
