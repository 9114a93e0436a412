"""Send SMS Code on the login page (SMS-1, SMS-2): a new code bound to the
sign-in, texted to the cell phone on file, within the send limits."""

from __future__ import annotations

from .accounts import Accounts
from .attempts import Attempts
from .entropy import Entropy
from .factors.base import Context
from .factors.sms import SmsCodes
from .gateway import SmsGateway
from .guard import Guard
from .messages import duration_text
from .outcomes import Outcome, Reason
from .phone import CellPhone
from .results import ActionResult, LoginAttempt
from .sms_limits import SmsLimits
from .user import User

SEND = "sms.send"


class SmsSending:
    """SMS codes for open sign-ins.

    Args:
        accounts, attempts, guard: the portal's users, open sign-ins and guard.
        gateway: the SMS network.
        limits: the hourly send limits (built from the policy).
        entropy: for the codes.
        issuer: the portal's name, in the text.
    """

    def __init__(self, accounts: Accounts, attempts: Attempts, guard: Guard, gateway: SmsGateway,
                 limits: SmsLimits, entropy: Entropy, issuer: str) -> None:
        self._accounts = accounts
        self._attempts = attempts
        self._guard = guard
        self._gateway = gateway
        self._limits = limits
        self._entropy = entropy
        self._issuer = issuer

    def available(self, attempt: LoginAttempt) -> bool:
        """Whether the login page shows "Send SMS Code" for this sign-in:
        only when the user has 2FA on and a confirmed cell phone in a region
        the gateway serves (SMS-2)."""
        self._attempts.find(attempt)
        user = self._accounts.get(attempt.login)
        return can_get_sms(user) and self._gateway.supports(user.cell_phone.region)

    def send(self, attempt: LoginAttempt) -> ActionResult:
        """Press "Send SMS Code" (SMS-1). Refused once the sign-in is closed,
        while the account is locked, without a number, to an unsupported
        region, during the resend cooldown, or over a send limit (per number,
        account and region an hour; per number and account a day). Each
        refusal is audited.

        Raises:
            InputTypeError: not a handle this portal gave out.
        """
        self._attempts.find(attempt)
        user = self._accounts.get(attempt.login)
        guard, policy = self._guard, self._guard.policy
        with guard.hold(user) as now:
            closed = self._attempts.closed(attempt, now)
            if closed:
                return self._refused(user, SEND, closed, Outcome.EXPIRED)
            locked = guard.gate(user, SEND, now, "sms")
            if locked:
                return locked.action_result()
            if not can_get_sms(user):
                return self._refused(user, SEND, Reason.NO_PHONE)
            phone = user.cell_phone
            lifetime = duration_text(policy.sms_code_seconds)
            sent = self.text_code(user, SEND, phone, user.sms, Context(now, policy, self._entropy, attempt.attempt_id),
                                  "{issuer} code: {code}. It expires in {lifetime}. Never share it.")
            if not sent.ok:
                return sent
        return ActionResult(Outcome.OK, Reason.SMS_SENT,
                            guard.say(Reason.SMS_SENT, phone=masked(phone.international), lifetime=lifetime))

    def text_code(self, user: User, action: str, phone: CellPhone, codes: SmsCodes, context: Context,
                  template: str) -> ActionResult:
        """Issue a code from ``codes`` and text it to ``phone``: the one path
        every SMS code takes (sign-in codes and phone confirmations), so the
        region check, the resend cooldown, the send limits, the cost and the
        audit apply to all. The caller holds ``user``'s lock.

        Args:
            action: the audited action ("sms.send", "phone.confirm_code").
            template: the text, with ``{issuer}``, ``{code}`` and ``{lifetime}``.

        Returns:
            OK with reason SMS_SENT, or the audited refusal (nothing issued).
        """
        now, policy = context.now, context.policy
        if not self._gateway.supports(phone.region):
            return self._refused(user, action, Reason.REGION_UNSUPPORTED, detail=(("region", phone.region),))
        wait = codes.cooldown_left(now, policy)
        if wait > 0:
            return self._refused(user, action, Reason.RESEND_COOLDOWN, Outcome.LOCKED, wait)
        keys = {"number": phone.e164, "account": user.login, "region": phone.region}
        limited = self._limits.check(keys, now)
        if limited:
            name, wait = limited
            self._limits.record_refusal(name, keys)
            return self._refused(user, action, Reason.RATE_LIMITED, Outcome.LOCKED, wait, (("limit", name),))
        code = codes.issue(context)
        body = template.format(issuer=self._issuer, code=code, lifetime=duration_text(policy.sms_code_seconds))
        message = self._gateway.send(phone.e164, body, code=code)
        self._limits.record(keys, now)
        detail = (("message", message.message_id), ("to", phone.e164))
        if context.attempt_id:
            detail += (("attempt", context.attempt_id),)
        self._guard.record(user.login, action, Outcome.OK, Reason.SMS_SENT, "sms", detail)
        return ActionResult(Outcome.OK, Reason.SMS_SENT, "")

    def _refused(self, user: User, action: str, reason: Reason, outcome: Outcome = Outcome.REFUSED,
                 wait: float | None = None, detail: tuple = ()) -> ActionResult:
        extra = (("wait_s", round(wait)),) if wait is not None else ()
        self._guard.record(user.login, action, outcome, reason, "sms", detail + extra)
        return ActionResult(outcome, reason, self._guard.say(reason, wait or 0.0), wait_seconds=wait)


def can_get_sms(user: User) -> bool:
    """True when ``user`` can be sent SMS codes: 2FA on and a confirmed cell phone on file."""
    return user.cell_phone is not None and user.totp is not None


def masked(international: str) -> str:
    """``+39 312 345 6789`` → ``+39 ••• ••• 6789``: the login page shows only the last digits."""
    digits_seen = 0
    out = []
    for ch in reversed(international):
        if ch.isdigit():
            digits_seen += 1
            out.append(ch if digits_seen <= 4 else "•")
        else:
            out.append(ch)
    shown = "".join(reversed(out))
    head, _, tail = international.partition(" ")
    return head + " " + shown[len(head) + 1:] if tail else shown
