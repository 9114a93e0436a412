"""What the portal says to a person, for each exact reason.

Messages say what the person should do next. A code that was already used
says so, and to wait for the next one in the app: the common case is signing
in right after enrolment with the code that confirmed it. Telling it apart
from a wrong code gives an attacker nothing, since a used code was right
(NIST SP 800-63B §5.1.4.2 lets a verifier warn of a duplicate use). Wrong
logins and wrong passwords still read the same, so logins are not revealed.
"""

from __future__ import annotations

from collections.abc import Mapping
from string import Formatter
from types import MappingProxyType

from .outcomes import Reason

_WRONG = "That code didn't work. Check the code and try again."

MESSAGES: dict[Reason, str] = {
    Reason.ACCEPTED: "You are signed in.",
    Reason.NO_SECOND_FACTOR: "You are signed in.",
    Reason.REMEMBERED_DEVICE: "You are signed in. This device is remembered, so no code was needed.",
    Reason.PASSWORD_OK: "Enter the authentication code from your app.",
    Reason.EMPTY: "Enter the authentication code.",
    Reason.WRONG_LENGTH: "Enter the whole code: {expected}.",
    Reason.NOT_DIGITS: "Enter the whole code: {expected}.",
    Reason.BAD_FORMAT: "That doesn't look like an authentication code or a backup code.",
    Reason.WRONG_PASSWORD: "The login or password is incorrect.",
    Reason.UNKNOWN_USER: "The login or password is incorrect.",
    Reason.WRONG_CODE: _WRONG,
    Reason.REPLAYED: "That code was already used. Wait for the next code in your app, then enter it.",
    Reason.OLDER_STEP: ("That code is older than one already used. Wait for the next code in your app, "
                        "then enter it."),
    Reason.ALREADY_USED: "That backup code was already used: each one works once. Enter another backup code.",
    Reason.SMS_USED: "That SMS code was already used. Press Send SMS Code to get a new one.",
    Reason.NO_CODES_LEFT: _WRONG,
    Reason.LOCKED_OUT: "Too many failed attempts. Try again in {wait}.",
    Reason.CODES_CAPPED: ("Too many wrong codes: {capped} are no longer accepted for this account. "
                          "{way_out}"),
    Reason.BACKOFF: "Too many failed attempts. Try again in {wait}.",
    Reason.LOGIN_STEP_EXPIRED: "Your sign-in took too long. Enter your login and password again.",
    Reason.ATTEMPT_FINISHED: "This sign-in is already finished. Start again.",
    Reason.TWO_FACTOR_OFF: "Two-factor authentication was turned off for this account. Enter your login and password again.",
    Reason.REAUTH_FAILED: "Please confirm it's you: type your {proof} again.{note}",
    Reason.IDENTITY_NOT_VERIFIED: "Support can reset two-factor authentication only after verifying the user's identity.",
    Reason.SMS_SENT: "We sent a code to {phone}. It is valid for {lifetime}.",
    Reason.SMS_EXPIRED: "That code has expired. Press Send SMS Code to get a new one.",
    Reason.SUPERSEDED: _WRONG,
    Reason.OTHER_ATTEMPT: _WRONG,
    Reason.RESEND_COOLDOWN: "A code was just sent. You can ask for another in {wait}.",
    Reason.RATE_LIMITED: "Too many codes were sent. Try again in {wait}, or use your app or a backup code.",
    Reason.NO_PHONE: "There is no cell phone number on your profile. Add one on the Team page.",
    Reason.REGION_UNSUPPORTED: "SMS codes can't be sent to your country. Use your app or a backup code.",
    Reason.PHONE_REFUSED: "{detail}",
    Reason.PHONE_CODE_SENT: ("We texted a code to {phone}. Type it here to confirm the number (it is valid for "
                             "{lifetime}); until then, codes go to the number already confirmed, if any."),
    Reason.NOTHING_TO_CONFIRM: "There is no new cell phone number waiting for confirmation.",
    Reason.TOKEN_UNKNOWN: "Enter the authentication code from your app.",
    Reason.TOKEN_EXPIRED: "Enter the authentication code from your app.",
    Reason.TOKEN_REVOKED: "Enter the authentication code from your app.",
}


def wait_text(seconds: float) -> str:
    """``seconds`` as a person reads it: ``"45 seconds"``, ``"10 minutes"``."""
    whole = max(1, int(-(-seconds // 1)))
    if whole < 120:
        return f"{whole} second{'s' if whole != 1 else ''}"
    minutes = -(-whole // 60)
    return f"{minutes} minutes"


def duration_text(seconds: int) -> str:
    """A lifetime in exact words: ``"30 days"``, ``"12 hours"``, ``"5 minutes"``,
    ``"1 minute"``, ``"90 seconds"`` (the largest unit that divides it)."""
    for unit, size in (("day", 86_400), ("hour", 3600), ("minute", 60)):
        if seconds and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} second{'s' if seconds != 1 else ''}"


def say(reason: Reason, digits: int, wait: float = 0.0, app_only: bool = False, **facts: object) -> str:
    """The portal's message for ``reason``: the expected code named from
    ``digits`` (the policy's app code length), a wait in words.

    Args:
        reason: the exact reason.
        digits: app code length in digits.
        wait: seconds until the next try is allowed (for lock messages).
        app_only: the field takes only app codes (confirming enrolment).
        facts: further placeholders (``phone``, ``lifetime``, ``proof``...).
    """
    used = _PLACEHOLDERS[reason]
    if not used and not facts:
        return _PLAIN[reason]
    if "expected" in used:  # each fact is put into words only when the message shows it
        facts["expected"] = f"{digits} digits from your app" + ("" if app_only else ", or a backup code")
    if "wait" in used:
        facts["wait"] = wait_text(wait)
    return message_for(reason, **facts)


def message_for(reason: Reason, **facts: object) -> str:
    """The person-facing message for ``reason``, with ``facts`` filled in
    (placeholders a message doesn't use are ignored)."""
    return MESSAGES[reason].format_map(_Facts(facts))


class _Facts(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


#: The placeholders each message uses, and the messages that use none, as shown.
_PLACEHOLDERS = {reason: frozenset(name for _, name, _, _ in Formatter().parse(text) if name)
                 for reason, text in MESSAGES.items()}
_PLAIN = {reason: message_for(reason) for reason, used in _PLACEHOLDERS.items() if not used}

#: The messages with nothing to fill in, by reason: what :func:`say` gives for them when given no facts.
PLAIN_MESSAGES: Mapping[Reason, str] = MappingProxyType(_PLAIN)
