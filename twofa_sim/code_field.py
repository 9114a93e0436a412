"""The login page's single code field: which factor does typed input go to?

* input that normalises to all digits, as long as an app (TOTP) code or an
  SMS code, is tried on each factor whose length fits (app first);
* all-digit input of any other length is malformed;
* anything else is tried as a backup code (whose own shape check may find
  it malformed).

Malformed input is refused without counting toward throttling.
"""

from __future__ import annotations

from dataclasses import dataclass

from .normalise import MAX_INPUT_CHARS, is_ascii_digits, normalise_code, require_text
from .outcomes import Reason, Verdict

APP = "totp"
SMS = "sms"
DIGITS = "digits"
BACKUP = "backup"
MALFORMED = "malformed"


@dataclass(frozen=True)
class Routing:
    """Where typed input goes.

    Attributes:
        kind: DIGITS, BACKUP or MALFORMED.
        text: the normalised code (DIGITS) or the raw input (BACKUP; the
            backup factor normalises it its own way).
        factors: for DIGITS, the factors to try in order (APP, SMS).
        verdict: for MALFORMED, the refusal to report.
    """

    kind: str
    text: str
    verdict: Verdict | None = None
    factors: tuple[str, ...] = ()


def route(typed: str, app_digits: int, sms_digits: int | None = None) -> Routing:
    """Decide which factor ``typed`` goes to, given the app code length and
    (when the user can get SMS codes) the SMS code length.

    Raises:
        InputTypeError: ``typed`` is not a ``str``.
    """
    require_text(typed)
    if len(typed) > MAX_INPUT_CHARS:
        return Routing(MALFORMED, "", Verdict(False, Reason.BAD_FORMAT, "", detail=(("length", len(typed)),)))
    code = normalise_code(typed)
    if not code:
        return Routing(MALFORMED, "", Verdict(False, Reason.EMPTY, ""))
    if is_ascii_digits(code):
        factors = tuple(f for f, n in ((APP, app_digits), (SMS, sms_digits)) if n == len(code))
        if factors:
            return Routing(DIGITS, code, factors=factors)
        return Routing(MALFORMED, "", Verdict(False, Reason.WRONG_LENGTH, APP, detail=(("length", len(code)),)))
    return Routing(BACKUP, typed)
