"""The portal's code step against its peers, on the same codes.

    .venv/bin/python benchmarks/peers.py
    .venv/bin/python benchmarks/peers.py --rounds 400 --batch 16

Four candidates check the same codes, in one process, interleaved round by
round (their order rotates each round), and each round's figure is the mean
time of one check over a batch of ``--batch`` checks; the figures printed
are medians over ``--rounds`` rounds:

* ``portal``: ``Portal.submit_code(attempt, code)`` under the seed policy
  (a look-around window of one step each way, replay guard, drift learning,
  throttle, audit trail keeping every event). The whole code step is timed:
  normalising the typed text, the open sign-in and its user, the user's
  lock, the throttle gate, routing, every step of the window compared in
  constant time, the verdict, the audit event and the result with its
  message. The password step (``begin_login``) runs before the timing.
  Backup codes and passwords are hashed at a cheap cost
  (``HashCost("cheap", 1)``) so that setting up thousands of users is
  quick; an app code in a sign-in with no SMS code outstanding hashes
  nothing, so the code step costs the same at any hash cost;
* ``pyotp``: bare ``pyotp.TOTP(secret).verify(code, for_time=t,
  valid_window=1)`` (the object is made before the timing);
* ``django-otp``: bare ``django_otp.oath.TOTP(key, step=30, t0=0,
  digits=6, drift=0)`` with ``.time`` set, ``.verify(token, tolerance=1)``
  (the object is made and the token turned into the int it takes before
  the timing; ``django_otp.oath`` needs no Django settings);
* ``floor``: three ``hmac.digest(key, counter, "sha1")`` calls, the HMACs
  any ±1-step check must compute (counters packed before the timing).

The mix of codes, the same for every candidate: a code of the current
step, of the previous step, of the next step, and a wrong code (one no step
of the window has). Every check is on a fresh user (a fresh key) with its
own time step: a right code is never refused by the portal's replay guard,
and a wrong code never meets a throttle that earlier wrong codes armed, nor
anything an earlier call could have left behind. The portal's answers are
checked (accepted, or refused as a wrong code) so that a slip cannot make a
cheaper path look like the code step. Peers stop at the first matching
step; the portal compares every step of its window (constant time), so
right codes cost it more than them by design. The garbage collector runs
as usual while a batch is timed; its young generations are collected
before each batch, so no candidate pays for what the set-up or another
candidate left.

Printed: per kind of code and overall (the mean of the four kinds), the
median microseconds of each candidate and the ratios of the portal's median
to each other candidate's; then the targets, on wrong codes (an attacker's guesses):

* the portal's code step is no slower than django-otp's bare verify;
* the portal's code step is within 2x the three-HMAC floor;

each with ``met`` or ``not met``. Figures, not pass/fail: other work on the
machine moves them; run one at a time on a quiet machine. The package is
imported from the source tree this script belongs to.
"""

from __future__ import annotations

import argparse
import base64
import gc
import hmac
import random
import statistics
import struct
import sys
import time
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pyotp  # noqa: E402
from django_otp.oath import TOTP as DjangoTOTP  # noqa: E402

from twofa_sim import Browser, Portal, Reason  # noqa: E402
from twofa_sim.hashing import HashCost  # noqa: E402
from twofa_sim.otp import hotp, time_step  # noqa: E402
from twofa_sim.presets import SEED_PORTAL  # noqa: E402

KINDS = ("current", "previous", "next", "wrong")
OFFSETS = {"current": 0, "previous": -1, "next": 1}
CANDIDATES = ("portal", "pyotp", "django-otp", "floor")
PERIOD = 30

#: Targets on wrong codes: (name, candidate the portal is compared with, largest ratio allowed).
TARGETS = (("no slower than django-otp's bare verify", "django-otp", 1.0),
           ("within 2x the three-HMAC floor", "floor", 2.0))

_COUNTER = struct.Struct(">Q")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300, help="rounds, each timing every candidate (default 300)")
    parser.add_argument("--batch", type=int, default=12, help="checks per candidate, kind and round (default 12)")
    parser.add_argument("--seed", type=int, default=1, help="the portal's seed and the wrong codes' (default 1)")
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.batch < 1:
        parser.error("--rounds and --batch must be at least 1")
    return args


class Check:
    """One code to check, prepared for every candidate: a fresh user, its key,
    the time, the code and each candidate's ready-made inputs."""

    __slots__ = ("attempt", "code", "now", "totp", "django", "token", "key", "counters")

    def __init__(self, attempt, code: str, now: float, base32: str, key: bytes) -> None:
        self.attempt, self.code, self.now, self.key = attempt, code, now, key
        self.totp = pyotp.TOTP(base32)
        self.django = DjangoTOTP(key, step=PERIOD, t0=0, digits=6, drift=0)
        self.django.time = now
        self.token = int(code)
        step = time_step(now, PERIOD)
        self.counters = tuple(_COUNTER.pack(step + k) for k in (-1, 0, 1))


def key_of(base32: str) -> bytes:
    """The raw key of a base32 secret given without padding."""
    return base64.b32decode(base32 + "=" * (-len(base32) % 8))


def wrong_code(rng: random.Random, key: bytes, step: int) -> str:
    """A 6-digit code no step of the ±1 window has at ``step``."""
    taken = {hotp(key, step + k) for k in (-1, 0, 1)}
    while True:
        code = f"{rng.randrange(10**6):06d}"
        if code not in taken:
            return code


class World:
    """A portal under the seed policy whose fresh users sign in once each."""

    def __init__(self, seed: int) -> None:
        self.portal = Portal.simulated(seed=seed, policy=SEED_PORTAL.replace(hash_cost=HashCost("cheap", 1)))
        self.rng = random.Random(seed)
        self.made = 0

    def checks(self, count: int) -> dict[str, list[Check]]:
        """``count`` fresh users per kind of code: enrolled, the clock moved on
        four steps (so the step that confirmed enrolment is well behind the
        window), their password steps done, and one code each."""
        portal, clock = self.portal, self.portal.clock
        made = []
        for _ in range(count * len(KINDS)):
            self.made += 1
            login, password = f"user{self.made:07d}@example.com", "correct horse battery"
            portal.add_user(login, password, f"User {self.made}")
            base32 = portal.start_enrolment(login).provisioning.secret.base32
            key = key_of(base32)
            if not portal.confirm_enrolment(login, hotp(key, time_step(clock.now(), PERIOD))).ok:
                raise SystemExit("enrolment failed: the benchmark's world is not what it expects")
            made.append((login, password, base32, key))
        clock.advance(4 * PERIOD)
        now, step = clock.now(), time_step(clock.now(), PERIOD)
        out: dict[str, list[Check]] = {kind: [] for kind in KINDS}
        for n, (login, password, base32, key) in enumerate(made):
            kind = KINDS[n % len(KINDS)]
            first = portal.begin_login(login, password, Browser(f"browser-{login}"))
            code = wrong_code(self.rng, key, step) if kind == "wrong" else hotp(key, step + OFFSETS[kind])
            out[kind].append(Check(first.attempt, code, now, base32, key))
        return out


def run_portal(portal: Portal, checks: list[Check]) -> tuple[int, list]:
    submit = portal.submit_code
    results = []
    started = time.perf_counter_ns()
    for check in checks:
        results.append(submit(check.attempt, check.code))
    return time.perf_counter_ns() - started, results


def run_pyotp(checks: list[Check]) -> tuple[int, list]:
    results = []
    started = time.perf_counter_ns()
    for check in checks:
        results.append(check.totp.verify(check.code, for_time=check.now, valid_window=1))
    return time.perf_counter_ns() - started, results


def run_django(checks: list[Check]) -> tuple[int, list]:
    results = []
    started = time.perf_counter_ns()
    for check in checks:
        results.append(check.django.verify(check.token, tolerance=1))
    return time.perf_counter_ns() - started, results


def run_floor(checks: list[Check]) -> tuple[int, list]:
    results = []
    digest = hmac.digest
    started = time.perf_counter_ns()
    for check in checks:
        key, (c0, c1, c2) = check.key, check.counters
        results.append((digest(key, c0, "sha1"), digest(key, c1, "sha1"), digest(key, c2, "sha1")))
    return time.perf_counter_ns() - started, results


def one_round(world: World, batch: int, order: tuple[str, ...]) -> dict[tuple[str, str], float]:
    """Microseconds per check of every (candidate, kind) in one round."""
    prepared = world.checks(batch)
    figures = {}
    for kind in KINDS:
        checks = prepared[kind]
        for candidate in order:
            gc.collect(1)  # no candidate pays for the young objects set-up or another candidate left
            if candidate == "portal":
                elapsed, results = run_portal(world.portal, checks)
                if any(r.reason is not (Reason.WRONG_CODE if kind == "wrong" else Reason.ACCEPTED) for r in results):
                    raise SystemExit(f"the portal answered a {kind} code with another reason: the comparison is void")
                accepted = [r.signed_in for r in results]
            elif candidate == "pyotp":
                elapsed, accepted = run_pyotp(checks)
            elif candidate == "django-otp":
                elapsed, accepted = run_django(checks)
            else:
                elapsed, accepted = run_floor(checks)
                accepted = [kind != "wrong"] * len(checks)
            if any(a != (kind != "wrong") for a in accepted):
                raise SystemExit(f"{candidate} answered a {kind} code wrongly: the comparison is void")
            figures[candidate, kind] = elapsed / 1000 / len(checks)
    return figures


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    world = World(args.seed)
    rounds: list[dict] = []
    for r in range(args.rounds):
        order = CANDIDATES[r % 4:] + CANDIDATES[:r % 4]
        rounds.append(one_round(world, args.batch, order))

    def median(candidate: str, kind: str) -> float:
        if kind == "overall":
            return statistics.median(statistics.fmean(f[candidate, k] for k in KINDS) for f in rounds)
        return statistics.median(f[candidate, kind] for f in rounds)

    print(f"rounds: {args.rounds}, batch: {args.batch}, checks per candidate: {args.rounds * args.batch * len(KINDS)}")
    print(f"python: {sys.version.split()[0]}, pyotp: {version('pyotp')}, django-otp: {version('django-otp')}")
    print()
    header = f"{'kind':<9}" + "".join(f"{c + ' µs':>15}" for c in CANDIDATES)
    header += "".join(f"{'/' + c:>13}" for c in CANDIDATES[1:])
    print(header)
    table = {}
    for kind in KINDS + ("overall",):
        row = {c: median(c, kind) for c in CANDIDATES}
        table[kind] = row
        line = f"{kind:<9}" + "".join(f"{row[c]:>15.2f}" for c in CANDIDATES)
        line += "".join(f"{row['portal'] / row[c]:>12.2f}x" for c in CANDIDATES[1:])
        print(line)
    print()
    print("targets (wrong codes, the portal's whole code step):")
    met_all = True
    for name, peer, limit in TARGETS:
        ratio = table["wrong"]["portal"] / table["wrong"][peer]
        met = ratio <= limit
        met_all &= met
        print(f"  {name}: {ratio:.2f}x (at most {limit:g}x): {'met' if met else 'not met'}")
    print(f"all targets met: {'yes' if met_all else 'no'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
