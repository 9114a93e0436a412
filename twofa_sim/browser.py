"""A web browser, as far as the portal cares: an id and a cookie jar.

The remembered-device token lives here, on the client side; the portal keeps
only its fingerprint.
"""

from __future__ import annotations

from .errors import InputTypeError
from .normalise import require_text, require_visible_text

REMEMBER_COOKIE = "remember-2fa"

#: Longest browser id, in characters.
MAX_ID_CHARS = 256

#: Longest cookie value stored, in characters (browsers keep about 4 KB per cookie).
MAX_COOKIE_CHARS = 4096


class Browser:
    """One browser profile on one computer.

    Args:
        browser_id: a stable name for it ("alice-laptop"), 1 to
            :data:`MAX_ID_CHARS` characters a person can read: no control,
            format (zero-width, bidi override) or lone surrogate character,
            so an id shown in the audit trail or the devices table cannot
            pass for other text.

    Raises:
        InputTypeError: ``browser_id`` is not non-empty, valid text of at
            most :data:`MAX_ID_CHARS` characters, or holds an invisible
            character.
    """

    def __init__(self, browser_id: str) -> None:
        require_visible_text(require_text(browser_id, "browser_id"), "browser_id", InputTypeError)
        if not browser_id or len(browser_id) > MAX_ID_CHARS:
            raise InputTypeError(f"browser_id must be a non-empty string of at most {MAX_ID_CHARS} characters")
        self.browser_id = browser_id
        self._cookies: dict[tuple[str, str], str] = {}

    def cookie(self, name: str, login: str) -> str | None:
        """The cookie ``name`` set for ``login``, or None.

        Raises:
            InputTypeError: ``name`` or ``login`` is not valid text.
        """
        return self._cookies.get((require_text(name, "name"), require_text(login, "login")))

    def set_cookie(self, name: str, login: str, value: str) -> None:
        """Store a cookie for ``login`` (the portal does this on sign-in).

        Raises:
            InputTypeError: ``name``, ``login`` or ``value`` is not valid text,
                or ``value`` is longer than :data:`MAX_COOKIE_CHARS`.
        """
        key = (require_text(name, "name"), require_text(login, "login"))
        if len(require_text(value, "value")) > MAX_COOKIE_CHARS:
            raise InputTypeError(f"a cookie value is at most {MAX_COOKIE_CHARS} characters (browsers keep 4 KB)")
        self._cookies[key] = value

    def clear_cookies(self) -> None:
        """Forget every cookie (a private window, or "clear browsing data")."""
        self._cookies.clear()

    def __repr__(self) -> str:
        return f"Browser({self.browser_id!r}, {len(self._cookies)} cookie(s), values hidden)"
