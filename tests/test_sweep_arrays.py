"""Sweeps take their offsets and delays as a notebook holds them: a list, or a
one-dimensional NumPy array or pandas Series, with the same tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from twofa_sim.errors import InputTypeError
from twofa_sim.sweeps import acceptance_grid, clock_offset_sweep


def test_an_arange_of_offsets_gives_the_table_of_its_list():
    offsets = np.arange(-60, 61, 30)
    assert clock_offset_sweep(offsets).equals(clock_offset_sweep(offsets.tolist()))


def test_a_series_of_delays_gives_the_grid_of_its_list():
    delays = pd.Series([0.0, 8.0, 16.0])
    assert acceptance_grid(offsets=[0, 30], delays=delays).equals(acceptance_grid(offsets=[0, 30], delays=[0, 8, 16]))


@pytest.mark.parametrize("bad", [np.zeros((2, 2)), np.float64(3.0), np.array(5)])
def test_arrays_that_are_not_a_list_of_numbers_are_refused(bad):
    with pytest.raises(InputTypeError, match="offsets must be a list of numbers of seconds"):
        clock_offset_sweep(bad)


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(-120, 120), min_size=1, max_size=4), st.sampled_from([np.int64, np.int32, np.float64]))
def test_any_numeric_array_answers_as_its_list(offsets, dtype):
    array = np.array(offsets, dtype=dtype)
    assert clock_offset_sweep(array).equals(clock_offset_sweep(array.tolist()))
