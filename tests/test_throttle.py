"""Throttling and lockout: consecutive failures per account, across factors."""

import pytest

from support import LOGIN, PASSWORD, enrol_with_app
from twofa_sim import Browser, Outcome, Portal, Reason
from twofa_sim.presets import DJANGO_OTP, SEED_PORTAL

START = 1_767_603_600


def enrolled(policy=SEED_PORTAL, seed=51):
    user = enrol_with_app(Portal.simulated(seed=seed, start=START, policy=policy))
    user.clock.advance(30)
    return user


def wrong_code(user):
    """A 6-digit code that matches no step in the window now."""
    window = {user.code_at(user.clock.now() + 30 * k) for k in (-1, 0, 1)}
    return next(f"{n:06d}" for n in range(10**6) if f"{n:06d}" not in window)


def fail(user, times, attempt=None):
    results = []
    for _ in range(times):
        if attempt is None:
            results.append(user.login_with(wrong_code(user)))
        else:
            results.append(user.portal.submit_code(attempt, wrong_code(user)))
    return results


def test_ten_failures_lock_for_600_seconds():
    user = enrolled()
    results = fail(user, 10)
    assert [r.outcome for r in results] == [Outcome.REFUSED] * 10
    assert user.portal.status(LOGIN).locked_for == 600
    locked = user.login_with(user.app.code())
    assert (locked.outcome, locked.reason) == (Outcome.LOCKED, Reason.LOCKED_OUT)
    assert locked.wait_seconds == 600 and "10 minutes" in locked.message
    user.clock.advance(599)
    assert user.login_with(user.app.code()).outcome is Outcome.LOCKED
    user.clock.advance(1)
    assert user.login_with(user.app.code()).outcome is Outcome.OK


def test_nine_failures_do_not_lock():
    user = enrolled()
    fail(user, 9)
    assert user.portal.status(LOGIN).consecutive_failures == 9
    assert user.login_with(user.app.code()).outcome is Outcome.OK


def test_locked_attempt_is_not_verified_even_with_a_right_code():
    user = enrolled()
    started = user.portal.begin_login(LOGIN, PASSWORD, user.browser)
    fail(user, 10, started.attempt)
    for code in (user.app.code(), user.backup_codes[0]):
        result = user.portal.submit_code(started.attempt, code)
        assert (result.outcome, result.reason) == (Outcome.LOCKED, Reason.LOCKED_OUT)
    assert user.portal.status(LOGIN).backup_remaining == 10  # the backup code was not consumed
    # the password step is locked too, even with the right password
    assert user.portal.begin_login(LOGIN, PASSWORD, Browser("other")).outcome is Outcome.LOCKED


def test_redoing_the_password_step_does_not_reset_the_count():
    user = enrolled()
    for _ in range(3):
        started = user.portal.begin_login(LOGIN, PASSWORD, user.browser)
        assert started.outcome is Outcome.CODE_REQUIRED
        fail(user, 3, started.attempt)
    assert user.portal.status(LOGIN).consecutive_failures == 9
    fail(user, 1)
    assert user.portal.status(LOGIN).locked_for == 600


def test_wrong_passwords_and_codes_count_together():
    user = enrolled()
    for _ in range(5):
        user.portal.begin_login(LOGIN, "wrong", user.browser)
    fail(user, 5)
    assert user.portal.login(LOGIN, PASSWORD, None, user.browser).outcome is Outcome.LOCKED


def test_malformed_input_does_not_count():
    user = enrolled()
    started = user.portal.begin_login(LOGIN, PASSWORD, user.browser)
    for typed in ["", "12345", "1234567", "abc", "ABCD-EFGH"] * 5:
        assert user.portal.submit_code(started.attempt, typed).outcome is Outcome.MALFORMED
    assert user.portal.status(LOGIN).consecutive_failures == 0


def test_success_resets_the_count():
    user = enrolled()
    fail(user, 9)
    assert user.login_with(user.app.code()).outcome is Outcome.OK
    assert user.portal.status(LOGIN).consecutive_failures == 0
    fail(user, 9)
    assert user.portal.status(LOGIN).locked_for == 0


def test_count_restarts_after_a_lockout():
    user = enrolled()
    fail(user, 10)
    user.clock.advance(600)
    fail(user, 9)
    assert user.portal.status(LOGIN).locked_for == 0
    fail(user, 1)
    assert user.portal.status(LOGIN).locked_for == 600


def test_lockout_off_never_locks():
    user = enrolled(SEED_PORTAL.replace(lockout_failures=0))
    assert all(r.outcome is Outcome.REFUSED for r in fail(user, 30))
    assert user.login_with(user.app.code()).outcome is Outcome.OK


@pytest.mark.parametrize("base", [1, 2.5])
def test_backoff_doubles(base):
    user = enrolled(SEED_PORTAL.replace(lockout_failures=0, backoff_seconds=base))
    for n in range(1, 6):
        assert user.login_with(wrong_code(user)).outcome is Outcome.REFUSED
        wait = base * 2 ** (n - 1)
        assert user.portal.status(LOGIN).locked_for == wait
        user.clock.advance(wait / 2)
        early = user.login_with(wrong_code(user))
        assert (early.outcome, early.reason) == (Outcome.LOCKED, Reason.BACKOFF)
        assert early.wait_seconds == wait / 2
        user.clock.advance(wait / 2)
    assert user.portal.status(LOGIN).consecutive_failures == 5


def test_backoff_cleared_by_success():
    user = enrolled(DJANGO_OTP)
    fail(user, 3)
    user.clock.advance(4)
    assert user.login_with(user.app.code()).outcome is Outcome.OK
    assert user.portal.status(LOGIN).locked_for == 0
    user.login_with(wrong_code(user))
    assert user.portal.status(LOGIN).locked_for == 1
