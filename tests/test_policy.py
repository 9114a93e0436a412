"""Policy: defaults of the seed portal, validation of every knob, replace()."""

import pytest

from twofa_sim.errors import PolicyError
from twofa_sim.hashing import SIMULATION_COST
from twofa_sim.policy import Policy, Reauth
from twofa_sim.presets import AUTHELIA, PRESETS, PYOTP_BARE, SEED_PORTAL


def test_seed_portal_defaults():
    p = SEED_PORTAL
    assert (p.digits, p.period, p.algorithm) == (6, 30, "SHA1")
    assert (p.window_back, p.window_forward) == (1, 1)
    assert p.replay_protection and p.drift_learning
    assert (p.lockout_failures, p.lockout_seconds, p.backoff_seconds) == (10, 600, 0)
    assert (p.backup_code_count, p.backup_code_length, p.backup_code_group) == (10, 10, 5)
    assert p.remember_device_seconds == 30 * 86400
    assert p.reauth is Reauth.PASSWORD
    assert p.login_step_seconds == 600
    assert p.hash_cost is SIMULATION_COST


@pytest.mark.parametrize("changes", [
    {"digits": 5}, {"digits": 11}, {"digits": True}, {"digits": 6.0}, {"digits": "6"},
    {"period": 0}, {"period": 121},
    {"algorithm": "MD5"}, {"algorithm": "sha1"},
    {"window_back": -1}, {"window_forward": 21},
    {"secret_bits": 80}, {"secret_bits": 130}, {"secret_bits": 120},
    {"lockout_failures": -1}, {"lockout_seconds": -5},
    {"backoff_seconds": -1}, {"backoff_seconds": "1"}, {"backoff_seconds": float("nan")}, {"backoff_seconds": True},
    {"backup_code_count": 0}, {"backup_code_length": 5}, {"backup_code_group": 0},
    {"remember_device_seconds": -1}, {"login_step_seconds": 0},
    {"reauth": "password"}, {"hash_cost": 1000},
    {"replay_protection": 1}, {"drift_learning": None}, {"forget_on_password_change": "yes"},
    {"no_such_setting": 1},
])
def test_replace_refuses_invalid_settings(changes):
    with pytest.raises(PolicyError):
        SEED_PORTAL.replace(**changes)


def test_direct_construction_validates_too():
    with pytest.raises(PolicyError):
        Policy(digits=4)


def test_replace_returns_a_validated_copy():
    changed = SEED_PORTAL.replace(digits=8, window_back=0)
    assert changed.digits == 8 and changed.window_back == 0
    assert SEED_PORTAL.digits == 6 and SEED_PORTAL.window_back == 1
    assert changed.name == "seed portal (modified)"
    assert changed.replace(digits=7).name == "seed portal (modified)"
    assert SEED_PORTAL.replace(name="mine").name == "mine"


@pytest.mark.parametrize("back, forward, steps", [(1, 1, [-1, 0, 1]), (0, 0, [0]), (2, 0, [-2, -1, 0]), (0, 3, [0, 1, 2, 3])])
def test_window_steps(back, forward, steps):
    assert list(SEED_PORTAL.replace(window_back=back, window_forward=forward).window_steps()) == steps


def test_reauth_requirements():
    assert Reauth.PASSWORD.needs_password and not Reauth.PASSWORD.needs_code
    assert Reauth.SECOND_FACTOR.needs_code and not Reauth.SECOND_FACTOR.needs_password
    assert Reauth.PASSWORD_AND_SECOND_FACTOR.needs_code and Reauth.PASSWORD_AND_SECOND_FACTOR.needs_password
    assert not Reauth.NONE.needs_code and not Reauth.NONE.needs_password


def test_presets_are_named_and_valid():
    assert set(PRESETS) == {p.name for p in PRESETS.values()}
    assert PRESETS["seed portal"] is SEED_PORTAL
    assert AUTHELIA.secret_bits == 256 and AUTHELIA.lockout_failures == 3
    assert list(PYOTP_BARE.window_steps()) == [0] and not PYOTP_BARE.replay_protection


def test_settings_table_names_hash_cost():
    table = SEED_PORTAL.settings()
    assert table["reauth"] == "password"
    assert "simulation" in table["hash_cost"]
    assert table["digits"] == 6


def test_short_codes_only_in_a_simulation_only_policy():
    from twofa_sim.errors import PolicyError

    with pytest.raises(PolicyError):
        SEED_PORTAL.replace(digits=4)
    short = SEED_PORTAL.replace(digits=4, sms_code_digits=3, backup_code_length=2, simulation_only=True)
    assert (short.digits, short.sms_code_digits, short.backup_code_length) == (4, 3, 2)
    with pytest.raises(PolicyError):
        SEED_PORTAL.replace(described=(("secret_bits",),))
    assert SEED_PORTAL.replace(described=(("secret_bits", 80),)).facts() == {"secret_bits": 80}
