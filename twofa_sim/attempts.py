"""Open sign-ins: between the password step and the code step.

The portal hands out a read-only :class:`~twofa_sim.results.LoginAttempt`
handle and keeps the rest here. Memory stays bounded: a finished attempt is
dropped at once, and a user has at most :data:`MAX_OPEN_PER_USER` sign-ins
open; opening one more ends the oldest (a script abandoning sign-ins cannot
grow the portal's memory). A handle whose attempt was dropped still gets a
clear answer: any id this portal issued that is no longer open is finished.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass

from .browser import Browser
from .errors import InputTypeError
from .outcomes import Reason
from .results import LoginAttempt
from .user import User

#: Sign-ins one user may have open at once (browsers, tabs); opening another ends the oldest.
MAX_OPEN_PER_USER = 8


@dataclass(slots=True)
class OpenAttempt:
    """What the portal keeps of an open sign-in: the handle it gave out, the
    browser (for setting the remember cookie) and whose sign-in it is."""

    handle: LoginAttempt
    browser: Browser
    user: User


class Attempts:
    """The portal's open sign-ins.

    Args:
        login_step_seconds: time allowed between the password step and the
            code step (the policy's ``login_step_seconds``).
    """

    def __init__(self, login_step_seconds: int) -> None:
        self._step = login_step_seconds
        self._open: dict[int, OpenAttempt] = {}
        self._by_user: dict[str, deque[int]] = {}
        self._issued = 0
        self._lock = threading.Lock()

    def open(self, user: User, browser: Browser, now: float) -> LoginAttempt:
        """Open a sign-in for ``user`` in ``browser`` at ``now``; returns its
        handle. The user's oldest open sign-in ends when this one would be
        more than :data:`MAX_OPEN_PER_USER`."""
        login = user.login
        with self._lock:
            self._issued += 1
            handle = LoginAttempt(self._issued, login, browser.browser_id, now)
            self._open[handle.attempt_id] = OpenAttempt(handle, browser, user)
            mine = self._by_user.setdefault(login, deque())
            mine.append(handle.attempt_id)
            while len(mine) > MAX_OPEN_PER_USER:
                self._open.pop(mine.popleft(), None)
            return handle

    def find(self, handle: LoginAttempt) -> OpenAttempt | None:
        """The open attempt behind ``handle``, or None when it is finished.

        Raises:
            InputTypeError: not a handle this portal gave out.
        """
        if isinstance(handle, LoginAttempt):
            found = self._open.get(handle.attempt_id)
            if found is not None and found.handle is handle:  # the very handle this portal gave out
                return found
        if not isinstance(handle, LoginAttempt) or not isinstance(handle.attempt_id, int) \
                or not 1 <= handle.attempt_id <= self._issued:
            raise InputTypeError("attempt must be a LoginAttempt returned by this portal's begin_login")
        found = self._open.get(handle.attempt_id)
        if found is not None and found.handle is not handle:
            raise InputTypeError("attempt must be a LoginAttempt returned by this portal's begin_login")
        return found

    def closed(self, handle: LoginAttempt, now: float) -> Reason | None:
        """Why no code may be taken for ``handle`` at ``now``: ATTEMPT_FINISHED
        (already finished), LOGIN_STEP_EXPIRED (past the timeout); else None.
        An attempt found expired is finished.

        Raises:
            InputTypeError: not a handle this portal gave out.
        """
        found = self._open.get(handle.attempt_id) if isinstance(handle, LoginAttempt) else None
        if (found is None or found.handle is not handle) and self.find(handle) is None:  # find: checked again
            return Reason.ATTEMPT_FINISHED
        if now >= handle.started_at + self._step:
            self.finish(handle)
            return Reason.LOGIN_STEP_EXPIRED
        return None

    def finish(self, handle: LoginAttempt) -> None:
        """Close ``handle``'s sign-in and drop it."""
        with self._lock:
            if self._open.pop(handle.attempt_id, None) is not None:
                self._by_user[handle.login].remove(handle.attempt_id)

    def end_for(self, login: str) -> None:
        """Finish every open sign-in of ``login`` (after a password change)."""
        with self._lock:
            for attempt_id in self._by_user.pop(login, ()):
                self._open.pop(attempt_id, None)

    def __len__(self) -> int:
        return len(self._open)

    def __repr__(self) -> str:
        return f"Attempts({len(self._open)} open of {self._issued} issued)"
