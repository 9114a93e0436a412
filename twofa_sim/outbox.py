"""The portal's outbox: the security notices a user would get by e-mail.

Real portals tell people about changes to their sign-in security, so a
change they did not make is noticed (OWASP MFA Cheat Sheet: notify the user
of MFA changes; NIST SP 800-63B §5.1.4.2 lets a verifier warn of a code
used twice). The simulation records each notice here instead of sending it:
an attack's result can say what its victim would have been told.

Notices never hold a secret: no code, token or secret, only what happened.
"""

from __future__ import annotations

from dataclasses import dataclass

from .bounds import shown
from .clock import to_datetime
from .errors import InputTypeError

#: Each kind of notice and its subject line, written once.
SUBJECTS = {
    "2fa_on": "Two-factor authentication was turned on",
    "2fa_off": "Two-factor authentication was turned off",
    "2fa_reset": "Support reset your two-factor authentication",
    "backup_regenerated": "New backup codes were generated; the old ones no longer work",
    "backup_low": "You are running low on backup codes",
    "phone_changed": "Your cell phone number for sign-in codes was changed",
    "password_changed": "Your password was changed",
    "new_remembered_device": "A new device will not be asked for a code",
    "code_reused": "A sign-in code was used a second time",
    "codes_capped": "Too many wrong codes: codes from your app and SMS codes are blocked",
}

#: The columns of :meth:`Outbox.to_frame`, in order.
COLUMNS = ("time", "user", "notice", "subject", "details")


@dataclass(frozen=True, slots=True)
class Notice:
    """One e-mail the user would get.

    Attributes:
        time: UTC epoch seconds.
        user: the login it goes to.
        kind: a key of :data:`SUBJECTS`.
        details: non-secret (key, value) pairs (which browser, which number, how many left).
    """

    time: float
    user: str
    kind: str
    details: tuple[tuple[str, object], ...] = ()

    @property
    def subject(self) -> str:
        """The e-mail's subject line."""
        return SUBJECTS[self.kind]


class Outbox:
    """Every notice the portal would have e-mailed, oldest first."""

    def __init__(self) -> None:
        self._notices: list[Notice] = []

    def send(self, notice: Notice) -> None:
        """Record ``notice``.

        Raises:
            InputTypeError: not a Notice, or an unknown kind.
        """
        if not isinstance(notice, Notice):
            raise InputTypeError(f"the outbox sends Notices, not {type(notice).__name__}")
        if not isinstance(notice.kind, str) or notice.kind not in SUBJECTS:
            raise InputTypeError(f"unknown notice kind {shown(notice.kind)}; known: {', '.join(SUBJECTS)}")
        self._notices.append(notice)

    def to(self, login: str) -> list[Notice]:
        """The notices ``login`` would have got (matched ignoring case and surrounding spaces)."""
        if not isinstance(login, str):
            raise InputTypeError(f"login must be text (str), not {type(login).__name__}")
        wanted = login.strip().casefold()
        return [n for n in self._notices if n.user.casefold() == wanted]

    def kinds(self, login: str) -> list[str]:
        """The kinds of notice ``login`` would have got, oldest first."""
        return [n.kind for n in self.to(login)]

    def to_frame(self):
        """The notices as a pandas DataFrame with columns :data:`COLUMNS`."""
        import pandas as pd

        rows = [{"time": to_datetime(n.time), "user": n.user, "notice": n.kind, "subject": n.subject,
                 "details": ", ".join(f"{k}={v}" for k, v in n.details)} for n in self._notices]
        return pd.DataFrame(rows, columns=list(COLUMNS))

    def __len__(self) -> int:
        return len(self._notices)

    def __iter__(self):
        return iter(self._notices)

    def __repr__(self) -> str:
        return f"Outbox({len(self._notices)} notice(s))"
