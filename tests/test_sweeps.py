"""Sweeps: worlds built without the QR round trip and with cheap hashing give
the same tables as worlds built the long way; any executor gives the same
tables; the window sweep agrees with the look-around rule; bad input gets
typed errors."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from test_attacks import accepted_percent
from twofa_sim.app import AEGIS, GOOGLE_AUTHENTICATOR
from twofa_sim.errors import InputTypeError, SimulationError
from twofa_sim.hashing import REALISTIC_COST
from twofa_sim.plots import window_heatmap
from twofa_sim.presets import PYOTP_BARE, SEED_PORTAL
from twofa_sim.sweeps import (MAX_WINDOW_LOGINS, WINDOWS, acceptance_grid, clock_offset_sweep,
                              window_acceptance)
from twofa_sim.sweeps import acceptance, clock_offset, windows
from twofa_sim.sweeps._world import FAITHFUL

SEED = 2026


# ----------------------------------------------------------- fast worlds, same tables

def test_worlds_without_the_qr_round_trip_give_the_same_offset_sweep():
    offsets = [-45, -20, 0, 31, 60]
    for policy, profile in ((SEED_PORTAL, AEGIS), (PYOTP_BARE, GOOGLE_AUTHENTICATOR)):
        faithful = clock_offset._table(offsets, policy, SEED, 15.0, profile, None, FAITHFUL)
        pd.testing.assert_frame_equal(clock_offset_sweep(offsets, policy, SEED, 15.0, profile), faithful)
    assert set(faithful["outcome"]) == {"ok", "refused"}  # both answers occur, so the comparison can tell


def test_cheap_hashing_gives_the_same_row_as_the_realistic_cost():
    """One row, with one backup code: the realistic cost makes each hash take a third of a second."""
    policy = SEED_PORTAL.replace(hash_cost=REALISTIC_COST, backup_code_count=1)
    faithful = clock_offset._table([31], policy, SEED, 15.0, AEGIS, None, FAITHFUL)
    pd.testing.assert_frame_equal(clock_offset_sweep([31], policy), faithful)


def test_worlds_without_the_qr_round_trip_give_the_same_grid_and_window_table():
    policy = acceptance._window_only(SEED_PORTAL)
    faithful = acceptance._table(policy, [-30, 0, 45], [0, 16], SEED, AEGIS, None, FAITHFUL)
    pd.testing.assert_frame_equal(acceptance_grid(SEED_PORTAL, [-30, 0, 45], [0, 16]), faithful)
    base = acceptance._window_only(SEED_PORTAL)
    faithful = windows._table(base, [-45], [20], ["0", "learned drift"], SEED, AEGIS, None, FAITHFUL)
    pd.testing.assert_frame_equal(window_acceptance(SEED_PORTAL, [-45], [20], ["0", "learned drift"]), faithful)


# ----------------------------------------------------------- executors

def test_a_thread_pool_gives_the_same_tables_as_serial():
    with ThreadPoolExecutor(2) as pool:
        pd.testing.assert_frame_equal(clock_offset_sweep([-40, 0, 40], executor=pool),
                                      clock_offset_sweep([-40, 0, 40]))
        pd.testing.assert_frame_equal(acceptance_grid(offsets=[-30, 30], delays=[0, 8], executor=pool),
                                      acceptance_grid(offsets=[-30, 30], delays=[0, 8]))
        args = dict(offsets=[-60, 30], delays=[0, 45], windows=["two steps", "learned drift"])
        pd.testing.assert_frame_equal(window_acceptance(executor=pool, **args), window_acceptance(**args))


@pytest.mark.parametrize("sweep, args", [(clock_offset_sweep, ([0],)), (acceptance_grid, ()),
                                         (window_acceptance, ())])
@pytest.mark.parametrize("executor", [True, "pool", object(), [ThreadPoolExecutor]])
def test_an_executor_that_is_not_one_is_a_typed_error(sweep, args, executor):
    with pytest.raises(InputTypeError, match="executor"):
        sweep(*args, executor=executor)


# ----------------------------------------------------------- the window sweep

def test_the_window_table_is_tidy_and_in_the_order_given():
    table = window_acceptance(offsets=[30, -30, 30], delays=[15, 0], windows=["learned drift", "0"])
    assert list(table.columns) == ["window", "phone offset (s)", "typing delay (s)", "accepted (%)"]
    assert list(zip(table["window"], table["phone offset (s)"], table["typing delay (s)"])) == [
        (w, o, d) for w in ("learned drift", "0") for o in (30, -30) for d in (15, 0)]
    assert table["accepted (%)"].between(0, 100).all()


@settings(max_examples=15)
@given(offset=st.integers(-150, 150), delay=st.integers(0, 90))
def test_the_window_table_follows_the_look_around_rule(offset, delay):
    """The fixed windows give the share the rule derives (test_attacks.accepted_percent);
    a learned drift only adds steps to the window "one step" looks at, and a
    phone that drifted there gradually is accepted when the code is typed at once."""
    table = window_acceptance(offsets=[offset], delays=[delay, 0])
    got = {(w, d): p for w, d, p in zip(table["window"], table["typing delay (s)"], table["accepted (%)"])}
    for name in ("0", "one step", "two steps"):
        policy = SEED_PORTAL.replace(**WINDOWS[name])
        assert got[name, delay] == accepted_percent(policy, offset, delay)
    assert got["learned drift", delay] >= got["one step", delay]
    assert got["learned drift", 0] == 100


def test_learned_drift_accepts_a_phone_three_steps_off_that_the_windows_refuse():
    table = window_acceptance(offsets=[90, -90], delays=[0]).set_index(["window", "phone offset (s)"])
    accepted = table["accepted (%)"]
    for offset in (90, -90):
        assert [accepted[w, offset] for w in WINDOWS] == [0, 0, 0, 100]


@pytest.mark.parametrize("kwargs, error", [
    ({"windows": ["one step", "three steps"]}, SimulationError),
    ({"windows": "one step"}, InputTypeError),
    ({"windows": [1]}, InputTypeError),
    ({"windows": []}, SimulationError),
    ({"delays": [-1]}, SimulationError),
    ({"offsets": [3601]}, SimulationError),
    ({"offsets": [float("nan")]}, SimulationError),
    ({"offsets": "0"}, InputTypeError),
    ({"offsets": list(range(-3000, 3000, 30))}, SimulationError),  # too many sign-ins
    ({"policy": "seed portal"}, InputTypeError),
    ({"seed": 1.5}, InputTypeError),
])
def test_bad_window_sweep_input_is_a_typed_error(kwargs, error):
    with pytest.raises(error):
        window_acceptance(**kwargs)


def test_the_sign_in_bound_counts_the_earlier_sign_ins_of_learned_drift():
    """An hour's offset takes 120 earlier sign-ins before each measured one:
    six delays are within the bound without drift learning, beyond it with."""
    args = dict(offsets=[3600], delays=[0, 10, 20, 30, 40, 50])
    assert 6 * 30 < MAX_WINDOW_LOGINS < 6 * 30 * 121
    with pytest.raises(SimulationError, match="sign-ins"):
        window_acceptance(windows=["learned drift"], **args)
    assert window_acceptance(windows=["two steps"], **args)["accepted (%)"].tolist() == [0] * 6


# ----------------------------------------------------------- the heatmap

def test_the_window_heatmap_is_a_png_that_is_the_same_every_time():
    table = window_acceptance(offsets=[-30, 0, 30], delays=[0, 20], windows=["0", "learned drift"])
    first = window_heatmap(table, "seed portal")
    assert first.startswith(b"\x89PNG\r\n\x1a\n")
    assert window_heatmap(table.copy(), "seed portal") == first
    assert window_heatmap(table, "another title") != first


@pytest.mark.parametrize("table", [
    None,
    pd.DataFrame({"window": ["0"], "offset": [0], "typing delay (s)": [0], "accepted (%)": [100]}),
    pd.DataFrame({"window": ["0", "0"], "phone offset (s)": [0, 0], "typing delay (s)": [0, 0],
                  "accepted (%)": [100, 0]}),  # two values for one cell
    pd.DataFrame({"window": ["0", "0"], "phone offset (s)": [0, 30], "typing delay (s)": [0, 10],
                  "accepted (%)": [100, 0]}),  # not a full grid
    pd.DataFrame({"window": ["0"], "phone offset (s)": [0], "typing delay (s)": [0], "accepted (%)": ["all"]}),
    pd.DataFrame({"window": ["0"], "phone offset (s)": [0], "typing delay (s)": [0], "accepted (%)": [float("inf")]}),
])
def test_a_table_that_is_not_a_window_table_is_a_typed_error(table):
    with pytest.raises(InputTypeError):
        window_heatmap(table)
