"""Sweeps: run the same login many times with one thing varied, as a table.

Each row is a fresh, seeded world, so rows don't influence each other.
Alice's app is Aegis by default, which follows every policy.
"""

from __future__ import annotations

import math

from .app import AEGIS, AppProfile
from .attacks._world import _policy, _profile, _seed
from .clock import MAX_OFFSET
from .demo import Demo
from .errors import InputTypeError, SimulationError
from .policy import Policy
from .presets import SEED_PORTAL

#: Most rows one clock offset sweep runs (each is a fresh world with an enrolment).
MAX_SWEEP_ROWS = 100

#: Most logins one acceptance grid runs (offsets × delays × seconds of a step).
MAX_GRID_LOGINS = 5_000


def _seconds_list(values: object, name: str, limit: float, most: int) -> list[float]:
    """``values`` as a list of at most ``most`` finite numbers within ±``limit``."""
    if isinstance(values, (str, bytes, dict, set, frozenset)) or not isinstance(values, (list, tuple, range)):
        raise InputTypeError(f"{name} must be a list of numbers of seconds, not {type(values).__name__}")
    if not 1 <= len(values) <= most:
        raise SimulationError(f"{name} must hold 1 to {most} values, got {len(values)}")
    for value in values:
        _number(value, f"each of {name}", limit)
    return list(values)


def _number(value: object, name: str, limit: float, low: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputTypeError(f"{name} must be a number of seconds, not {type(value).__name__}")
    low = -limit if low is None else low
    if (isinstance(value, int) and not low <= value <= limit) or not math.isfinite(float(value)) \
            or not low <= value <= limit:
        raise SimulationError(f"{name} must be a finite number from {low:g} to {limit:g} seconds")
    return value


def clock_offset_sweep(offsets: list[float], policy: Policy = SEED_PORTAL, seed: int = 2026,
                       into_step: float = 15.0, profile: AppProfile = AEGIS):
    """Log in once per phone clock offset and tabulate the answers.

    Alice enrols with a correct clock, a day passes, her phone's clock is set
    ``offset`` seconds ahead (negative: behind), and she logs in
    ``into_step`` seconds into a time step.

    Args:
        offsets: phone clock offsets in seconds (1 to :data:`MAX_SWEEP_ROWS`
            of them, each within ±10 years).
        into_step: seconds into a time step (0 to one step).

    Returns:
        A pandas DataFrame: offset (s), offset in steps as the phone sees it,
        outcome, reason.

    Raises:
        InputTypeError: a value of the wrong type.
        SimulationError: too many offsets, or a number out of range.
    """
    import pandas as pd

    _policy(policy), _seed(seed), _profile(profile)
    offsets = _seconds_list(offsets, "offsets", MAX_OFFSET, MAX_SWEEP_ROWS)
    _number(into_step, "into_step", policy.period, low=0)
    rows = []
    for offset in offsets:
        demo = Demo.create(seed=seed, policy=policy, profile=profile, enrolled=True)
        demo.clock.advance(into_step)
        demo.app.clock.set_offset(offset)
        portal_step = demo.clock.now() // policy.period
        result = demo.portal.login(demo.login, demo.password, demo.app.code(), demo.browser)
        rows.append({"phone offset (s)": offset, "steps off": int(demo.app.step() - portal_step),
                     "outcome": result.outcome.value, "reason": result.reason.value})
    return pd.DataFrame(rows, columns=["phone offset (s)", "steps off", "outcome", "reason"])


def acceptance_grid(policy: Policy = SEED_PORTAL, offsets: list[int] = (-60, -30, 0, 30, 60),
                    delays: list[int] = (0, 4, 8, 12, 16), seed: int = 2026, profile: AppProfile = AEGIS):
    """Share of logins accepted for each phone clock offset × typing delay.

    For each offset, one world: Alice's phone clock is ``offset`` seconds
    off; for each delay and each second of a time step (0..period−1), she
    reads the code on her phone and submits it ``delay`` seconds later.
    Logins are 4 steps apart, so replay protection never interferes;
    drift learning is switched off so every login sees the same window, and
    throttling (lockout, backoff, the cap on code guesses) is switched off so
    refused logins never lock the account: the grid measures the window alone.

    Args:
        offsets: phone clock offsets in seconds (each within ±10 years).
        delays: typing delays in seconds (each 0 to one hour).
            ``len(offsets) × len(delays) × period`` is at most
            :data:`MAX_GRID_LOGINS`.

    Returns:
        A pandas DataFrame: rows are phone offsets (s), columns typing
        delays (s), values the percentage accepted.

    Raises:
        InputTypeError: a value of the wrong type.
        SimulationError: too many logins, or a number out of range.
    """
    import pandas as pd

    policy = _policy(policy).replace(drift_learning=False, lockout_failures=0, backoff_seconds=0, code_failure_cap=0)
    _seed(seed), _profile(profile)
    offsets = _seconds_list(offsets, "offsets", MAX_OFFSET, MAX_GRID_LOGINS)
    delays = _seconds_list(delays, "delays", 3600, MAX_GRID_LOGINS)
    if any(delay < 0 for delay in delays):
        raise SimulationError("a typing delay cannot be negative")
    logins = len(offsets) * len(delays) * policy.period
    if logins > MAX_GRID_LOGINS:
        raise SimulationError(f"the grid would run {logins:,} logins; at most {MAX_GRID_LOGINS:,}")
    table = {}
    for offset in offsets:
        demo = Demo.create(seed=seed, policy=policy, profile=profile, enrolled=True)
        demo.app.clock.set_offset(offset)
        row = {}
        for delay in delays:
            accepted = 0
            for second in range(policy.period):
                now = demo.clock.now()
                start = (now // policy.period + 4) * policy.period  # a fresh step, 4 after the last
                demo.clock.set(start + second)
                code = demo.app.code()
                demo.clock.advance(delay)
                accepted += demo.portal.login(demo.login, demo.password, code, demo.browser).signed_in
            row[delay] = round(100 * accepted / policy.period)
        table[offset] = row
    frame = pd.DataFrame.from_dict(table, orient="index")
    frame.index.name = "phone offset (s)"
    frame.columns.name = "typing delay (s)"
    return frame
