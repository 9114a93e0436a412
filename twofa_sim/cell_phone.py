"""The Team page's Cell Phone (SMS-3): saving a number after the proof
:mod:`twofa_sim.reauth` names, and proving the number receives texts before
it is used.

Saving a new number texts a confirmation code to it. The number becomes the
one sign-in codes go to only when that code is typed back on the Team page;
until then the old number (if any) stays in use and the new one is shown as
unconfirmed (NIST SP 800-63B §5.1.3.3: a new number binds a new
authenticator). Confirmation codes follow the SMS code rules (lifetime,
resend cooldown, single use, send limits and cost); wrong ones count toward
the account's throttle like wrong enrolment codes. Numbers are parsed only
in :mod:`twofa_sim.phone`.
"""

from __future__ import annotations

from . import code_field
from .accounts import Accounts
from .entropy import Entropy
from .factors.base import Context
from .guard import Guard
from .messages import duration_text
from .normalise import Typed, require_text
from .outcomes import Outcome, Reason, Verdict
from .phone import PhoneNumberError, parse_cell_phone
from .reauth import PHONE, Reauthentication
from .results import ActionResult
from .sms_sending import SmsSending, masked
from .user import User

CONFIRM, CONFIRM_CODE = "phone.confirm", "phone.confirm_code"
#: Confirmation codes belong to no sign-in: they are bound to this pseudo-attempt.
CONFIRMATION = 0
TEXT = "{issuer}: your code to confirm this number is {code}. It expires in {lifetime}. Never share it."


class CellPhoneSettings:
    """Saving and confirming a user's cell phone.

    Args:
        accounts, guard: the portal's users and guard.
        reauth: checks the proof a phone change needs.
        sms: texts the confirmation code (same limits and cost as sign-in codes).
        entropy: for the codes.
    """

    def __init__(self, accounts: Accounts, guard: Guard, reauth: Reauthentication, sms: SmsSending,
                 entropy: Entropy) -> None:
        self._accounts = accounts
        self._guard = guard
        self._reauth = reauth
        self._sms = sms
        self._entropy = entropy

    def set(self, login: str, country: str, typed: str, password: str | None = None,
            code: str | None = None) -> ActionResult:
        """Save a new Cell Phone: a country (ISO region) and the number as typed.

        A number in international form names its own country (see
        :func:`~twofa_sim.phone.parse_cell_phone`). A refused number changes
        nothing; the message says why and ``kind`` names the kind of refusal.
        Then the proof the policy asks for is checked, and a confirmation
        code is texted to the new number: the result is CODE_REQUIRED
        (reason PHONE_CODE_SENT) and the number waits, unconfirmed, for
        :meth:`confirm`. When the text can't be sent (unsupported region,
        cooldown, send limit) nothing changes.

        Raises:
            InputTypeError: a non-text argument.
        """
        user = self._accounts.get(login)
        require_text(country, "country")
        require_text(typed, "cell phone number")
        guard = self._guard
        with guard.hold(user) as now:
            try:
                phone = parse_cell_phone(country, typed)
            except PhoneNumberError as exc:
                guard.record(user.login, PHONE, Outcome.MALFORMED, Reason.PHONE_REFUSED, "",
                             (("country", country), ("why", exc.kind)))
                return ActionResult(Outcome.MALFORMED, Reason.PHONE_REFUSED, str(exc), kind=exc.kind)
            refused = self._reauth.check(user, PHONE, password, code)
            if refused:
                return refused.action_result()
            sent = self._text(user, phone, now)
            if not sent.ok:
                return sent
            previous = user.pending_phone
            user.pending_phone = phone
            guard.record(user.login, PHONE, Outcome.CODE_REQUIRED, Reason.PHONE_CODE_SENT, "",
                         (("in_use", user.cell_phone.e164 if user.cell_phone else "none"), ("to", phone.e164),
                          ("type", phone.number_type.lower()), ("replaced_unconfirmed", previous is not None)))
        return ActionResult(Outcome.CODE_REQUIRED, Reason.PHONE_CODE_SENT,
                            guard.say(Reason.PHONE_CODE_SENT, phone=phone.international,
                                      lifetime=duration_text(guard.policy.sms_code_seconds)), warning=phone.warning)

    def confirm(self, login: str, code: str) -> ActionResult:
        """Type the confirmation code texted to the new number: on success it
        becomes the cell phone sign-in codes go to.

        A wrong code counts toward the account's throttle (like a wrong
        enrolment code); malformed input does not.

        Raises:
            InputTypeError: ``code`` is not text.
        """
        user = self._accounts.get(login)
        typed = Typed.of(code)
        guard = self._guard
        with guard.hold(user) as now:
            if user.pending_phone is None:
                guard.record(user.login, CONFIRM, Outcome.REFUSED, Reason.NOTHING_TO_CONFIRM, "sms")
                return ActionResult(Outcome.REFUSED, Reason.NOTHING_TO_CONFIRM, guard.say(Reason.NOTHING_TO_CONFIRM))
            locked = guard.gate(user, CONFIRM, now, "sms")
            if locked:
                return locked.action_result()
            verdict = self._verify(user, typed, now)
            refused = guard.judge(user, CONFIRM, verdict, now)
            if refused:
                return refused.action_result()
            previous, user.cell_phone, user.pending_phone = user.cell_phone, user.pending_phone, None
            guard.record(user.login, CONFIRM, Outcome.OK, Reason.ACCEPTED, "sms",
                         verdict.detail + (("from", previous.e164 if previous else "none"), ("to", user.cell_phone.e164)))
            guard.notify(user.login, "phone_changed", (("to", masked(user.cell_phone.international)),))
        return ActionResult(Outcome.OK, Reason.ACCEPTED, f"Cell phone confirmed: {user.cell_phone.international}.")

    def resend(self, login: str) -> ActionResult:
        """Text a new confirmation code to the number waiting for confirmation
        (the older code stops working); cooldown and send limits apply."""
        user = self._accounts.get(login)
        guard = self._guard
        with guard.hold(user) as now:
            phone = user.pending_phone
            if phone is None:
                guard.record(user.login, CONFIRM_CODE, Outcome.REFUSED, Reason.NOTHING_TO_CONFIRM, "sms")
                return ActionResult(Outcome.REFUSED, Reason.NOTHING_TO_CONFIRM, guard.say(Reason.NOTHING_TO_CONFIRM))
            sent = self._text(user, phone, now)
        if not sent.ok:
            return sent
        return ActionResult(Outcome.CODE_REQUIRED, Reason.PHONE_CODE_SENT,
                            guard.say(Reason.PHONE_CODE_SENT, phone=masked(phone.international),
                                      lifetime=duration_text(guard.policy.sms_code_seconds)))

    def _text(self, user: User, phone, now: float) -> ActionResult:
        context = Context(now, self._guard.policy, self._entropy, CONFIRMATION)
        return self._sms.text_code(user, CONFIRM_CODE, phone, user.phone_check, context, TEXT)

    def _verify(self, user: User, typed: Typed, now: float) -> Verdict:
        policy = self._guard.policy
        check = user.phone_check
        routing = code_field.route(typed, check, policy.sms_code_digits, capped=user.throttle.capped(policy))
        return code_field.verify(typed, routing, Context(now, policy, self._entropy, CONFIRMATION))
