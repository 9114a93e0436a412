"""100 days of online guessing against bare pyotp: time and memory.

    .venv/bin/python benchmarks/guessing_100_days.py [--hours 2400]

The workload: ``online_guessing(PYOTP_BARE, hours=2400)`` from
:mod:`twofa_sim.attacks`: an attacker with the password guesses app codes
once a second for 100 days against a portal with no throttling (8.64
million guesses). The audit trail keeps counts, and runs of refusals
between two events (a sign-in timing out) are counted in closed form.

Printed, one ``name: value`` a line: ``wall_s``, ``cpu_s``, ``peak_rss_mb``
(``resource.getrusage(RUSAGE_SELF).ru_maxrss``, KiB on Linux) and the
result's figures. Figures, not pass/fail: run one at a time on a quiet
machine. The package is imported from the source tree this script belongs to.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from twofa_sim.attacks import online_guessing  # noqa: E402
from twofa_sim.errors import SimulationError  # noqa: E402
from twofa_sim.presets import PYOTP_BARE  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=2400.0, help="virtual hours of guessing (default 2400)")
    args = parser.parse_args()
    wall, cpu = time.perf_counter(), time.process_time()
    try:  # the hours online_guessing accepts are its own rule
        result = online_guessing(PYOTP_BARE, hours=args.hours)
    except SimulationError as error:
        parser.error(f"--hours: {error}")
    print(f"hours: {args.hours:g}")
    print(f"wall_s: {time.perf_counter() - wall:.2f}")
    print(f"cpu_s: {time.process_time() - cpu:.2f}")
    print(f"peak_rss_mb: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f}")
    for key, value in result.items():
        print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
