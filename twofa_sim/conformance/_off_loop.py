"""Running the target where Django allows it.

A Jupyter kernel runs each cell, and each widget's button handler, in a
thread with a running asyncio event loop, where Django refuses every
database call (``SynchronousOnlyOperation``). From such a thread a run goes
to one worker thread kept for the purpose (the target's in-memory database
is shared by the process's threads); from any other thread it runs where it
is called.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

_WORKER: list[ThreadPoolExecutor] = []
_LOCK = threading.Lock()


def off_the_event_loop(function, *args):
    """``function(*args)``, run on a worker thread when this thread runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:  # no event loop in this thread: Django runs here
        return function(*args)
    with _LOCK:
        if not _WORKER:
            _WORKER.append(ThreadPoolExecutor(max_workers=1, thread_name_prefix="twofa-conformance"))
    return _WORKER[0].submit(function, *args).result()
