"""The portal's users: creating them and finding them by login.

Logins are matched ignoring case and surrounding spaces. An unknown login
at the password step is checked against a decoy hash of the same cost, so
timing does not tell which logins exist.
"""

from __future__ import annotations

import threading
import unicodedata

from .entropy import Entropy, SeededEntropy
from .errors import DuplicateUserError, UnknownUserError, UserDetailsError
from .hashing import hash_value, verify_value
from .normalise import require_text, require_visible_text
from .policy import Policy
from .user import User

#: Longest login accepted (the longest email address, RFC 5321 §4.5.3.1.3 path limit).
MAX_LOGIN_CHARS = 254

#: Longest display name accepted, in characters.
MAX_NAME_CHARS = 200


def login_key(login: str) -> str:
    """The key a login is matched by: no surrounding spaces, compatibility
    characters folded (NFKC: a Kelvin sign is a K, full-width letters are
    letters), case-folded; so look-alike logins are one account.

    Raises:
        InputTypeError: ``login`` is not valid text.
    """
    return _key(require_text(login, "login"))


def _key(login: str) -> str:
    return unicodedata.normalize("NFKC", login).strip().casefold()


def is_blank_password(password: str) -> bool:
    """True when ``password`` has no character but blanks (spaces, tabs, no-break
    spaces...): no password at all, whether a user is added or a password
    changed. Blanks inside a password are kept and count (NIST SP 800-63B
    §5.1.1.2 allows spaces).

    Raises:
        InputTypeError: ``password`` is not text.
    """
    return not require_text(password, "password").strip()


class Accounts:
    """Every user of one portal.

    Args:
        entropy: salts for password hashes.
        policy: the hashing cost.
    """

    def __init__(self, entropy: Entropy, policy: Policy) -> None:
        self._entropy = entropy
        self._policy = policy
        self._users: dict[str, User] = {}
        self._lock = threading.Lock()
        self._decoy: str | None = None

    def add(self, login: str, password: str, name: str) -> User:
        """Create a user with 2FA off and return the record.

        Raises:
            DuplicateUserError: the login is taken.
            UserDetailsError: an empty login, password or name; a login over
                :data:`MAX_LOGIN_CHARS` or a name over :data:`MAX_NAME_CHARS`
                characters; a colon in the login (it can't be an authenticator
                app's account name); or control or format characters
                (zero-width, bidi overrides) in the login or name, which would
                make two different logins look the same.
            InputTypeError: a non-string argument, or text that is not valid Unicode.
        """
        for value, what in ((login, "login"), (password, "password"), (name, "name")):
            require_text(value, what)
        require_visible_text(login, "a login", UserDetailsError, MAX_LOGIN_CHARS)
        require_visible_text(name, "a name", UserDetailsError, MAX_NAME_CHARS)
        if not login.strip() or is_blank_password(password) or not name.strip():
            raise UserDetailsError("login, password and name must not be empty (nor only blanks)")
        if ":" in login:
            raise UserDetailsError("a login must not contain a colon "
                                   "(it becomes the account name in authenticator apps)")
        password_hash = hash_value(password, self._entropy, self._policy.hash_cost)
        with self._lock:
            key = login_key(login)
            if key in self._users:
                raise DuplicateUserError(f"a user with login {login!r} already exists")
            user = self._users[key] = User(login.strip(), name, password_hash)
        return user

    def get(self, login: str) -> User:
        """The record for ``login``.

        Raises:
            UnknownUserError: no such user.
            InputTypeError: ``login`` is not text.
        """
        user = self._find(require_text(login, "login"))
        if user is None:  # never echo what was typed: people type passwords into the login field
            raise UnknownUserError(f"no user with that login ({len(login)} characters typed)")
        return user

    def find(self, login: str) -> User | None:
        """The record for ``login``, or None (also for over-long logins).

        Raises:
            InputTypeError: ``login`` is not valid text.
        """
        return self._find(require_text(login, "login"))

    def _find(self, login: str) -> User | None:
        return self._users.get(_key(login)) if len(login) <= MAX_LOGIN_CHARS else None

    def logins(self) -> list[str]:
        """Every login, in creation order."""
        return [u.login for u in self._users.values()]

    def check_password(self, user: User | None, password: str) -> bool:
        """True when ``password`` is ``user``'s; an unknown user costs the same
        work (a decoy hash) and is always False."""
        if user is None:
            verify_value(password, self._decoy_hash())
            return False
        return verify_value(password, user.password_hash)

    def set_password(self, user: User, password: str) -> None:
        """Store a new salted hash of ``password`` for ``user``."""
        user.password_hash = hash_value(password, self._entropy, self._policy.hash_cost)

    def __len__(self) -> int:
        return len(self._users)

    def _decoy_hash(self) -> str:
        if self._decoy is None:
            self._decoy = hash_value("decoy", SeededEntropy(0), self._policy.hash_cost)
        return self._decoy
