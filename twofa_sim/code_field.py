"""The login page's single code field: which factor does typed input go to?

Typed input is normalised once (:class:`~twofa_sim.normalise.Typed`); then:

* input whose code reading is all digits, as long as an app (TOTP) code or
  an SMS code, goes to each factor whose length fits (app first);
* all-digit input of any other length is malformed (``WRONG_LENGTH``);
* anything else goes to the backup codes if it has their shape
  (:meth:`BackupCodes.well_formed <twofa_sim.factors.backup.BackupCodes.well_formed>`),
  else it is malformed (``BAD_FORMAT``); where no backup code is asked for
  (confirming enrolment) it is malformed (``NOT_DIGITS``).

Malformed input is refused without counting toward throttling, before any
factor is asked and before the failure cap is looked at: input of the wrong
shape is malformed whatever the throttle says. This is the only place that
decides a code's shape.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from .factors.backup import BackupCodes
from .factors.base import Context, Factor
from .normalise import MAX_INPUT_CHARS, Typed
from .outcomes import Reason, Verdict

#: The factor name reported for refusals decided before any factor (the app's).
APP = "totp"

_WRONG_CODE = Reason.WRONG_CODE  # bound once: an enum's class attribute is slow to look up


class Routing(NamedTuple):
    """Where typed input goes (an immutable named tuple: quick to make, one per check).

    Attributes:
        factors: the factors to ask, in order (empty when malformed).
        verdict: for malformed input, the refusal to report; else None.
    """

    factors: tuple[Factor, ...] = ()
    verdict: Verdict | None = None

    @property
    def malformed(self) -> bool:
        """True when no factor is asked."""
        return self.verdict is not None


def route(typed: Typed, app: Factor, app_digits: int, sms: Factor | None = None, sms_digits: int | None = None,
          backup: BackupCodes | None = None, capped: frozenset[str] = frozenset()) -> Routing:
    """Decide which of the offered factors ``typed`` goes to.

    Args:
        typed: the normalised input.
        app: the authenticator app factor, whose codes are ``app_digits`` long.
        sms: the SMS code factor (None when no SMS code can be typed), whose
            codes are ``sms_digits`` long.
        backup: the backup codes (None where they are not asked for).
        capped: names of factors past the failure cap
            (:meth:`~twofa_sim.throttle.Throttle.capped`): input that would
            go only to them is refused unchecked (``CODES_CAPPED``).
    """
    found = _routed(typed, app, app_digits, sms, sms_digits, backup, capped)
    return Routing(verdict=found) if found.__class__ is Verdict else Routing(found)


def check(typed: Typed, context: Context, app: Factor, app_digits: int, sms: Factor | None = None,
          sms_digits: int | None = None, backup: BackupCodes | None = None,
          capped: frozenset[str] = frozenset()) -> Verdict:
    """:func:`route` then :func:`verify` in one call, with no routing record
    (the sign-in's code step). Arguments as :func:`route`; ``context`` as
    :func:`verify`."""
    found = _routed(typed, app, app_digits, sms, sms_digits, backup, capped)
    if found.__class__ is Verdict:
        return found
    if len(found) == 1:  # one factor: its answer, as _ask gives it (written out: the code step's usual case)
        verdict = found[0].verify(typed, context)
        return verdict if verdict.reason is not _WRONG_CODE else _wrong_code(found[0].name)
    return _ask(typed, found, context)


def _routed(typed: Typed, app: Factor, app_digits: int, sms: Factor | None, sms_digits: int | None,
            backup: BackupCodes | None, capped: frozenset[str]) -> tuple[Factor, ...] | Verdict:
    """The factors to ask, by the input's shape, less those past the cap; or
    the refusal of malformed or capped input."""
    raw, code = typed.raw, typed.code
    if len(raw) > MAX_INPUT_CHARS:
        return Verdict(False, Reason.BAD_FORMAT, "", detail=(("length", len(raw)),))
    if not code:
        return Verdict(False, Reason.EMPTY, "")
    n = len(code)
    if code.isascii() and code.isdigit():  # only ASCII 0-9
        found = (((app,) if app is not None and app_digits == n else ())
                 + ((sms,) if sms is not None and sms_digits == n else ()))
        if not found:
            return Verdict(False, Reason.WRONG_LENGTH, APP, detail=(("length", n),))
    elif backup is None:
        return Verdict(False, Reason.NOT_DIGITS, APP, detail=(("length", n),))
    elif not typed.backup:  # only hyphens: nothing left of a backup code
        return Verdict(False, Reason.EMPTY, "backup")
    elif not backup.well_formed(typed.backup):
        return Verdict(False, Reason.BAD_FORMAT, "backup", detail=(("length", len(typed.backup)),))
    else:
        found = (backup,)
    if not capped:
        return found
    open_factors = tuple(f for f in found if f.name not in capped)
    if open_factors:
        return open_factors
    names = "/".join(f.name for f in found)
    return Verdict(False, Reason.CODES_CAPPED, names, detail=(("capped", names),))


def verify(typed: Typed, routing: Routing, context: Context) -> Verdict:
    """Ask each factor ``typed`` was routed to; the first acceptance wins.

    When every factor refuses, the most telling refusal is reported (a
    replay or an expired SMS code before a plain wrong code).
    """
    if routing.verdict is not None:
        return routing.verdict
    return _ask(typed, routing.factors, context)


def _ask(typed: Typed, factors: tuple[Factor, ...], context: Context) -> Verdict:
    if len(factors) == 1:  # one factor: its answer (a wrong code reported plainly, as below)
        verdict = factors[0].verify(typed, context)
        return verdict if verdict.reason is not _WRONG_CODE else _wrong_code(factors[0].name)
    telling = None
    for factor in factors:
        verdict = factor.verify(typed, context)
        if verdict.accepted:
            return verdict
        if telling is None and verdict.reason is not _WRONG_CODE:
            telling = verdict
    if telling is not None:
        return telling
    return _wrong_code("/".join([f.name for f in factors]))


@lru_cache(maxsize=16)
def _wrong_code(names: str) -> Verdict:
    """The refusal when every factor asked found the code wrong (one value per set of factor names)."""
    return Verdict(False, Reason.WRONG_CODE, names)
