"""Guessing simulations checked against their analytic values.

Binomial cross-checks: random guesses (seeded) on the short code space of
a simulation-only policy; the engine checks every guess. Before guess i the
chance p_i is read from the engine's state (RFC 4226 §6: codes accepted at
once / code space). The number of successes S then has mean Σp_i and
variance Σp_i(1 − p_i) (a sum of Bernoulli trials, each given the state
before it), and the check is

    |S − Σp_i| ≤ 4 · sqrt(Σp_i(1 − p_i))      (TOLERANCE_SD = 4)

which a correct model fails about once in 16,000 runs (normal tails), and
which a model one code off fails (see the test that feeds it one).

Closed form: counting runs of refusals between throttle events gives the
same table, the same throttle counters and the same audit counts as the
engine checking every guess.
"""

import math

import pytest

from twofa_sim.attacks import guessing_table, online_guessing
from twofa_sim.attacks.guessing import MAX_ENGINE_CALLS, _Run, backup_space
from twofa_sim.app import AEGIS
from twofa_sim.errors import InputTypeError, SimulationError
from twofa_sim.hashing import HashCost
from twofa_sim.policy import Exhaustion
from twofa_sim.presets import AUTHELIA, DJANGO_OTP, KEYCLOAK, PYOTP_BARE, SEED_PORTAL

TOLERANCE_SD = 4
#: One PBKDF2 round: SMS and backup codes are hashed, and a cross-check checks thousands.
CHEAP = HashCost("cross-check", 1)
SHORT = dict(digits=3, sms_code_digits=3, backup_code_length=2, simulation_only=True, hash_cost=CHEAP)
HOUR = 3600


def short(policy, **changes):
    return policy.replace(**SHORT, **changes)


def within_tolerance(successes, expected, sd):
    return abs(successes - expected) <= TOLERANCE_SD * sd


def last_row(frame):
    return frame.iloc[-1]


CROSS_CHECKS = [
    # (name, policy, target, seconds)
    ("app, no throttling", short(SEED_PORTAL, lockout_failures=0, code_failure_cap=0), "app", 6 * HOUR),
    ("app, Keycloak's lockout", short(KEYCLOAK), "app", 8 * HOUR),
    ("app and SMS, no send limits", short(SEED_PORTAL, lockout_failures=0, code_failure_cap=0,
                                          sms_per_number_per_hour=0, sms_per_account_per_hour=0,
                                          sms_per_number_per_day=0, sms_per_account_per_day=0), "sms", 3 * HOUR),
    ("backup, regenerated at last use", short(SEED_PORTAL, lockout_failures=0, code_failure_cap=0,
                                              backup_exhausted=Exhaustion.REGENERATE), "backup", 2 * HOUR),
]


@pytest.mark.parametrize("name, policy, target, seconds", CROSS_CHECKS, ids=[c[0] for c in CROSS_CHECKS])
def test_simulated_successes_match_the_analytic_value(name, policy, target, seconds):
    row = last_row(guessing_table(policy, target, horizons=[seconds], random_guesses=True, seed=11))
    assert row["expected successes"] > 20, "too few expected successes for the check to mean anything"
    assert within_tolerance(row["simulated successes"], row["expected successes"], row["sd of successes"]), row


def test_the_tolerance_rejects_a_model_one_code_off():
    """The window of three codes modelled as one: the same run fails the check."""
    policy = CROSS_CHECKS[0][1]
    row = last_row(guessing_table(policy, "app", horizons=[6 * HOUR], random_guesses=True, seed=11))
    p = 1 / 10**policy.digits
    n = row["guesses checked"]
    assert not within_tolerance(row["simulated successes"], n * p, math.sqrt(n * p * (1 - p)))


def test_analytic_chance_is_one_minus_the_product():
    row = last_row(guessing_table(PYOTP_BARE, "app", horizons=[HOUR]))
    assert row["guesses checked"] == 3600 and row["codes accepted at once"] == 1
    assert row["analytic chance of success (%)"] == pytest.approx(100 * (1 - (1 - 1e-6) ** 3600), rel=1e-9)
    assert backup_space(2) == 30**2 - 7**2


def run(policy, target, seconds, closed_form, keep_events=False, per_second=1.0):
    r = _Run(policy, target, per_second, 2026, False, closed_form, keep_events, scan=False, profile=AEGIS)
    rows = []
    r.run([seconds / 4, seconds], lambda h: rows.append(r.row(h)))
    t = r.user.throttle
    return rows, (t.failures, t.code_failures, t.backup_failures, t.total_failures, t.lockouts), \
        r.portal.audit.counts().values.tolist()


CHEAP_PRESETS = [p.replace(hash_cost=CHEAP) for p in (SEED_PORTAL, DJANGO_OTP, KEYCLOAK, AUTHELIA, PYOTP_BARE)]


@pytest.mark.parametrize("target", ["app", "sms", "backup"])
@pytest.mark.parametrize("policy", CHEAP_PRESETS, ids=lambda p: p.name)
def test_closed_form_counts_equal_the_engine_guess_by_guess(policy, target):
    seconds = 2 * HOUR
    assert run(policy, target, seconds, True) == run(policy, target, seconds, False)


def test_a_trail_keeping_every_event_counts_the_same():
    policy = CHEAP_PRESETS[2]
    counted = run(policy, "app", HOUR, True)
    kept = run(policy, "app", HOUR, False, keep_events=True)
    assert counted == kept


def test_online_guessing_keeps_its_figures():
    """Figures of the function as it was before closed-form counting, for the same seed."""
    assert online_guessing(PYOTP_BARE, hours=96) == {"guesses": 345600, "lockouts": 0, "codes accepted at once": 1,
                                                     "chance of success (%)": 29.22}
    assert online_guessing(KEYCLOAK, hours=24) == {"guesses": 29130, "lockouts": 971, "codes accepted at once": 3,
                                                   "chance of success (%)": 8.368}


def test_a_year_at_a_thousand_guesses_a_second_is_counted_or_refused_at_once():
    capped = guessing_table(SEED_PORTAL, horizons=[365 * 86_400], per_second=1000)
    assert capped.iloc[-1]["guesses checked"] == SEED_PORTAL.code_failure_cap and capped.iloc[-1]["stopped by cap"]
    with pytest.raises(SimulationError, match="engine calls"):
        guessing_table(KEYCLOAK, horizons=[365 * 86_400], per_second=1000)
    with pytest.raises(SimulationError, match="one by one"):
        guessing_table(short(PYOTP_BARE), horizons=[365 * 86_400], per_second=1000, random_guesses=True)
    assert MAX_ENGINE_CALLS > 0


@pytest.mark.parametrize("bad", [dict(horizons=[0]), dict(horizons=[-1]), dict(horizons=[math.inf]),
                                 dict(per_second=0), dict(target="password"), dict(horizons=[])])
def test_nonsense_is_refused_with_a_typed_error(bad):
    with pytest.raises(SimulationError):
        guessing_table(SEED_PORTAL, **bad)


def test_a_non_policy_is_refused():
    with pytest.raises(InputTypeError):
        guessing_table("seed portal")
    with pytest.raises(InputTypeError):
        guessing_table(SEED_PORTAL, random_guesses="yes")


def test_six_digit_codes_a_small_simulated_check():
    """6-digit figures are analytic; an hour of random guesses against bare
    pyotp (3,600 guesses, Σp = 0.0036) stays within the same tolerance."""
    row = last_row(guessing_table(PYOTP_BARE, "app", horizons=[HOUR], random_guesses=True, seed=3))
    assert row["guesses checked"] == 3600 and row["expected successes"] == pytest.approx(3600e-6)
    assert within_tolerance(row["simulated successes"], row["expected successes"], row["sd of successes"])
