"""Attack simulations for security reviewers: replay and online guessing,
run against the real portal under any policy.

Each function builds a fresh, seeded world, so results are repeatable and
comparable across presets. Alice's app is Aegis by default, which follows
every policy (a review of a policy should not be limited by one app).
"""

from __future__ import annotations

import math

from .app import AEGIS, AppProfile
from .demo import Demo
from .errors import InputTypeError, SimulationError
from .outcomes import Outcome, Reason
from .policy import Policy


def _policy(policy: object) -> Policy:
    if not isinstance(policy, Policy):
        raise InputTypeError(f"policy must be a Policy, not {type(policy).__name__}")
    return policy


#: Most guess slots (hours × 3600 × per_second) one simulation runs: a day
#: at one guess a second fits; a policy without lockout checks every slot.
MAX_GUESS_SLOTS = 100_000


def _seed(seed: object) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise InputTypeError(f"seed must be a whole number (int), not {type(seed).__name__}")
    return seed


def _profile(profile: object) -> AppProfile:
    if not isinstance(profile, AppProfile):
        raise InputTypeError(f"profile must be an AppProfile (such as AEGIS), not {type(profile).__name__}")
    return profile


def _positive(value: object, name: str, high: float) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) \
            or (isinstance(value, int) and not 0 < value <= high) or not math.isfinite(value) \
            or not 0 < value <= high:
        raise SimulationError(f"{name} must be a number above 0 and at most {high:g}, got {value!r}")


def replay_same_code(policy: Policy, seed: int = 2026, profile: AppProfile = AEGIS) -> dict:
    """Sign in with the phone's code, then submit the very same code again
    in a second sign-in a few seconds later (a shoulder-surfer or a
    phishing relay). RFC 6238 §5.2: the second must be refused.

    Returns:
        ``{"first": outcome, "second": outcome, "second reason": reason}``.

    Raises:
        InputTypeError: ``policy`` is not a Policy, ``seed`` not an int or
            ``profile`` not an AppProfile.
        EnrolmentError: the app can't follow the policy.
    """
    demo = Demo.create(seed=_seed(seed), policy=_policy(policy), profile=_profile(profile), enrolled=True)
    code = demo.app.code()
    first = demo.portal.login(demo.login, demo.password, code, demo.browser)
    demo.clock.advance(5)
    second = demo.portal.login(demo.login, demo.password, code, demo.browser)
    return {"first": first.outcome.value, "second": second.outcome.value, "second reason": second.reason.value}


def online_guessing(policy: Policy, hours: float = 24, per_second: float = 1.0, seed: int = 2026,
                    profile: AppProfile = AEGIS) -> dict:
    """An attacker who has the password guesses app codes for ``hours``,
    at most ``per_second`` guesses a second, waiting out every lock.

    Guesses are counted as the portal really lets them through (throttle,
    lockout, backoff, login-step timeout); none is right, so the count is
    what the policy allows. The chance that at least one of ``n`` guesses
    would have hit is ``1 − (1 − w / 10**digits) ** n`` for ``w`` codes
    accepted at any moment (RFC 4226 §7.3, NIST SP 800-63B §5.2.2).

    Args:
        hours: how long the attack lasts (more than 0, at most a year).
        per_second: the attacker's top rate (more than 0, at most 1,000).
            Together at most :data:`MAX_GUESS_SLOTS` guesses
            (``hours × 3600 × per_second``), so a run ends within seconds.

    Returns:
        guesses checked, lockouts, and the chance of success in percent.

    Raises:
        SimulationError: ``hours`` or ``per_second`` out of range, or more
            than :data:`MAX_GUESS_SLOTS` guesses in all.
        InputTypeError: ``policy``, ``seed`` or ``profile`` of the wrong type.
    """
    _positive(hours, "hours", 24 * 366)
    _positive(per_second, "per_second", 1000)
    if hours * 3600 * per_second > MAX_GUESS_SLOTS:
        raise SimulationError(f"hours × 3600 × per_second is {hours * 3600 * per_second:,.0f} guesses; "
                              f"at most {MAX_GUESS_SLOTS:,} are simulated")
    demo = Demo.create(seed=_seed(seed), policy=_policy(policy), profile=_profile(profile), enrolled=True)
    portal, clock = demo.portal, demo.clock
    end = clock.now() + hours * 3600
    gap = 1.0 / per_second
    wrong = "000000"[: policy.digits].ljust(policy.digits, "0")
    guesses = 0
    attempt = None
    while clock.now() < end:
        if attempt is None:
            step = portal.begin_login(demo.login, demo.password, demo.browser)
            if step.outcome is Outcome.LOCKED:
                clock.advance(max(step.wait_seconds, gap))
                continue
            attempt = step.attempt
        result = portal.submit_code(attempt, wrong)
        if result.reason is Reason.CODES_CAPPED:  # the portal checks no more codes: the attack is over
            break
        if result.outcome is Outcome.LOCKED:
            clock.advance(max(result.wait_seconds, gap))
            continue
        if result.outcome is Outcome.EXPIRED:
            attempt = None
            continue
        if result.signed_in:  # the all-zero code happened to be right: not a guess that counts
            attempt = None
            continue
        guesses += 1
        clock.advance(gap)
    record = portal.user(demo.login)  # the engine's own record: lockouts and the window as it stands
    codes_open = record.totp.codes_accepted_at_once(clock.now(), portal.policy)
    p = 1 - (1 - codes_open / 10**policy.digits) ** guesses
    return {"guesses": guesses, "lockouts": record.throttle.lockouts,
            "codes accepted at once": codes_open, "chance of success (%)": round(100 * p, 3)}
