"""Account changes of a signed-in user: turning 2FA off, new backup codes, a
new password, remembered devices; and support's reset. Each is audited;
sensitive ones need the proof :mod:`twofa_sim.reauth` names."""

from __future__ import annotations

from typing import Callable

from .accounts import Accounts, is_blank_password
from .attempts import Attempts
from .bounds import check_flag
from .entropy import Entropy
from .errors import EnrolmentError, UserDetailsError
from .factors.base import Context
from .guard import Guard
from .normalise import require_text
from .outcomes import Outcome, Reason
from .reauth import DISABLE, PASSWORD, REGENERATE, Reauthentication
from .results import ActionResult
from .user import User

APP_KEY = "the authenticator app's key"


class AccountSettings:
    """The 2-Factor Auth page's changes, the password, remembered devices and support.

    Args:
        accounts, attempts, guard: the portal's users, open sign-ins and guard.
        reauth: checks the proof an action needs.
        entropy: for new backup codes.
    """

    def __init__(self, accounts: Accounts, attempts: Attempts, guard: Guard, reauth: Reauthentication,
                 entropy: Entropy) -> None:
        self._accounts = accounts
        self._attempts = attempts
        self._guard = guard
        self._reauth = reauth
        self._entropy = entropy

    def disable_two_factor(self, login: str, password: str | None = None, code: str | None = None) -> ActionResult:
        """Turn 2FA OFF after the proof the policy asks for. Deletes the app's
        secret, the backup codes and (per policy) the remembered devices; the
        result says what was deleted.

        Raises:
            EnrolmentError: 2FA is not on.
            InputTypeError: a password or code given but not text.
        """
        return self._sensitive(login, DISABLE, password, code, self._disable)

    def regenerate_backup_codes(self, login: str, password: str | None = None, code: str | None = None) -> ActionResult:
        """A new set of backup codes (the old set stops working), after the
        proof the policy asks for.

        Raises:
            EnrolmentError: 2FA is not on.
            InputTypeError: a password or code given but not text.
        """
        return self._sensitive(login, REGENERATE, password, code, self._regenerate)

    def _disable(self, user: User, now: float) -> ActionResult:
        unused = user.backup.remaining if user.backup else 0
        ended = user.remembered.revoke_all(now, "2FA turned off") if self._guard.policy.forget_on_2fa_change else 0
        user.totp = user.backup = None
        deleted = (APP_KEY, _count(unused, "unused backup code"), _count(ended, "remembered device"))
        self._guard.record(user.login, DISABLE, Outcome.OK, Reason.ACCEPTED, "",
                           (("backup_codes_deleted", unused), ("devices_ended", ended)))
        self._guard.notify(user.login, "2fa_off")
        return ActionResult(Outcome.OK, Reason.ACCEPTED,
                            "Two-factor authentication is off. Deleted: " + ", ".join(deleted) + ".", deleted=deleted)

    def _regenerate(self, user: User, now: float) -> ActionResult:
        policy = self._guard.policy
        revoked = user.backup.remaining
        codes = user.backup.issue(Context(now, policy, self._entropy))
        ended = user.remembered.revoke_all(now, "backup codes regenerated") if policy.forget_on_backup_regeneration else 0
        self._guard.record(user.login, REGENERATE, Outcome.OK, Reason.ACCEPTED, "backup",
                           (("revoked_unused", revoked), ("backup_codes", user.backup.total), ("devices_ended", ended)))
        self._guard.notify(user.login, "backup_regenerated")
        return ActionResult(Outcome.OK, Reason.ACCEPTED,
                            "New backup codes: the old ones no longer work. Save these somewhere safe.",
                            backup_codes=tuple(codes))

    def change_password(self, login: str, old_password: str, new_password: str) -> ActionResult:
        """Change the password (the old one is required); per policy this ends
        every remembered device, and sign-ins begun with the old one can't finish.

        Raises:
            InputTypeError: a password that is not text.
        """
        user = self._accounts.get(login)
        require_text(old_password, "old password")
        require_text(new_password, "new password")
        with self._guard.hold(user) as now:
            if is_blank_password(new_password):
                self._guard.record(user.login, PASSWORD, Outcome.MALFORMED, Reason.BAD_FORMAT, "password")
                return ActionResult(Outcome.MALFORMED, Reason.BAD_FORMAT, "The new password must not be empty.")
            refused = self._reauth.check(user, PASSWORD, old_password, None)
            if refused:
                return refused.action_result()
            self._accounts.set_password(user, new_password)
            ended = (user.remembered.revoke_all(now, "password changed")
                     if self._guard.policy.forget_on_password_change else 0)
            self._attempts.end_for(user.login)
            self._guard.record(user.login, PASSWORD, Outcome.OK, Reason.ACCEPTED, "password", (("devices_ended", ended),))
            self._guard.notify(user.login, "password_changed")
        return ActionResult(Outcome.OK, Reason.ACCEPTED, "Your password was changed.")

    def support_reset(self, login: str, agent: str, identity_verified: bool, ticket: str) -> ActionResult:
        """Support turns 2FA off for a user who lost the phone and every backup
        code (the path after ``Exhaustion.SUPPORT_RESET``), only once the
        agent verified the user's identity (OWASP MFA Cheat Sheet). Deletes
        the app's key, the backup codes and every remembered device, lifts a
        lock, and notifies the user out of band.

        Raises:
            UserDetailsError: no agent name or ticket.
            InputTypeError: a non-text agent or ticket, or a non-bool ``identity_verified``.
        """
        user = self._accounts.get(login)
        require_text(agent, "agent")
        require_text(ticket, "ticket")
        if not agent.strip() or not ticket.strip():
            raise UserDetailsError("a support reset needs the agent's name and a ticket number")
        identity_verified = check_flag(identity_verified, "identity_verified")
        detail = (("agent", agent), ("ticket", ticket))
        guard = self._guard
        with guard.hold(user) as now:
            if not identity_verified:
                guard.record(user.login, "support.reset", Outcome.REFUSED, Reason.IDENTITY_NOT_VERIFIED, "", detail)
                return ActionResult(Outcome.REFUSED, Reason.IDENTITY_NOT_VERIFIED, guard.say(Reason.IDENTITY_NOT_VERIFIED))
            unused = user.backup.remaining if user.backup else 0
            ended = user.remembered.revoke_all(now, "support reset")
            user.totp = user.backup = user.pending = None
            user.throttle.unlock()
            guard.record(user.login, "support.reset", Outcome.OK, Reason.ACCEPTED, "",
                         detail + (("backup_codes_deleted", unused), ("devices_ended", ended), ("user_notified", "email")))
            guard.notify(user.login, "2fa_reset", (("ticket", ticket),))
        return ActionResult(Outcome.OK, Reason.ACCEPTED,
                            "Two-factor authentication was reset by support. The user was notified by email, signs "
                            "in with the password, and must turn 2FA on again.",
                            deleted=(APP_KEY, _count(unused, "unused backup code"), _count(ended, "remembered device")))

    def devices_frame(self, login: str):
        """The user's remembered devices as a pandas DataFrame (no tokens):
        device, browser, issued, expires, state, ended_by."""
        import pandas as pd

        rows = self._accounts.get(login).remembered.rows(self._guard.clock.now())
        return pd.DataFrame(rows, columns=["device", "browser", "issued", "expires", "state", "ended_by"])

    def revoke_device(self, login: str, device_id: str) -> ActionResult:
        """End one remembered device; its browser is asked for a code again."""
        user = self._accounts.get(login)
        require_text(device_id, "device id")
        with self._guard.hold(user) as now:
            if not user.remembered.revoke(device_id, now, "revoked by user"):
                known = device_id if user.remembered.knows(device_id) else "(not one of the user's devices)"
                self._guard.record(user.login, "device.revoke", Outcome.REFUSED, Reason.TOKEN_UNKNOWN, "remembered",
                                   (("device", known),))
                return ActionResult(Outcome.REFUSED, Reason.TOKEN_UNKNOWN, "That device is not an active remembered device.")
            self._guard.record(user.login, "device.revoke", Outcome.OK, Reason.ACCEPTED, "remembered", (("device", device_id),))
        return ActionResult(Outcome.OK, Reason.ACCEPTED, f"{device_id} is no longer remembered.")

    def _sensitive(self, login: str, action: str, password: str | None, code: str | None,
                   change: Callable[[User, float], ActionResult]) -> ActionResult:
        """Make ``change`` once 2FA is on and the proof ``action`` needs is right."""
        user = self._accounts.get(login)
        with self._guard.hold(user) as now:
            if user.totp is None:
                raise EnrolmentError("two-factor authentication is not on")
            refused = self._reauth.check(user, action, password, code)
            return refused.action_result() if refused else change(user, now)


def _count(n: int, thing: str) -> str:
    """``"1 remembered device"``, ``"2 remembered devices"``."""
    return f"{n} {thing}{'s' if n != 1 else ''}"
