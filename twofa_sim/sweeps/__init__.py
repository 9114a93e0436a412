"""Sweeps: run the same login many times with one thing varied, as a table.

=====================  ==================================================
module                 sweep
=====================  ==================================================
:mod:`.clock_offset`   one login per phone clock offset
:mod:`.acceptance`     share accepted per phone clock offset × typing delay
:mod:`.windows`        the same, for several look-around window settings
=====================  ==================================================

Each sweep splits its work into independent pieces (one seeded world per row
or per offset, sharing nothing) and hands them to
:func:`~twofa_sim.executors.run_pieces`: serially by default, or on any
``concurrent.futures.Executor`` (a process pool, a Dask cluster) given as
``executor=``. Results are merged in the order of the inputs, so a table is
the same whichever executor computed it. Worlds are built as
:mod:`._world` says (no QR image round trip, cheap hashing), which changes
no answer.
"""

from .acceptance import MAX_GRID_LOGINS, acceptance_grid
from .clock_offset import MAX_SWEEP_ROWS, clock_offset_sweep
from .windows import MAX_WINDOW_LOGINS, WINDOWS, window_acceptance

__all__ = ["MAX_GRID_LOGINS", "MAX_SWEEP_ROWS", "MAX_WINDOW_LOGINS", "WINDOWS", "acceptance_grid",
           "clock_offset_sweep", "window_acceptance"]
