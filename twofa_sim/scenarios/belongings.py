"""What a simulated person holds: a phone with an authenticator app and an
inbox, and the backup codes they wrote down. The engine adapter reads the
codes a person types from here; none of them ever reaches a report.
"""

from __future__ import annotations

import re

from ..app import AEGIS, AuthenticatorApp
from ..bounds import number, shown
from ..clock import DeviceClock
from ..errors import InputTypeError
from .adapter import StepError, retype

_SMS_CODE = re.compile(r"code: (\d+)\.")


def sms_code(message) -> str | None:
    """The code in a delivered text: ``message.code`` when the engine gives
    it, else read from ``message.body``; None when there is none."""
    code = getattr(message, "code", None)
    if code:
        return str(code)
    found = _SMS_CODE.search(getattr(message, "body", "") or "")
    return found.group(1) if found else None


class Belongings:
    """One person's phone (Aegis app on its own clock) and written-down backup codes.

    Args:
        portal_clock: the portal's clock, which the phone's clock follows.
        offset_seconds: how far the phone's clock is ahead (negative: behind).
        drift_ppm: the phone clock's rate error, parts per million.
        secret: a fixed base32 TOTP secret to enrol, or None to let the portal draw one.
    """

    def __init__(self, portal_clock, offset_seconds: float, drift_ppm: float, secret: str | None) -> None:
        self.app = AuthenticatorApp(DeviceClock(portal_clock, offset_seconds, drift_ppm), AEGIS)
        self.secret = secret
        self.backup_codes: tuple[str, ...] = ()

    def typed(self, source: str, value: str | int | float, form: str, inbox: list) -> str:
        """What the person types for a code input.

        Args:
            source: "literal", "app", "backup" or "sms" (see
                :meth:`~twofa_sim.scenarios.adapter.ScenarioAdapter.code`).
            value: the literal text, the app's offset in seconds, or the
                backup code's number (1-based).
            form: how a non-literal code is retyped (:func:`~twofa_sim.scenarios.adapter.retype`).
            inbox: the texts delivered to the phone, oldest first.

        Raises:
            StepError: the app has no account or cannot show a code for that
                time, the backup code was never shown, no text with a code
                has arrived, or ``value`` does not fit ``source``.
            InputTypeError: ``source`` or ``form`` is not text, or ``inbox`` not a list.
        """
        if not isinstance(source, str) or not isinstance(form, str):
            raise InputTypeError("source and form must be text")
        if not isinstance(inbox, (list, tuple)):
            raise InputTypeError(f"inbox must be a list of texts, got {type(inbox).__name__}")
        if source == "literal":
            return str(value)
        if source in ("app", "backup") and not isinstance(value, str) and number(value) is None:
            raise StepError(f"a {source} code input needs a number, got {type(value).__name__}")
        if source == "app":
            try:
                code = self.app.code_at(self.app.clock.now() + float(value))
            except (ValueError, OverflowError) as exc:  # TwofaSimError is a ValueError too
                raise StepError(f"the app cannot show a code {shown(value)} s from now ({exc})") from None
        elif source == "backup":
            try:
                index = int(value)
            except (ValueError, OverflowError):
                raise StepError(f"a backup code's number must be whole, got {str(value)[:24]!r}") from None
            if not 1 <= index <= len(self.backup_codes):
                raise StepError(f"backup code {value} was never shown ({len(self.backup_codes)} shown)")
            code = self.backup_codes[index - 1]
        elif source == "sms":
            code = sms_code(inbox[-1]) if inbox else None
            if code is None:
                raise StepError("no text with a code has arrived on the phone")
        else:
            raise StepError(f"unknown code source {source[:24]!r}")
        return retype(code, form)

    def scrub(self, text: str) -> str:
        """``text`` with any backup code or the secret masked (defence in depth).

        Raises:
            InputTypeError: ``text`` is not text.
        """
        if not isinstance(text, str):
            raise InputTypeError(f"text must be text, got {type(text).__name__}")
        for secret in self.backup_codes + ((self.secret or ""),):
            if secret:
                text = text.replace(secret, "•••")
        return text

    def __repr__(self) -> str:
        return f"Belongings({self.app!r}, {len(self.backup_codes)} backup code(s) hidden)"
