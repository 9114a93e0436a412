"""Edge inputs to public callables: each is refused with a typed error
from :mod:`twofa_sim.errors` and a message that says what was wrong."""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest

from twofa_sim import plots
from twofa_sim.attacks import guessing_by_preset, online_guessing
from twofa_sim.errors import InputTypeError, SimulationError
from twofa_sim.executors import run_pieces
from twofa_sim.phone import region_of
from twofa_sim.population import TYPICAL, simulate_population
from twofa_sim.presets import PRESETS, PYOTP_BARE
from twofa_sim.sweeps import acceptance_grid


def _window_table() -> pd.DataFrame:
    return pd.DataFrame({"window": ["±1"] * 4, "phone offset (s)": [0, 0, 30, 30],
                         "typing delay (s)": [0, 10, 0, 10], "accepted (%)": [100.0, 100.0, 90.0, 50.0]})


def test_window_heatmap_draws_a_good_table():
    assert plots.window_heatmap(_window_table()).startswith(b"\x89PNG")


@pytest.mark.parametrize("column", ["phone offset (s)", "typing delay (s)"])
@pytest.mark.parametrize("values", [["a", "a", "b", "b"], [0, 0, math.inf, math.inf]])
def test_window_heatmap_refuses_axes_that_are_not_finite_numbers(column, values):
    table = _window_table()
    table[column] = values
    with pytest.raises(InputTypeError, match=re.escape(column) + ".*finite numbers"):
        plots.window_heatmap(table)


@pytest.mark.parametrize("cells, says", [
    ([[math.nan]], "no NaN"),
    ([[math.inf]], "no NaN"),
    ([["a"]], "must hold numbers"),
    ([[True]], "must hold numbers"),
    ([[1e300]], "from 0 to 100"),
    ([[-5]], "from 0 to 100"),
])
def test_acceptance_heatmap_refuses_what_is_not_a_percentage(cells, says):
    with pytest.raises(InputTypeError, match=says):
        plots.acceptance_heatmap(pd.DataFrame(cells), "t")


def test_acceptance_heatmap_draws_percentages_at_the_bounds():
    assert plots.acceptance_heatmap(pd.DataFrame([[0.0, 100.0], [99.6, 0.4]]), "t").startswith(b"\x89PNG")


@pytest.mark.parametrize("value, says", [(-5.0, "from 0 to 100"), (1e300, "from 0 to 100"),
                                         ("a", "must hold numbers")])
def test_window_heatmap_uses_the_same_percentage_rule(value, says):
    table = _window_table()
    if isinstance(value, str):
        table["accepted (%)"] = table["accepted (%)"].astype(object)
    table.loc[0, "accepted (%)"] = value
    with pytest.raises(InputTypeError, match=says):
        plots.window_heatmap(table)


def _shut_down_pool() -> ThreadPoolExecutor:
    pool = ThreadPoolExecutor(1)
    pool.shutdown()
    return pool


def _raise_runtime(piece):
    raise RuntimeError("cannot schedule new futures after shutdown")  # as a piece's own error


def test_run_pieces_says_the_executor_is_shut_down():
    with pytest.raises(SimulationError, match="the executor is shut down"):
        run_pieces(abs, [1, -2], _shut_down_pool())


def test_a_sweep_and_a_population_run_say_the_executor_is_shut_down():
    with pytest.raises(SimulationError, match="the executor is shut down"):
        acceptance_grid(offsets=[0], delays=[0], executor=_shut_down_pool())
    with pytest.raises(SimulationError, match="the executor is shut down"):
        simulate_population(PRESETS["seed portal"], TYPICAL.replace(users=2), 0.5, seed=1, path="fast",
                            executor=_shut_down_pool())


def test_an_error_raised_by_a_piece_reaches_the_caller_unchanged():
    with ThreadPoolExecutor(1) as pool, pytest.raises(RuntimeError) as raised:
        run_pieces(_raise_runtime, [1], pool)
    assert not isinstance(raised.value, SimulationError)


def test_guessing_by_preset_needs_at_least_one_policy():
    with pytest.raises(SimulationError, match="at least one policy"):
        guessing_by_preset(presets={})


@pytest.mark.parametrize("hours", [math.nan, math.inf, -math.inf])
def test_online_guessing_says_a_non_finite_time_is_not_a_finite_number(hours):
    with pytest.raises(SimulationError, match="not a finite number") as raised:
        online_guessing(PYOTP_BARE, hours=hours)
    assert "huge" not in str(raised.value)


def test_online_guessing_still_calls_a_huge_int_huge():
    with pytest.raises(SimulationError, match="a huge number"):
        online_guessing(PYOTP_BARE, hours=10**400)


@pytest.mark.parametrize("number", [5, [], None, b"+44"])
def test_region_of_needs_text(number):
    with pytest.raises(InputTypeError, match="phone number must be text"):
        region_of(number)


def test_region_of_reads_a_number_and_answers_blank_for_text_that_is_none():
    assert region_of("+44 7400 123456") == "GB"
    assert region_of("not a number") == ""
    assert region_of("+" + "4" * 500) == ""


BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.mark.parametrize("script, args, says", [
    ("notebook_times.py", ["nosuchname"], "no notebook named nosuchname"),
    ("sweep_speed.py", ["--workers", "-1"], "--workers must be at least 1"),
    ("app_pages.py", ["--runs", "0"], "--runs must be at least 1"),
    ("guessing_100_days.py", ["--hours", "-1"], "--hours: hours must be a number above 0"),
    ("guessing_100_days.py", ["--hours", "nan"], "not a finite number"),
    ("population_fast.py", ["--users", "0"], "--users: "),
    ("population_fast.py", ["--workers", "0"], "--workers must be at least 1"),
    ("population_fast.py", ["--days", "0"], "--days must be above 0"),
    ("peers.py", ["--rounds", "0"], "--rounds and --batch must be at least 1"),
    ("peers_positions.py", ["--batch", "1"], "--batch at least 2"),
    ("peers_instructions.py", ["--checks", "3"], "--checks must be at least 9"),
])
def test_a_benchmark_refuses_an_argument_out_of_range_with_a_usage_error(script, args, says):
    done = subprocess.run([sys.executable, str(BENCHMARKS / script), *args], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(BENCHMARKS.parent)})
    assert done.returncode == 2, done.stderr
    assert "usage:" in done.stderr and says in done.stderr
    assert "Traceback" not in done.stderr


def test_notebook_times_explains_itself():
    done = subprocess.run([sys.executable, str(BENCHMARKS / "notebook_times.py"), "--help"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0 and "NAME" in done.stdout and "nbval" in done.stdout
