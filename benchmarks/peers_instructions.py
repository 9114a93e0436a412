"""Instructions per wrong-code check, counted by valgrind: the portal's code step, django-otp, the floor.

    .venv/bin/python benchmarks/peers_instructions.py
    .venv/bin/python benchmarks/peers_instructions.py --checks 200

Timings on a shared machine move by ten percent or more; instruction counts
do not. Each candidate runs in a fresh interpreter under ``valgrind
--tool=callgrind`` twice, once with a few checks and once with ``--checks``
more, and the difference of the two totals divided by the extra checks is
its count per check (start-up and set-up cancel out):

* ``portal``: ``Portal.submit_code`` with a wrong code, warm: the nine
  users of a round of ``benchmarks/peers.py``'s world checked again and
  again, their failure counts set back before each round so that no
  lockout comes (the set-back is counted too: a few dozen instructions a
  check);
* ``django-otp``: ``django_otp.oath.TOTP.verify(token, tolerance=1)`` on a
  wrong token;
* ``floor``: three ``hmac.digest(key, counter, "sha1")`` calls.

Counts, not times: memory and cache effects (which decide the first checks
after other work, see ``benchmarks/peers_positions.py``) do not show here.
Needs ``valgrind`` on the PATH (Debian's package). Under valgrind, SHA-1
runs without the CPU's SHA instructions, so the hashing weighs more in these
counts than in time.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CANDIDATES = ("portal", "django-otp", "floor")
USERS = 9


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checks", type=int, default=1800, help="extra checks counted per candidate (default 1800)")
    parser.add_argument("--run", choices=CANDIDATES, help=argparse.SUPPRESS)  # inside valgrind: one candidate
    parser.add_argument("--rounds", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.checks < USERS:
        parser.error(f"--checks must be at least {USERS}")
    return args


def run(candidate: str, rounds: int) -> None:
    """``rounds`` rounds of nine wrong-code checks by ``candidate`` (inside valgrind)."""
    sys.path.insert(0, str(HERE))
    import peers

    world = peers.World(1)
    checks = world.checks(USERS)["wrong"]
    if candidate == "portal":
        submit = world.portal.submit_code
        throttles = [world.portal._accounts.get(c.attempt.login).throttle for c in checks]
        for _ in range(rounds):
            for throttle in throttles:  # no lockout: every round meets the same, unlocked account
                throttle.failures = throttle.code_failures = 0
            for check in checks:
                submit(check.attempt, check.code)
    elif candidate == "django-otp":
        for _ in range(rounds):
            for check in checks:
                check.django.verify(check.token, tolerance=1)
    else:
        for _ in range(rounds):
            peers.run_floor(checks)


def count(candidate: str, rounds: int) -> int:
    """Instructions of a whole run of ``rounds`` rounds under callgrind."""
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
                           __file__, "--run", candidate, "--rounds", str(rounds)],
                          capture_output=True, text=True, check=True)
    found = re.search(r"Collected\s*:\s*(\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"valgrind printed no instruction count:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.run:
        run(args.run, args.rounds)
        return 0
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not on the PATH (Debian: apt-get install valgrind)")
    extra = args.checks // USERS
    per_check = {}
    for candidate in CANDIDATES:
        few, many = count(candidate, 2), count(candidate, 2 + extra)
        per_check[candidate] = (many - few) / (extra * USERS)
    print(f"instructions per wrong-code check ({extra * USERS} checks counted, valgrind callgrind)")
    for candidate in CANDIDATES:
        print(f"  {candidate:<11}{per_check[candidate]:>10,.0f}")
    print(f"  portal / django-otp: {per_check['portal'] / per_check['django-otp']:.2f}x; "
          f"portal / floor: {per_check['portal'] / per_check['floor']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
