"""Limits on sending SMS codes, so a script pressing "Send SMS Code" in a
loop (SMS pumping, toll fraud) is stopped (OWASP MFA Cheat Sheet: rate-limit
sends).

Sliding windows: per destination number, per account and per destination
region over an hour, and per number and per account over a day (a script
that waits out each hourly window still meets the daily cap). A refused
send is counted too, so the stop is visible.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Mapping
from types import MappingProxyType

from .bounds import SMS_SENDS, shown, whole, within
from .clock import check_epoch
from .errors import InputTypeError, PolicyError

HOUR, DAY = 3600.0, 86_400.0
WINDOW_SECONDS = HOUR  # the hourly limits' window

#: Each limit: name → (what it keys on, its window in seconds), in the order checked.
LIMITS = {
    "number": ("number", HOUR),
    "account": ("account", HOUR),
    "region": ("region", HOUR),
    "number per day": ("number", DAY),
    "account per day": ("account", DAY),
}

#: The kinds of key a send is counted under.
KINDS = ("number", "account", "region")


class SmsLimits:
    """Sliding-window send counters.

    Args:
        limits: limit name (:data:`LIMITS`) → most sends allowed in its
            window (0 = no limit). Read-only once built.

    Raises:
        InputTypeError: ``limits`` is not a mapping of name → whole number.
        PolicyError: an unknown limit name, or a limit outside
            :data:`~twofa_sim.bounds.SMS_SENDS`.
    """

    def __init__(self, limits: dict[str, int]) -> None:
        if not isinstance(limits, Mapping):
            raise InputTypeError(f"limits must be a dict of limit name → most sends, not {type(limits).__name__}")
        unknown = [name for name in limits if name not in LIMITS]
        if unknown:
            names = ", ".join(repr(name)[:40] for name in unknown[:5])
            raise PolicyError(f"unknown limit(s): {names}; the limits are {', '.join(map(repr, LIMITS))}")
        counted = {}
        for name, most in limits.items():
            if whole(most) is None:
                raise InputTypeError(f"limit {name!r} must be a whole number of sends (int), not {type(most).__name__}")
            if not within(most, SMS_SENDS):
                raise PolicyError(f"limit {name!r} must be from {SMS_SENDS[0]} to {SMS_SENDS[1]:,} sends "
                                  f"(0 = no limit), got {shown(whole(most))}")
            counted[name] = whole(most)
        self.limits = MappingProxyType(counted)  # read-only: the policy sets them
        self._sends: dict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._refused: dict[tuple[str, str], int] = defaultdict(int)

    @classmethod
    def from_policy(cls, policy) -> "SmsLimits":
        """The limits a :class:`~twofa_sim.policy.Policy` sets (``sms_per_*``)."""
        return cls({"number": policy.sms_per_number_per_hour, "account": policy.sms_per_account_per_hour,
                    "region": policy.sms_per_region_per_hour, "number per day": policy.sms_per_number_per_day,
                    "account per day": policy.sms_per_account_per_day})

    def _times(self, kind: str, key: str, now: float) -> deque[float]:
        times = self._sends[(kind, key)]
        while times and times[0] <= now - DAY:  # the longest window
            times.popleft()
        return times

    def _in_window(self, name: str, key: str, now: float) -> list[float]:
        kind, window = LIMITS[name]
        return [t for t in self._times(kind, key, now) if t > now - window]

    def check(self, keys: dict[str, str], now: float) -> tuple[str, float] | None:
        """``(limit name, seconds until allowed)`` for the first limit a send
        now would break, else None. Nothing is recorded.

        Args:
            keys: kind ("number", "account", "region") → key.
        """
        for name, (kind, window) in LIMITS.items():
            limit = self.limits.get(name, 0)
            if limit and kind in keys:
                recent = self._in_window(name, keys[kind], now)
                if len(recent) >= limit:
                    return name, recent[-limit] + window - now
        return None

    def record(self, keys: dict[str, str], now: float) -> None:
        """Count one send under every key."""
        for kind, key in keys.items():
            self._times(kind, key, now).append(now)

    def record_refusal(self, name: str, keys: dict[str, str]) -> None:
        """Count a send stopped by the limit ``name`` (under its kind's key in ``keys``)."""
        self._refused[(name, keys[LIMITS[name][0]])] += 1

    def sends_in_window(self, name: str, key: str, now: float) -> int:
        """Sends under ``key`` in the window of limit ``name`` up to ``now``."""
        return len(self._in_window(name, key, now))

    def to_frame(self, now: float):
        """Counters as a pandas DataFrame: limit, key, window, sends in window,
        allowed (0 = no limit), refused. One row per limit and key seen.

        Raises:
            ClockError: ``now`` is not a time (UTC epoch seconds).
        """
        import pandas as pd

        now = check_epoch(now, "now")
        keys_by_kind: dict[str, set[str]] = defaultdict(set)
        for kind, key in self._sends:
            keys_by_kind[kind].add(key)
        for name, key in self._refused:
            keys_by_kind[LIMITS[name][0]].add(key)
        rows = [{"limit": name, "key": key, "window": "day" if window == DAY else "hour",
                 "sends in window": self.sends_in_window(name, key, now), "allowed": self.limits.get(name, 0),
                 "refused": self._refused.get((name, key), 0)}
                for name, (kind, window) in LIMITS.items() for key in sorted(keys_by_kind[kind])]
        return pd.DataFrame(rows, columns=["limit", "key", "window", "sends in window", "allowed", "refused"])
