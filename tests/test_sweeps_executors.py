"""Sweeps on other machines' executors: a Dask cluster of worker processes and
a local process pool give the same tables as a serial run (each piece is an
independent seeded world, pickled to a worker and back)."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import pandas as pd
import pytest

from twofa_sim.sweeps import acceptance_grid, clock_offset_sweep, window_acceptance

try:
    import distributed
except ImportError:  # the twofa-sim[distributed] extra is not installed
    distributed = None

needs_distributed = pytest.mark.skipif(
    distributed is None, reason="dask.distributed is not installed: pip install 'twofa-sim[distributed]'")

OFFSETS = [-75, -30, 0, 45]
WINDOW_ARGS = dict(offsets=[-60, 0, 30], delays=[0, 45], windows=["0", "two steps", "learned drift"])


@pytest.fixture(scope="module")
def dask_client():
    """One local Dask cluster (two worker processes) for the module's tests."""
    cluster = distributed.LocalCluster(processes=True, n_workers=2, threads_per_worker=1, host="127.0.0.1",
                                       dashboard_address=None)
    client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


@needs_distributed
def test_a_dask_cluster_gives_the_same_tables_as_serial(dask_client):
    executor = dask_client.get_executor()
    with distributed.get_task_stream(dask_client) as stream:
        on_cluster = window_acceptance(executor=executor, **WINDOW_ARGS)
    pd.testing.assert_frame_equal(on_cluster, window_acceptance(**WINDOW_ARGS))
    # control: each piece (window setting × offset × delay) ran as a task in a worker process
    workers = set(dask_client.scheduler_info()["workers"])
    assert len(stream.data) == 3 * 3 * 2 and {task["worker"] for task in stream.data} <= workers
    pd.testing.assert_frame_equal(clock_offset_sweep(OFFSETS, executor=executor), clock_offset_sweep(OFFSETS))


def test_a_process_pool_gives_the_same_tables_as_serial():
    # spawn, not fork: the test process may hold threads (a Dask client's event loop)
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        pd.testing.assert_frame_equal(acceptance_grid(offsets=OFFSETS, delays=[0, 12], executor=pool),
                                      acceptance_grid(offsets=OFFSETS, delays=[0, 12]))
