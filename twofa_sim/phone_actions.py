"""The portal's cell phone and SMS actions (SMS-1..3): the Team page's Cell
Phone, and "Send SMS Code" on the login page.

A mixin of :class:`~twofa_sim.portal.Portal`: it uses the portal's clock,
entropy, policy, gateway, send limits and audit trail.
"""

from __future__ import annotations

from .messages import duration_text
from .normalise import require_text
from .outcomes import Outcome, Reason
from .phone import PhoneNumberError, parse_cell_phone
from .policy import Reauth
from .results import ActionResult, LoginAttempt


class PhoneActions:
    """Cell phone and SMS code actions of the portal."""

    def set_cell_phone(self, login: str, country: str, typed: str, password: str | None = None,
                       code: str | None = None) -> ActionResult:
        """Save the Team page's Cell Phone: a country (ISO region) and the
        number as typed (SMS-3).

        While 2FA is on, the proof :attr:`Policy.phone_change_reauth` names
        is needed (with 2FA off, the password when the policy asks for any
        proof). A refused number leaves the stored one unchanged; the message
        says why. A typed ``+`` and calling code wins over ``country``.
        """
        user = self.user(login)
        require_text(country, "country")
        require_text(typed, "cell phone number")
        try:
            phone = parse_cell_phone(country, typed)
        except PhoneNumberError as exc:
            self._audit(user.login, "phone.change", Outcome.MALFORMED, Reason.PHONE_REFUSED, "",
                        (("country", country), ("why", exc.kind)))
            return ActionResult(Outcome.MALFORMED, Reason.PHONE_REFUSED, str(exc))
        requirement = self.policy.phone_change_reauth
        if user.totp is None and requirement is not Reauth.NONE:
            requirement = Reauth.PASSWORD
        refused = self._reauthenticate(user, "phone.change", password, code, requirement)
        if refused:
            return refused
        previous = user.cell_phone.e164 if user.cell_phone else ""
        user.cell_phone = phone
        self._audit(user.login, "phone.change", Outcome.OK, Reason.ACCEPTED, "",
                    (("from", previous or "none"), ("to", phone.e164), ("type", phone.number_type.lower())))
        return ActionResult(Outcome.OK, Reason.ACCEPTED, f"Cell phone saved: {phone.international}.", warning=phone.warning)

    def sms_available(self, attempt: LoginAttempt) -> bool:
        """Whether the login page shows "Send SMS Code" for this sign-in:
        only when the user has a cell phone on file (SMS-2)."""
        user = self.user(self._pending(attempt).handle.login)
        return user.cell_phone is not None and user.totp is not None

    def send_sms_code(self, attempt: LoginAttempt) -> ActionResult:
        """Press "Send SMS Code" (SMS-1): a new code, bound to this sign-in, is
        texted to the cell phone on file.

        Refused while the account is locked out, while the resend cooldown runs, when an hourly send limit
        (per number, per account, per region) is reached, when the region is
        unsupported, or when there is no number. Each refusal is audited and
        visible in :meth:`sms_counters`.
        """
        pending = self._pending(attempt)
        user = self.user(attempt.login)
        now = self.clock.now()
        if pending.finished or now >= attempt.started_at + self.policy.login_step_seconds:
            return self._sms_refused(user, Reason.LOGIN_STEP_EXPIRED, Outcome.EXPIRED)
        blocked = user.throttle.blocked(now)
        if blocked:
            return self._sms_refused(user, blocked[0], Outcome.LOCKED, blocked[1])
        phone = user.cell_phone
        if phone is None or user.totp is None:
            return self._sms_refused(user, Reason.NO_PHONE)
        if not self.gateway.supports(phone.region):
            return self._sms_refused(user, Reason.REGION_UNSUPPORTED, detail=(("region", phone.region),))
        wait = user.sms.cooldown_left(now, self.policy)
        if wait > 0:
            return self._sms_refused(user, Reason.RESEND_COOLDOWN, Outcome.LOCKED, wait)
        keys = {"number": phone.e164, "account": user.login, "region": phone.region}
        limited = self.sms_limits.check(keys, now)
        if limited:
            kind, wait = limited
            self.sms_limits.record_refusal(kind, keys[kind])
            return self._sms_refused(user, Reason.RATE_LIMITED, Outcome.LOCKED, wait, (("limit", kind),))
        code = user.sms.issue(attempt.attempt_id, now, self.entropy, self.policy)
        lifetime = duration_text(self.policy.sms_code_seconds)
        message = self.gateway.send(phone.e164, f"{self.issuer} code: {code}. It expires in {lifetime}. "
                                                "Never share it.")
        self.sms_limits.record(keys, now)
        self._audit(user.login, "sms.send", Outcome.OK, Reason.SMS_SENT, "sms",
                    (("message", message.message_id), ("to", phone.e164), ("attempt", attempt.attempt_id)))
        return ActionResult(Outcome.OK, Reason.SMS_SENT,
                            self._message(Reason.SMS_SENT, phone=_masked(phone.international), lifetime=lifetime))

    def sms_counters(self):
        """Send counters per number, account and region (pandas DataFrame, no codes)."""
        return self.sms_limits.to_frame(self.clock.now())

    def _sms_refused(self, user, reason: Reason, outcome: Outcome = Outcome.REFUSED, wait: float | None = None,
                     detail: tuple = ()) -> ActionResult:
        extra = (("wait_s", round(wait)),) if wait is not None else ()
        self._audit(user.login, "sms.send", outcome, reason, "sms", detail + extra)
        return ActionResult(outcome, reason, self._message(reason, wait or 0.0), wait_seconds=wait)


def _masked(international: str) -> str:
    """``+39 312 345 6789`` → ``+39 ••• ••• 6789``: the login page shows only the last digits."""
    digits_seen = 0
    out = []
    for ch in reversed(international):
        if ch.isdigit():
            digits_seen += 1
            out.append(ch if digits_seen <= 4 else "•")
        else:
            out.append(ch)
    masked = "".join(reversed(out))
    head, _, tail = international.partition(" ")
    return head + " " + masked[len(head) + 1:] if tail else masked

