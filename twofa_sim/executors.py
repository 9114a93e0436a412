"""Where independent pieces of a sweep or population run are computed.

Sweeps and population runs split their work into pieces that share nothing
(one world per row, one shard of users per piece) and hand them to
:func:`run_pieces`. By default the pieces run one after another in this
process; any :class:`concurrent.futures.Executor` runs them elsewhere: a
``ProcessPoolExecutor`` on this machine, or a Dask cluster through
``distributed.Client(...).get_executor()`` (the ``twofa-sim[distributed]``
extra). Results come back in the order of the pieces, so a table is the same
whichever executor computed it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .errors import InputTypeError, SimulationError

# What concurrent.futures (process and thread pools, Dask's executor) says
# when work is submitted after ``shutdown()``.
_SHUT_DOWN = "cannot schedule new futures after"


def require_executor(executor: object) -> None:
    """Check ``executor`` is ``None`` (serial) or has an Executor's ``map``.

    Raises:
        InputTypeError: anything else.
    """
    if executor is not None and not callable(getattr(executor, "map", None)):
        raise InputTypeError("executor must be None (run here, one piece after another) or a "
                             f"concurrent.futures.Executor, not {type(executor).__name__}")


def run_pieces(function: Callable[[Any], Any], pieces: Iterable[Any], executor: object = None) -> list:
    """``[function(piece) for piece in pieces]``, computed by ``executor``.

    Args:
        function: a module-level function (picklable, so a process pool or a
            Dask worker can run it) of one piece.
        pieces: picklable values, one per independent piece of work.
        executor: ``None`` to run here serially, or any
            :class:`concurrent.futures.Executor`.

    Returns:
        The results, in the order of ``pieces``.

    Raises:
        InputTypeError: ``function`` is not callable, ``pieces`` is not an
            iterable of pieces (text is refused), or ``executor`` is neither
            ``None`` nor an Executor.
        SimulationError: ``executor`` has been shut down (no piece ran).
        Whatever a piece raises, unchanged.
    """
    if not callable(function):
        raise InputTypeError(f"function must be callable, not {type(function).__name__}")
    if isinstance(pieces, (str, bytes)) or not isinstance(pieces, Iterable):
        raise InputTypeError(f"pieces must be an iterable of pieces of work, not {type(pieces).__name__}")
    require_executor(executor)
    pieces = list(pieces)
    if executor is None:
        return [function(piece) for piece in pieces]
    try:
        futures = executor.map(function, pieces)  # submits every piece now; results come later
    except RuntimeError as error:
        if _SHUT_DOWN not in str(error):
            raise
        raise SimulationError("the executor is shut down: pass a running executor, or None to run here") from None
    return list(futures)
