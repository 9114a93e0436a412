"""One login per phone clock offset, as a table.

Each row is a fresh, seeded world, so rows don't influence each other and
can be computed anywhere (``executor=``). Alice's app is Aegis by default,
which follows every policy.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..app import AEGIS, AppProfile
from ..attacks._world import _policy, _profile
from ..clock import MAX_OFFSET
from ..entropy import check_seed
from ..executors import require_executor, run_pieces
from ..policy import Policy
from ..presets import SEED_PORTAL
from ._inputs import number, seconds_list
from ._world import FAST, Build, enrolled_world

#: Most rows one clock offset sweep runs (each is a fresh world with an enrolment).
MAX_SWEEP_ROWS = 100

COLUMNS = ["phone offset (s)", "steps off", "outcome", "reason"]


@dataclass(frozen=True)
class _Row:
    """One row's work: a world, one phone clock offset, one login."""

    offset: float
    policy: Policy
    seed: int
    into_step: float
    profile: AppProfile
    build: Build


def _row(piece: _Row) -> dict:
    demo = enrolled_world(piece.seed, piece.policy, piece.profile, piece.build)
    demo.clock.advance(piece.into_step)
    demo.app.clock.set_offset(piece.offset)
    portal_step = demo.clock.now() // piece.policy.period
    result = demo.portal.login(demo.login, demo.password, demo.app.code(), demo.browser)
    return {"phone offset (s)": piece.offset, "steps off": int(demo.app.step() - portal_step),
            "outcome": result.outcome.value, "reason": result.reason.value}


def clock_offset_sweep(offsets: list[float], policy: Policy = SEED_PORTAL, seed: int = 2026,
                       into_step: float = 15.0, profile: AppProfile = AEGIS, executor=None):
    """Log in once per phone clock offset and tabulate the answers.

    Alice enrols with a correct clock, a day passes, her phone's clock is set
    ``offset`` seconds ahead (negative: behind), and she logs in
    ``into_step`` seconds into a time step (RFC 6238 §5.2: the portal looks
    ``window_back`` steps behind and ``window_forward`` ahead).

    Args:
        offsets: phone clock offsets in seconds (1 to :data:`MAX_SWEEP_ROWS`
            of them, each within ±10 years): a list, tuple or range, or a
            one-dimensional NumPy array or pandas Series.
        into_step: seconds into a time step (0 to one step).
        seed: every world's seed, a whole number from 0 to 2**63 − 1
            (NumPy's integers included; :func:`~twofa_sim.entropy.check_seed`).
        executor: ``None`` (one row after another, here) or any
            :class:`concurrent.futures.Executor`; one world per row.

    Returns:
        A pandas DataFrame, one row per offset in the order given: offset
        (s), offset in steps as the phone sees it, outcome, reason. The same
        whichever executor computed it.

    Raises:
        InputTypeError: a value of the wrong type.
        SimulationError: too many offsets, or a number (the seed included) out of range.
    """
    policy, seed, profile = _policy(policy), check_seed(seed), _profile(profile)
    offsets = seconds_list(offsets, "offsets", MAX_OFFSET, MAX_SWEEP_ROWS)
    into_step = number(into_step, "into_step", policy.period, low=0)
    require_executor(executor)
    return _table(offsets, policy, seed, into_step, profile, executor, FAST)


def _table(offsets, policy, seed, into_step, profile, executor, build: Build):
    import pandas as pd

    rows = run_pieces(_row, [_Row(offset, policy, seed, into_step, profile, build) for offset in offsets], executor)
    return pd.DataFrame(rows, columns=COLUMNS)
