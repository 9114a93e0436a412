"""A browser that honours cookie expiry, which Django's test ``Client`` does not.

The test client keeps every cookie a response sets, forever. A browser
keeps a cookie until its expiry time: with ``Max-Age`` the moment it
received it plus that many seconds, else the ``Expires`` date (RFC 6265
§5.2.2 and §5.3: Max-Age wins over Expires); it stops sending it from
that moment on (as Chromium's and Firefox's cookie stores do, an expiry
time equal to now is expired). A deleted cookie (``Max-Age=0``) is gone at
once. Times come from the world's clock, never the machine's.
"""

from __future__ import annotations

from email.utils import parsedate_to_datetime


class Browser:
    """One named browser: a Django test client and when each of its cookies expires.

    Args:
        name: the browser's name in the scenario.
        client: a ``django.test.Client`` (its cookie jar is the browser's).

    Attributes:
        shown: the login page the browser shows ("" before any, "token",
            "backup", "auth"), so a code typed later goes to that form.
    """

    def __init__(self, name: str, client) -> None:
        self.name = name
        self.client = client
        self.expiry: dict[str, float | None] = {}
        self.shown = ""

    def drop_expired(self, now: float) -> list[str]:
        """Forget every cookie whose expiry time has come; returns their names."""
        gone = [name for name, when in self.expiry.items() if when is not None and now >= when]
        for name in gone:
            self.client.cookies.pop(name, None)
            del self.expiry[name]
        return gone

    def received(self, response, now: float) -> None:
        """Note when each cookie ``response`` sets expires (received at ``now``)."""
        for name, morsel in response.cookies.items():
            self.expiry[name] = expiry_of(morsel, now)
        self.drop_expired(now)

    def __repr__(self) -> str:
        return f"Browser({self.name!r}, {len(self.client.cookies)} cookie(s))"


def expiry_of(morsel, now: float) -> float | None:
    """When a cookie set at ``now`` expires (UTC epoch seconds), or None for a
    session cookie: ``Max-Age`` seconds from ``now``, else its ``Expires`` date."""
    max_age = str(morsel.get("max-age", "") or "").strip()
    if max_age:
        try:
            return now + max(int(max_age), 0)
        except ValueError:
            pass  # an unreadable Max-Age is ignored (RFC 6265 §5.2.2)
    expires = str(morsel.get("expires", "") or "").strip()
    if expires:
        try:
            return parsedate_to_datetime(expires).timestamp()
        except (TypeError, ValueError):
            return None
    return None
