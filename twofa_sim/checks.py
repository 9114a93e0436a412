"""Executable requirement checks: ``check("ENR-3", condition, "what")``.

Notebooks and tests assert through :func:`check`, which cites the
requirement ID in the failure message and records every check that ran and
where (a notebook cell, or the test set by :func:`context`), so traceability
comes from what was executed, not from comments.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from dataclasses import dataclass

from .errors import UnknownRequirementError
from .normalise import require_text
from .requirements import REQUIREMENTS


@dataclass(frozen=True)
class Ran:
    """One check that passed: its requirement, its wording and where it ran."""

    requirement: str
    what: str
    where: str


#: Every check that passed in this process, in order.
RAN: list[Ran] = []

_CONTEXT: list[str] = []


def context(where: str):
    """Record checks inside the ``with`` block as run at ``where`` (a test id).

    Raises:
        InputTypeError: ``where`` is not valid text.
    """
    require_text(where, "where")
    return _context(where)


@contextlib.contextmanager
def _context(where: str):
    _CONTEXT.append(where)
    try:
        yield
    finally:
        _CONTEXT.pop()


_CELLS = {"count": 0, "shell": None}


def _cell_number() -> int | None:
    """The number of the code cell running now, counting the cell that
    imported this module as 1. Counted here because runners differ in how
    they advance IPython's execution count (nbval does not)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with the notebook stack
        return None
    shell = get_ipython()
    if shell is None:
        return None
    if _CELLS["shell"] is not shell:
        _CELLS["shell"], _CELLS["count"] = shell, 1
        shell.events.register("pre_run_cell", lambda *_: _CELLS.__setitem__("count", _CELLS["count"] + 1))
    return _CELLS["count"]


def _where() -> str:
    if _CONTEXT:
        return _CONTEXT[-1]
    number = _cell_number()
    return f"cell {number}" if number is not None else ""


def check(requirement: str, condition: object, what: str) -> None:
    """Assert ``condition`` for ``requirement`` and record that it ran.

    Args:
        requirement: an ID from :data:`~twofa_sim.requirements.REQUIREMENTS`.
        condition: must be truthy.
        what: the expectation in plain words (shown on failure).

    Raises:
        UnknownRequirementError: ``requirement`` is not a known ID (also a
            :class:`KeyError`).
        AssertionError: ``condition`` is falsy; the message names the ID
            (this is the check failing, not bad input).
    """
    if not isinstance(requirement, str) or requirement not in REQUIREMENTS:
        shown = requirement[:20] if isinstance(requirement, str) else type(requirement).__name__
        raise UnknownRequirementError(f"unknown requirement ID {shown!r}")
    what = require_text(what, "what")
    if not condition:
        raise AssertionError(f"{requirement} not met: {what}")
    RAN.append(Ran(requirement, what, _where()))


#: The prefix of the machine-readable line :func:`summary` prints.
RECORD_PREFIX = "checked:"


def summary():
    """Each requirement checked here: how many checks passed and in which cells.

    Prints one line, ``checked: ENR-1 @ cell 4, cell 5 | ENR-2 @ ...``, which
    the overview notebook reads from the saved output, and returns the same
    as a pandas DataFrame.
    """
    import pandas as pd

    counts = Counter(r.requirement for r in RAN)
    places: dict[str, list[str]] = {}
    for r in RAN:
        if r.where and r.where not in places.setdefault(r.requirement, []):
            places[r.requirement].append(r.where)
    rows = [{"requirement": req, "checks passed": counts[req], "where": ", ".join(places.get(req, [])),
             "statement": text} for req, text in REQUIREMENTS.items() if counts[req]]
    print(RECORD_PREFIX, " | ".join(f"{row['requirement']} @ {row['where']}" for row in rows))
    return pd.DataFrame(rows, columns=["requirement", "checks passed", "where", "statement"])


_cell_number()  # start counting cells from the one that imports this module
