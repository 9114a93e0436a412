"""The audit trail: one event per portal action, never a secret.

Events hold times, users, actions, outcomes, exact reasons and non-secret
details (which factor, which step offset, how many backup codes remain).
:meth:`AuditTrail.to_frame` gives a pandas DataFrame with fixed columns.

A trail made with ``keep_events=False`` keeps counts instead of events: how
many actions ended with each (action, outcome, reason). Long attack runs use
it, so millions of guesses take a few counters, not millions of records. A
trail that keeps its events counts them when asked.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import NamedTuple

from .bounds import check_flag, check_whole, number
from .clock import to_datetime
from .errors import InputTypeError, SimulationError

#: The columns of :meth:`AuditTrail.to_frame`, in order.
COLUMNS = ("time", "user", "action", "outcome", "reason", "factor", "details")

#: The columns of :meth:`AuditTrail.counts` (and of :meth:`AuditTrail.to_frame`
#: for a trail that keeps counts only), in order.
COUNT_COLUMNS = ("action", "outcome", "reason", "count")

#: Makes a named tuple from every field's value, without its Python-level constructor (one per event).
_make = tuple.__new__


class AuditEvent(NamedTuple):
    """One recorded action (an immutable named tuple: quick to make, one per action).

    Attributes:
        time: UTC epoch seconds.
        user: the login it concerns ("" when none matched).
        action: what was attempted ("login.password", "enrolment.confirm", ...).
        outcome: the :class:`~twofa_sim.outcomes.Outcome` value.
        reason: the exact :class:`~twofa_sim.outcomes.Reason` value.
        factor: which factor answered ("totp", "backup", ...), or "".
        details: non-secret (key, value) pairs.
    """

    time: float
    user: str
    action: str
    outcome: str
    reason: str
    factor: str = ""
    details: tuple[tuple[str, object], ...] = ()

    def row(self) -> dict:
        """The event as a table row.

        Raises:
            ClockError: the event's time is not a valid time.
        """
        return {
            "time": to_datetime(self.time),
            "user": self.user,
            "action": self.action,
            "outcome": self.outcome,
            "reason": self.reason,
            "factor": self.factor,
            "details": ", ".join(f"{k}={v}" for k, v in self.details),
        }


class AuditTrail:
    """An append-only list of :class:`AuditEvent`, or counts of them.

    Args:
        keep_events: True (the default) keeps every event; False keeps only
            how many events had each (action, outcome, reason), for attack
            runs of millions of actions. Either way :meth:`counts` gives the
            counts.

    Raises:
        InputTypeError: ``keep_events`` is not True or False.
    """

    def __init__(self, keep_events: bool = True) -> None:
        self.keep_events = check_flag(keep_events, "keep_events")
        self._events: list[AuditEvent] = []
        self._pairs: dict[tuple, tuple] = {}
        self._details: dict[tuple, tuple] = {}
        self._counts: dict[tuple[str, str, str], int] = {}  # counted only while events are not kept
        self._total = 0

    def record(self, event: AuditEvent) -> AuditEvent:
        """Append ``event`` (or, keeping counts only, count it) and return it.

        Detail pairs that recur (a text, a flag or a small number as value,
        such as ``("offset_steps", 0)``) are kept once for the whole trail,
        so a long trail stays small.

        Raises:
            InputTypeError: ``event`` is not an :class:`AuditEvent`.
        """
        if not isinstance(event, AuditEvent):
            raise InputTypeError(f"the audit trail records AuditEvents, not {type(event).__name__}")
        if not self.keep_events:
            self._count(event.action, event.outcome, event.reason)
            return event
        if event.details:
            event = AuditEvent(event.time, event.user, event.action, event.outcome, event.reason, event.factor,
                               self._share(event.details))
        self._events.append(event)
        return event

    def add(self, time: float, user: str, action: str, outcome: str, reason: str, factor: str = "",
            details: tuple[tuple[str, object], ...] = ()) -> AuditEvent:
        """:meth:`record` an event given by its fields (see :class:`AuditEvent`),
        made once, its recurring detail pairs shared as it is made.

        Raises:
            InputTypeError: ``time`` is not a number, ``details`` not a tuple,
                or another field not text.
        """
        if not (isinstance(user, str) and isinstance(action, str) and isinstance(outcome, str)
                and isinstance(reason, str) and isinstance(factor, str)):
            raise InputTypeError("an audit event's user, action, outcome, reason and factor are text (str)")
        if number(time) is None:
            raise InputTypeError(f"an audit event's time is UTC epoch seconds, not {type(time).__name__}")
        time = number(time)
        if not isinstance(details, tuple):
            raise InputTypeError(f"an audit event's details are a tuple of pairs, not {type(details).__name__}")
        if not self.keep_events:
            self._count(action, outcome, reason)
            return AuditEvent(time, user, action, outcome, reason, factor, details)
        event = AuditEvent(time, user, action, outcome, reason, factor, self._share(details) if details else details)
        self._events.append(event)
        return event

    def _append(self, time: float, user: str, action: str, outcome: str, reason: str, factor: str,
                details: tuple) -> None:
        """:meth:`add` for fields the engine made itself (already of the right
        types): appended as one event, recurring detail pairs shared (or,
        keeping counts only, counted)."""
        if not self.keep_events:
            self._count(action, outcome, reason)
            return
        if details:
            try:
                kept = self._details.get(details)  # as _share: details seen before, the usual case
            except TypeError:  # an unhashable value: _share keeps it as it is
                kept = None
            details = kept if kept is not None else self._share(details)
        self._events.append(_make(AuditEvent, (time, user, action, outcome, reason, factor, details)))

    def _count(self, action: str, outcome: str, reason: str, n: int = 1) -> None:
        key = (action, outcome, reason)
        self._counts[key] = self._counts.get(key, 0) + n
        self._total += n

    def _share(self, details: tuple) -> tuple:
        whole = self._details
        try:
            kept = whole.get(details)  # the same details seen before: the usual case, one look-up
        except TypeError:  # an unhashable value: not recurring
            kept = None
        if kept is not None:
            return kept
        pairs, shared, recurring = self._pairs, [], True
        for pair in details:
            try:
                kept = pairs.get(pair)  # only recurring pairs are kept
            except TypeError:  # unhashable: not a recurring pair
                kept, recurring = pair, False
            if kept is None:
                value = pair[1] if len(pair) == 2 else None
                recurs = (value is None or isinstance(value, (str, bool))
                          or (isinstance(value, int) and -1000 <= value <= 1000))
                if recurs and len(pairs) < 100_000:
                    kept = pairs.setdefault(pair, pair)
                else:
                    kept, recurring = pair, False
            shared.append(kept)
        shared = tuple(shared)
        if recurring and len(whole) < 100_000:  # every pair recurs: so may the whole
            whole.setdefault(shared, shared)
        return shared

    def count(self, action: str, outcome: str, reason: str, n: int = 1) -> None:
        """Count ``n`` events of (``action``, ``outcome``, ``reason``) without
        making them: for a trail that keeps counts only, when a simulation
        counts a run of identical refusals in closed form.

        Raises:
            SimulationError: the trail keeps every event (each must be recorded).
            InputTypeError: ``n`` is not a whole number >= 0.
        """
        if self.keep_events:
            raise SimulationError("this audit trail keeps every event: record each one")
        n = check_whole(n, "n", (0, math.inf), InputTypeError)
        if n:
            self._count(action, outcome, reason, n)

    def counts(self):
        """How many events had each (action, outcome, reason), as a pandas
        DataFrame with columns :data:`COUNT_COLUMNS`, sorted by action,
        outcome and reason. The same in both modes."""
        import pandas as pd

        counted = self._counts if not self.keep_events else Counter((e.action, e.outcome, e.reason) for e in self._events)
        rows = [(*key, n) for key, n in sorted(counted.items())]
        return pd.DataFrame(rows, columns=list(COUNT_COLUMNS))

    def __len__(self) -> int:
        """Events recorded (kept or counted)."""
        return len(self._events) if self.keep_events else self._total

    def __iter__(self):
        return iter(self._events)

    def __getitem__(self, index):
        return self._events[index]

    def to_frame(self, user: str | None = None, last: int | None = None):
        """The events as a pandas DataFrame with columns :data:`COLUMNS`.

        A trail that keeps counts only has no events to show: it gives
        :meth:`counts` instead (columns :data:`COUNT_COLUMNS`), and refuses
        ``user`` and ``last``, which it can't honour.

        Args:
            user: only this login's events, if given (matched like logins:
                ignoring case and surrounding spaces).
            last: only the last ``last`` events (>= 0), if given.

        Raises:
            InputTypeError: ``last`` is not a whole number >= 0.
            SimulationError: ``user`` or ``last`` given to a trail that keeps counts only.
        """
        import pandas as pd

        if not self.keep_events:
            if user is not None or last is not None:
                raise SimulationError("this audit trail keeps counts only: no events per user or last events")
            return self.counts()

        last = None if last is None else check_whole(last, "last", (0, math.inf), InputTypeError)
        if user is not None and not isinstance(user, str):
            raise InputTypeError(f"user must be a login (str), not {type(user).__name__}")
        wanted = user.strip().casefold() if user is not None else None
        events = [e for e in self._events if user is None or e.user.strip().casefold() == wanted]
        if last is not None:
            events = events[-last:] if last else []
        return pd.DataFrame([e.row() for e in events], columns=list(COLUMNS))

    def __repr__(self) -> str:
        if not self.keep_events:
            return f"AuditTrail({self._total} events counted, none kept)"
        return f"AuditTrail({len(self._events)} events)"
