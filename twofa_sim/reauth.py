"""Re-authentication before a sensitive change: which proof an action needs,
and checking it.

The rule of which proof is needed lives here once; the pages read it
through :class:`~twofa_sim.views.AccountView`, so a page never asks for a
proof the engine does not want. A code proof is asked only while 2FA is on.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import code_field
from .factors.base import Context
from .guard import Guard, Refusal
from .normalise import Typed, require_text
from .outcomes import Reason, Verdict
from .policy import Policy, Reauth
from .user import User

#: The sensitive actions, as audited.
DISABLE, REGENERATE, PHONE, PASSWORD = "2fa.disable", "backup.regenerate", "phone.change", "password.change"


@dataclass(frozen=True, slots=True)
class Proof:
    """What must be typed again before an action.

    Attributes:
        password: the current password.
        code: a fresh second-factor code (app or backup code).
    """

    password: bool
    code: bool

    @property
    def words(self) -> str:
        """``"password and code"``, ``"password"``, ``"code"`` or ``""``."""
        return " and ".join(w for w, needed in (("password", self.password), ("code", self.code)) if needed)


def required_proof(action: str, policy: Policy, two_factor_on: bool) -> Proof:
    """The proof ``action`` needs under ``policy`` for a user whose 2FA is on or off.

    * turning 2FA off: ``policy.disable_reauth``;
    * regenerating backup codes: ``policy.reauth``;
    * changing the cell phone: ``policy.phone_change_reauth`` while 2FA is
      on; with 2FA off, the password when that setting asks for any proof
      (NIST SP 800-63B §6.1.2: binding a new authenticator);
    * changing the password: the current password.
    """
    if action == PASSWORD:
        requirement = Reauth.PASSWORD
    elif action == DISABLE:
        requirement = policy.disable_reauth
    elif action == PHONE:
        requirement = policy.phone_change_reauth
        if not two_factor_on and requirement is not Reauth.NONE:
            requirement = Reauth.PASSWORD
    else:
        requirement = policy.reauth
    return Proof(requirement.needs_password, requirement.needs_code and two_factor_on)


def proofs(policy: Policy, two_factor_on: bool) -> dict[str, Proof]:
    """Every sensitive action's proof, keyed by action."""
    return {action: required_proof(action, policy, two_factor_on) for action in (DISABLE, REGENERATE, PHONE, PASSWORD)}


class Reauthentication:
    """Checks the proof an action needs, through the guard.

    Args:
        guard: the portal's guard.
        check_password: ``(user, password) -> bool``.
        entropy: for the factors' context.
    """

    def __init__(self, guard: Guard, check_password, entropy) -> None:
        self._guard = guard
        self._check_password = check_password
        self._entropy = entropy

    def check(self, user: User, action: str, password: str | None, code: str | None) -> Refusal | None:
        """None when the proof ``action`` needs is right; else the refusal
        (wrong proofs count toward the throttle; empty ones do not).

        The caller holds ``user``'s lock.

        Raises:
            InputTypeError: a password or code given but not a string.
        """
        for value, what in ((password, "password"), (code, "code")):
            if value is not None:
                require_text(value, what)
        guard = self._guard
        proof = required_proof(action, guard.policy, user.totp is not None)
        now = guard.clock.now()
        locked = guard.gate(user, action, now)
        if locked:
            return locked
        failed = []
        if proof.password:
            if not password:
                failed.append(Verdict(False, Reason.EMPTY, "password"))
            elif not self._check_password(user, password):
                failed.append(Verdict(False, Reason.WRONG_PASSWORD, "password"))
        if proof.code:
            failed += [v for v in [self._code(user, code, now)] if not v.accepted]
        if not failed:
            return None
        detail = tuple((v.factor, v.reason.value) for v in failed)
        combined = Verdict(False, Reason.REAUTH_FAILED, "/".join(v.factor for v in failed), detail=detail)
        counted = any(not v.malformed for v in failed)
        used = any(v.reason in (Reason.REPLAYED, Reason.OLDER_STEP, Reason.ALREADY_USED) for v in failed)
        note = " That code was already used: wait for the next code in your app, or use an unused backup code." if used else ""
        return guard.judge(user, action, combined, now, counted=counted, proof=proof.words, note=note)

    def _code(self, user: User, code: str | None, now: float) -> Verdict:
        if code is None:
            return Verdict(False, Reason.EMPTY, "totp")
        typed = Typed.of(code)
        routing = code_field.route(typed, user.totp, user.totp.digits, backup=user.backup,
                                   capped=user.throttle.capped(self._guard.policy))
        return code_field.verify(typed, routing, Context(now, self._guard.policy, self._entropy))
