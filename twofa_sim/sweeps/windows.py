"""Acceptance under several look-around window settings, as a tidy table:
phone clock offset (drift) × typing delay × window setting.

The settings (:data:`WINDOWS`): no look-around ("0"), one step each way,
two steps each way (RFC 6238 §5.2 recommends at most one step of network
delay), and one step each way with drift learning after earlier sign-ins
from the same phone (RFC 6238 §6 resynchronisation; django-otp's
``TOTPDevice.drift``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import MappingProxyType

from ..app import AEGIS, AppProfile
from ..attacks._world import DAY, _policy, _profile
from ..entropy import check_seed
from ..errors import InputTypeError, SimulationError
from ..executors import require_executor, run_pieces
from ..policy import Policy
from ..presets import SEED_PORTAL
from ._inputs import delays_list, seconds_list
from ._world import FAST, Build, enrolled_world
from .acceptance import STEPS_APART, _offset_row, _OffsetRow, _window_only

#: The window settings compared: name → the policy settings it changes.
WINDOWS = MappingProxyType({
    "0": MappingProxyType({"window_back": 0, "window_forward": 0, "drift_learning": False}),
    "one step": MappingProxyType({"window_back": 1, "window_forward": 1, "drift_learning": False}),
    "two steps": MappingProxyType({"window_back": 2, "window_forward": 2, "drift_learning": False}),
    "learned drift": MappingProxyType({"window_back": 1, "window_forward": 1, "drift_learning": True}),
})

#: Most sign-ins one window sweep runs, earlier sign-ins of "learned drift" included.
MAX_WINDOW_LOGINS = 20_000

#: Largest phone clock offset swept, in seconds (one hour).
MAX_WINDOW_OFFSET = 3600

COLUMNS = ["window", "phone offset (s)", "typing delay (s)", "accepted (%)"]


@dataclass(frozen=True)
class _LearnedRow(_OffsetRow):
    """One offset's work under drift learning (the fields of
    :class:`_OffsetRow`): for each delay × every second of a time step, a
    fresh world in which the phone's clock drifted to ``offset`` over earlier
    sign-ins, then one measured sign-in."""


def _earlier_sign_ins(offset: float, period: int) -> int:
    """How many earlier sign-ins bring the learned drift to ``offset``: one
    per whole time step of it (at least one), so each moves at most one step."""
    return max(1, math.ceil(abs(offset) / period))


def _drift_to(demo, offset: float) -> None:
    """Alice signs in once a day, mid-step and at once, while her phone's
    clock drifts to ``offset`` in equal moves of at most one time step; the
    portal follows each move (the drifted step lies in the window around the
    learned one).

    Raises:
        SimulationError: an earlier sign-in was refused (the portal did not follow).
    """
    period = demo.portal.policy.period
    days = _earlier_sign_ins(offset, period)
    for day in range(1, days + 1):
        demo.app.clock.set_offset(offset if day == days else offset * day / days)
        demo.clock.set((demo.clock.now() + DAY) // period * period + period // 2)
        result = demo.portal.login(demo.login, demo.password, demo.app.code(), demo.browser)
        if not result.signed_in:
            raise SimulationError(f"an earlier sign-in with the phone {offset * day / days:g} s off was refused "
                                  f"({result.reason.value}): the portal did not follow the drift")


def _learned_row(piece: _LearnedRow) -> dict:
    period = piece.policy.period
    row = {}
    for delay in piece.delays:
        accepted = 0
        for second in range(period):
            demo = enrolled_world(piece.seed, piece.policy, piece.profile, piece.build)
            _drift_to(demo, piece.offset)
            demo.clock.set((demo.clock.now() // period + STEPS_APART) * period + second)
            code = demo.app.code()
            demo.clock.advance(delay)
            accepted += demo.portal.login(demo.login, demo.password, code, demo.browser).signed_in
        row[delay] = round(100 * accepted / period)
    return row


def _piece(piece: _OffsetRow | _LearnedRow) -> dict:
    return _learned_row(piece) if isinstance(piece, _LearnedRow) else _offset_row(piece)


def _window_names(windows: object) -> list[str]:
    if isinstance(windows, (str, bytes)) or not isinstance(windows, (list, tuple)):
        raise InputTypeError(f"windows must be a list of window setting names, not {type(windows).__name__}")
    if not 1 <= len(windows) <= len(WINDOWS):
        raise SimulationError(f"windows must hold 1 to {len(WINDOWS)} names, got {len(windows)}")
    for name in windows:
        if not isinstance(name, str):
            raise InputTypeError(f"each window setting name must be text, not {type(name).__name__}")
        if name not in WINDOWS:
            raise SimulationError(f"no window setting {name[:40]!r}; choose from {', '.join(WINDOWS)}")
    return list(dict.fromkeys(windows))


def window_acceptance(policy: Policy = SEED_PORTAL, offsets: list[float] = (-90, -60, -30, 0, 30, 60, 90),
                      delays: list[float] = (0, 15, 30, 45), windows: list[str] = tuple(WINDOWS),
                      seed: int = 2026, profile: AppProfile = AEGIS, executor=None):
    """Share of honest sign-ins accepted per window setting × phone clock
    offset × typing delay.

    Each setting of :data:`WINDOWS` changes ``policy``'s look-around window
    and drift learning; throttling is off, as in
    :func:`~twofa_sim.sweeps.acceptance_grid`, so refusals never lock the
    account. Alice's phone clock is ``offset`` seconds off (negative:
    behind); at each second of a time step she reads the code and submits it
    ``delay`` seconds later.

    - "0", "one step", "two steps": one world per offset; the grid's
      measurement (:func:`~twofa_sim.sweeps.acceptance_grid`).
    - "learned drift": before each measured sign-in, a fresh world in which
      Alice signed in once a day, mid-step and at once, while her phone's
      clock drifted to ``offset`` in equal moves of at most one time step
      (one earlier sign-in per whole step of the offset, at least one), so
      the portal learned the drift; every measured sign-in sees the portal
      as those earlier sign-ins left it.

    Args:
        policy: the base policy (digits, period, algorithm are kept).
        offsets: phone clock offsets (drift) in seconds, each within ±1 hour
            (a list, tuple or range, or a one-dimensional NumPy array or
            pandas Series; so are ``delays``).
        delays: typing delays in seconds, each 0 to one hour.
        windows: names from :data:`WINDOWS` (default all, in that order).
        seed: every world's seed, a whole number from 0 to 2**63 − 1
            (NumPy's integers included; :func:`~twofa_sim.entropy.check_seed`).
        executor: ``None`` (here, one piece after another) or any
            :class:`concurrent.futures.Executor`; one piece per window
            setting × offset × delay.

    Sign-ins run (``len(delays) × period`` per offset and setting, times one
    plus the earlier sign-ins for "learned drift") are at most
    :data:`MAX_WINDOW_LOGINS`. Repeated offsets, delays or names count once.

    Returns:
        A tidy pandas DataFrame, one row per window × offset × delay in the
        order given: window, phone offset (s), typing delay (s), accepted (%)
        (a whole percentage of the ``period`` sign-ins). The same whichever
        executor computed it.

    Raises:
        InputTypeError: a value of the wrong type.
        SimulationError: too many sign-ins, an unknown window name, or a
            number (the seed included) out of range.
    """
    base = _window_only(_policy(policy))
    seed, profile = check_seed(seed), _profile(profile)
    offsets = list(dict.fromkeys(seconds_list(offsets, "offsets", MAX_WINDOW_OFFSET, MAX_WINDOW_LOGINS)))
    delays = list(dict.fromkeys(delays_list(delays, MAX_WINDOW_LOGINS)))
    names = _window_names(windows)
    period = base.period
    per_offset = len(delays) * period
    logins = sum(per_offset * (1 + (_earlier_sign_ins(o, period) if WINDOWS[n]["drift_learning"] else 0))
                 for n in names for o in offsets)
    if logins > MAX_WINDOW_LOGINS:
        raise SimulationError(f"the sweep would run {logins:,} sign-ins; at most {MAX_WINDOW_LOGINS:,}")
    require_executor(executor)
    return _table(base, offsets, delays, names, seed, profile, executor, FAST)


def _table(base, offsets, delays, names, seed, profile, executor, build: Build):
    import pandas as pd

    pieces, keys = [], []
    for name in names:
        policy = base.replace(**WINDOWS[name], name=base.name)
        kind = _LearnedRow if policy.drift_learning else _OffsetRow
        for offset in offsets:
            for delay in delays:  # pieces of similar size, so workers share the work evenly
                pieces.append(kind(offset, (delay,), policy, seed, profile, build))
                keys.append((name, offset, delay))
    rows = [{"window": name, "phone offset (s)": offset, "typing delay (s)": delay, "accepted (%)": row[delay]}
            for (name, offset, delay), row in zip(keys, run_pieces(_piece, pieces, executor))]
    return pd.DataFrame(rows, columns=COLUMNS)
