"""Provisioning URIs: ``otpauth://totp/issuer:account?secret=...`` (Key URI format).

Built and parsed here with RFC 3986 percent-encoding: a space is ``%20``
(never ``+``), ``@`` is ``%40``, ``/`` is ``%2F`` and UTF-8 names work. A
colon in the issuer or account is refused, because the label
``issuer:account`` would then be ambiguous (the Key URI format forbids it).
A URI that could be read two ways is refused too: a parameter the parser
reads given twice (which one would an app take?), or a ``%`` that does not
start an escape of two hex digits (RFC 3986 §2.1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from .bounds import DIGITS, PERIOD_SECONDS, SIMULATION_DIGITS, check_flag, check_whole, within
from .errors import AmbiguousLabelError, InputTypeError, ProvisioningURIError, SecretError, TwofaSimError
from .normalise import require_visible_text
from .otp import ALGORITHMS
from .secret import SharedSecret, import_secret

#: Longest provisioning URI accepted (a QR code holds at most about 4,000 characters).
MAX_URI_CHARS = 4096

#: Longest issuer or account name a label may carry, in characters (a login is
#: at most 254; percent-encoding can make each character up to 12 long).
MAX_NAME_CHARS = 256

#: The parameters :func:`parse_uri` reads (the Key URI format's for TOTP);
#: each may be given at most once. Any other parameter is ignored.
PARAMETERS = ("secret", "issuer", "algorithm", "digits", "period")

#: A ``%`` that does not start a percent-escape (RFC 3986 §2.1: ``%`` and two hex digits).
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


@dataclass(frozen=True)
class Provisioning:
    """What a provisioning URI carries; every value that can be constructed
    can be written as a URI by :func:`build_uri` and read back equal by
    :func:`parse_uri`.

    Attributes:
        secret: the shared key (hidden in repr).
        issuer: who issued it (the portal's name); empty when absent.
        account: the user's account name (not empty, no leading space).
        digits: code length in digits (:data:`~twofa_sim.bounds.DIGITS`; the
            shorter codes of a simulation-only policy can be held but not
            written into a URI).
        period: time step in seconds (:data:`~twofa_sim.bounds.PERIOD_SECONDS`).
        algorithm: "SHA1", "SHA256" or "SHA512".

    Raises:
        InputTypeError: a value of the wrong type (``secret`` not a
            :class:`~twofa_sim.secret.SharedSecret`, a name not a ``str``,
            ``digits`` or ``period`` not a whole number: bools and floats
            are refused, NumPy's integers kept as plain ``int``).
        AmbiguousLabelError: a colon in the issuer or account.
        ProvisioningURIError: an empty account, a name with a leading space,
            control, format or zero-width characters or longer than
            :data:`MAX_NAME_CHARS`, an unknown algorithm, ``digits`` or
            ``period`` out of range, or a URI longer than :data:`MAX_URI_CHARS`.
    """

    secret: SharedSecret
    issuer: str
    account: str
    digits: int = 6
    period: int = 30
    algorithm: str = "SHA1"

    def __post_init__(self) -> None:
        if not isinstance(self.secret, SharedSecret):
            raise InputTypeError(f"secret must be a SharedSecret, not {type(self.secret).__name__}")
        if self.issuer != "" or not isinstance(self.issuer, str):
            _check_name(self.issuer, "issuer")
        _check_name(self.account, "account")
        if not isinstance(self.algorithm, str):
            raise InputTypeError(f"algorithm must be text (str), not {type(self.algorithm).__name__}")
        if self.algorithm not in ALGORITHMS:
            raise ProvisioningURIError(f"algorithm must be one of {', '.join(ALGORITHMS)}, got {self.algorithm[:20]!r}")
        for name, bound in (("digits", SIMULATION_DIGITS), ("period", PERIOD_SECONDS)):
            # a plain int, whatever integer was passed
            object.__setattr__(self, name, check_whole(getattr(self, name), name, bound, ProvisioningURIError))
        length = len(_uri(self))
        if length > MAX_URI_CHARS:
            raise ProvisioningURIError(f"the URI would be {length} characters; at most {MAX_URI_CHARS} fit a QR code")

    @property
    def label(self) -> str:
        """``issuer:account`` as an app lists it (``account`` when no issuer)."""
        return f"{self.issuer}:{self.account}" if self.issuer else self.account


def _check_name(value: object, what: str) -> str:
    require_visible_text(value, what, ProvisioningURIError, MAX_NAME_CHARS)
    if not value:
        raise ProvisioningURIError(f"{what} must not be empty")
    if ":" in value:
        raise AmbiguousLabelError(f"{what} contains a colon, which would make the label issuer:account ambiguous")
    if value.startswith(" "):
        raise ProvisioningURIError(f"{what} must not start with a space (apps drop spaces after the label's colon)")
    return value


def check_label(issuer: object, account: object) -> tuple[str, str]:
    """``(issuer, account)`` if both can go in a Key URI label.

    Both must be non-empty text of at most :data:`MAX_NAME_CHARS` characters,
    with no colon, no leading space and no control, format (zero-width, bidi
    override) or lone surrogate character.

    Raises:
        AmbiguousLabelError: a colon in either.
        ProvisioningURIError: an empty, over-long or unreadable name.
        InputTypeError: a non-string name.
    """
    return _check_name(issuer, "issuer"), _check_name(account, "account")


def _enc(value: str) -> str:
    return quote(value, safe="")


def _uri(p: Provisioning) -> str:
    label = f"{_enc(p.issuer)}:{_enc(p.account)}" if p.issuer else _enc(p.account)
    query = [f"secret={p.secret.base32}"]
    if p.issuer:
        query.append(f"issuer={_enc(p.issuer)}")
    query += [f"algorithm={p.algorithm}", f"digits={p.digits}", f"period={p.period}"]
    return f"otpauth://totp/{label}?{'&'.join(query)}"


def build_uri(provisioning: Provisioning) -> str:
    """The ``otpauth://totp/`` URI (at most :data:`MAX_URI_CHARS` characters)
    for ``provisioning``.

    Parameters come secret first (Microsoft Authenticator reads it best so),
    then issuer (left out, like the label's ``issuer:`` prefix, when there is
    none), algorithm, digits and period, always written out. Every value a
    :class:`Provisioning` can hold is checked when it is made, so the URI
    always parses back to an equal value with :func:`parse_uri`.

    Raises:
        InputTypeError: ``provisioning`` is not a :class:`Provisioning`.
        ProvisioningURIError: codes shorter than the Key URI format allows
            (a simulation-only policy's).
    """
    if not isinstance(provisioning, Provisioning):
        raise InputTypeError(f"build_uri takes a Provisioning, not {type(provisioning).__name__}")
    if not within(provisioning.digits, DIGITS):
        raise ProvisioningURIError(f"a provisioning URI carries {DIGITS[0]} to {DIGITS[1]} digits, "
                                   f"not {provisioning.digits} (a simulation-only length)")
    return _uri(provisioning)


def parse_uri(uri: str, allow_legacy: bool = False) -> Provisioning:
    """Parse an ``otpauth://totp/`` URI (at most :data:`MAX_URI_CHARS` characters).

    Missing ``digits``, ``period`` and ``algorithm`` take the Key URI defaults
    (6, 30, SHA1); unknown parameters are ignored. Spaces after the label's
    colon are optional in the Key URI format and are dropped
    (``Example%20Co:%20alice`` is account ``alice``). Whatever is accepted
    is a :class:`Provisioning`, so :func:`build_uri` writes it back.
    Parameter names are read in any case (``SECRET=`` is ``secret=``).

    Raises:
        ProvisioningURIError: not an ``otpauth://totp/`` URI, no secret, a
            bad parameter, one of :data:`PARAMETERS` given more than once, a
            ``%`` that does not start an escape of two hex digits or escapes
            that are not UTF-8 (RFC 3986 §2.1), a label issuer that differs
            from ``issuer=``, a name with control, format or zero-width
            characters, or text that is not valid Unicode. The message names
            the parameter or the label, never a value (the secret's least of all).
        AmbiguousLabelError: the label holds more than one colon.
        SecretError: the secret is not ASCII base32 or too short.
        InputTypeError: ``uri`` is not a string or ``allow_legacy`` not a bool.
    """
    if not isinstance(uri, str):
        raise InputTypeError(f"a URI must be text (str), not {type(uri).__name__}")
    allow_legacy = check_flag(allow_legacy, "allow_legacy")
    if len(uri) > MAX_URI_CHARS:
        raise ProvisioningURIError(f"the URI is longer than {MAX_URI_CHARS} characters")
    try:
        uri.encode("utf-8")
    except UnicodeEncodeError:
        raise ProvisioningURIError("the URI holds characters that are not valid Unicode text") from None
    try:
        return _parse(uri, allow_legacy)
    except (UnicodeDecodeError, ValueError) as exc:
        if isinstance(exc, TwofaSimError):
            raise
        raise ProvisioningURIError(f"not a well-formed otpauth URI ({exc.__class__.__name__})") from exc


def _parse(uri: str, allow_legacy: bool) -> Provisioning:
    parts = urlsplit(uri.strip())
    if parts.scheme.lower() != "otpauth":
        raise ProvisioningURIError(f"not an otpauth URI (scheme {parts.scheme[:20]!r})")
    if parts.netloc.lower() != "totp":
        raise ProvisioningURIError(f"only TOTP is supported, not {parts.netloc[:20]!r}")
    label = _unescaped(parts.path.lstrip("/"), "the label")
    if label.count(":") > 1:
        raise AmbiguousLabelError("the label has more than one colon")
    label_issuer, _, account = label.rpartition(":")
    account = account.lstrip(" ")  # Key URI format: optional spaces after the colon
    params: dict[str, str] = {}
    for pair in filter(None, parts.query.split("&")):
        key, _, value = pair.partition("=")
        key = key.lower()
        read = key in PARAMETERS
        if read and key in params:
            raise ProvisioningURIError(f"the URI gives the {key} parameter more than once")
        params.setdefault(key, _unescaped(value, f"the {key} parameter" if read else "an unknown parameter"))
    if "secret" not in params:
        raise ProvisioningURIError("the URI has no secret parameter")
    issuer = params.get("issuer", label_issuer)
    if label_issuer and issuer != label_issuer:
        raise ProvisioningURIError(f"label issuer {label_issuer[:40]!r} differs from issuer parameter {issuer[:40]!r}")
    if ":" in issuer:
        raise AmbiguousLabelError("the issuer contains a colon")
    if not account:
        raise ProvisioningURIError("the URI has no account name")
    algorithm = params.get("algorithm", "SHA1").upper()
    if algorithm not in ALGORITHMS:
        raise ProvisioningURIError(f"unsupported algorithm {algorithm[:20]!r}")
    digits = _int_param(params, "digits", 6, DIGITS)
    period = _int_param(params, "period", 30, PERIOD_SECONDS)
    try:
        secret = import_secret(params["secret"], allow_legacy=allow_legacy)
    except SecretError as exc:
        raise SecretError(f"in the URI: {exc}") from exc
    return Provisioning(secret, issuer, account, digits, period, algorithm)


def _unescaped(text: str, where: str) -> str:
    """``text`` with its percent-escapes decoded as UTF-8 (RFC 3986 §2.1).

    Raises:
        ProvisioningURIError: a ``%`` not followed by two hex digits, or
            escapes that are not UTF-8; the message names ``where``, never the text.
    """
    if "%" not in text:
        return text
    if _BAD_ESCAPE.search(text):
        raise ProvisioningURIError(f"{where} holds a '%' that does not start an escape of two hex digits "
                                   "(RFC 3986 §2.1; a '%' itself is written %25)")
    try:
        return unquote(text, errors="strict")
    except UnicodeDecodeError:
        raise ProvisioningURIError(f"{where} holds percent-escapes that are not UTF-8 text") from None


def _int_param(params: dict[str, str], name: str, default: int, bound: tuple[int, int]) -> int:
    low, high = bound
    text = params.get(name)
    if text is None:
        return default
    if not (text.isascii() and text.isdigit()) or len(text) > 6 or not low <= int(text) <= high:
        raise ProvisioningURIError(f"{name}={text[:20]!r} must be a whole number from {low} to {high}")
    return int(text)
