"""Lockout as denial of service: an attacker who has the password keeps
typing wrong codes, and the real user is locked out meanwhile.

Every lockout blocks the account for ``lockout_seconds`` (RFC 4226 §7.3,
NIST SP 800-63B §5.2.2), whoever tries next; backoff blocks it until the
next attempt is allowed. Once the cap on consecutive code failures is
reached (``code_failure_cap``), app and SMS codes are not checked at all
until a backup code or support restores them.
"""

from __future__ import annotations

from ..app import AEGIS
from ..entropy import check_seed
from ..policy import Policy
from ._world import DAY, _policy, _positive, told
from .guessing import MAX_ENGINE_CALLS, _Run, run_cost
from ..errors import SimulationError

#: Columns of :func:`lockout_denial`.
COLUMNS = ("day", "attacker guesses", "lockouts", "locked (s)", "locked (% of day)", "locked (% of day, analytic)",
           "app codes capped from (s into day)", "victim told")


def lockout_denial(policy: Policy, days: float = 3, per_second: float = 1.0, seed: int = 2026):
    """How long the real user is locked out per day while the attacker keeps failing.

    The attacker guesses app codes as in
    :func:`~twofa_sim.attacks.guessing.guessing_table` (counted: every
    guess wrong). Locked time is the union of every lockout and backoff
    interval the engine set, cut at day boundaries (virtual days from the
    start of the attack).

    The analytic share, for a lockout policy without backoff or cap, is
    ``L / ((F − 1)·g + L)`` for F failures, a lock of L s and g s between
    guesses (the attacker fails F times, then waits out the lock); with
    backoff or a cap it is not given (None).

    Args:
        days: length of the attack in days (above 0, at most 366).
        per_second: the attacker's top rate (above 0, at most 1,000).

    Returns:
        A pandas DataFrame, one row per day, columns :data:`COLUMNS`;
        "app codes capped from" is the second of the day the cap was
        reached (None when it was not: then the user's own app code still
        works whenever the account is not locked).

    Raises:
        InputTypeError: not a Policy, a seed that is not a whole number.
        SimulationError: ``days``, ``per_second`` or the seed out of range
            (:func:`~twofa_sim.entropy.check_seed`), or a run
            needing too many engine calls.
    """
    import pandas as pd

    policy = _policy(policy)
    seed = check_seed(seed)
    days = _positive(days, "days", 366)
    per_second = _positive(per_second, "per_second", 1000)
    seconds = days * DAY
    if run_cost(policy, seconds, per_second, "app") > MAX_ENGINE_CALLS:
        raise SimulationError("that run needs too many engine calls for this policy: shorten it")
    run = _Run(policy, "app", per_second, seed, False, True, False, scan=False, profile=AEGIS)
    marks = [min(float(d * DAY), seconds) for d in range(1, int(-(-days // 1)) + 1)]
    snapshots = []
    run.run(marks, lambda h: snapshots.append((h, run.guesses, run.user.throttle.lockouts, run.capped_at)))
    gap = 1.0 / per_second
    analytic = None
    if policy.lockout_failures and not policy.backoff_seconds and not policy.code_failure_cap:
        cycle = (policy.lockout_failures - 1) * gap + max(policy.lockout_seconds, gap)
        analytic = round(100 * policy.lockout_seconds / cycle, 2)
    rows, before = [], (0, 0)
    for h, guesses, lockouts, capped_at in snapshots:
        day_start = run.start + max(0.0, h - DAY)
        day_end = run.start + h
        locked = _covered(run.lock_intervals, day_start, day_end)
        capped = None
        if capped_at is not None and capped_at < day_end:
            capped = max(0.0, capped_at - day_start)
        rows.append({"day": len(rows) + 1, "attacker guesses": guesses - before[0], "lockouts": lockouts - before[1],
                     "locked (s)": round(locked, 1), "locked (% of day)": round(100 * locked / (day_end - day_start), 2),
                     "locked (% of day, analytic)": analytic, "app codes capped from (s into day)": capped,
                     "victim told": told(run.portal, run.user.login, day_start, day_end + 1)})
        before = (guesses, lockouts)
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _covered(intervals: list[tuple[float, float]], low: float, high: float) -> float:
    """Seconds of [low, high) inside the union of ``intervals``."""
    total, reach = 0.0, low
    for start, end in sorted(intervals):
        start, end = max(start, reach), min(end, high)
        if end > start:
            total += end - start
            reach = end
    return total
