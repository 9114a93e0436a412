"""The fast path gives the same answer as the engine to every sign-in of a
population: the same rows (step, factor, outcome, reason, time), the same
per-user counters and the same summary.

The populations are troubled on purpose (many phones set by hand or far
off, SMS users, lost phones, repeats, interruptions), so refusals,
lockouts, backoff, the failure cap, expired and rate-limited SMS and
support resets all happen; a policy of 3-digit codes makes coincidences
(another step's code equal to the typed one) frequent, and a test checks
they were met and decided.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from twofa_sim.hashing import HashCost
from twofa_sim.policy import Exhaustion
from twofa_sim.population import TYPICAL, simulate_population
from twofa_sim.presets import DJANGO_OTP, KEYCLOAK, NIST_AAL2, SEED_PORTAL, WEAK_TEACHING

#: Phones often wrong, SMS common, phones lost: every kind of refusal happens.
TROUBLED = TYPICAL.replace(users=110, name="troubled", hand_set_share=0.25, far_off_share=0.08,
                           hand_set_sd_seconds=60.0, sms_share=0.35, phone_loss_per_month=0.4,
                           backup_kept_share=0.5, repeat_share=0.25, distracted_share=0.08,
                           sign_ins_per_day=1.5, remember_share=0.3)

CASES = {
    "seed portal": SEED_PORTAL,
    "django-otp (backoff, no lockout)": DJANGO_OTP,
    "no window, no drift, no replay check": SEED_PORTAL.replace(window_back=0, window_forward=0, drift_learning=False,
                                                                replay_protection=False),
    "Keycloak (remember off)": KEYCLOAK,
    "NIST AAL2 (12 h remember)": NIST_AAL2,
    "weak (window 5, drift)": WEAK_TEACHING,
    "SMS tight (limits, cooldown, short life)": SEED_PORTAL.replace(
        sms_per_number_per_hour=2, sms_per_account_per_day=4, sms_resend_cooldown_seconds=120,
        sms_code_seconds=40, lockout_failures=4, lockout_seconds=900, code_failure_cap=12),
    "8-digit SHA256 app codes, 6-digit SMS, regenerate": SEED_PORTAL.replace(
        digits=8, algorithm="SHA256", backup_exhausted=Exhaustion.REGENERATE, backup_code_count=2),
    "3-digit codes (coincidences)": SEED_PORTAL.replace(simulation_only=True, digits=3, sms_code_digits=3,
                                                        window_back=4, window_forward=4, code_failure_cap=30),
}

_RUNS: dict[str, tuple] = {}


def runs(name: str):
    """(engine, fast) results of a case, computed once per session."""
    if name not in _RUNS:
        policy = CASES[name]
        _RUNS[name] = tuple(simulate_population(policy, TROUBLED, 8.0, 17, path=path) for path in ("engine", "fast"))
    return _RUNS[name]


def assert_same(engine, fast) -> None:
    pd.testing.assert_frame_equal(engine.logins, fast.logins)
    pd.testing.assert_frame_equal(engine.users, fast.users)
    assert engine.summary == fast.summary


@pytest.mark.parametrize("name", list(CASES))
def test_the_fast_path_answers_every_sign_in_as_the_engine(name):
    engine, fast = runs(name)
    assert len(engine.logins) > 1000
    assert_same(engine, fast)


def test_the_sample_is_large_and_meets_every_kind_of_answer():
    logins = pd.concat([runs(name)[0].logins for name in CASES])
    assert len(logins) >= 10_000
    reasons = set(logins["reason"].astype(str))
    assert {"wrong code", "replayed step", "locked out", "backoff wait", "second-factor failure cap reached",
            "sms code expired", "resend cooldown", "send limit reached", "remembered device", "2FA off",
            "login step expired"} <= reasons
    steps = logins.groupby("step", observed=True).size()
    assert steps["support"] > 0 and steps["enrol"] > 0 and steps["send"] > 0
    assert (logins.query("step == 'code' and outcome == 'ok'")["factor"].astype(str) == "backup").any()


def test_coincidences_are_met_and_decided_as_the_engine_does(monkeypatch):
    """With 3-digit codes, another step's code often equals the typed one; the
    fast path computes real codes for those and matches the engine."""
    from twofa_sim.population import _fast

    found = []
    original = _fast.FastPiece._compare

    def counting(self, users, rows, steps, check, matched, typed_step, typed_code):
        before = matched.copy()
        original(self, users, rows, steps, check, matched, typed_step, typed_code)
        found.append(int((matched & ~before).sum()))

    monkeypatch.setattr(_fast.FastPiece, "_compare", counting)
    policy = CASES["3-digit codes (coincidences)"]
    engine = runs("3-digit codes (coincidences)")[0]
    fast = simulate_population(policy, TROUBLED, 8.0, 17, path="fast")
    assert sum(found) >= 5  # codes of steps other than the phone's matched the typed one
    assert_same(engine, fast)
    sms_by_app_factor = engine.logins.query("method == 'sms' and step == 'code' and outcome == 'ok' "
                                            "and factor == 'totp'")
    assert len(sms_by_app_factor) > 0  # an SMS code equal to an app code: the app factor accepted it first


@st.composite
def small_worlds(draw):
    policy = SEED_PORTAL.replace(
        window_back=draw(st.integers(0, 3)), window_forward=draw(st.integers(0, 3)),
        drift_learning=draw(st.booleans()), replay_protection=draw(st.booleans()),
        lockout_failures=draw(st.integers(0, 6)), lockout_seconds=draw(st.sampled_from([0, 60, 3600])),
        backoff_seconds=draw(st.sampled_from([0, 0.5, 2])), code_failure_cap=draw(st.integers(0, 10)),
        remember_device_seconds=draw(st.sampled_from([0, 3600, 86_400, 30 * 86_400])),
        sms_code_seconds=draw(st.sampled_from([20, 120, 600])),
        sms_resend_cooldown_seconds=draw(st.sampled_from([0, 60, 200])),
        sms_per_number_per_hour=draw(st.integers(0, 4)), sms_per_account_per_day=draw(st.integers(0, 6)),
        login_step_seconds=draw(st.sampled_from([30, 600])), period=draw(st.sampled_from([10, 30, 60])),
        backup_exhausted=draw(st.sampled_from(list(Exhaustion))), backup_code_count=draw(st.integers(1, 3)),
        simulation_only=True, digits=draw(st.sampled_from([3, 6])), sms_code_digits=draw(st.sampled_from([3, 6])))
    population = TYPICAL.replace(
        users=draw(st.integers(1, 8)), hand_set_share=draw(st.floats(0, 0.5)), far_off_share=draw(st.floats(0, 0.3)),
        hand_set_sd_seconds=draw(st.sampled_from([10.0, 60.0, 300.0])), drift_ppm_sd=draw(st.sampled_from([0.0, 500.0])),
        sms_share=draw(st.floats(0, 1)), remember_share=draw(st.floats(0, 1)),
        phone_loss_per_month=draw(st.sampled_from([0.0, 3.0])), backup_kept_share=draw(st.floats(0, 1)),
        replacement_days=draw(st.sampled_from([0.0, 0.5])), repeat_share=draw(st.floats(0, 1)),
        distracted_share=draw(st.floats(0, 0.5)), sms_loss_rate=draw(st.floats(0, 0.5)),
        sms_patience_seconds=draw(st.sampled_from([5.0, 90.0])), sign_ins_per_day=draw(st.sampled_from([1.0, 8.0])),
        max_tries=draw(st.integers(1, 4)), sms_sends=draw(st.integers(1, 3)))
    return policy, population, draw(st.sampled_from([0.5, 2.0, 3.0])), draw(st.integers(0, 2**40))


@settings(max_examples=30, deadline=None)
@given(small_worlds())
def test_fast_equals_engine_for_small_random_populations_and_policies(world):
    policy, population, days, seed = world
    assert_same(simulate_population(policy, population, days, seed, path="engine"),
                simulate_population(policy, population, days, seed, path="fast"))


def test_per_user_counters_agree_with_the_rows():
    engine = runs("seed portal")[0]
    logins, users = engine.logins, engine.users
    per_user = logins.groupby("user").size()
    assert per_user.index.isin(users["user"]).all()
    sent = logins.query("step == 'send' and outcome == 'ok'").groupby("user").size()
    assert (users.set_index("user")["sms_sent"].reindex(sent.index) == sent).all()
    assert users["sms_sent"].sum() == engine.summary["sms_sent"]
    assert engine.summary["sms_cost"] == round(engine.summary["sms_sent"] * engine.summary["sms_price"], 2)
    failed = logins[logins["outcome"].isin(["refused", "locked", "expired"])]
    assert failed.groupby("reason", observed=True).size().to_dict() == engine.summary["failures_by_reason"]
    assert (logins["reason"] == "remembered device").sum() == engine.summary["prompts_saved_by_remembered_devices"]
    sign_ins = logins.groupby(["user", "sign_in"]).ngroups
    assert sign_ins == engine.summary["sign_ins"]


def test_rows_are_ordered_by_user_sign_in_and_time():
    logins = runs("seed portal")[1].logins
    key = logins[["user", "sign_in", "time"]].to_numpy()
    assert (np.lexsort(key.T[::-1]) == np.arange(len(key))).all()


def test_hashing_cost_changes_no_answer():
    population = TROUBLED.replace(users=25)
    cheap = simulate_population(SEED_PORTAL, population, 3.0, 4, path="engine")
    costly = simulate_population(SEED_PORTAL.replace(hash_cost=HashCost("slower", 2000)), population, 3.0, 4,
                                 path="engine", hash_cost=None)
    assert_same(cheap, costly)


def test_unsure_acceptances_are_settled_or_decided_as_the_engine_marks_them(monkeypatch):
    """An app code accepted at the phone's step while an earlier fresh step
    was tried is unsure: with a coincidence the engine marks the earlier
    step. The fast path decides that only when the next code could depend
    on it; with 3-digit codes and quick repeats both happen, and both
    change the state as the engine does."""
    from twofa_sim.population import _fast

    seen = {"settled": 0, "decided": 0, "moved": 0}
    settles, resolve = _fast.FastPiece._settles, _fast.FastPiece._resolve

    def counting_settles(self, users, *args):
        out = settles(self, users, *args)
        seen["settled"] += int(out.sum())
        return out

    def counting_resolve(self, users):
        before = self.state.last_step[users].copy()
        resolve(self, users)
        seen["decided"] += len(users)
        seen["moved"] += int((self.state.last_step[users] != before).sum())

    monkeypatch.setattr(_fast.FastPiece, "_settles", counting_settles)
    monkeypatch.setattr(_fast.FastPiece, "_resolve", counting_resolve)
    policy = SEED_PORTAL.replace(simulation_only=True, digits=3, sms_code_digits=3, window_back=3, window_forward=3)
    population = TROUBLED.replace(users=60, sms_share=0.0, repeat_share=0.9, remember_share=0.0,
                                  typing_median_seconds=20.0, sign_ins_per_day=4.0)
    fast = simulate_population(policy, population, 4.0, 3, path="fast")
    assert seen["settled"] > 0 and seen["decided"] > 0 and seen["moved"] > 0
    assert_same(simulate_population(policy, population, 4.0, 3, path="engine"), fast)
