"""Share of honest logins accepted per phone clock offset × typing delay."""

from __future__ import annotations

from dataclasses import dataclass

from ..app import AEGIS, AppProfile
from ..attacks._world import _policy, _profile
from ..clock import MAX_OFFSET
from ..entropy import check_seed
from ..errors import SimulationError
from ..executors import require_executor, run_pieces
from ..policy import Policy
from ..presets import SEED_PORTAL
from ._inputs import delays_list, seconds_list
from ._world import FAST, Build, enrolled_world

#: Most logins one acceptance grid runs (offsets × delays × seconds of a step).
MAX_GRID_LOGINS = 5_000

#: Logins of a row start this many time steps after the previous one was
#: submitted, so the replay guard never refuses one: with the same phone
#: offset, a later login's code is from a step at least 4 − 1 past an earlier
#: login's, whatever the window and the delays.
STEPS_APART = 4


def _window_only(policy: Policy) -> Policy:
    """``policy`` with drift learning and throttling (lockout, backoff, the
    cap on code guesses) switched off, so every login of a row sees the same
    look-around window and refusals never lock the account."""
    return policy.replace(drift_learning=False, lockout_failures=0, backoff_seconds=0, code_failure_cap=0)


@dataclass(frozen=True)
class _OffsetRow:
    """One row's work: one world whose phone clock is ``offset`` s off, every
    delay × every second of a time step (``policy`` already :func:`_window_only`)."""

    offset: float
    delays: tuple[float, ...]
    policy: Policy
    seed: int
    profile: AppProfile
    build: Build


def _offset_row(piece: _OffsetRow) -> dict:
    """``{delay: percent accepted}`` for one :class:`_OffsetRow` (the percent
    rounded to a whole number, over the ``period`` seconds of a step)."""
    period = piece.policy.period
    demo = enrolled_world(piece.seed, piece.policy, piece.profile, piece.build)
    demo.app.clock.set_offset(piece.offset)
    row = {}
    for delay in piece.delays:
        accepted = 0
        for second in range(period):
            start = (demo.clock.now() // period + STEPS_APART) * period  # a fresh step
            demo.clock.set(start + second)
            code = demo.app.code()
            demo.clock.advance(delay)
            accepted += demo.portal.login(demo.login, demo.password, code, demo.browser).signed_in
        row[delay] = round(100 * accepted / period)
    return row


def acceptance_grid(policy: Policy = SEED_PORTAL, offsets: list[int] = (-60, -30, 0, 30, 60),
                    delays: list[int] = (0, 4, 8, 12, 16), seed: int = 2026, profile: AppProfile = AEGIS,
                    executor=None):
    """Share of logins accepted for each phone clock offset × typing delay.

    For each offset, one world: Alice's phone clock is ``offset`` seconds
    off; for each delay and each second of a time step (0..period−1), she
    reads the code on her phone and submits it ``delay`` seconds later.
    Logins are 4 steps apart, so replay protection never interferes;
    drift learning is switched off so every login sees the same window, and
    throttling (lockout, backoff, the cap on code guesses) is switched off so
    refused logins never lock the account: the grid measures the window
    alone (RFC 6238 §5.2).

    Args:
        offsets: phone clock offsets in seconds (each within ±10 years): a
            list, tuple or range, or a one-dimensional NumPy array or pandas
            Series, as ``delays``.
        delays: typing delays in seconds (each 0 to one hour).
            ``len(offsets) × len(delays) × period`` is at most
            :data:`MAX_GRID_LOGINS`.
        seed: every world's seed, a whole number from 0 to 2**63 − 1
            (NumPy's integers included; :func:`~twofa_sim.entropy.check_seed`).
        executor: ``None`` (one offset after another, here) or any
            :class:`concurrent.futures.Executor`; one world per offset.

    Returns:
        A pandas DataFrame: rows are phone offsets (s), columns typing
        delays (s), values the percentage accepted. The same whichever
        executor computed it.

    Raises:
        InputTypeError: a value of the wrong type.
        SimulationError: too many logins, or a number (the seed included) out of range.
    """
    policy = _window_only(_policy(policy))
    seed, profile = check_seed(seed), _profile(profile)
    offsets = seconds_list(offsets, "offsets", MAX_OFFSET, MAX_GRID_LOGINS)
    delays = delays_list(delays, MAX_GRID_LOGINS)
    logins = len(offsets) * len(delays) * policy.period
    if logins > MAX_GRID_LOGINS:
        raise SimulationError(f"the grid would run {logins:,} logins; at most {MAX_GRID_LOGINS:,}")
    require_executor(executor)
    return _table(policy, offsets, delays, seed, profile, executor, FAST)


def _table(policy, offsets, delays, seed, profile, executor, build: Build):
    import pandas as pd

    pieces = [_OffsetRow(offset, tuple(delays), policy, seed, profile, build) for offset in offsets]
    table = dict(zip(offsets, run_pieces(_offset_row, pieces, executor)))
    frame = pd.DataFrame.from_dict(table, orient="index")
    frame.index.name = "phone offset (s)"
    frame.columns.name = "typing delay (s)"
    return frame
