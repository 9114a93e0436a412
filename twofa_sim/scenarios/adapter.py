"""The adapter protocol: what a system under test must offer to run scenarios.

Each scenario action is ONE method call; arguments and answers are plain
values (str, int, float, bool, and mappings of them for the world's set-up),
never engine types, so the same files can drive the simulated engine
(:class:`~twofa_sim.scenarios.engine_adapter.EngineAdapter`) or a real web
application (for example django-two-factor-auth through Django's test
client).

A user is named by login, a browser by name. Times are UTC epoch seconds.
Every action answers an :class:`Observed`, or raises (or returns)
:class:`NotSupported` when the system cannot express the step, or raises
:class:`StepError` when the step's input cannot be produced (no text has
arrived, no sign-in is open, no such backup code).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Protocol, runtime_checkable

from ..errors import InputTypeError, TwofaSimError

#: The outcomes an adapter may report.
ACCEPTED, REFUSED, LOCKED, EXPIRED = "accepted", "refused", "locked", "expired"


@dataclass(frozen=True)
class Observed:
    """What the system did with one step.

    Attributes:
        outcome: "accepted", "refused", "locked" or "expired".
        reason: the system's exact reason ("older step", "code required"), or
            "" when it gives none.
        detail: what the person was shown, or a note (never a secret).
    """

    outcome: str
    reason: str = ""
    detail: str = ""


class NotSupported(TwofaSimError):
    """The system cannot express this step (raise it, or return an instance).

    The runner reports the step as "not supported": neither a pass nor a failure.
    """


class StepError(TwofaSimError):
    """The step's input cannot be produced (no text arrived, no sign-in is
    open, the N-th backup code does not exist). The runner reports the step
    as an error, which fails the scenario."""


#: How a person may retype a code they read (``form`` of a code input).
FORMS = ("as shown", "lower case", "spaced", "lower case spaced")


def retype(code: str, form: str) -> str:
    """``code`` as a person types it in ``form``: "as shown"; "lower case";
    "spaced" (hyphens become spaces, an all-digit code is split in halves:
    ``123 456``); "lower case spaced".

    Raises:
        InputTypeError: ``code`` or ``form`` is not text.
        StepError: an unknown form.
    """
    if not isinstance(code, str) or not isinstance(form, str):
        raise InputTypeError("code and form must be text")
    if form not in FORMS:
        raise StepError(f"unknown form {form[:24]!r}; one of {', '.join(FORMS)}")
    if "spaced" in form:
        half = len(code) // 2
        code = code.replace("-", " ") if "-" in code else (code[:half] + " " + code[half:] if code.isdigit() else code)
    return code.lower() if "lower" in form else code


@runtime_checkable
class ScenarioAdapter(Protocol):
    """The system under test, seen through one call per scenario action.

    Set-up (called by the runner before the steps): :meth:`open_world`, then
    per user :meth:`add_user`, :meth:`set_cell_phone` (when the user has
    one), :meth:`enrol` (when ``enrolled: true``).
    """

    #: A short name for reports ("twofa_sim engine").
    name: str

    # Optional: ``known_reasons``, a set of every reason text the system
    # reports; when given, a file expecting another reason is malformed
    # (the runner's :func:`~twofa_sim.scenarios.runner.check_reasons`).

    def open_world(self, preset: str, overrides: Mapping[str, object], start: float, seed: int,
                   network: Mapping[str, float]) -> None:
        """Start an empty world at ``start`` with the named policy preset and
        overrides, seeded randomness ``seed`` and SMS ``network`` settings
        (loss_rate, median_delay_seconds, delay_spread)."""

    def add_user(self, login: str, password: str, name: str, secret: str | None,
                 offset_seconds: float, drift_ppm: float) -> Observed:
        """Create a user with 2FA off, and their phone: its clock runs
        ``offset_seconds`` ahead (negative: behind) with a rate error of
        ``drift_ppm``; ``secret`` is a fixed base32 TOTP secret or None."""

    def now(self) -> float:
        """The system's current time, UTC epoch seconds."""

    def set_time(self, epoch: float) -> None:
        """Move the system's clock forward to ``epoch`` (the ``wait`` action
        and every step's time move)."""

    def password(self, login: str, browser: str, password: str) -> Observed:
        """The password step in ``browser``: "accepted" with reason
        "code required" when a code is asked next."""

    def code(self, login: str, browser: str, source: str, value: str | int | float, remember: bool,
             form: str = "as shown") -> Observed:
        """The code step in the browser's open sign-in. ``source`` says what
        is typed: "literal" (``value`` is the text), "app" (what the phone's
        app showed ``value`` seconds from now by its own clock), "backup" (the
        ``value``-th backup code shown, 1-based) or "sms" (the code in the
        newest text that arrived). ``form`` is how a person retypes a
        non-literal code: see :func:`retype`."""

    def sign_in(self, login: str, browser: str, password: str, remember: bool) -> Observed:
        """Both steps, typing the app's current code when one is asked."""

    def sign_out(self, login: str, browser: str) -> Observed:
        """End the browser's session and open sign-in; cookies stay."""

    def send_sms(self, login: str, browser: str) -> Observed:
        """Press "Send SMS Code" in the browser's open sign-in."""

    def deliver_sms(self, login: str) -> Observed:
        """Move the clock until every text on its way to the user's phone has arrived."""

    def set_cell_phone(self, login: str, country: str, number: str, password: str) -> Observed:
        """Save the user's cell phone (ISO country, number as typed)."""

    def set_phone_clock(self, login: str, offset_seconds: float, drift_ppm: float) -> Observed:
        """Set the phone's clock ``offset_seconds`` from the system's, with ``drift_ppm``."""

    def regenerate_backup_codes(self, login: str, password: str, code_source: str = "",
                                code_value: str | int | float = "") -> Observed:
        """New backup codes after typing ``password`` (and, when
        ``code_source`` is given, that code, as in :meth:`code`); the old
        ones stop working."""

    def disable_2fa(self, login: str, password: str, code_source: str = "",
                    code_value: str | int | float = "") -> Observed:
        """Turn 2FA off after typing ``password`` (and a code, as for
        :meth:`regenerate_backup_codes`)."""

    def change_password(self, login: str, old: str, new: str) -> Observed:
        """Change the password from ``old`` to ``new``."""

    def revoke_device(self, login: str, browser: str) -> Observed:
        """End the remembered device of ``browser``."""

    def change_cell_phone(self, login: str, country: str, number: str, password: str, code_source: str = "",
                          code_value: str | int | float = "") -> Observed:
        """Save a new cell phone (ISO country, number as typed) after typing
        ``password`` (and a code, as for :meth:`regenerate_backup_codes`); it
        waits for its confirmation code."""

    def confirm_cell_phone(self, login: str, source: str, value: str | int | float) -> Observed:
        """Type the confirmation code for the number waiting (a code input as
        for :meth:`code`; ``sms`` reads that number's newest text)."""

    def enrol(self, login: str) -> Observed:
        """Turn 2FA on: scan the QR code with the phone's app and type its code."""
