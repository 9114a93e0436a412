"""Attack simulations and sweeps give the figures the security review shows."""

from twofa_sim.attacks import online_guessing, replay_same_code
from twofa_sim.presets import DJANGO_OTP, PYOTP_BARE, SEED_PORTAL
from twofa_sim.sweeps import acceptance_grid


def test_replay_is_refused_only_with_replay_protection():
    assert replay_same_code(SEED_PORTAL)["second"] == "refused"
    assert replay_same_code(PYOTP_BARE)["second"] == "ok"


def test_guessing_is_capped_by_the_lockout():
    one_hour = online_guessing(SEED_PORTAL, hours=1)
    assert one_hour["guesses"] == 6 * SEED_PORTAL.lockout_failures  # ten, then ten minutes locked, six times
    assert one_hour["lockouts"] == 6
    assert 0 < one_hour["chance of success (%)"] < 0.2


def test_backoff_allows_fewer_guesses_than_no_throttle():
    assert online_guessing(DJANGO_OTP, hours=1)["guesses"] < online_guessing(PYOTP_BARE, hours=1)["guesses"] == 3600


def test_window_zero_refuses_a_quarter_of_logins_at_an_eight_second_delay():
    grid = acceptance_grid(PYOTP_BARE, offsets=[0], delays=[0, 8])
    assert grid.loc[0, 0] == 100 and grid.loc[0, 8] == 73
    assert (acceptance_grid(SEED_PORTAL, offsets=[0], delays=[0, 8, 16]).loc[0] == 100).all()
