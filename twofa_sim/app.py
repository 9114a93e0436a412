"""Authenticator apps on a phone: scan a QR code, list accounts, show codes.

The app computes codes with pyotp (the reference implementation) from its
own drifting :class:`~twofa_sim.clock.DeviceClock`. An app profile says which
URI parameters the real app honours: Google Authenticator ignores
``algorithm`` and ``period`` (and ``digits`` on Android), so a policy it
cannot follow fails enrolment visibly instead of silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from .bounds import check_flag, whole
from .clock import DeviceClock, check_clock, check_epoch
from .errors import AppError, InputTypeError
from .otp import ALGORITHMS, Derivation, explain, seconds_left, time_step, totp
from .secret import PYOTP_MIN_BITS
from .provisioning import Provisioning, parse_uri


@dataclass(frozen=True)
class AppProfile:
    """What one authenticator app honours from a provisioning URI.

    Attributes:
        name: the app's name.
        algorithms: algorithms it honours; others fall back to SHA1.
        digits: code lengths it honours; others fall back to 6.
        periods: time steps it honours; others fall back to 30 s.
        source: where these limits come from.
        assumed: True when no public fact states the limits (they are a guess).
    """

    name: str
    algorithms: frozenset[str]
    digits: frozenset[int]
    periods: frozenset[int] | None
    source: str
    assumed: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not isinstance(self.source, str):
            raise InputTypeError("an app profile's name and source are text")
        object.__setattr__(self, "assumed", check_flag(self.assumed, "assumed"))
        for what, values, kind in (("algorithms", self.algorithms, str), ("digits", self.digits, int),
                                   ("periods", self.periods, int)):
            if values is None and what == "periods":
                continue
            if not isinstance(values, frozenset) or not all(isinstance(v, str) if kind is str else whole(v) is not None
                                                            for v in values):
                raise InputTypeError(f"an app profile's {what} must be a frozenset of {kind.__name__}"
                                     + (" (or None: every period)" if what == "periods" else ""))
            if kind is int:  # plain ints, whatever integers were passed
                object.__setattr__(self, what, frozenset(whole(v) for v in values))

    def effective(self, p: Provisioning) -> tuple[Provisioning, tuple[str, ...]]:
        """The settings the app really uses for ``p`` and the parameters it ignored.

        Raises:
            InputTypeError: ``p`` is not a :class:`~twofa_sim.provisioning.Provisioning`.
        """
        if not isinstance(p, Provisioning):
            raise InputTypeError(f"effective() takes a Provisioning, not {type(p).__name__}")
        ignored = []
        algorithm, digits, period = p.algorithm, p.digits, p.period
        if algorithm not in self.algorithms:
            ignored.append(f"algorithm={algorithm}")
            algorithm = "SHA1"
        if digits not in self.digits:
            ignored.append(f"digits={digits}")
            digits = 6
        if self.periods is not None and period not in self.periods:
            ignored.append(f"period={period}")
            period = 30
        return Provisioning(p.secret, p.issuer, p.account, digits, period, algorithm), tuple(ignored)


GOOGLE_AUTHENTICATOR = AppProfile(
    "Google Authenticator (Android)",
    frozenset({"SHA1"}),
    frozenset({6}),
    frozenset({30}),
    "Google Authenticator Key Uri Format wiki: algorithm and period are ignored; digits is ignored on Android",
)

DUO_MOBILE = AppProfile(
    "Duo Mobile",
    frozenset({"SHA1"}),
    frozenset({6, 8}),
    frozenset({30}),
    "no public statement found; SHA1, 6 or 8 digits and 30 s steps are an assumption",
    assumed=True,
)

AEGIS = AppProfile(
    "Aegis",
    frozenset(ALGORITHMS),
    frozenset({6, 7, 8, 9, 10}),
    None,
    "Authelia 4.x TOTP app support matrix (docs/data/support.json): all algorithms, digits and periods",
)

PROFILES = {p.name: p for p in (GOOGLE_AUTHENTICATOR, DUO_MOBILE, AEGIS)}


@dataclass(frozen=True)
class AppScreen:
    """One account row as the app shows it (no secret).

    Attributes:
        label: ``issuer:account``.
        code: the current code by the phone's clock.
        seconds_left: seconds until the code changes.
        ignored: URI parameters the app ignored.
    """

    label: str
    code: str
    seconds_left: int
    ignored: tuple[str, ...]


@dataclass(frozen=True)
class CodeWorking:
    """How the app made the code on its screen (RFC 6238 §4 over RFC 4226
    §5.3), for the under-the-hood panel. No secret: the HMAC digest and the
    stages after it only.

    Attributes:
        phone_time: the phone's clock (UTC epoch seconds, whole).
        period: the time step the app uses, in seconds.
        algorithm: the HMAC hash the app uses.
        derivation: every stage, from the time step to the code.
    """

    phone_time: int
    period: int
    algorithm: str
    derivation: Derivation


class AuthenticatorApp:
    """An authenticator app on a phone with its own clock.

    Args:
        clock: the phone's clock.
        profile: which app this is (default Duo Mobile, as in the seed article).

    Raises:
        InputTypeError: ``clock`` is not a clock (``now()`` and
            ``subscribe()``) or ``profile`` not an :class:`AppProfile`.
        ClockError: the clock's ``now()`` is not a valid time.
    """

    def __init__(self, clock: DeviceClock, profile: AppProfile = DUO_MOBILE) -> None:
        if not isinstance(profile, AppProfile):
            raise InputTypeError(f"an app needs an AppProfile (such as AEGIS), not {type(profile).__name__}")
        check_clock(clock, "the phone's clock")
        self.clock = clock
        self.profile = profile
        self._accounts: dict[str, tuple[Provisioning, tuple[str, ...]]] = {}

    def scan(self, image_or_uri: bytes | str) -> str:
        """Scan a QR code image (PNG bytes) or take a URI; returns the account label.

        Scanning the same label again replaces the account, as real apps offer.

        Raises:
            AppError: the image holds no QR code or the URI is not a TOTP URI.
        """
        from .errors import TwofaSimError

        try:
            if isinstance(image_or_uri, (bytes, bytearray)):
                from .qr import decode_png

                uri = decode_png(bytes(image_or_uri))
            elif isinstance(image_or_uri, str):
                uri = image_or_uri
            else:
                raise InputTypeError(f"scan takes PNG bytes or a URI string, not {type(image_or_uri).__name__}")
            provisioning = parse_uri(uri, allow_legacy=True)
        except InputTypeError:
            raise
        except TwofaSimError as exc:
            raise AppError(f"{self.profile.name} could not add the account: {exc}") from exc
        effective, ignored = self.profile.effective(provisioning)
        self._accounts[effective.label] = (effective, ignored)
        return effective.label

    def accounts(self) -> list[str]:
        """The labels of the accounts, in the order they were added."""
        return list(self._accounts)

    def _account(self, label: str | None) -> tuple[Provisioning, tuple[str, ...]]:
        if label is not None and not isinstance(label, str):
            raise InputTypeError(f"label must be an account label (str) or None, not {type(label).__name__}")
        if not self._accounts:
            raise AppError(f"{self.profile.name} has no accounts yet; scan a QR code first")
        if label is None:
            label = next(reversed(self._accounts))
        try:
            return self._accounts[label]
        except KeyError:
            raise AppError(f"{self.profile.name} has no account {label[:80]!r}") from None

    def code(self, label: str | None = None) -> str:
        """The code the app shows now for ``label`` (default: the newest account).

        Raises:
            AppError: no such account.
            InputTypeError: ``label`` is neither None nor text.
        """
        return self.code_at(self.clock.now(), label)

    def code_at(self, phone_time: float, label: str | None = None) -> str:
        """The code the app would show when its clock reads ``phone_time`` (UTC epoch seconds).

        Raises:
            ClockError: ``phone_time`` is not a valid time.
            AppError: no such account.
            InputTypeError: ``label`` is neither None nor text.
        """
        import pyotp

        phone_time = check_epoch(phone_time, "phone time")
        p, _ = self._account(label)
        if p.secret.bits < PYOTP_MIN_BITS:  # legacy keys pyotp refuses: the RFC computation directly
            return totp(p.secret.key, int(phone_time), p.period, p.digits, p.algorithm)
        generator = pyotp.TOTP(p.secret.base32, digits=p.digits, digest=ALGORITHMS[p.algorithm], interval=p.period)
        return generator.at(datetime.fromtimestamp(int(phone_time), tz=timezone.utc))

    def screen(self) -> list[AppScreen]:
        """What the app's main screen shows: each account's code and countdown."""
        now = self.clock.now()
        rows = []
        for label, (p, ignored) in self._accounts.items():
            rows.append(AppScreen(label, self.code_at(now, label), seconds_left(now, p.period), ignored))
        return rows

    def to_frame(self):
        """The app's screen as a pandas DataFrame: account, code, seconds left, ignored parameters."""
        import pandas as pd

        rows = [{"account": r.label, "code": r.code, "seconds left": r.seconds_left,
                 "ignored parameters": ", ".join(r.ignored)} for r in self.screen()]
        return pd.DataFrame(rows, columns=["account", "code", "seconds left", "ignored parameters"])

    def working(self, label: str | None = None) -> CodeWorking:
        """How the code on screen for ``label`` (default: the newest account) is made now.

        Raises:
            AppError: no such account.
        """
        p, _ = self._account(label)
        phone_time = int(self.clock.now())
        derivation = explain(p.secret.key, time_step(phone_time, p.period), p.digits, p.algorithm)
        return CodeWorking(phone_time, p.period, p.algorithm, derivation)

    def step(self, label: str | None = None) -> int:
        """The time step the app is on by its own clock.

        Raises:
            AppError: no such account.
            InputTypeError: ``label`` is neither None nor text.
        """
        p, _ = self._account(label)
        return time_step(self.clock.now(), p.period)

    def __repr__(self) -> str:
        return f"AuthenticatorApp({self.profile.name!r}, {len(self._accounts)} account(s), secrets hidden)"
