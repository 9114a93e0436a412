"""The other attacks: each simulated column equals its analytic or policy
value, and the audit trail can keep counts instead of events."""

import pytest

from twofa_sim import Browser, Portal
from twofa_sim.attacks import (guessing_by_preset, guessing_table, lockout_denial, relay_table, remembered_token_theft,
                               replay_table, sim_swap)
from twofa_sim.audit import COUNT_COLUMNS, AuditTrail
from twofa_sim.demo import LOGIN, PASSWORD
from twofa_sim.errors import InputTypeError, SimulationError
from twofa_sim.presets import AUTHELIA, DJANGO_OTP, PRESETS, PYOTP_BARE, SEED_PORTAL

NO_CAP = SEED_PORTAL.replace(code_failure_cap=0, name="seed portal, no cap")


# ------------------------------------------------------------ audit counts

def test_a_counting_trail_keeps_counts_not_events():
    trail = AuditTrail(keep_events=False)
    portal = Portal.simulated(seed=1, audit=trail)
    portal.add_user(LOGIN, PASSWORD, "A")
    for _ in range(3):
        portal.begin_login(LOGIN, "wrong", Browser("b"))
    assert len(trail) == 4 and list(trail) == []
    counts = portal.audit.to_frame()
    assert list(counts.columns) == list(COUNT_COLUMNS)
    assert counts.set_index(["action", "reason"])["count"].to_dict() == {("login.password", "wrong password"): 3,
                                                                         ("user.create", "accepted"): 1}
    with pytest.raises(SimulationError):
        portal.audit.to_frame(last=1)
    assert "counted" in repr(trail)


def test_a_trail_keeping_events_counts_the_same_and_takes_no_bulk_counts():
    portal = Portal.simulated(seed=1)
    portal.add_user(LOGIN, PASSWORD, "A")
    portal.begin_login(LOGIN, "wrong", Browser("b"))
    assert len(portal.audit.to_frame()) == 2 and portal.audit.counts()["count"].sum() == 2
    with pytest.raises(SimulationError):
        portal.audit.count("login.code", "refused", "wrong code", 5)
    with pytest.raises(InputTypeError):
        AuditTrail(keep_events="no")
    with pytest.raises(InputTypeError):
        Portal.simulated(seed=1, audit=[])


# ------------------------------------------------------------- guessing

def test_guessing_by_preset_covers_each_preset_and_horizon():
    table = guessing_by_preset("app", horizons=[3600, 86_400])
    assert len(table) == 2 * len(PRESETS)
    seed = table[(table.policy == "seed portal")].set_index("horizon")
    assert seed.loc["1 hour", "guesses checked"] == 60 and seed.loc["1 day", "guesses checked"] == 100
    assert seed.loc["1 day", "stopped by cap"]


def test_sms_guessing_adds_one_code_and_counts_the_texts():
    table = guessing_table(PYOTP_BARE, "sms", horizons=[3600, 86_400])
    assert list(table["codes accepted at once"]) == [2, 2]
    assert table.iloc[-1]["texts sent"] == PYOTP_BARE.sms_per_number_per_day
    assert table.iloc[0]["texts sent"] == PYOTP_BARE.sms_per_number_per_hour
    app = guessing_table(PYOTP_BARE, "app", horizons=[86_400]).iloc[-1]
    assert table.iloc[-1]["analytic chance of success (%)"] > app["analytic chance of success (%)"]


def test_backup_guessing_is_capped_apart():
    row = guessing_table(SEED_PORTAL, "backup", horizons=[86_400]).iloc[-1]
    assert row["guesses checked"] == SEED_PORTAL.code_failure_cap and row["stopped by cap"]
    assert row["codes accepted at once"] == SEED_PORTAL.backup_code_count


# ---------------------------------------------------------- denial of service

def test_lockout_share_of_each_day_equals_the_analytic_share():
    table = lockout_denial(NO_CAP, days=2)
    assert (table["locked (% of day)"] == table["locked (% of day, analytic)"]).all()
    assert table["locked (% of day)"].iloc[0] == round(100 * 600 / 609, 2)


def test_the_cap_ends_the_lockouts_but_denies_app_codes():
    table = lockout_denial(SEED_PORTAL, days=2)
    assert table["lockouts"].sum() == SEED_PORTAL.code_failure_cap // SEED_PORTAL.lockout_failures
    assert table["app codes capped from (s into day)"].iloc[1] == 0


def test_backoff_blocks_the_account_between_guesses():
    assert lockout_denial(DJANGO_OTP, days=1)["locked (% of day)"].iloc[0] > 99


# --------------------------------------------------------- replay and relay

@pytest.mark.parametrize("policy", [SEED_PORTAL, PYOTP_BARE, AUTHELIA], ids=lambda p: p.name)
def test_replay_is_accepted_exactly_when_the_analytic_rule_says(policy):
    table = replay_table(policy)
    assert ((table["attacker"] == "ok") == table["attacker accepted (analytic)"]).all()
    assert (table["victim"] == "ok").all()


@pytest.mark.parametrize("policy", [SEED_PORTAL, PYOTP_BARE], ids=lambda p: p.name)
def test_relay_acceptance_equals_the_window_rule(policy):
    table = relay_table(policy)
    assert (table["accepted (%)"] == table["accepted (%, analytic)"]).all()
    assert table["accepted (%)"].iloc[0] == 100  # a fast relay gets in under every window


def test_a_one_step_window_stops_only_slow_relays():
    table = relay_table(SEED_PORTAL).set_index("relay delay (s)")
    assert table.loc[30, "accepted (%)"] == 100 and table.loc[60, "accepted (%)"] == 0


# ------------------------------------------------------ remembered tokens

@pytest.mark.parametrize("policy", [SEED_PORTAL, SEED_PORTAL.replace(forget_on_password_change=False,
                                                                     forget_on_backup_regeneration=False)],
                         ids=["ends on every event", "kept on password change and new codes"])
def test_a_stolen_token_ends_exactly_when_the_policy_says(policy):
    table = remembered_token_theft(policy).set_index("event")
    assert (table["thief before"] == "ok").all()
    for event, row in table.iterrows():
        if event == "2FA turned off":  # the password alone signs in then
            assert row["thief after (reason)"] == "2FA off" or row["thief after"] == "ok"
            continue
        if event == "cookie copied to another browser":
            assert not row["skips the code step"] and row["device state"] == "active"
            continue
        assert row["skips the code step"] == (not row["policy ends it"]), event


def test_no_token_where_devices_are_not_remembered():
    from twofa_sim.presets import KEYCLOAK

    assert (remembered_token_theft(KEYCLOAK)["thief after"] == "no token").all()


# ------------------------------------------------------------- SIM swap

def test_sim_swap_sign_ins_are_limited_by_the_daily_send_cap():
    table = sim_swap(SEED_PORTAL, swap_after=0, hours=24, every=600)
    completed = (table["outcome"] == "ok").sum()
    assert completed == SEED_PORTAL.sms_per_number_per_day
    assert set(table.loc[~table["text sent"], "refusal of the text"]) == {"send limit reached"}
    actions = table.attrs["after sign-in"].set_index("action")["outcome"]
    assert [v for k, v in actions.items() if k.startswith(("change the cell phone", "turn 2FA off"))] == \
        ["refused", "refused"]
    assert actions["regenerate backup codes (password only)"] == "ok"


def test_sim_swap_refuses_nonsense():
    with pytest.raises(SimulationError):
        sim_swap(SEED_PORTAL, every=10)
    with pytest.raises(SimulationError):
        sim_swap(SEED_PORTAL, swap_after=-1)
    with pytest.raises(InputTypeError):
        sim_swap(None)


def test_the_same_seed_gives_the_same_tables():
    from twofa_sim.hashing import HashCost

    policy = SEED_PORTAL.replace(digits=3, sms_code_digits=3, simulation_only=True, lockout_failures=0,
                                 code_failure_cap=0, hash_cost=HashCost("cross-check", 1))
    first = guessing_table(policy, "sms", horizons=[600, 1800], random_guesses=True, seed=5)
    assert first.equals(guessing_table(policy, "sms", horizons=[600, 1800], random_guesses=True, seed=5))
    assert not first.equals(guessing_table(policy, "sms", horizons=[600, 1800], random_guesses=True, seed=6))


def test_sim_swap_runs_for_every_preset():
    """Found by running notebook 06 for GitLab: turning 2FA off succeeded with
    the password alone, and the next action raised."""
    from twofa_sim.attacks import sim_swap

    for name, policy in PRESETS.items():
        after = sim_swap(policy).attrs["after sign-in"]
        assert len(after) == 3, name
