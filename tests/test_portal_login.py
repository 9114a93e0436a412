"""Signing in to the portal with app codes: the issue's fixed examples
(RFC 6238 secret, SHA1, 6 digits, 30 s, window ±1, enrolled a day earlier,
no drift learning), input forms, malformed input, replay, expiry, messages."""

import pytest

from support import FIXED_WINDOW, LOGIN, PASSWORD, enrol_known_secret, last_event, rfc_user_at
from twofa_sim import Browser, Outcome, Portal, Reason
from twofa_sim.presets import SEED_PORTAL

T = 1234567890  # RFC 6238 vector time; the 8-digit SHA1 value is 89005924


@pytest.mark.parametrize("typed", ["005924", "005 924", " 005924\n", "\u0660\u0660\u0665\u0669\u0662\u0664",
                                   "\u06f0\u06f0\u06f5\u06f9\u06f2\u06f4", "005-924"])
def test_first_login_accepts_the_code_in_any_typed_form(typed):
    user = rfc_user_at(T)
    result = user.login_with(typed)
    assert (result.outcome, result.reason, result.factor) == (Outcome.OK, Reason.ACCEPTED, "totp")
    assert result.signed_in


@pytest.mark.parametrize("typed", ["5924", "05924", "0059245"])
def test_wrong_length_is_malformed_and_not_counted(typed):
    user = rfc_user_at(T)
    result = user.login_with(typed)
    assert (result.outcome, result.reason) == (Outcome.MALFORMED, Reason.WRONG_LENGTH)
    assert user.portal.status(LOGIN).consecutive_failures == 0
    # the attempt stays open and the right code still works
    assert user.portal.submit_code(result.attempt, "005924").outcome is Outcome.OK


def test_wrong_code_is_refused_and_counted():
    user = rfc_user_at(T)
    result = user.login_with("005925")
    assert (result.outcome, result.reason) == (Outcome.REFUSED, Reason.WRONG_CODE)
    assert user.portal.status(LOGIN).consecutive_failures == 1


# Code "081804" was made at 1111111109 (step 37037036). Each case is the
# first login of a freshly enrolled user.
@pytest.mark.parametrize("back, forward, at, accepted", [
    (1, 1, 1111111109, True),
    (1, 1, 1111111111, True),   # step 37037037: one step behind, inside ±1
    (1, 1, 1111111139, True),   # last second of step 37037037
    (1, 1, 1111111140, False),  # step 37037038: two steps behind
    (0, 0, 1111111109, True),   # its own step
    (0, 0, 1111111111, False),
    (0, 0, 1111111139, False),
    (0, 0, 1111111140, False),
])
def test_code_081804_against_the_window(back, forward, at, accepted):
    user = rfc_user_at(at, FIXED_WINDOW.replace(window_back=back, window_forward=forward))
    result = user.login_with("081804")
    if accepted:
        assert (result.outcome, result.reason) == (Outcome.OK, Reason.ACCEPTED)
    else:
        assert (result.outcome, result.reason) == (Outcome.REFUSED, Reason.WRONG_CODE)


def test_replay_and_older_step_sequence():
    user = rfc_user_at(1111111111)
    clock = user.clock
    first = user.login_with("050471")
    clock.set(1111111125)
    again = user.login_with("050471")
    clock.set(1111111135)
    older = user.login_with("081804")
    clock.set(1111111140)
    nxt = user.login_with("266759")
    assert (first.outcome, first.reason) == (Outcome.OK, Reason.ACCEPTED)
    assert (again.outcome, again.reason) == (Outcome.REFUSED, Reason.REPLAYED)
    assert (older.outcome, older.reason) == (Outcome.REFUSED, Reason.OLDER_STEP)
    assert (nxt.outcome, nxt.reason) == (Outcome.OK, Reason.ACCEPTED)


def test_future_code_inside_window_is_accepted_then_current_is_older():
    user = rfc_user_at(1111111109)           # step 37037036
    assert user.login_with("050471").outcome is Outcome.OK  # step 37037037's code, one ahead
    result = user.login_with("081804")       # step 37037036: before the last accepted one
    assert result.reason is Reason.OLDER_STEP


def test_replay_protection_off_accepts_the_same_step_again():
    user = rfc_user_at(1111111111, FIXED_WINDOW.replace(replay_protection=False))
    assert user.login_with("050471").outcome is Outcome.OK
    assert user.login_with("050471").outcome is Outcome.OK


def test_a_used_code_says_so_and_to_wait_for_the_next_one():
    """Reverses the earlier choice that used and wrong codes look alike: the
    person is told the code was used and what to do."""
    user = rfc_user_at(1111111111)
    user.login_with("050471")
    replayed = user.login_with("050471")
    wrong = user.login_with("999999")
    older = user.login_with("081804")
    assert (replayed.reason, wrong.reason, older.reason) == (Reason.REPLAYED, Reason.WRONG_CODE, Reason.OLDER_STEP)
    for used in (replayed, older):
        assert "already used" in used.message and "next code in your app" in used.message
    assert wrong.message == "That code didn't work. Check the code and try again."
    # the audit trail keeps the exact reasons apart
    reasons = [e.reason for e in user.portal.audit if e.action == "login.code"][-3:]
    assert reasons == ["replayed step", "wrong code", "older step"]


def test_drift_learning_recentres_the_window():
    # phone 2 steps ahead: refused with ±1, but a phone one step ahead teaches drift +1
    user = rfc_user_at(1111111080, SEED_PORTAL)  # step 37037036; drift learning on
    assert user.login_with(user.code_at(1111111080 + 30)).outcome is Outcome.OK   # +1 step
    assert dict(last_event(user.portal).details)["offset_steps"] == 1
    user.clock.advance(30)
    assert user.login_with(user.code_at(user.clock.now() + 60)).outcome is Outcome.OK  # +2 steps
    same_phone_without_learning = rfc_user_at(1111111110, FIXED_WINDOW)
    assert same_phone_without_learning.login_with(user.code_at(1111111110 + 60)).reason is Reason.WRONG_CODE


def test_login_step_expires_after_login_step_seconds():
    user = rfc_user_at(T)
    started = user.portal.begin_login(LOGIN, PASSWORD, user.browser)
    assert started.outcome is Outcome.CODE_REQUIRED and started.reason is Reason.PASSWORD_OK
    user.clock.advance(600)
    result = user.portal.submit_code(started.attempt, user.code_at(user.clock.now()))
    assert (result.outcome, result.reason) == (Outcome.EXPIRED, Reason.LOGIN_STEP_EXPIRED)
    again = user.portal.submit_code(started.attempt, user.code_at(user.clock.now()))
    assert (again.outcome, again.reason) == (Outcome.EXPIRED, Reason.ATTEMPT_FINISHED)
    assert user.portal.status(LOGIN).consecutive_failures == 0


def test_login_step_just_before_expiry_works():
    user = rfc_user_at(T)
    started = user.portal.begin_login(LOGIN, PASSWORD, user.browser)
    user.clock.advance(599)
    assert user.portal.submit_code(started.attempt, user.code_at(user.clock.now())).outcome is Outcome.OK


def test_finished_attempt_cannot_be_used_again():
    user = rfc_user_at(T)
    started = user.portal.begin_login(LOGIN, PASSWORD, user.browser)
    assert user.portal.submit_code(started.attempt, "005924").outcome is Outcome.OK
    user.clock.advance(30)
    result = user.portal.submit_code(started.attempt, user.code_at(user.clock.now()))
    assert (result.outcome, result.reason) == (Outcome.EXPIRED, Reason.ATTEMPT_FINISHED)


def test_wrong_password_and_unknown_user_look_alike():
    user = rfc_user_at(T)
    wrong = user.portal.login(LOGIN, "nope", "005924", user.browser)
    unknown = user.portal.login("mallory@example.com", PASSWORD, "005924", user.browser)
    assert (wrong.outcome, wrong.reason) == (Outcome.REFUSED, Reason.WRONG_PASSWORD)
    assert (unknown.outcome, unknown.reason) == (Outcome.REFUSED, Reason.UNKNOWN_USER)
    assert wrong.message == unknown.message
    assert user.portal.status(LOGIN).consecutive_failures == 1


def test_login_is_case_insensitive_and_trimmed():
    user = rfc_user_at(T)
    result = user.portal.login("  ALICE@Example.com ", PASSWORD, "005924", user.browser)
    assert result.outcome is Outcome.OK


def test_no_second_factor_when_2fa_off():
    portal = Portal.simulated(seed=1)
    portal.add_user("bob", "pw", "Bob")
    result = portal.login("bob", "pw", None, Browser("b"))
    assert (result.outcome, result.reason) == (Outcome.OK, Reason.NO_SECOND_FACTOR)


@pytest.mark.parametrize("at", [0, 1, 29, 30, 59])
def test_login_near_the_epoch(at):
    """Steps before the epoch do not exist; the window must not try them."""
    portal = Portal.simulated(seed=2, start=0, policy=FIXED_WINDOW)
    user = enrol_known_secret(portal)  # enrolled in step 0
    portal.clock.set(at)
    result = user.login_with(user.code_at(at))
    expected = Reason.REPLAYED if at < 30 else Reason.ACCEPTED
    assert result.reason is expected


def test_login_code_none_stops_at_the_password_step():
    user = rfc_user_at(T)
    result = user.login_with(None)
    assert result.outcome is Outcome.CODE_REQUIRED and result.attempt is not None
    other = user.portal.login(LOGIN, PASSWORD, None, Browser("other"))
    assert other.attempt.attempt_id != result.attempt.attempt_id


def test_a_sign_in_open_when_2fa_was_turned_off_says_so():
    """Found by a try-out: it said the sign-in took too long."""
    user = rfc_user_at(T)
    started = user.portal.begin_login(LOGIN, PASSWORD, user.browser)
    assert user.portal.disable_two_factor(LOGIN, password=PASSWORD, code=user.backup_codes[0]).ok
    late = user.portal.submit_code(started.attempt, user.backup_codes[1])
    assert (late.outcome, late.reason) == (Outcome.EXPIRED, Reason.TWO_FACTOR_OFF)
    assert "turned off" in late.message


def test_look_alike_logins_are_one_account():
    from twofa_sim import Portal

    portal = Portal.simulated()
    portal.add_user("Kate@example.com", "pw", "Kate")
    assert portal.view("\u212aate@example.com").login == "Kate@example.com"  # a Kelvin sign
    assert portal.view("\uff4b\uff41\uff54\uff45@example.com").login == "Kate@example.com"  # full-width
