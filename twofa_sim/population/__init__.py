"""Populations under a policy: how many users fail to sign in, get locked
out, need support or cost SMS money.

A :class:`Population` describes the users (phone clocks, typing, how often
they sign in, remembered browsers, SMS, lost phones, the SMS network) as
seedable distributions; :func:`simulate_population` signs every one of them
in, day after day, through the real portal (``path="engine"``) or through
numpy arrays proven to give the same answer to every sign-in
(``path="fast"``, for a million users).

Example::

    from twofa_sim.population import TYPICAL, simulate_population
    from twofa_sim.presets import SEED_PORTAL

    run = simulate_population(SEED_PORTAL, TYPICAL.replace(users=500), days=30, seed=1)
    run.summary["first_try_failure_rate"]    # share of code prompts failed at the first try
    run.summary["failures_by_reason"]        # {"wrong code": ..., "locked out": ...}
    run.users.groupby("phone_clock")["lockouts"].sum()
    run.logins.query("reason == 'sms code expired'")

    big = simulate_population(SEED_PORTAL, TYPICAL.replace(users=1_000_000), days=30, seed=1,
                              path="fast", per_login=False)
    big.summary["sms_cost"], big.summary["support_resets"]

Importing this package loads neither numpy nor pandas; a run does.
"""

from .model import CARELESS, POPULATIONS, TYPICAL, Population
from .simulate import PopulationResult, simulate_population

__all__ = ["CARELESS", "POPULATIONS", "TYPICAL", "Population", "PopulationResult", "simulate_population"]
