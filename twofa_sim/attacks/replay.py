"""Replay of an observed app code (shoulder surfing, a code left in a log),
and a real-time phishing relay that forwards the victim's code.

RFC 6238 §5.2: a verifier MUST NOT accept the second use of a code, and
should look at most one step of network delay around its own step. The
analytic rule beside each simulated row: a code of step ``c`` submitted
when the portal is at step ``t`` lies in the window when
``−window_back ≤ c − t ≤ window_forward``; a replay is then accepted only
without replay protection.
"""

from __future__ import annotations

import math

from ..app import AEGIS, AppProfile
from ..bounds import number, shown
from ..demo import Demo
from ..entropy import check_seed
from ..errors import InputTypeError, SimulationError
from ..otp import time_step
from ..policy import Policy
from ._world import _policy, victim_world

#: Columns of :func:`replay_table`.
REPLAY_COLUMNS = ("delay (s)", "victim", "attacker", "attacker reason", "code in window (analytic)",
                  "attacker accepted (analytic)")
#: Columns of :func:`relay_table`.
RELAY_COLUMNS = ("relay delay (s)", "accepted (%)", "accepted (%, analytic)", "what stops it")


def replay_same_code(policy: Policy, seed: int = 2026, profile: AppProfile = AEGIS) -> dict:
    """Sign in with the phone's code, then submit the very same code again
    in a second sign-in a few seconds later (a shoulder-surfer or a
    phishing relay). RFC 6238 §5.2: the second must be refused.

    Returns:
        ``{"first": outcome, "second": outcome, "second reason": reason}``.

    Raises:
        InputTypeError: not a Policy; a seed that is not a whole number.
        SimulationError: a seed outside 0 .. 2**63 − 1 (:func:`~twofa_sim.entropy.check_seed`).
    """
    demo = Demo.create(seed=seed, policy=_policy(policy), profile=profile, enrolled=True)
    code = demo.app.code()
    first = demo.portal.login(demo.login, demo.password, code, demo.browser)
    demo.clock.advance(5)
    second = demo.portal.login(demo.login, demo.password, code, demo.browser)
    return {"first": first.outcome.value, "second": second.outcome.value, "second reason": second.reason.value}


def _delays(delays: object, name: str) -> list[float]:
    try:
        values = list(delays)
    except TypeError:
        raise InputTypeError(f"{name} must be a list of seconds") from None
    if not values or len(values) > 200:
        raise SimulationError(f"{name} must list 1 to 200 delays")
    checked = [number(d) for d in values]
    for d, real in zip(values, checked):
        if real is None or not 0 <= real <= 3600:  # NaN fails the comparison too
            raise SimulationError(f"each of {name} must be seconds from 0 to 3600, got {shown(d)}")
    return checked


def _in_window(policy: Policy, code_step: int, portal_step: int) -> bool:
    return -policy.window_back <= code_step - portal_step <= policy.window_forward


def replay_table(policy: Policy, delays=(0, 5, 15, 29, 31, 45, 60, 89, 91, 120), into_step: float = 10.0,
                 seed: int = 2026):
    """An observer replays the victim's code ``delay`` seconds after she
    signed in with it (each delay in a fresh world).

    The victim reads her code ``into_step`` seconds into a time step and
    signs in at once; the observer, who has the password, starts a sign-in
    and types the same code ``delay`` seconds later.

    Args:
        delays: seconds (0 to 3600), 1 to 200 of them.
        into_step: seconds into the step the code is read (0 to period).

    Returns:
        A pandas DataFrame, one row per delay, columns :data:`REPLAY_COLUMNS`:
        the victim's and the attacker's outcome, the attacker's reason, and
        the analytic answer (code in window at that moment; accepted only
        when in window and the policy has no replay protection).

    Raises:
        InputTypeError: not a Policy, a seed that is not a whole number, delays not a list.
        SimulationError: a delay, ``into_step`` or the seed out of range
            (:func:`~twofa_sim.entropy.check_seed`).
    """
    import pandas as pd

    policy = _policy(policy)
    seed = check_seed(seed)
    values = _delays(delays, "delays")
    step_seconds = number(into_step)
    if step_seconds is None or not 0 <= step_seconds < policy.period:
        raise SimulationError(f"into_step must be seconds from 0 to below the period, got {shown(into_step)}")
    into_step = step_seconds
    rows = []
    for delay in values:
        victim = victim_world(policy, seed)
        clock, portal = victim.clock, victim.portal
        clock.set((time_step(clock.now(), policy.period) + 1) * policy.period + into_step)
        code, code_step = victim.code(), time_step(clock.now(), policy.period)
        first = portal.login(victim.login, victim.password, code, victim.browser)
        clock.advance(delay)
        second = portal.login(victim.login, victim.password, code, victim.browser)
        in_window = _in_window(policy, code_step, time_step(clock.now(), policy.period))
        rows.append({"delay (s)": delay, "victim": first.outcome.value, "attacker": second.outcome.value,
                     "attacker reason": second.reason.value, "code in window (analytic)": in_window,
                     "attacker accepted (analytic)": in_window and not policy.replay_protection})
    return pd.DataFrame(rows, columns=list(REPLAY_COLUMNS))


def relay_table(policy: Policy, delays=(0, 2, 5, 10, 20, 30, 45, 60, 90), seed: int = 2026):
    """A real-time phishing page: the victim types her code into it and the
    attacker's script forwards it to the portal ``relay delay`` seconds
    later, within the attacker's own sign-in (the victim never reaches the
    portal, so replay protection has nothing to compare with).

    For each delay, one world; the victim reads her code at each second
    s = 0..period−1 of a fresh time step (sign-ins 4 steps apart). The
    window alone is measured: throttling and drift learning are switched
    off, as in :func:`~twofa_sim.sweeps.acceptance_grid`.

    Returns:
        A pandas DataFrame, one row per delay, columns :data:`RELAY_COLUMNS`:
        the share of relays accepted, the analytic share (the code's step
        ``⌊s/X⌋`` against the portal's ``⌊(s+d)/X⌋``, RFC 6238 §5.2), and
        what stops it ("nothing: inside the window", "the window" or
        "partly the window").

    Raises:
        InputTypeError: not a Policy, a seed that is not a whole number, delays not a list.
        SimulationError: a delay or the seed out of range (:func:`~twofa_sim.entropy.check_seed`).
    """
    import pandas as pd

    policy = _policy(policy).replace(drift_learning=False, lockout_failures=0, backoff_seconds=0, code_failure_cap=0)
    seed = check_seed(seed)
    values = _delays(delays, "delays")
    period = policy.period
    rows = []
    for delay in values:
        victim = victim_world(policy, seed)
        clock, portal = victim.clock, victim.portal
        accepted = 0
        for second in range(period):
            clock.set((time_step(clock.now(), period) + 4) * period + second)
            code = victim.code()
            clock.advance(delay)
            accepted += portal.login(victim.login, victim.password, code, victim.browser).signed_in
        analytic = sum(_in_window(policy, s // period, math.floor((s + delay) / period)) for s in range(period))
        share, expected = round(100 * accepted / period, 1), round(100 * analytic / period, 1)
        stops = ("nothing: inside the window" if expected == 100 else "the window" if expected == 0
                 else "partly the window")
        rows.append({"relay delay (s)": delay, "accepted (%)": share, "accepted (%, analytic)": expected,
                     "what stops it": stops})
    return pd.DataFrame(rows, columns=list(RELAY_COLUMNS))
