"""Sweeps: run the same login many times with one thing varied, as a table.

Each row is a fresh, seeded world, so rows don't influence each other.
Alice's app is Aegis by default, which follows every policy.
"""

from __future__ import annotations

from .app import AEGIS, AppProfile
from .attacks import _policy
from .demo import Demo
from .policy import Policy
from .presets import SEED_PORTAL


def clock_offset_sweep(offsets: list[float], policy: Policy = SEED_PORTAL, seed: int = 2026,
                       into_step: float = 15.0, profile: AppProfile = AEGIS):
    """Log in once per phone clock offset and tabulate the answers.

    Alice enrols with a correct clock, a day passes, her phone's clock is set
    ``offset`` seconds ahead (negative: behind), and she logs in
    ``into_step`` seconds into a time step.

    Returns:
        A pandas DataFrame: offset (s), offset in steps as the phone sees it,
        outcome, reason.
    """
    import pandas as pd

    _policy(policy)
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

    Returns:
        A pandas DataFrame: rows are phone offsets (s), columns typing
        delays (s), values the percentage accepted.
    """
    import pandas as pd

    policy = _policy(policy).replace(drift_learning=False, lockout_failures=0, backoff_seconds=0, code_failure_cap=0)
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
