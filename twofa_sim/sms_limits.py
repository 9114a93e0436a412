"""Hourly limits on sending SMS codes, so a script pressing "Send SMS Code"
in a loop (SMS pumping, toll fraud) is stopped (OWASP MFA Cheat Sheet:
rate-limit sends).

Three sliding one-hour windows: per destination number, per account and per
destination region. A refused send is counted too, so the stop is visible.
"""

from __future__ import annotations

from collections import defaultdict, deque
from types import MappingProxyType

WINDOW_SECONDS = 3600.0

#: The kinds of limit, in the order they are checked.
KINDS = ("number", "account", "region")


class SmsLimits:
    """Sliding-window send counters.

    Args:
        limits: kind → most sends allowed in any hour (0 = no limit).
    """

    def __init__(self, limits: dict[str, int]) -> None:
        unknown = set(limits) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown limit kind(s): {sorted(unknown)}")
        self.limits = MappingProxyType(dict(limits))  # read-only: the policy sets them
        self._sends: dict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._refused: dict[tuple[str, str], int] = defaultdict(int)

    @classmethod
    def from_policy(cls, policy) -> "SmsLimits":
        """The limits a :class:`~twofa_sim.policy.Policy` sets (``sms_per_*_per_hour``)."""
        return cls({"number": policy.sms_per_number_per_hour, "account": policy.sms_per_account_per_hour,
                    "region": policy.sms_per_region_per_hour})

    def _recent(self, kind: str, key: str, now: float) -> deque[float]:
        times = self._sends[(kind, key)]
        while times and times[0] <= now - WINDOW_SECONDS:
            times.popleft()
        return times

    def check(self, keys: dict[str, str], now: float) -> tuple[str, float] | None:
        """``(kind, seconds until allowed)`` for the first limit a send now
        would break, else None. Nothing is recorded."""
        for kind in KINDS:
            limit = self.limits.get(kind, 0)
            if limit and kind in keys:
                recent = self._recent(kind, keys[kind], now)
                if len(recent) >= limit:
                    return kind, recent[0] + WINDOW_SECONDS - now
        return None

    def record(self, keys: dict[str, str], now: float) -> None:
        """Count one send under every key."""
        for kind, key in keys.items():
            self._recent(kind, key, now).append(now)

    def record_refusal(self, kind: str, key: str) -> None:
        """Count a send stopped by the ``kind`` limit."""
        self._refused[(kind, key)] += 1

    def sends_in_window(self, kind: str, key: str, now: float) -> int:
        """Sends under ``key`` in the hour up to ``now``."""
        return len(self._recent(kind, key, now))

    def to_frame(self, now: float):
        """Counters as a pandas DataFrame: kind, key, sends in the last hour, limit, refused."""
        import pandas as pd

        keys = sorted(set(self._sends) | set(self._refused))
        rows = [{"limit": kind, "key": key, "sends last hour": self.sends_in_window(kind, key, now),
                 "per hour": self.limits.get(kind, 0), "refused": self._refused.get((kind, key), 0)}
                for kind, key in keys]
        return pd.DataFrame(rows, columns=["limit", "key", "sends last hour", "per hour", "refused"])
