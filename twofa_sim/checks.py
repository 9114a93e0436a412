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


class _CellNumbers:
    """Numbers the code cells of a notebook in the order they first ran,
    the cell that imported this module being 1.

    A front end that names its cells (JupyterLab sends a cell id with each
    run) keeps a cell's number when the cell runs again, and a cell that
    runs again replaces the checks it recorded before; so "Run All" twice
    in one kernel gives the same record as once. Runners that name no cells
    (nbval, a fresh kernel each time) are counted run by run.
    """

    def __init__(self) -> None:
        self.shell = None
        self.count = 0
        self.by_id: dict[str, int] = {}
        self.current: int | None = None

    def attach(self, shell, cell_id: str | None) -> None:
        self.shell, self.count, self.by_id, self.current = shell, 1, {}, 1
        if cell_id:
            self.by_id[cell_id] = 1
        shell.events.register("pre_run_cell", self.starting)

    def starting(self, info=None) -> None:
        """IPython's ``pre_run_cell`` event: a cell is about to run."""
        cell_id = getattr(info, "cell_id", None)
        if cell_id and cell_id in self.by_id:
            self.current = self.by_id[cell_id]
        else:
            self.count += 1
            self.current = self.count
            if cell_id:
                self.by_id[cell_id] = self.current
        here = f"cell {self.current}"
        RAN[:] = [ran for ran in RAN if ran.where != here]


_CELLS = _CellNumbers()


def _importing_cell_id(shell) -> str | None:
    """The id of the cell running now, as the front end sent it (ipykernel)."""
    kernel = getattr(shell, "kernel", None)
    try:
        metadata = kernel.get_parent().get("metadata", {}) if kernel is not None else {}
    except Exception:  # noqa: BLE001 - no request in flight, or a kernel of another kind
        return None
    cell_id = metadata.get("cellId") if isinstance(metadata, dict) else None
    return cell_id if isinstance(cell_id, str) else None


def _cell_number() -> int | None:
    """The number of the code cell running now (see :class:`_CellNumbers`).
    Counted here because runners differ in how they advance IPython's
    execution count (nbval does not)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with the notebook stack
        return None
    shell = get_ipython()
    if shell is None:
        return None
    if _CELLS.shell is not shell:
        _CELLS.attach(shell, _importing_cell_id(shell))
    return _CELLS.current


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
