"""Sweeps: run the same login many times with one thing varied, as a table.

Each row is a fresh, seeded world, so rows don't influence each other.
"""

from __future__ import annotations

from .demo import Demo
from .policy import Policy
from .presets import SEED_PORTAL


def clock_offset_sweep(offsets: list[float], policy: Policy = SEED_PORTAL, seed: int = 2026,
                       into_step: float = 15.0):
    """Log in once per phone clock offset and tabulate the answers.

    Alice enrols with a correct clock, a day passes, her phone's clock is set
    ``offset`` seconds ahead (negative: behind), and she logs in
    ``into_step`` seconds into a time step.

    Returns:
        A pandas DataFrame: offset (s), offset in steps as the phone sees it,
        outcome, reason.
    """
    import pandas as pd

    rows = []
    for offset in offsets:
        demo = Demo.create(seed=seed, policy=policy, enrolled=True)
        demo.clock.advance(into_step)
        demo.app.clock.set_offset(offset)
        portal_step = demo.clock.now() // policy.period
        result = demo.portal.login(demo.login, demo.password, demo.app.code(), demo.browser)
        rows.append({"phone offset (s)": offset, "steps off": int(demo.app.step() - portal_step),
                     "outcome": result.outcome.value, "reason": result.reason.value})
    return pd.DataFrame(rows, columns=["phone offset (s)", "steps off", "outcome", "reason"])
