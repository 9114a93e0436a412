"""Turning 2FA on through the portal: QR/URI, confirming with the app's code,
starting again, cancelling, turning 2FA off."""

import pytest

from support import LOGIN, PASSWORD, enrol_with_app
from twofa_sim import AEGIS, AuthenticatorApp, Browser, DeviceClock, Outcome, Portal, Reason
from twofa_sim.errors import EnrolmentError
from twofa_sim.otp import totp
from twofa_sim.presets import SEED_PORTAL

START = 1_767_603_600


def fresh_portal(seed=5, policy=SEED_PORTAL, issuer="Client Portal"):
    portal = Portal.simulated(seed=seed, start=START, policy=policy, issuer=issuer)
    portal.add_user(LOGIN, PASSWORD, "Alice")
    return portal


def test_enrolment_uri_for_the_issue_example():
    portal = fresh_portal(issuer="Example Co")
    enrolment = portal.start_enrolment(LOGIN)
    assert "otpauth://totp/Example%20Co:alice%40example.com?" in enrolment.uri
    assert "issuer=Example%20Co" in enrolment.uri
    assert f"secret={enrolment.provisioning.secret.base32}" in enrolment.uri
    assert enrolment.provisioning.secret.bits == 160
    assert portal.status(LOGIN).two_factor == "enrolling"


def test_confirm_turns_2fa_on_and_returns_backup_codes_once():
    portal = fresh_portal()
    assert portal.status(LOGIN).two_factor == "off"
    enrolment = portal.start_enrolment(LOGIN)
    result = portal.confirm_enrolment(LOGIN, totp(enrolment.provisioning.secret.key, START))
    assert (result.outcome, result.reason) == (Outcome.OK, Reason.ACCEPTED)
    assert len(result.backup_codes) == 10 and len(set(result.backup_codes)) == 10
    assert "backup codes" in result.message
    status = portal.status(LOGIN)
    assert (status.two_factor, status.backup_remaining, status.backup_total) == ("on", 10, 10)
    with pytest.raises(EnrolmentError):  # nothing pending any more
        portal.confirm_enrolment(LOGIN, totp(enrolment.provisioning.secret.key, START))


def test_wrong_code_leaves_enrolment_pending():
    portal = fresh_portal()
    enrolment = portal.start_enrolment(LOGIN)
    right = totp(enrolment.provisioning.secret.key, START)
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    result = portal.confirm_enrolment(LOGIN, wrong)
    assert (result.outcome, result.reason) == (Outcome.REFUSED, Reason.WRONG_CODE)
    assert result.backup_codes == ()
    assert portal.status(LOGIN).two_factor == "enrolling"
    assert portal.confirm_enrolment(LOGIN, right).outcome is Outcome.OK


def test_malformed_confirmation_code():
    portal = fresh_portal()
    portal.start_enrolment(LOGIN)
    for typed, reason in (("12345", Reason.WRONG_LENGTH), ("", Reason.EMPTY), ("12a456", Reason.NOT_DIGITS)):
        result = portal.confirm_enrolment(LOGIN, typed)
        assert (result.outcome, result.reason) == (Outcome.MALFORMED, reason)
    assert portal.status(LOGIN).two_factor == "enrolling"


def test_starting_again_replaces_the_secret():
    portal = fresh_portal()
    old_app = AuthenticatorApp(DeviceClock(portal.clock), AEGIS)
    first = portal.start_enrolment(LOGIN)
    old_app.scan(first.uri)
    second = portal.start_enrolment(LOGIN)
    assert second.provisioning.secret != first.provisioning.secret
    new_app = AuthenticatorApp(DeviceClock(portal.clock), AEGIS)
    new_app.scan(second.qr_png())
    assert old_app.code() != new_app.code()
    refused = portal.confirm_enrolment(LOGIN, old_app.code())
    assert (refused.outcome, refused.reason) == (Outcome.REFUSED, Reason.WRONG_CODE)
    assert portal.confirm_enrolment(LOGIN, new_app.code()).outcome is Outcome.OK
    starts = [dict(e.details)["replaced_pending"] for e in portal.audit if e.action == "enrolment.start"]
    assert starts == [False, True]


def test_enrolment_code_cannot_sign_in_in_the_same_step():
    user = enrol_with_app(Portal.simulated(seed=8, start=START + 3))
    code = user.app.code()
    result = user.login_with(code)
    assert (result.outcome, result.reason) == (Outcome.REFUSED, Reason.REPLAYED)
    user.clock.advance(30)
    assert user.login_with(user.app.code()).outcome is Outcome.OK


def test_cancel_drops_the_pending_secret():
    portal = fresh_portal()
    enrolment = portal.start_enrolment(LOGIN)
    portal.cancel_enrolment(LOGIN)
    assert portal.status(LOGIN).two_factor == "off"
    with pytest.raises(EnrolmentError):
        portal.confirm_enrolment(LOGIN, totp(enrolment.provisioning.secret.key, START))


def test_start_while_on_is_refused():
    user = enrol_with_app(Portal.simulated(seed=9, start=START))
    with pytest.raises(EnrolmentError):
        user.portal.start_enrolment(LOGIN)


def test_confirm_without_start_is_refused():
    with pytest.raises(EnrolmentError):
        fresh_portal().confirm_enrolment(LOGIN, "123456")


def test_disable_says_what_it_deleted():
    user = enrol_with_app(Portal.simulated(seed=10, start=START))
    portal = user.portal
    portal.clock.advance(30)
    assert user.login_with(user.app.code(), remember=True).outcome is Outcome.OK
    portal.clock.advance(30)
    used = user.login_with(user.backup_codes[0], browser=Browser("library-pc"))
    assert (used.outcome, used.factor) == (Outcome.OK, "backup")
    portal.clock.advance(30)
    result = portal.disable_two_factor(LOGIN, password=PASSWORD, code=user.app.code())
    assert (result.outcome, result.reason) == (Outcome.OK, Reason.ACCEPTED)
    assert result.deleted == ("the authenticator app's key", "9 unused backup codes", "1 remembered device")
    assert "9 unused backup codes" in result.message
    status = portal.status(LOGIN)
    assert (status.two_factor, status.backup_remaining, status.remembered_devices) == ("off", 0, 0)
    # sign-in is now password only; the old app code is not asked for
    assert portal.login(LOGIN, PASSWORD, None, Browser("x")).reason is Reason.NO_SECOND_FACTOR
    with pytest.raises(EnrolmentError):
        portal.disable_two_factor(LOGIN, password=PASSWORD)


def test_enrol_again_after_disable_gets_a_new_secret():
    user = enrol_with_app(Portal.simulated(seed=12, start=START))
    assert user.portal.disable_two_factor(LOGIN, password=PASSWORD, code=user.backup_codes[0]).ok
    again = user.portal.start_enrolment(LOGIN)
    assert again.provisioning.secret != user.secret
