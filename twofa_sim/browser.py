"""A web browser, as far as the portal cares: an id and a cookie jar.

The remembered-device token lives here, on the client side; the portal keeps
only its fingerprint.
"""

from __future__ import annotations

from .errors import InputTypeError

REMEMBER_COOKIE = "remember-2fa"


class Browser:
    """One browser profile on one computer.

    Args:
        browser_id: a stable name for it ("alice-laptop").
    """

    def __init__(self, browser_id: str) -> None:
        if not isinstance(browser_id, str) or not browser_id:
            raise InputTypeError("browser_id must be a non-empty string")
        self.browser_id = browser_id
        self._cookies: dict[tuple[str, str], str] = {}

    def cookie(self, name: str, login: str) -> str | None:
        """The cookie ``name`` set for ``login``, or None."""
        return self._cookies.get((name, login))

    def set_cookie(self, name: str, login: str, value: str) -> None:
        """Store a cookie for ``login`` (the portal does this on sign-in)."""
        self._cookies[(name, login)] = value

    def clear_cookies(self) -> None:
        """Forget every cookie (a private window, or "clear browsing data")."""
        self._cookies.clear()

    def __repr__(self) -> str:
        return f"Browser({self.browser_id!r}, {len(self._cookies)} cookie(s), values hidden)"
