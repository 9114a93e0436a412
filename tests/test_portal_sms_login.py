"""Signing in with an SMS code through the portal: begin_login →
send_sms_code(attempt) → submit_code(attempt, code)."""

import pytest

from sms_support import RecordingEntropy, alice_with_phone, code_in, deliver_all, lossless, newest_code, save_cell_phone, sign_in
from support import enrol_with_app, last_event
from twofa_sim import Outcome, Portal, Reason, VirtualClock
from twofa_sim.demo import Demo
from twofa_sim.portal import DEFAULT_START
from twofa_sim.presets import SEED_PORTAL


def wrong_app_code(demo: Demo, digits: int = 6) -> str:
    """A code of ``digits`` digits the app shows at no step of the window."""
    now = demo.clock.now()
    shown = {demo.app.code_at(now + k * 30) for k in (-1, 0, 1)}
    return next(c for c in ("0" * digits, "1" * digits, "2" * digits) if c not in shown)


def other_code(code: str) -> str:
    """A code of the same length that differs from ``code``."""
    return str((int(code) + 1) % 10 ** len(code)).zfill(len(code))


# ---------------------------------------------------- the Send SMS Code button


def test_sms_is_offered_only_with_a_cell_phone_on_file():
    demo = Demo.create(51, enrolled=True)
    lossless(demo.portal)
    attempt = sign_in(demo)
    assert demo.portal.sms_available(attempt) is False
    refused = demo.portal.send_sms_code(attempt)
    assert (refused.outcome, refused.reason) == (Outcome.REFUSED, Reason.NO_PHONE)
    assert "Team page" in refused.message
    assert len(demo.portal.gateway) == 0
    assert save_cell_phone(demo.portal, demo.login, "IT", "312 345 6789", code=demo.app.code()).ok
    assert demo.portal.sms_available(sign_in(demo)) is True


def test_sending_says_where_with_the_number_masked():
    demo = alice_with_phone(52)
    result = demo.portal.send_sms_code(sign_in(demo))
    assert (result.outcome, result.reason) == (Outcome.OK, Reason.SMS_SENT)
    assert "6789" in result.message and "312" not in result.message
    assert "5 minutes" in result.message
    assert [m.to for m in (demo.portal.gateway.receipts_frame().itertuples())] == [demo.phone_number] * 2  # + confirmation


def test_the_code_is_six_digits_from_the_injected_generator():
    entropy = RecordingEntropy(53)
    portal = Portal(VirtualClock(DEFAULT_START), entropy)
    lossless(portal)
    user = enrol_with_app(portal)
    portal.clock.advance(30)  # the enrolment code's step is spent
    assert save_cell_phone(portal, user.login, "IT", "312 345 6789", code=user.app.code()).ok
    attempt = portal.begin_login(user.login, user.password, user.browser).attempt
    before = len(entropy.draws)
    assert portal.send_sms_code(attempt).ok
    deliver_all(portal)
    code = code_in(portal.gateway.inbox("+393123456789")[-1].body)
    drawn = [value for n, value in entropy.draws[before:] if n == 10**6]
    assert len(code) == 6 and code.isdigit()
    assert code == str(drawn[0]).zfill(6)


def test_a_send_after_the_login_step_expired_is_refused():
    demo = alice_with_phone(54)
    before = len(demo.portal.gateway)  # the Team page's confirmation text
    attempt = sign_in(demo)
    demo.clock.advance(demo.portal.policy.login_step_seconds)
    result = demo.portal.send_sms_code(attempt)
    assert (result.outcome, result.reason) == (Outcome.EXPIRED, Reason.LOGIN_STEP_EXPIRED)
    assert len(demo.portal.gateway) == before


# ------------------------------------------------------------ the code step


def test_the_sms_code_signs_in_and_the_audit_says_sms():
    demo = alice_with_phone(55)
    attempt = sign_in(demo)
    assert demo.portal.send_sms_code(attempt).ok
    code = newest_code(demo)
    result = demo.portal.submit_code(attempt, code)
    assert (result.outcome, result.reason, result.factor) == (Outcome.OK, Reason.ACCEPTED, "sms")
    event = last_event(demo.portal, demo.login)
    assert (event.action, event.outcome, event.factor) == ("login.code", "ok", "sms")


def test_the_text_shows_the_code_but_the_audit_trail_does_not():
    demo = alice_with_phone(56)
    attempt = sign_in(demo)
    assert demo.portal.send_sms_code(attempt).ok
    code = newest_code(demo)
    text = demo.portal.gateway.inbox(demo.phone_number)[-1].body
    assert code in text and "Client Portal" in text
    assert demo.portal.submit_code(attempt, code).signed_in
    trail = demo.portal.audit.to_frame().to_csv() + "".join(repr(e) for e in demo.portal.audit)
    assert "sms.send" in trail
    assert code not in trail
    assert text not in trail


@pytest.mark.parametrize("typed", ["{c}", "{c3} {c_3}", " {c}\n", "{c3}-{c_3}"])
def test_the_sms_code_may_be_typed_grouped(typed):
    demo = alice_with_phone(57)
    attempt = sign_in(demo)
    assert demo.portal.send_sms_code(attempt).ok
    code = newest_code(demo)
    entered = typed.format(c=code, c3=code[:3], c_3=code[3:])
    assert demo.portal.submit_code(attempt, entered).factor == "sms"


@pytest.mark.parametrize("after, accepted", [(359, True), (360, False)])
def test_a_360_second_code_is_accepted_at_359_and_refused_at_360(after, accepted):
    demo = alice_with_phone(58, SEED_PORTAL.replace(sms_code_seconds=360))
    attempt = sign_in(demo)
    t0 = demo.clock.now()
    assert demo.portal.send_sms_code(attempt).ok
    code = newest_code(demo)
    assert demo.clock.now() < t0 + 359  # the text arrived in time
    demo.clock.set(t0 + after)
    result = demo.portal.submit_code(attempt, code)
    if accepted:
        assert (result.outcome, result.factor) == (Outcome.OK, "sms")
    else:
        assert (result.outcome, result.reason) == (Outcome.REFUSED, Reason.SMS_EXPIRED)
        assert "Send SMS Code" in result.message
        assert not result.signed_in


def test_after_expiry_a_resend_gives_a_working_code():
    demo = alice_with_phone(59)
    attempt = sign_in(demo)
    t0 = demo.clock.now()
    assert demo.portal.send_sms_code(attempt).ok
    old = newest_code(demo)
    demo.clock.set(t0 + demo.portal.policy.sms_code_seconds)
    assert demo.portal.submit_code(attempt, old).reason is Reason.SMS_EXPIRED
    assert demo.portal.send_sms_code(attempt).ok
    assert demo.portal.submit_code(attempt, newest_code(demo)).signed_in


def test_a_code_works_once_even_in_a_fresh_sign_in():
    demo = alice_with_phone(60)
    first = sign_in(demo)
    assert demo.portal.send_sms_code(first).ok
    code = newest_code(demo)
    assert demo.portal.submit_code(first, code).signed_in
    second = sign_in(demo)
    again = demo.portal.submit_code(second, code)
    assert (again.outcome, again.reason) == (Outcome.REFUSED, Reason.SMS_USED)
    # and in the finished attempt it is refused as finished
    assert demo.portal.submit_code(first, code).reason is Reason.ATTEMPT_FINISHED


def test_a_resend_after_the_cooldown_supersedes_the_older_code():
    demo = alice_with_phone(61)
    portal = demo.portal
    before = len(portal.gateway)
    attempt = sign_in(demo)
    t0 = demo.clock.now()
    assert portal.send_sms_code(attempt).ok
    old = newest_code(demo)
    demo.clock.set(t0 + portal.policy.sms_resend_cooldown_seconds)
    assert portal.send_sms_code(attempt).ok
    new = newest_code(demo)
    assert new != old and len(portal.gateway) == before + 2
    superseded = portal.submit_code(attempt, old)
    assert (superseded.outcome, superseded.reason) == (Outcome.REFUSED, Reason.SUPERSEDED)
    assert portal.submit_code(attempt, new).factor == "sms"


def test_a_resend_within_the_cooldown_is_refused():
    demo = alice_with_phone(62)
    portal = demo.portal
    before = len(portal.gateway)
    attempt = sign_in(demo)
    assert portal.send_sms_code(attempt).ok
    demo.clock.advance(20)
    refused = portal.send_sms_code(attempt)
    assert (refused.outcome, refused.reason) == (Outcome.LOCKED, Reason.RESEND_COOLDOWN)
    assert refused.wait_seconds == pytest.approx(40)
    assert "40 seconds" in refused.message
    assert len(portal.gateway) == before + 1
    event = last_event(portal, demo.login)
    assert (event.action, event.reason) == ("sms.send", Reason.RESEND_COOLDOWN.value)


def test_a_code_sent_for_one_sign_in_is_refused_in_another():
    demo = alice_with_phone(63)
    mine = sign_in(demo)
    assert demo.portal.send_sms_code(mine).ok
    code = newest_code(demo)
    other = sign_in(demo)  # e.g. an attacker's sign-in with the stolen password
    refused = demo.portal.submit_code(other, code)
    assert (refused.outcome, refused.reason) == (Outcome.REFUSED, Reason.OTHER_ATTEMPT)
    assert demo.portal.submit_code(mine, code).factor == "sms"


# --------------------------------------------------- one field, two factors


def test_with_equal_lengths_both_an_sms_code_and_an_app_code_work():
    demo = alice_with_phone(64)
    assert demo.portal.policy.sms_code_digits == demo.portal.policy.digits
    by_sms = sign_in(demo)
    assert demo.portal.send_sms_code(by_sms).ok
    assert demo.portal.submit_code(by_sms, newest_code(demo)).factor == "sms"
    demo.clock.advance(60)
    by_app = sign_in(demo)
    assert demo.portal.send_sms_code(by_app).ok  # a code is waiting, yet the app's code still works
    result = demo.portal.submit_code(by_app, demo.app.code())
    assert (result.outcome, result.factor) == (Outcome.OK, "totp")


def test_with_different_lengths_each_length_goes_to_its_factor():
    demo = alice_with_phone(65, SEED_PORTAL.replace(sms_code_digits=8))
    by_sms = sign_in(demo)
    assert demo.portal.send_sms_code(by_sms).ok
    code = newest_code(demo)
    assert len(code) == 8
    assert demo.portal.submit_code(by_sms, code).factor == "sms"
    demo.clock.advance(30)
    assert demo.portal.submit_code(sign_in(demo), demo.app.code()).factor == "totp"


def test_wrong_sms_and_app_codes_count_toward_the_same_lockout():
    policy = SEED_PORTAL.replace(sms_code_digits=8)
    demo = alice_with_phone(66, policy)
    portal = demo.portal
    attempt = sign_in(demo)
    assert portal.send_sms_code(attempt).ok
    code = newest_code(demo)
    wrong = [wrong_app_code(demo), other_code(code)]
    for i in range(policy.lockout_failures - 1):
        result = portal.submit_code(attempt, wrong[i % 2])
        assert (result.outcome, result.reason) == (Outcome.REFUSED, Reason.WRONG_CODE)
        assert result.factor == ("totp", "sms")[i % 2]
        assert portal.status(demo.login).consecutive_failures == i + 1
    last = portal.submit_code(attempt, wrong[(policy.lockout_failures - 1) % 2])
    assert last.outcome is Outcome.REFUSED
    assert portal.status(demo.login).locked_for == pytest.approx(policy.lockout_seconds)
    locked = portal.submit_code(attempt, code)  # even the right SMS code
    assert (locked.outcome, locked.reason) == (Outcome.LOCKED, Reason.LOCKED_OUT)
    refusals = [e for e in portal.audit if e.action == "login.code" and e.reason == Reason.WRONG_CODE.value]
    assert {e.factor for e in refusals} == {"totp", "sms"}


def test_with_equal_lengths_one_wrong_code_counts_once():
    demo = alice_with_phone(67)
    attempt = sign_in(demo)
    assert demo.portal.send_sms_code(attempt).ok
    code = newest_code(demo)
    now = demo.clock.now()
    taken = {code} | {demo.app.code_at(now + k * 30) for k in (-1, 0, 1)}
    wrong = next(c for c in ("000000", "111111", "222222") if c not in taken)  # neither factor's code
    result = demo.portal.submit_code(attempt, wrong)
    assert (result.outcome, result.reason) == (Outcome.REFUSED, Reason.WRONG_CODE)
    assert demo.portal.status(demo.login).consecutive_failures == 1


def test_no_text_is_sent_while_the_account_is_locked():
    demo = alice_with_phone()
    attempt = sign_in(demo)
    for _ in range(demo.portal.policy.lockout_failures):
        demo.portal.submit_code(attempt, wrong_app_code(demo))
    sent_before = len(demo.portal.gateway)
    result = demo.portal.send_sms_code(attempt)
    assert result.outcome is Outcome.LOCKED and result.reason is Reason.LOCKED_OUT
    assert len(demo.portal.gateway) == sent_before


@pytest.mark.parametrize("seconds, words", [(300, "5 minutes"), (60, "1 minute"), (150, "150 seconds")])
def test_the_lifetime_is_said_exactly(seconds, words):
    demo = alice_with_phone(policy=SEED_PORTAL.replace(sms_code_seconds=seconds))
    result = demo.portal.send_sms_code(sign_in(demo))
    assert result.message.endswith(f"valid for {words}.")
    deliver_all(demo.portal)
    assert f"expires in {words}." in demo.portal.gateway.inbox(demo.phone_number)[-1].body


def test_a_wrong_code_tried_on_both_factors_is_audited_as_both():
    demo = alice_with_phone()
    attempt = sign_in(demo)
    demo.portal.send_sms_code(attempt)
    sms_code = newest_code(demo)
    wrong = next(c for c in ("000000", "111111", "222222") if c not in (sms_code, demo.app.code()))
    result = demo.portal.submit_code(attempt, wrong)
    assert result.reason is Reason.WRONG_CODE
    assert demo.portal.audit[-1].factor == "totp/sms"
