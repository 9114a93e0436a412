"""The population fast path: against the engine on the same sign-ins, and a
million users for 30 days.

    .venv/bin/python benchmarks/population_fast.py
    .venv/bin/python benchmarks/population_fast.py --compare-users 5000 --compare-days 10 --skip-million
    .venv/bin/python benchmarks/population_fast.py --skip-million

Part 1 runs ``simulate_population(SEED_PORTAL, TYPICAL.replace(users=N), days, seed)``
through the engine (``path="engine"``: every user a real account of a
Portal, cheap hashing) and through the fast path (``path="fast"``), checks
that both give identical per-login and per-user tables and summaries, and
prints both wall times and their ratio (the target is a fast path at least
50 times faster); the fast path, a fraction of a second, is timed
``--fast-repeats`` times (default 3) and its best time kept. The fast path
has a fixed cost per round of sign-ins (numpy calls) that more users
share, so the ratio grows with the population: the default is 20,000 users
(``--compare-users 5000`` shows a smaller population's ratio).

Part 2 runs ``--users`` users (default 1,000,000) of the typical population
for ``--days`` (default 30) through the fast path with per-user tables only
(``per_login=False``), spread over ``--workers`` processes (default 2, a
``ProcessPoolExecutor``; 1 runs serially), and prints the wall seconds
(target under 60 s), the CPU seconds of this process and its workers,
the sign-ins, the peak resident memory of this process
and of the workers in MiB (``ru_maxrss``, KiB on Linux), and the summary.

Figures, not pass/fail: the machine may be shared; run one at a time and
read them as indicative. The package is imported from the source tree this
script belongs to.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from twofa_sim.errors import TwofaSimError  # noqa: E402
from twofa_sim.population import TYPICAL, simulate_population  # noqa: E402
from twofa_sim.population.simulate import MAX_DAYS  # noqa: E402
from twofa_sim.presets import SEED_PORTAL  # noqa: E402


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare-users", type=int, default=20_000, help="users of the engine comparison (20000)")
    parser.add_argument("--compare-days", type=float, default=10.0, help="days of the engine comparison (10)")
    parser.add_argument("--fast-repeats", type=int, default=3, help="times the fast path is timed, best kept (3)")
    parser.add_argument("--users", type=int, default=1_000_000, help="users of the large run (1,000,000)")
    parser.add_argument("--days", type=float, default=30.0, help="days of the large run (30)")
    parser.add_argument("--workers", type=int, default=2, help="processes for the large run, at least 1 (2; 1 = serial)")
    parser.add_argument("--seed", type=int, default=1, help="the runs' seed (1)")
    parser.add_argument("--skip-compare", action="store_true", help="skip part 1")
    parser.add_argument("--skip-million", action="store_true", help="skip part 2")
    args = parser.parse_args(argv)
    for option, users in (("--compare-users", args.compare_users), ("--users", args.users)):
        try:  # the population's own rule for its size
            TYPICAL.replace(users=users)
        except TwofaSimError as error:
            parser.error(f"{option}: {error}")
    for option, days in (("--compare-days", args.compare_days), ("--days", args.days)):
        if not 0 < days <= MAX_DAYS:
            parser.error(f"{option} must be above 0 and at most {MAX_DAYS}, got {days:g}")
    for option, count in (("--fast-repeats", args.fast_repeats), ("--workers", args.workers)):
        if count < 1:
            parser.error(f"{option} must be at least 1, got {count}")
    return args


def compare(users: int, days: float, seed: int, repeats: int) -> None:
    import pandas as pd

    population = TYPICAL.replace(users=users)
    started = time.perf_counter()
    engine = simulate_population(SEED_PORTAL, population, days, seed, path="engine")
    engine_s = time.perf_counter() - started
    fast_s = float("inf")
    for _ in range(max(1, repeats)):
        started = time.perf_counter()
        fast = simulate_population(SEED_PORTAL, population, days, seed, path="fast")
        fast_s = min(fast_s, time.perf_counter() - started)
    pd.testing.assert_frame_equal(engine.logins, fast.logins)
    pd.testing.assert_frame_equal(engine.users, fast.users)
    identical = engine.summary == fast.summary
    print(f"compare_users: {users}")
    print(f"compare_days: {days:g}")
    print(f"compare_sign_ins: {engine.summary['sign_ins']}")
    print(f"compare_answers: {len(engine.logins)}")
    print(f"identical: {identical}")
    print(f"engine_s: {engine_s:.2f}")
    print(f"fast_s: {fast_s:.2f}")
    print(f"ratio: {engine_s / fast_s:.1f}")


def million(users: int, days: float, workers: int, seed: int) -> None:
    population = TYPICAL.replace(users=users)
    started = time.perf_counter()
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            run = simulate_population(SEED_PORTAL, population, days, seed, executor=pool, path="fast",
                                      per_login=False)
    else:
        run = simulate_population(SEED_PORTAL, population, days, seed, path="fast", per_login=False)
    wall = time.perf_counter() - started
    print(f"users: {users}")
    print(f"days: {days:g}")
    print(f"workers: {workers}")
    print(f"wall_s: {wall:.1f}")
    print(f"cpu_s: {sum(resource.getrusage(who).ru_utime + resource.getrusage(who).ru_stime for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)):.1f}")
    print(f"sign_ins: {run.summary['sign_ins']}")
    print(f"peak_rss_mb: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
    print(f"peak_rss_workers_mb: {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f}")
    for key, value in run.summary.items():
        print(f"summary.{key}: {value}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.skip_compare:
        compare(args.compare_users, args.compare_days, args.seed, args.fast_repeats)
    if not args.skip_million:
        million(args.users, args.days, args.workers, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
