"""A population under load: time and memory of many users signing in daily.

    .venv/bin/python benchmarks/population_load.py
    .venv/bin/python benchmarks/population_load.py --users 1000 --days 30
    .venv/bin/python benchmarks/population_load.py --hash-cost simulation

The workload: ``--users`` users (default 10,000) are created and enrolled in
two-factor authentication, then each signs in once a day, with the right
password and the right app code, for ``--days`` days (default 30). The
portal runs the seed policy (``twofa_sim.presets.SEED_PORTAL``) and keeps
its full audit trail; nothing is trimmed or reset during the run.

Passwords and backup codes are hashed at a cheap cost by default:
``policy.replace(hash_cost=HashCost("cheap", 1))``, one PBKDF2 iteration
(:class:`twofa_sim.hashing.HashCost`). This load test measures the engine
around the hashes (users, sign-ins, windows, replay guard, throttle, audit
trail), not PBKDF2, whose cost is the iteration count times a fixed price
per iteration. ``--hash-cost simulation`` keeps the seed policy's own cost
(1,000 iterations) and ``--hash-cost realistic`` OWASP's 600,000 (about a
third of a second per hash: only for a few users).

Targets on a quiet machine, at the default cheap cost: the whole run (setup
and sign-ins) under 60 s of wall time and under 300 MB of peak resident
memory.

Everything goes through the public API: ``Portal.simulated(seed=...)`` (a
virtual clock and seeded randomness, so a run is deterministic), then per
user ``add_user``, ``start_enrolment`` and ``confirm_enrolment`` with the
code computed from the provisioning secret; each day the clock moves on a
day and every user signs in with ``portal.login(...)`` from their own
browser. Users sign in a few seconds apart (86,400 s / users, at least 1 s),
so one user's sign-ins are a day apart and never reuse a time step.

Printed, one ``name: value`` a line:

* ``setup_s``: wall seconds to create and enrol every user
  (``per_setup_ms``: per user, in milliseconds);
* ``run_s``: wall seconds for every daily sign-in;
* ``setup_cpu_s``, ``run_cpu_s``: the same in CPU seconds of this process
  (less affected than wall time by other work on the machine);
* ``per_sign_in_ms``: ``run_s`` divided by the sign-ins, in milliseconds;
* ``peak_rss_mb``: peak resident memory of the process, in MiB
  (``resource.getrusage(RUSAGE_SELF).ru_maxrss``, KiB on Linux);
* ``audit_events``: events in the portal's audit trail at the end;
* ``sign_ins`` and ``failures``: sign-ins tried and those that did not
  sign the user in;
* ``total_s`` (setup and sign-ins, wall seconds) and the targets, each
  ``met`` or ``not met``.

The exit status is 0 when every enrolment and every sign-in succeeded, 1
otherwise. Figures, not pass/fail: compare runs on the same machine, one
run at a time. The package is imported from the source tree this script
belongs to, whatever is installed.
"""

from __future__ import annotations

import argparse
import base64
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import twofa_sim  # noqa: E402
from twofa_sim import Browser, Portal  # noqa: E402
from twofa_sim.hashing import REALISTIC_COST, SIMULATION_COST, HashCost  # noqa: E402
from twofa_sim.otp import totp  # noqa: E402
from twofa_sim.presets import SEED_PORTAL  # noqa: E402

DAY = 86_400

#: The hashing costs ``--hash-cost`` chooses from.
HASH_COSTS = {"cheap": HashCost("cheap", 1), "simulation": SIMULATION_COST, "realistic": REALISTIC_COST}

#: Targets on a quiet machine (figures, not pass/fail): wall seconds of the whole run, peak MiB.
TARGET_WALL_S, TARGET_PEAK_MB = 60, 300


def key_of(base32: str) -> bytes:
    """The raw key of a base32 secret given without padding."""
    return base64.b32decode(base32 + "=" * (-len(base32) % 8))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10_000, help="enrolled users (default 10000)")
    parser.add_argument("--days", type=int, default=30, help="days, one sign-in per user each (default 30)")
    parser.add_argument("--seed", type=int, default=1, help="the portal's seed (default 1)")
    parser.add_argument("--hash-cost", choices=sorted(HASH_COSTS), default="cheap",
                        help="password and backup-code hashing: cheap (1 iteration, the default), "
                             "simulation (the seed policy's 1,000) or realistic (600,000)")
    parser.add_argument("--progress", action="store_true", help="print each day's time to stderr")
    args = parser.parse_args(argv)
    if args.users < 1 or args.days < 0:
        parser.error("--users must be at least 1 and --days at least 0")
    return args


def enrol(portal: Portal, count: int) -> tuple[list[tuple], int]:
    """Create and enrol ``count`` users at the current time.

    Returns:
        One ``(login, password, key, digits, period, algorithm, browser)``
        per user, and how many enrolments were refused.
    """
    clock = portal.clock
    users, refused = [], 0
    for i in range(count):
        login, password = f"user{i:06d}@example.com", f"password-{i:06d}"
        portal.add_user(login, password, f"User {i}")
        provisioning = portal.start_enrolment(login).provisioning
        key = key_of(provisioning.secret.base32)
        digits, period, algorithm = provisioning.digits, provisioning.period, provisioning.algorithm
        if not portal.confirm_enrolment(login, totp(key, clock.now(), period, digits, algorithm)).ok:
            refused += 1
        users.append((login, password, key, digits, period, algorithm, Browser(f"browser-{i:06d}")))
    return users, refused


def sign_in_daily(portal: Portal, users: list[tuple], days: int, progress: bool = False) -> tuple[int, int]:
    """Every day for ``days`` days, each user signs in once with a right code,
    users a few seconds apart (86,400 s / users, at least 1 s).

    Returns:
        Sign-ins tried and those that did not sign the user in.
    """
    clock = portal.clock
    gap = max(1, DAY // len(users))
    day_start = clock.now()
    sign_ins = failures = 0
    for day in range(days):
        day_start += max(DAY, gap * len(users))
        clock.advance(day_start - clock.now())
        started = time.perf_counter()
        for n, (login, password, key, digits, period, algorithm, browser) in enumerate(users):
            if n:
                clock.advance(gap)
            code = totp(key, clock.now(), period, digits, algorithm)
            sign_ins += 1
            if not portal.login(login, password, code, browser).signed_in:
                failures += 1
        if progress:
            print(f"day {day + 1}/{days}: {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    return sign_ins, failures


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    portal = Portal.simulated(seed=args.seed, policy=SEED_PORTAL.replace(hash_cost=HASH_COSTS[args.hash_cost]))

    started, cpu = time.perf_counter(), time.process_time()
    users, enrol_failures = enrol(portal, args.users)
    setup_s, setup_cpu_s = time.perf_counter() - started, time.process_time() - cpu

    started, cpu = time.perf_counter(), time.process_time()
    sign_ins, failures = sign_in_daily(portal, users, args.days, args.progress)
    run_s, run_cpu_s = time.perf_counter() - started, time.process_time() - cpu

    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"package: {Path(twofa_sim.__file__).parent}")
    print(f"policy: {portal.policy.name} (hash cost {portal.policy.hash_cost.name}, "
          f"{portal.policy.hash_cost.iterations} iterations)")
    print(f"users: {args.users}")
    print(f"days: {args.days}")
    print(f"seed: {args.seed}")
    print(f"setup_s: {setup_s:.1f}")
    print(f"per_setup_ms: {setup_s * 1000 / args.users:.3f}")
    print(f"run_s: {run_s:.1f}")
    print(f"setup_cpu_s: {setup_cpu_s:.1f}")
    print(f"run_cpu_s: {run_cpu_s:.1f}")
    print(f"per_sign_in_ms: {run_s * 1000 / sign_ins if sign_ins else 0:.3f}")
    print(f"peak_rss_mb: {peak_kib / 1024:.1f}")
    print(f"audit_events: {len(portal.audit)}")
    print(f"sign_ins: {sign_ins}")
    print(f"failures: {failures}")
    if enrol_failures:
        print(f"enrolment_failures: {enrol_failures}")
    total_s, peak_mb = setup_s + run_s, peak_kib / 1024
    print(f"total_s: {total_s:.1f}")
    print(f"target wall under {TARGET_WALL_S} s: {'met' if total_s < TARGET_WALL_S else 'not met'}")
    print(f"target peak under {TARGET_PEAK_MB} MB: {'met' if peak_mb < TARGET_PEAK_MB else 'not met'}")
    return 1 if failures or enrol_failures else 0


if __name__ == "__main__":
    sys.exit(main())
