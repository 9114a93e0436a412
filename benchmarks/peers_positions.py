"""Where the portal's wrong-code figure goes: each check of a batch timed on its own.

    .venv/bin/python benchmarks/peers_positions.py
    .venv/bin/python benchmarks/peers_positions.py --rounds 300 --batch 12

The same world, checks and interleaving as ``benchmarks/peers.py`` (fresh
users, four candidates in rotating order, kind by kind), but each wrong-code
check of the portal and of django-otp's bare verify is timed on its own, so
the figures show the cost by position in a batch: the first check of a
batch after the other candidates ran, then the next ones, down to the
steady state. Printed: the median microseconds at each position for both,
their ratio, and the steady state (median of the last half of the
positions). Each call's own timer adds a little to both. Figures, not
pass/fail; run on a quiet machine.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import peers  # noqa: E402

from twofa_sim import Reason  # noqa: E402


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300, help="rounds (default 300)")
    parser.add_argument("--batch", type=int, default=12, help="checks per candidate, kind and round (default 12)")
    parser.add_argument("--seed", type=int, default=1, help="the portal's seed (default 1)")
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.batch < 2:
        parser.error("--rounds must be at least 1 and --batch at least 2")
    return args


def each_portal(portal, checks: list[peers.Check]) -> list[int]:
    """Nanoseconds of each wrong-code check, its answer checked."""
    submit, clock, times = portal.submit_code, time.perf_counter_ns, []
    for check in checks:
        started = clock()
        result = submit(check.attempt, check.code)
        times.append(clock() - started)
        if result.reason is not Reason.WRONG_CODE:
            raise SystemExit("the portal answered a wrong code with another reason: the figures are void")
    return times


def each_django(checks: list[peers.Check]) -> list[int]:
    """Nanoseconds of each wrong-code check by django-otp's bare verify."""
    clock, times = time.perf_counter_ns, []
    for check in checks:
        started = clock()
        accepted = check.django.verify(check.token, tolerance=1)
        times.append(clock() - started)
        if accepted:
            raise SystemExit("django-otp accepted a wrong code: the figures are void")
    return times


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    world = peers.World(args.seed)
    portal_rows, django_rows = [], []
    for r in range(args.rounds):
        order = peers.CANDIDATES[r % 4:] + peers.CANDIDATES[:r % 4]
        prepared = world.checks(args.batch)
        for kind in peers.KINDS:
            checks = prepared[kind]
            for candidate in order:
                gc.collect(1)
                if kind != "wrong":  # the other kinds run as in peers.py, untimed, so the interleaving is the same
                    if candidate == "portal":
                        peers.run_portal(world.portal, checks)
                    elif candidate == "pyotp":
                        peers.run_pyotp(checks)
                    elif candidate == "django-otp":
                        peers.run_django(checks)
                    else:
                        peers.run_floor(checks)
                elif candidate == "portal":
                    portal_rows.append(each_portal(world.portal, checks))
                elif candidate == "django-otp":
                    django_rows.append(each_django(checks))
                elif candidate == "pyotp":
                    peers.run_pyotp(checks)
                else:
                    peers.run_floor(checks)

    def medians(rows: list[list[int]]) -> list[float]:
        return [statistics.median(column) / 1000 for column in zip(*rows)]

    portal, django = medians(portal_rows), medians(django_rows)
    print(f"rounds: {args.rounds}, batch: {args.batch}; wrong codes, median µs by position in a batch")
    print(f"{'position':>8}{'portal':>10}{'django-otp':>12}{'ratio':>8}")
    for n, (p, d) in enumerate(zip(portal, django), 1):
        print(f"{n:>8}{p:>10.2f}{d:>12.2f}{p / d:>7.2f}x")
    half = len(portal) // 2
    steady_p, steady_d = statistics.median(portal[half:]), statistics.median(django[half:])
    print(f"steady state (positions {half + 1}-{len(portal)}): portal {steady_p:.2f} µs, "
          f"django-otp {steady_d:.2f} µs, ratio {steady_p / steady_d:.2f}x")
    print(f"mean over the batch: portal {statistics.fmean(portal):.2f} µs, "
          f"django-otp {statistics.fmean(django):.2f} µs, ratio {statistics.fmean(portal) / statistics.fmean(django):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
