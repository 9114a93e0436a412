"""Prints how fast the simulator does its hot paths, on this machine.

    .venv/bin/python benchmarks/verify_speed.py

Figures, not pass/fail: compare runs of the same machine. Measures TOTP
values (twofa_sim.otp vs pyotp), a full window check, and whole logins
through the portal at the simulation hashing cost.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone

import pyotp

from twofa_sim.demo import Demo
from twofa_sim.otp import matching_steps, totp
from twofa_sim.secret import import_secret

SECRET = import_secret("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")


def rate(label: str, count: int, work) -> None:
    start = time.perf_counter()
    work(count)
    elapsed = time.perf_counter() - start
    print(f"{label:<48} {count / elapsed:>12,.0f} /s   ({elapsed * 1e6 / count:8.1f} µs each)")


def ours(n: int) -> None:
    for t in range(n):
        totp(SECRET.key, 1_700_000_000 + 30 * t)


def reference(n: int) -> None:
    generator = pyotp.TOTP(SECRET.base32)
    for t in range(n):
        generator.at(datetime.fromtimestamp(1_700_000_000 + 30 * t, tz=timezone.utc))


def window(n: int) -> None:
    for t in range(n):
        matching_steps(SECRET.key, "123456", [t, t + 1, t + 2], 6, "SHA1")


def logins(n: int) -> None:
    demo = Demo.create(seed=1, enrolled=True)
    for _ in range(n):
        demo.clock.advance(30)
        demo.portal.login(demo.login, demo.password, demo.app.code(), demo.browser)


if __name__ == "__main__":
    rate("TOTP value, twofa_sim.otp (hmac.digest)", 50_000, ours)
    rate("TOTP value, pyotp 2.12 (reference)", 50_000, reference)
    rate("window of 3 steps checked in constant time", 20_000, window)
    rate("portal login, password + app code", 2_000, logins)
