"""The portal's account changes: turning 2FA off, new backup codes, a new
password, remembered devices, and support's reset.

A mixin of :class:`~twofa_sim.portal.Portal`: it uses the portal's clock,
entropy, policy and audit trail, and its re-authentication.
"""

from __future__ import annotations

from .errors import EnrolmentError, InputTypeError, UserDetailsError
from .factors.backup import BackupCodes
from .hashing import hash_value
from .normalise import require_text
from .outcomes import Outcome, Reason
from .policy import Reauth
from .results import ActionResult
from .user import User


class AccountActions:
    """Account changes of the portal, each audited."""

    def disable_two_factor(self, login: str, password: str | None = None, code: str | None = None) -> ActionResult:
        """Turn 2FA OFF, after re-authentication per policy.

        Deletes the app's secret, the backup codes and (per policy) the
        remembered devices; the result says what was deleted.

        Raises:
            EnrolmentError: 2FA is not on.
        """
        user, refused = self._sensitive_change(login, "2fa.disable", password, code)
        if refused:
            return refused
        now = self.clock.now()
        unused = user.backup.remaining if user.backup else 0
        ended = user.remembered.revoke_all(now, "2FA turned off") if self.policy.forget_on_2fa_change else 0
        user.totp = user.backup = None
        deleted = ("the authenticator app's key", _count(unused, "unused backup code"),
                   _count(ended, "remembered device"))
        self._audit(user.login, "2fa.disable", Outcome.OK, Reason.ACCEPTED, "",
                    (("backup_codes_deleted", unused), ("devices_ended", ended)))
        return ActionResult(Outcome.OK, Reason.ACCEPTED,
                            "Two-factor authentication is off. Deleted: " + ", ".join(deleted) + ".", deleted=deleted)

    def regenerate_backup_codes(self, login: str, password: str | None = None, code: str | None = None) -> ActionResult:
        """Issue a new set of backup codes (the old set stops working), after
        re-authentication per policy.

        Raises:
            EnrolmentError: 2FA is not on.
        """
        user, refused = self._sensitive_change(login, "backup.regenerate", password, code)
        if refused:
            return refused
        now = self.clock.now()
        revoked = user.backup.remaining if user.backup else 0
        user.backup, codes = BackupCodes.generate(self.entropy, self.policy, now)
        ended = user.remembered.revoke_all(now, "backup codes regenerated") if self.policy.forget_on_backup_regeneration else 0
        self._audit(user.login, "backup.regenerate", Outcome.OK, Reason.ACCEPTED, "backup",
                    (("revoked_unused", revoked), ("backup_codes", user.backup.total), ("devices_ended", ended)))
        return ActionResult(Outcome.OK, Reason.ACCEPTED,
                            "New backup codes: the old ones no longer work. Save these somewhere safe.",
                            backup_codes=tuple(codes))

    def change_password(self, login: str, old_password: str, new_password: str) -> ActionResult:
        """Change the password (the old one is required); per policy this ends
        every remembered device."""
        user = self.user(login)
        require_text(old_password, "old password")
        require_text(new_password, "new password")
        if not new_password.strip():
            self._audit(user.login, "password.change", Outcome.MALFORMED, Reason.BAD_FORMAT, "password")
            return ActionResult(Outcome.MALFORMED, Reason.BAD_FORMAT, "The new password must not be empty.")
        refused = self._reauthenticate(user, "password.change", old_password, None, Reauth.PASSWORD)
        if refused:
            return refused
        now = self.clock.now()
        user.password_hash = hash_value(new_password, self.entropy, self.policy.hash_cost)
        ended = user.remembered.revoke_all(now, "password changed") if self.policy.forget_on_password_change else 0
        self._end_pending_logins(user.login)  # a sign-in begun with the old password can't finish
        self._audit(user.login, "password.change", Outcome.OK, Reason.ACCEPTED, "password", (("devices_ended", ended),))
        return ActionResult(Outcome.OK, Reason.ACCEPTED, "Your password was changed.")

    def support_reset(self, login: str, agent: str, identity_verified: bool, ticket: str) -> ActionResult:
        """Support turns 2FA off for a user who lost the phone and every backup
        code (the path after ``Exhaustion.SUPPORT_RESET``).

        Refused unless the agent verified the user's identity (OWASP MFA Cheat
        Sheet: support with rigorous identity checks). Deletes the app's key,
        the backup codes and every remembered device; the user signs in with
        the password and enrols again. Audited with the agent and the ticket,
        and the user is notified out of band.
        """
        user = self.user(login)
        require_text(agent, "agent")
        require_text(ticket, "ticket")
        if not agent.strip() or not ticket.strip():
            raise UserDetailsError("a support reset needs the agent's name and a ticket number")
        if not isinstance(identity_verified, bool):
            raise InputTypeError("identity_verified must be True or False")
        detail = (("agent", agent), ("ticket", ticket))
        if not identity_verified:
            self._audit(user.login, "support.reset", Outcome.REFUSED, Reason.IDENTITY_NOT_VERIFIED, "", detail)
            return ActionResult(Outcome.REFUSED, Reason.IDENTITY_NOT_VERIFIED, self._message(Reason.IDENTITY_NOT_VERIFIED))
        now = self.clock.now()
        unused = user.backup.remaining if user.backup else 0
        ended = user.remembered.revoke_all(now, "support reset")
        user.totp = user.backup = user.pending = None
        user.throttle.unlock()
        self._audit(user.login, "support.reset", Outcome.OK, Reason.ACCEPTED, "",
                    detail + (("backup_codes_deleted", unused), ("devices_ended", ended), ("user_notified", "email")))
        return ActionResult(Outcome.OK, Reason.ACCEPTED,
                            "Two-factor authentication was reset by support. The user was notified by email, signs "
                            "in with the password, and must turn 2FA on again.",
                            deleted=("the authenticator app's key", _count(unused, "unused backup code"),
                                     _count(ended, "remembered device")))

    def devices_frame(self, login: str):
        """The user's remembered devices as a pandas DataFrame (no tokens)."""
        import pandas as pd

        rows = self.user(login).remembered.rows(self.clock.now())
        return pd.DataFrame(rows, columns=["device", "browser", "issued", "expires", "state", "ended_by"])

    def revoke_device(self, login: str, device_id: str) -> ActionResult:
        """End one remembered device; its browser is asked for a code again."""
        user = self.user(login)
        require_text(device_id, "device id")
        if not user.remembered.revoke(device_id, self.clock.now(), "revoked by user"):
            known = device_id if user.remembered.knows(device_id) else "(not one of the user's devices)"
            self._audit(user.login, "device.revoke", Outcome.REFUSED, Reason.TOKEN_UNKNOWN, "remembered", (("device", known),))
            return ActionResult(Outcome.REFUSED, Reason.TOKEN_UNKNOWN, "That device is not an active remembered device.")
        self._audit(user.login, "device.revoke", Outcome.OK, Reason.ACCEPTED, "remembered", (("device", device_id),))
        return ActionResult(Outcome.OK, Reason.ACCEPTED, f"{device_id} is no longer remembered.")

    def _sensitive_change(self, login: str, action: str, password: str | None,
                          code: str | None) -> tuple[User, ActionResult | None]:
        """The user, and a refusal unless 2FA is on and the policy's
        re-authentication passes."""
        user = self.user(login)
        if user.totp is None:
            raise EnrolmentError("two-factor authentication is not on")
        return user, self._reauthenticate(user, action, password, code, self.policy.reauth)


def _count(n: int, thing: str) -> str:
    """``"1 remembered device"``, ``"2 remembered devices"``."""
    return f"{n} {thing}{'s' if n != 1 else ''}"
