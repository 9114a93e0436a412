"""Tables in a notebook's outputs as named regions the keyboard can scroll.

A table wider than its output area scrolls sideways, and a person without a
mouse can scroll it only when the scrolling box takes the keyboard focus
(WCAG 2.2 SC 2.1.1 Keyboard; axe-core's rule ``scrollable-region-focusable``).
:func:`region_html` wraps a table's HTML in such a box: ``role="region"``
with a name (``aria-label``) a screen reader says when the box gets the
focus, ``tabindex="0"`` so Tab reaches it (the arrow keys then scroll it),
and its own sideways scrolling, so the output area around it never scrolls.

:func:`show_frames_as_regions` makes every DataFrame a notebook shows from
then on (a cell's result, ``display(frame)``, a frame shown in an Output
widget) come out that way, named by :func:`frame_label`. Its text form, what
a code host or a terminal shows, is pandas' own.
"""

from __future__ import annotations

import html

from ..errors import InputTypeError

#: The class of the scrolling box (for a stylesheet or a browser test).
REGION_CLASS = "twofa-table-region"
#: How many column names a table's name lists before "and N more".
NAMED_COLUMNS = 6


def region_html(table_html: str, label: str) -> str:
    """``table_html`` inside a named region that the keyboard can focus and scroll.

    Args:
        table_html: the table's HTML (already safe: it is put in as is).
        label: the region's name, said when it gets the focus (plain text; escaped here).

    Returns:
        The HTML of a ``<div role="region" aria-label=... tabindex="0">``
        scrolling sideways within the width it is given.

    Raises:
        InputTypeError: either argument is not text, or ``label`` is blank
            (a region needs a name).
    """
    if not isinstance(table_html, str):
        raise InputTypeError(f"table_html must be text (HTML), not {type(table_html).__name__}")
    if not isinstance(label, str) or not label.strip():
        raise InputTypeError("label must be non-blank text: it names the table for a screen reader")
    return (f'<div class="{REGION_CLASS}" role="region" aria-label="{html.escape(label.strip(), quote=True)}" '
            f'tabindex="0" style="overflow-x:auto;max-width:100%">{table_html}</div>')


def frame_label(frame) -> str:
    """A DataFrame's name for a screen reader: its size and its first
    columns, e.g. ``Table, 2 rows by 5 columns: time, action, outcome, reason, factor``.

    Args:
        frame: a pandas DataFrame (columns of any kind; a level of a
            MultiIndex is joined with " / ").

    Raises:
        InputTypeError: ``frame`` is not a DataFrame.
    """
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise InputTypeError(f"frame must be a pandas DataFrame, not {type(frame).__name__}")
    rows, columns = frame.shape
    names = [" / ".join(map(str, c)) if isinstance(c, tuple) else str(c) for c in frame.columns[:NAMED_COLUMNS]]
    more = f" and {columns - NAMED_COLUMNS} more" if columns > NAMED_COLUMNS else ""
    size = f"{rows} row{'s' * (rows != 1)} by {columns} column{'s' * (columns != 1)}"
    return f"Table, {size}" + (f": {', '.join(names)}{more}" if names else "")


def frame_html(frame) -> str | None:
    """``frame`` as a notebook shows it (pandas' HTML) inside :func:`region_html`,
    named by :func:`frame_label`; None when pandas shows it as text only
    (``display.notebook_repr_html`` off).

    Raises:
        InputTypeError: ``frame`` is not a DataFrame.
    """
    label = frame_label(frame)
    table = frame._repr_html_()
    return None if table is None else region_html(table, label)


def show_frames_as_regions() -> None:
    """From now on, show every DataFrame in the running IPython kernel as
    :func:`frame_html` does (outside IPython, in a plain script that shows no
    HTML, it does nothing). Calling it again changes nothing.

    It returns nothing, so a notebook cell ending with the call shows no output.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    import pandas as pd

    shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, frame_html)
