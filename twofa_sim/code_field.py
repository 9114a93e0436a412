"""The login page's single code field: which factor does typed input go to?

* input that normalises to exactly the app code's length in digits is an
  app (TOTP) code;
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
BACKUP = "backup"
MALFORMED = "malformed"


@dataclass(frozen=True)
class Routing:
    """Where typed input goes.

    Attributes:
        kind: APP, BACKUP or MALFORMED.
        text: the normalised code (APP) or the raw input (BACKUP; the backup
            factor normalises it its own way).
        verdict: for MALFORMED, the refusal to report.
    """

    kind: str
    text: str
    verdict: Verdict | None = None


def route(typed: str, app_digits: int) -> Routing:
    """Decide which factor ``typed`` goes to, given the app code length.

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
        if len(code) == app_digits:
            return Routing(APP, code)
        return Routing(MALFORMED, "", Verdict(False, Reason.WRONG_LENGTH, APP, detail=(("length", len(code)),)))
    return Routing(BACKUP, typed)
