"""Prints what a sweep costs per row and per sign-in, on this machine.

    .venv/bin/python benchmarks/sweep_speed.py [--workers N]

Figures, not pass/fail: compare runs of the same machine. Measures
``clock_offset_sweep`` per row with worlds built the long way (the real QR
image rendered and decoded, the policy's hashing cost) and the sweeps' own
way (the provisioning URI given to the app, one PBKDF2 iteration), then
``acceptance_grid`` and ``window_acceptance`` at their default sizes,
serially and on a process pool of N workers (default 2).
"""

from __future__ import annotations

import argparse
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor

from twofa_sim.app import AEGIS
from twofa_sim.presets import SEED_PORTAL
from twofa_sim.sweeps import acceptance_grid, clock_offset_sweep, window_acceptance
from twofa_sim.sweeps import clock_offset
from twofa_sim.sweeps._world import FAITHFUL

OFFSETS = list(range(-90, 91, 6))  # 31 rows


def timed(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="processes of the pool (at least 1; default 2)")
    workers = parser.parse_args().workers
    if workers < 1:
        parser.error(f"--workers must be at least 1, got {workers}")
    clock_offset_sweep([0])  # imports and first-call costs out of the figures
    faithful = timed(lambda: clock_offset._table(OFFSETS, SEED_PORTAL, 2026, 15.0, AEGIS, None, FAITHFUL))
    fast = timed(lambda: clock_offset_sweep(OFFSETS))
    print(f"{'clock_offset_sweep, QR scanned, policy hash cost':<52} {faithful * 1e3 / len(OFFSETS):8.2f} ms/row")
    print(f"{'clock_offset_sweep, URI given, one-iteration hash':<52} {fast * 1e3 / len(OFFSETS):8.2f} ms/row")
    grid = timed(acceptance_grid)
    print(f"{'acceptance_grid, default 5 x 5 x 30 sign-ins':<52} {grid * 1e3 / 750:8.2f} ms/sign-in")
    serial = timed(window_acceptance)
    print(f"{'window_acceptance, default, serial':<52} {serial:8.2f} s")
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        window_acceptance(offsets=[0, 30], delays=[0], executor=pool)  # workers started and warm
        pooled = timed(lambda: window_acceptance(executor=pool))
    print(f"{f'window_acceptance, default, {workers} worker processes':<52} {pooled:8.2f} s")


if __name__ == "__main__":
    main()
