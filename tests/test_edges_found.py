"""Edge inputs to public callables: each is refused with a typed error
from :mod:`twofa_sim.errors` and a message that says what was wrong."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from twofa_sim import plots
from twofa_sim.errors import InputTypeError


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
