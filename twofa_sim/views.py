"""Read-only views of a user's account for pages and notebooks.

Every rule a page shows (which proof a change needs, low stock of backup
codes, whether SMS codes can be sent, the "remember" label, the lock) comes
from the engine through an :class:`AccountView`, so a page and the engine
cannot disagree. A view is a frozen snapshot: ask the portal for a new one
after each action.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .factors.backup import page_warning
from .messages import duration_text, wait_text
from .policy import Policy
from .reauth import DISABLE, PASSWORD, PHONE, REGENERATE, Proof, proofs
from .sms_sending import can_get_sms
from .user import User


@dataclass(frozen=True)
class AccountView:
    """What the portal's pages may show about one user, at one time.

    Attributes:
        login, name: who.
        two_factor: "off", "enrolling" or "on".
        code_digits: app code length in digits; period: time step in seconds.
        sms_code_digits: SMS code length in digits.
        backup_remaining, backup_total: backup codes left / issued (0 / 0 when none).
        backup_warning: the low-stock caution to show ("" when none).
        remembered_devices: active remembered browsers.
        remember_seconds: the lifetime of "Remember this device", in seconds
            (0: not offered); remember_label: the checkbox's text ("" when not offered).
        consecutive_failures: failures in the current lockout run.
        code_failures, backup_failures: consecutive second-factor failures
            since the last completed sign-in (app and SMS codes; backup
            codes), counted toward ``code_failure_cap`` across lockouts.
        codes_capped: the factors no longer checked ("totp", "sms", "backup").
        locked_for: seconds until the account may try again (0 when it may now).
        lock_reason: "locked out", "backoff wait" or "".
        cell_phone: the confirmed number in international form ("" when none);
            cell_phone_region: its ISO region.
        pending_cell_phone: a new number waiting for its confirmation code
            ("" when none); pending_cell_phone_region: its ISO region.
        sms_available: "Send SMS Code" is offered at sign-in.
        learned_drift: the app's learned offset in time steps, or None while 2FA is off.
        proofs: action ("2fa.disable", "backup.regenerate", "phone.change",
            "password.change") → the :class:`~twofa_sim.reauth.Proof` it needs.
    """

    login: str
    name: str
    two_factor: str
    code_digits: int
    period: int
    sms_code_digits: int
    backup_remaining: int
    backup_total: int
    backup_warning: str
    remembered_devices: int
    remember_seconds: int
    remember_label: str
    consecutive_failures: int
    code_failures: int
    backup_failures: int
    codes_capped: frozenset[str]
    locked_for: float
    lock_reason: str
    cell_phone: str
    cell_phone_region: str
    pending_cell_phone: str
    pending_cell_phone_region: str
    sms_available: bool
    learned_drift: int | None
    proofs: dict[str, Proof] = field(repr=False)

    @property
    def locked(self) -> bool:
        """True while the throttle refuses attempts unchecked."""
        return self.locked_for > 0

    @property
    def lock_text(self) -> str:
        """``"locked for 10 minutes"`` or ``""``."""
        return f"{self.lock_reason} for {wait_text(self.locked_for)}" if self.locked else ""

    def proof(self, action: str) -> Proof:
        """The proof ``action`` needs: "2fa.disable", "backup.regenerate",
        "phone.change" or "password.change".

        Raises:
            KeyError: another action.
        """
        return self.proofs[action]

    @property
    def disable_proof(self) -> Proof:
        """The proof turning 2FA off needs."""
        return self.proofs[DISABLE]

    @property
    def regenerate_proof(self) -> Proof:
        """The proof new backup codes need."""
        return self.proofs[REGENERATE]

    @property
    def phone_proof(self) -> Proof:
        """The proof a cell phone change needs."""
        return self.proofs[PHONE]

    @property
    def password_proof(self) -> Proof:
        """The proof a password change needs."""
        return self.proofs[PASSWORD]


def remember_label(policy: Policy) -> str:
    """The checkbox's text in exact words (``"Remember this device for 30
    days"``, ``"... for 12 hours"``), or "" when the policy turns remembering
    off (no checkbox)."""
    if not policy.remembers_devices:
        return ""
    return f"Remember this device for {duration_text(policy.remember_device_seconds)}"


def account_view(user: User, policy: Policy, now: float) -> AccountView:
    """The view of ``user`` under ``policy`` at ``now`` (UTC epoch seconds)."""
    on = user.totp is not None
    blocked = user.throttle.blocked(now)
    remaining = user.backup.remaining if user.backup else 0
    return AccountView(
        login=user.login, name=user.name, two_factor=user.two_factor,
        code_digits=policy.digits, period=policy.period, sms_code_digits=policy.sms_code_digits,
        backup_remaining=remaining, backup_total=user.backup.total if user.backup else 0,
        backup_warning=page_warning(remaining, policy) if on else "",
        remembered_devices=len(user.remembered.active(now)), remember_seconds=policy.remember_device_seconds,
        remember_label=remember_label(policy), consecutive_failures=user.throttle.failures,
        code_failures=user.throttle.code_failures, backup_failures=user.throttle.backup_failures,
        codes_capped=user.throttle.capped(policy),
        locked_for=blocked[1] if blocked else 0.0, lock_reason=blocked[0].value if blocked else "",
        cell_phone=user.cell_phone.international if user.cell_phone else "",
        cell_phone_region=user.cell_phone.region if user.cell_phone else "",
        pending_cell_phone=user.pending_phone.international if user.pending_phone else "",
        pending_cell_phone_region=user.pending_phone.region if user.pending_phone else "",
        sms_available=can_get_sms(user), learned_drift=user.totp.drift if on else None,
        proofs=proofs(policy, on),
    )
