"""Outcomes and reasons: the typed answers the portal and its factors give.

A :class:`Reason` is exact (it goes into the audit trail); the message shown
to a person comes from :mod:`twofa_sim.messages` and says what the person
needs to do next.
"""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple


class Outcome(str, Enum):
    """How an action ended."""

    OK = "ok"                      #: done (signed in, enrolled, changed)
    CODE_REQUIRED = "code required"  #: password accepted; a second factor is needed
    REFUSED = "refused"            #: a wrong or unusable credential (counts toward throttling)
    MALFORMED = "malformed"        #: input of the wrong shape (does not count)
    LOCKED = "locked"              #: throttling or lockout stopped the attempt
    EXPIRED = "expired"            #: too late (login step timed out)


class Reason(str, Enum):
    """The exact reason behind an outcome, as recorded in the audit trail."""

    # success
    ACCEPTED = "accepted"
    NO_SECOND_FACTOR = "2FA off"
    REMEMBERED_DEVICE = "remembered device"
    PASSWORD_OK = "password ok"
    # input shape
    EMPTY = "empty input"
    WRONG_LENGTH = "wrong length"
    NOT_DIGITS = "not digits"
    BAD_FORMAT = "bad format"
    # refusals
    WRONG_PASSWORD = "wrong password"
    UNKNOWN_USER = "unknown user"
    WRONG_CODE = "wrong code"
    REPLAYED = "replayed step"
    OLDER_STEP = "older step"
    ALREADY_USED = "backup code already used"
    SMS_USED = "sms code already used"
    NO_CODES_LEFT = "no backup codes left"
    LOCKED_OUT = "locked out"
    CODES_CAPPED = "second-factor failure cap reached"
    BACKOFF = "backoff wait"
    LOGIN_STEP_EXPIRED = "login step expired"
    ATTEMPT_FINISHED = "attempt already finished"
    TWO_FACTOR_OFF = "2FA turned off meanwhile"
    REAUTH_FAILED = "re-authentication failed"
    IDENTITY_NOT_VERIFIED = "identity not verified"
    # SMS codes
    SMS_SENT = "sms sent"
    SMS_EXPIRED = "sms code expired"
    SUPERSEDED = "sms code superseded"
    OTHER_ATTEMPT = "sms code for another sign-in"
    RESEND_COOLDOWN = "resend cooldown"
    RATE_LIMITED = "send limit reached"
    NO_PHONE = "no cell phone on file"
    REGION_UNSUPPORTED = "region not supported"
    PHONE_REFUSED = "phone number refused"
    PHONE_CODE_SENT = "confirmation code sent"
    NOTHING_TO_CONFIRM = "no number waiting for confirmation"
    # remembered devices
    TOKEN_UNKNOWN = "unknown device token"
    TOKEN_EXPIRED = "device token expired"
    TOKEN_REVOKED = "device token revoked"


#: Reasons that mean "the input had the wrong shape": refused without counting.
MALFORMED_REASONS = frozenset({Reason.EMPTY, Reason.WRONG_LENGTH, Reason.NOT_DIGITS, Reason.BAD_FORMAT})


class Verdict(NamedTuple):
    """A factor's answer to "do you accept this input, now, for this user?"
    (an immutable named tuple: quick to make, one per check).

    Attributes:
        accepted: True when the factor accepts.
        reason: the exact reason (``ACCEPTED`` on success).
        factor: which factor answered ("totp", "backup", "remembered", ...).
        step: for TOTP, the time step that matched (also on replay refusals).
        detail: non-secret facts for the audit trail, as (key, value) pairs.
    """

    accepted: bool
    reason: Reason
    factor: str
    step: int | None = None
    detail: tuple[tuple[str, object], ...] = ()

    @property
    def malformed(self) -> bool:
        """True when the input had the wrong shape (not counted as a failure)."""
        return self.reason in MALFORMED_REASONS
