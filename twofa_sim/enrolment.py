"""Enrolment: the 2-Factor Auth switch, the QR code, the app's first code,
and the backup codes shown once (ENR-1..5)."""

from __future__ import annotations

from . import code_field
from .accounts import Accounts
from .entropy import Entropy
from .errors import EnrolmentError
from .factors.backup import BackupCodes
from .factors.base import Context
from .factors.totp import TotpDevice
from .guard import Guard
from .normalise import Typed, require_text
from .outcomes import Outcome, Reason
from .bounds import DIGITS
from .provisioning import Provisioning, build_uri, check_label
from .results import ActionResult, EnrolmentStart
from .secret import import_secret, new_secret

START, CONFIRM, CANCEL = "enrolment.start", "enrolment.confirm", "enrolment.cancel"


class Enrolment:
    """Turning two-factor authentication on.

    Args:
        accounts: the portal's users.
        guard: the portal's guard (policy, clock, audit).
        entropy: where secrets and backup codes are drawn from.
        issuer: the name shown in authenticator apps.
    """

    def __init__(self, accounts: Accounts, guard: Guard, entropy: Entropy, issuer: str) -> None:
        self._accounts = accounts
        self._guard = guard
        self._entropy = entropy
        self._issuer = issuer

    def start(self, login: str, secret: str | None = None) -> EnrolmentStart:
        """Turn the switch ON: a secret, its URI and QR (ENR-2). Starting again
        before confirming replaces the secret, so the old QR stops working.

        Args:
            secret: a known base32 secret instead of a drawn one, checked like
                an imported one (valid base32, at least 128 bits, RFC 4226 §4).

        Raises:
            EnrolmentError: 2FA is already on.
            SecretError: ``secret`` is not valid base32 or too short.
            UnknownUserError, InputTypeError: no such user; a non-text argument.
        """
        user = self._accounts.get(login)
        p = self._guard.policy
        check_label(self._issuer, user.login)  # before drawing the secret: a refusal changes nothing
        chosen = import_secret(secret) if secret is not None else None
        with self._guard.hold(user):
            if user.totp is not None:
                raise EnrolmentError("two-factor authentication is already on; turn it off first")
            shared = chosen if chosen is not None else new_secret(self._entropy, p.secret_bits)
            provisioning = Provisioning(shared, self._issuer, user.login, p.digits, p.period, p.algorithm)
            uri = _uri(provisioning)
            restarted = user.pending is not None
            user.pending = TotpDevice(shared, p.digits, p.period, p.algorithm)
            self._guard.record(user.login, START, Outcome.OK, Reason.ACCEPTED, "totp",
                               (("digits", p.digits), ("period", p.period), ("algorithm", p.algorithm),
                                ("secret_bits", shared.bits), ("secret_given", chosen is not None),
                                ("replaced_pending", restarted)))
        return EnrolmentStart(user.login, provisioning, uri)

    def pending(self, login: str) -> EnrolmentStart | None:
        """The enrolment still waiting for its first code (the same secret,
        URI and QR as when the switch was turned ON), or None.

        Raises:
            UnknownUserError: no such user.
        """
        user = self._accounts.get(login)
        with self._guard.hold(user):
            device = user.pending
            if device is None:
                return None
            provisioning = Provisioning(device.secret, self._issuer, user.login, device.digits, device.period,
                                        device.algorithm)
        return EnrolmentStart(user.login, provisioning, _uri(provisioning))

    def confirm(self, login: str, code: str) -> ActionResult:
        """Type the app's code and press Update (ENR-4); on success 2FA is on
        and a new set of backup codes is returned, to be shown once (ENR-5).

        A wrong code leaves enrolment pending (it counts toward the throttle;
        a locked account can't confirm). The accepted step becomes the last
        used one, so the same code cannot then sign in (replay).

        Raises:
            EnrolmentError: no enrolment is pending.
            InputTypeError: ``code`` is not a string.
        """
        user = self._accounts.get(login)
        typed = Typed.of(code)
        guard = self._guard
        with guard.hold(user) as now:
            if user.pending is None:
                raise EnrolmentError("no enrolment is pending; turn the switch ON first")
            locked = guard.gate(user, CONFIRM, now, "totp")
            if locked:
                return locked.action_result()
            context = Context(now, guard.policy, self._entropy)
            routing = code_field.route(typed, user.pending, user.pending.digits,
                                       capped=user.throttle.capped(guard.policy))
            verdict = code_field.verify(typed, routing, context)
            refused = guard.judge(user, CONFIRM, verdict, now, app_only=True)
            if refused:
                return refused.action_result()
            user.totp, user.pending = user.pending, None
            user.throttle.record_success()
            user.backup, codes = BackupCodes.generate(self._entropy, guard.policy, now)
            ended = user.remembered.revoke_all(now, "2FA turned on") if guard.policy.forget_on_2fa_change else 0
            guard.record(user.login, CONFIRM, Outcome.OK, Reason.ACCEPTED, "totp",
                         verdict.detail + (("backup_codes", user.backup.total), ("devices_ended", ended)))
            guard.notify(user.login, "2fa_on")
        return ActionResult(Outcome.OK, Reason.ACCEPTED,
                            "Two-factor authentication is on. Save these backup codes somewhere safe: "
                            "each works once, and they will not be shown again.",
                            backup_codes=tuple(codes))

    def cancel(self, login: str) -> None:
        """Turn the switch back OFF before confirming: the pending secret is dropped."""
        user = self._accounts.get(login)
        with self._guard.hold(user):
            if user.pending is not None:
                user.pending = None
                self._guard.record(user.login, CANCEL, Outcome.OK, Reason.ACCEPTED, "totp")


def _uri(provisioning: Provisioning) -> str:
    """The provisioning URI, or "" for the short codes only a simulation-only
    policy allows (a Key URI carries 6 to 10 digits: such an enrolment is made
    with a known secret, and its codes computed with :func:`twofa_sim.otp.totp`)."""
    return build_uri(provisioning) if provisioning.digits >= DIGITS[0] else ""
