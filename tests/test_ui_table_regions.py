"""Tables in notebook outputs are named regions the keyboard can scroll
(twofa_sim/ui/table_regions.py): the wrapper, the name, the formatter a
notebook turns on, and every saved DataFrame output of every notebook.

The browser side (axe-core finds no ``scrollable-region-focusable`` on any
app page) is in tests/test_browser_a11y.py."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from IPython.core.formatters import DisplayFormatter

from twofa_sim.errors import InputTypeError
from twofa_sim.ui.table_regions import REGION_CLASS, frame_html, frame_label, region_html, show_frames_as_regions

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
REGION = re.compile(r'<div class="twofa-table-region" role="region" aria-label="([^"]+)" tabindex="0" '
                    r'style="overflow-x:auto;max-width:100%">')


def test_a_region_is_named_focusable_and_scrolls_on_its_own():
    wrapped = region_html("<table><tr><td>1</td></tr></table>", ' Steps "a" & <b> ')
    found = REGION.match(wrapped)
    assert found and html.unescape(found.group(1)) == 'Steps "a" & <b>'  # escaped in the attribute
    assert wrapped.endswith("<table><tr><td>1</td></tr></table></div>")


@pytest.mark.parametrize("table, label", [(None, "x"), (b"<table>", "x"), ("<table>", ""), ("<table>", "  "),
                                          ("<table>", 3)])
def test_a_region_needs_html_and_a_name(table, label):
    with pytest.raises(InputTypeError):
        region_html(table, label)


def test_a_frame_is_named_by_its_size_and_first_columns():
    frame = pd.DataFrame({"time": [1, 2], "action": ["a", "b"]})
    assert frame_label(frame) == "Table, 2 rows by 2 columns: time, action"
    wide = pd.DataFrame([list(range(9))], columns=[f"c{i}" for i in range(9)])
    assert frame_label(wide) == "Table, 1 row by 9 columns: c0, c1, c2, c3, c4, c5 and 3 more"
    nested = pd.DataFrame([[1, 2]], columns=pd.MultiIndex.from_tuples([("seed", "day"), ("seed", "month")]))
    assert frame_label(nested) == "Table, 1 row by 2 columns: seed / day, seed / month"
    assert frame_label(pd.DataFrame()) == "Table, 0 rows by 0 columns"
    with pytest.raises(InputTypeError):
        frame_label([[1, 2]])


def test_a_frame_keeps_pandas_html_inside_the_region():
    frame = pd.DataFrame({"login": ["alice@example.com"]})
    shown = frame_html(frame)
    found = REGION.match(shown)
    assert found and html.unescape(found.group(1)) == frame_label(frame)
    assert frame._repr_html_() in shown and shown.count('class="dataframe"') == 1
    with pd.option_context("display.notebook_repr_html", False):
        assert frame_html(frame) is None  # pandas shows it as text only: so does the notebook


def test_the_formatter_shows_every_frame_as_a_region_and_leaves_its_text_alone(monkeypatch):
    formatter = DisplayFormatter()

    class Shell:
        display_formatter = formatter

    import IPython

    monkeypatch.setattr(IPython, "get_ipython", lambda: Shell())
    frame = pd.DataFrame({"a": [1]})
    before, _ = formatter.format(frame)
    assert REGION_CLASS not in before["text/html"]
    show_frames_as_regions()
    show_frames_as_regions()  # twice changes nothing
    after, _ = formatter.format(frame)
    assert after["text/html"] == frame_html(frame) and after["text/plain"] == before["text/plain"]


def test_outside_ipython_nothing_is_installed(monkeypatch):
    import IPython

    monkeypatch.setattr(IPython, "get_ipython", lambda: None)
    assert show_frames_as_regions() is None  # no kernel: nothing to change, and no error


@pytest.mark.parametrize("notebook", sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")))
def test_every_table_a_notebook_saved_is_a_named_region(notebook):
    cells = json.loads((NOTEBOOKS / notebook).read_text(encoding="utf-8"))["cells"]
    tables = unwrapped = 0
    for cell in cells:
        for output in cell.get("outputs", []):
            shown = "".join(output.get("data", {}).get("text/html", ""))
            count = shown.count('<table border="1" class="dataframe"')
            tables += count
            unwrapped += max(0, count - len(REGION.findall(shown)))
    assert tables and unwrapped == 0, f"{notebook}: {unwrapped} of {tables} tables are not in a named region"
