"""The policy check: findings of every preset, each rule triggered by a
minimal policy and not by a compliant one, the guessing figures against
hand computations, the table's shape, bad input and secrets."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given, strategies as st

from twofa_sim.attacks import online_guessing, replay_same_code
from twofa_sim.errors import InputTypeError, SimulationError
from twofa_sim.policy import Reauth
from twofa_sim.policy_check import (COLUMNS, RULES, check_policy, codes_accepted_at_once, guessing_chance,
                                    online_guesses, rules_frame)
from twofa_sim.presets import (AUTHELIA, DJANGO_OTP, GITHUB, GITLAB, KEYCLOAK, NIST_AAL2, PRESETS, SEED_PORTAL,
                               WEAK_TEACHING)
from twofa_sim.standards import SEVERITIES

DAY = 86_400
THIRTY_DAYS = 30 * DAY

#: The findings (rule ids, in the table's order) of every preset, by hand.
EXPECTED = {
    "seed portal": ["window-one-step-each-way", "lockout-locks-out-the-owner"],
    "django-otp 1.7.0": ["backup-codes-plaintext", "window-one-step-each-way"],
    "Keycloak 26": ["failures-over-100", "secret-under-128-bits", "backup-codes-unsalted",
                    "window-one-step-each-way", "lockout-locks-out-the-owner"],
    "Authelia 4": ["failures-over-100", "window-one-step-each-way", "lockout-locks-out-the-owner"],
    "pyotp bare": ["replay-allowed", "failures-over-100", "disable-2fa-without-code"],
    "GitLab (self-managed)": ["failures-over-100", "disable-2fa-without-code", "window-one-step-each-way",
                              "lockout-locks-out-the-owner"],
    "GitHub.com": ["secret-under-128-bits", "disable-2fa-without-code", "window-one-step-each-way",
                   "lockout-locks-out-the-owner"],
    "NIST SP 800-63B-4 AAL2": ["lockout-locks-out-the-owner"],
    "weak (teaching only)": ["replay-allowed", "failures-over-100", "window-wider-than-one-step",
                             "disable-2fa-without-code", "no-daily-sms-cap"],
}


def rules_of(policy) -> list[str]:
    return list(check_policy(policy)["rule"])


def test_every_preset_has_an_expected_list():
    assert set(EXPECTED) == set(PRESETS)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_findings_of_each_preset(name):
    assert rules_of(PRESETS[name]) == EXPECTED[name]


def test_the_table_has_exactly_the_documented_columns():
    assert COLUMNS == ("severity", "rule", "finding", "clause", "setting", "value", "consequence")
    for policy in PRESETS.values():
        assert tuple(check_policy(policy).columns) == COLUMNS
    empty = check_policy(COMPLIANT)
    assert empty.empty and tuple(empty.columns) == COLUMNS


def test_findings_carry_the_rule_tables_severity_and_clause_most_severe_first():
    by_id = {rule.id: rule for rule in RULES}
    frame = check_policy(WEAK_TEACHING)
    for row in frame.itertuples():
        assert (row.severity, row.clause) == (by_id[row.rule].severity, by_id[row.rule].clause)
        assert row.finding and row.setting and isinstance(row.value, str)
    ranks = [SEVERITIES.index(s) for s in frame["severity"]]
    assert ranks == sorted(ranks)


def test_the_rule_table():
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))
    assert all(rule.severity in SEVERITIES and rule.clause and rule.checks for rule in RULES)
    frame = rules_frame()
    assert list(frame.columns) == ["id", "severity", "clause", "checks"]
    assert list(frame["id"]) == ids
    assert {"replay-allowed", "failures-over-100", "window-wider-than-one-step", "window-one-step-each-way",
            "secret-under-128-bits", "sms-code-over-10-minutes", "sms-code-under-6-digits",
            "backup-codes-under-20-bits", "backup-codes-plaintext", "remember-device-over-30-days",
            "disable-2fa-without-code", "sms-only-second-factor", "no-daily-sms-cap",
            "simulation-only"} <= set(ids)


def test_nist_clauses_name_the_revision():
    for rule in RULES:
        if "NIST" in rule.clause:
            assert "SP 800-63B-4" in rule.clause, rule.id


# --- each rule: triggered by a minimal policy, not by a compliant one -------------------------------------

#: NIST AAL2's limits without its lockout (whose only finding is the information that it locks out the owner too).
COMPLIANT = NIST_AAL2.replace(lockout_failures=0)

#: A minimal change of the compliant policy that breaks exactly this rule.
TRIGGERS = {
    "replay-allowed": dict(replay_protection=False),
    "failures-over-100": dict(code_failure_cap=101),
    "secret-under-128-bits": dict(described=(("secret_bits", 127),)),
    "backup-codes-plaintext": dict(described=(("backup_codes_stored", "plaintext"),)),
    "backup-codes-under-20-bits": dict(described=(("backup_code_bits", 19.9),)),
    "window-wider-than-one-step": dict(window_back=2),
    "backup-codes-unsalted": dict(described=(("backup_codes_stored", "SHA-256, unsalted"),
                                             ("backup_code_bits", 64))),
    "sms-code-over-10-minutes": dict(described=(("sms_code_seconds", 601),)),
    "sms-only-second-factor": dict(described=(("sms_only", True),)),
    "disable-2fa-without-code": dict(disable_reauth=Reauth.PASSWORD),
    "remember-device-over-30-days": dict(remember_device_seconds=THIRTY_DAYS + 1),
    "no-daily-sms-cap": dict(sms_per_number_per_day=0),
    "window-one-step-each-way": dict(window_forward=1),
    "lockout-locks-out-the-owner": dict(lockout_failures=10),
    "simulation-only": dict(simulation_only=True),
}


def test_every_rule_has_a_minimal_trigger():
    assert set(TRIGGERS) | {"sms-code-under-6-digits"} == {rule.id for rule in RULES}


@pytest.mark.parametrize("rule_id", sorted(TRIGGERS))
def test_a_minimal_policy_triggers_only_its_rule(rule_id):
    assert rules_of(COMPLIANT) == []
    assert rules_of(COMPLIANT.replace(**TRIGGERS[rule_id])) == [rule_id]


def test_short_sms_codes_need_a_simulation_only_policy():
    short = COMPLIANT.replace(simulation_only=True, sms_code_digits=5)
    assert rules_of(short) == ["sms-code-under-6-digits", "simulation-only"]
    assert rules_of(COMPLIANT.replace(simulation_only=True, sms_code_digits=6)) == ["simulation-only"]


def test_limits_themselves_are_compliant():
    at_limits = COMPLIANT.replace(code_failure_cap=100, remember_device_seconds=THIRTY_DAYS,
                                  described=(("secret_bits", 128), ("sms_code_seconds", 600),
                                             ("backup_code_bits", 20), ("backup_codes_stored", "PBKDF2, salted"),
                                             ("sms_only", False)))
    assert rules_of(at_limits) == []
    assert rules_of(at_limits.replace(described=(("backup_codes_stored", "SHA-256, unsalted"),
                                                 ("backup_code_bits", 112)))) == []


def test_backup_code_entropy_from_the_alphabet():
    # 30 symbols: 4 of them carry 4 × log2(30) = 19.6 bits, 5 carry 24.5.
    assert rules_of(COMPLIANT.replace(simulation_only=True, backup_code_length=4)) == [
        "backup-codes-under-20-bits", "simulation-only"]
    assert rules_of(COMPLIANT.replace(simulation_only=True, backup_code_length=5)) == ["simulation-only"]


def test_sms_rules_are_skipped_where_no_sms_is_offered():
    no_sms = COMPLIANT.replace(sms_per_account_per_day=0,
                               described=(("sms_offered", False), ("sms_code_seconds", 900), ("sms_only", True)))
    assert rules_of(no_sms) == []
    assert rules_of(no_sms.replace(described=(("sms_code_seconds", 900),))) == [
        "sms-code-over-10-minutes", "no-daily-sms-cap"]


@given(back=st.integers(0, 1), ahead=st.integers(0, 1), drift=st.booleans())
def test_a_window_of_at_most_one_step_each_way_is_never_wider(back, ahead, drift):
    found = rules_of(COMPLIANT.replace(window_back=back, window_forward=ahead, drift_learning=drift))
    assert "window-wider-than-one-step" not in found
    assert ("window-one-step-each-way" in found) == (back == ahead == 1)


@given(back=st.integers(0, 20), ahead=st.integers(0, 20))
def test_a_window_beyond_one_step_is_wider(back, ahead):
    found = rules_of(COMPLIANT.replace(window_back=back, window_forward=ahead))
    assert ("window-wider-than-one-step" in found) == (max(back, ahead) > 1)


@given(cap=st.integers(1, 100), failures=st.integers(0, 10_000), lock=st.integers(0, 10**6),
       backoff=st.sampled_from([0, 0.5, 1, 30]))
def test_a_cap_of_at_most_100_never_allows_more_than_100_failures(cap, failures, lock, backoff):
    policy = SEED_PORTAL.replace(code_failure_cap=cap, lockout_failures=failures, lockout_seconds=lock,
                                 backoff_seconds=backoff)
    assert online_guesses(policy) <= cap
    assert "failures-over-100" not in rules_of(policy)


@given(cap=st.sampled_from([0, 101, 5000]), failures=st.integers(1, 200), lock=st.integers(0, 3600))
def test_no_cap_or_a_cap_over_100_with_lockout_allows_more_than_100(cap, failures, lock):
    policy = SEED_PORTAL.replace(code_failure_cap=cap, lockout_failures=failures, lockout_seconds=lock)
    assert "failures-over-100" in rules_of(policy)


@given(reauth=st.sampled_from(list(Reauth)))
def test_turning_2fa_off_needs_a_code(reauth):
    found = rules_of(COMPLIANT.replace(disable_reauth=reauth))
    assert ("disable-2fa-without-code" in found) == (not reauth.needs_code)


@given(per_number=st.integers(0, 50), per_account=st.integers(0, 50))
def test_a_daily_sms_cap_on_number_and_account(per_number, per_account):
    found = rules_of(COMPLIANT.replace(sms_per_number_per_day=per_number, sms_per_account_per_day=per_account))
    assert ("no-daily-sms-cap" in found) == (per_number == 0 or per_account == 0)


# --- the guessing figures --------------------------------------------------------------------------------

def consequence(policy, rule_id):
    frame = check_policy(policy)
    return frame.loc[frame["rule"] == rule_id, "consequence"].item()


def test_seed_portal_guessing_by_hand():
    # Lockout 10 failures / 600 s, but the cap stops code checks after 100 failures.
    assert online_guesses(SEED_PORTAL) == 100
    assert codes_accepted_at_once(SEED_PORTAL) == (3, 6)  # ±1 step; twice that while a drift is in use
    # 1 − (1 − 3/10⁶)^100 = 100·3e-6 − C(100, 2)·9e-12 + … = 2.99955e-4
    assert guessing_chance(SEED_PORTAL) == pytest.approx(2.99955e-4, rel=1e-5)
    assert guessing_chance(SEED_PORTAL, codes=6) == pytest.approx(5.99822e-4, rel=1e-5)
    text = consequence(SEED_PORTAL, "window-one-step-each-way")
    assert text == ("100 guesses in 30 days at one a second; 3 codes accepted at once: chance of success 0.03% "
                    "(0.06% with 6 while a learned drift is in use)")


def test_keycloak_guessing_by_hand():
    # 30 guesses at 0..29 s, the lock starts at the 30th and lasts 60 s: a cycle of 29 + 60 = 89 s.
    full, left = divmod(THIRTY_DAYS, 89)
    assert (full, left) == (29_123, 53)
    n = full * 30 + min(30, left)  # the last 53 s hold a whole run of 30
    assert n == 873_720 == online_guesses(KEYCLOAK)
    # No drift learning: 3 codes. 1 − (1 − 3e-6)^873,720 = 1 − e^(−2.62116) = 0.92729
    assert guessing_chance(KEYCLOAK) == pytest.approx(0.92729, abs=1e-5)
    assert consequence(KEYCLOAK, "failures-over-100") == (
        "873,720 guesses in 30 days at one a second; 3 codes accepted at once: chance of success 92.7%")


def test_gitlab_authelia_django_otp_and_weak_guessing_by_hand():
    assert online_guesses(GITLAB) == (THIRTY_DAYS // 609) * 10 + 10 == 42_570  # 9 s of guesses + 600 s lock
    assert online_guesses(AUTHELIA) == (THIRTY_DAYS // 302) * 3 + 3 == 25_749  # 2 s of guesses + 300 s ban
    # Backoff 1, 2, 4 … s: the m-th guess comes at 2^(m−1) − 1 s, and 2^21 − 1 < 2,592,000 ≤ 2^22 − 1.
    assert online_guesses(DJANGO_OTP) == 22
    assert online_guesses(WEAK_TEACHING) == THIRTY_DAYS
    assert guessing_chance(WEAK_TEACHING) == pytest.approx(1 - math.exp(-11e-6 * THIRTY_DAYS), rel=1e-6)


@pytest.mark.parametrize("policy, hours", [(KEYCLOAK, 2), (GITLAB, 3), (AUTHELIA, 2), (DJANGO_OTP, 24),
                                           (SEED_PORTAL, 24), (KEYCLOAK.replace(backoff_seconds=0.5), 1)])
def test_the_closed_form_matches_the_engines_guessing_simulation(policy, hours):
    assert online_guesses(policy, days=hours / 24) == online_guessing(policy, hours=hours)["guesses"]


def test_new_presets_run_in_the_engine():
    assert replay_same_code(WEAK_TEACHING)["second"] == "ok"
    for policy in (GITLAB, GITHUB, NIST_AAL2):
        assert replay_same_code(policy)["second"] == "refused", policy.name


# --- input and secrets -----------------------------------------------------------------------------------

@pytest.mark.parametrize("bad", [None, "seed portal", {"replay_protection": False}, SEED_PORTAL.settings()])
def test_not_a_policy_is_a_typed_error(bad):
    for function in (check_policy, online_guesses, guessing_chance, codes_accepted_at_once):
        with pytest.raises(InputTypeError, match="must be a Policy"):
            function(bad)


@pytest.mark.parametrize("days, error", [(-1, SimulationError), (367, SimulationError),
                                         (float("nan"), SimulationError), ("30", InputTypeError),
                                         (True, InputTypeError)])
def test_days_out_of_range_or_not_a_number(days, error):
    with pytest.raises(error, match="days"):
        online_guesses(SEED_PORTAL, days)
    with pytest.raises(error, match="days"):
        guessing_chance(SEED_PORTAL, days)


@pytest.mark.parametrize("codes, error", [(0, SimulationError), (10**6 + 1, SimulationError),
                                          (1.5e9, SimulationError), ("3", InputTypeError)])
def test_codes_out_of_range_or_not_a_number(codes, error):
    with pytest.raises(error, match="codes"):
        guessing_chance(SEED_PORTAL, codes=codes)


@pytest.mark.parametrize("fact", [("secret_bits", "80"), ("secret_bits", True), ("sms_offered", "no"),
                                  ("backup_codes_stored", 0), ("backup_code_bits", "40")])
def test_a_described_attribute_of_the_wrong_type_is_a_typed_error(fact):
    with pytest.raises(InputTypeError, match=fact[0]):
        check_policy(SEED_PORTAL.replace(described=(fact,)))


def test_no_secret_appears():
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    policy = WEAK_TEACHING.replace(described=(("enrolment_secret", secret), ("secret_bits", 80),
                                              ("backup_codes_stored", "plaintext")))
    text = check_policy(policy).to_csv()
    assert "secret-under-128-bits" in text and "backup-codes-plaintext" in text  # the facts were read
    assert secret not in text and "enrolment_secret" not in text
    for preset in PRESETS.values():
        assert not re.search(r"[A-Z2-7]{16,}", check_policy(preset).to_csv())


def test_the_lockout_finding_states_what_the_engine_does():
    """Wrong passwords alone lock the owner out, and the locked answer differs from an unknown login's."""
    from twofa_sim import Browser, Outcome, Reason
    from twofa_sim.demo import Demo

    policy = PRESETS["seed portal"]
    row = check_policy(policy).set_index("rule").loc["lockout-locks-out-the-owner"]
    assert row["consequence"].startswith(f"{policy.lockout_failures} wrong passwords every {policy.lockout_seconds:,} s")
    demo = Demo.create(seed=4, policy=policy, enrolled=True)
    stranger = Browser("stranger")
    for _ in range(policy.lockout_failures):
        assert demo.portal.begin_login(demo.login, "not the password", stranger).reason is Reason.WRONG_PASSWORD
    owner = demo.portal.begin_login(demo.login, demo.password, demo.browser)
    assert (owner.outcome, owner.reason) == (Outcome.LOCKED, Reason.LOCKED_OUT)
    locked = demo.portal.begin_login(demo.login, "not the password", stranger)
    unknown = demo.portal.begin_login("nobody@example.com", "not the password", stranger)
    assert locked.message != unknown.message and unknown.reason is Reason.UNKNOWN_USER
