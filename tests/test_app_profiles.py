"""Authenticator app profiles: what each app honours from the URI, and an
unsupported policy failing enrolment visibly instead of silently."""

import pytest

from twofa_sim import AEGIS, DUO_MOBILE, GOOGLE_AUTHENTICATOR, AuthenticatorApp, DeviceClock, Outcome, Portal, Reason
from twofa_sim.errors import AppError
from twofa_sim.otp import totp
from twofa_sim.presets import SEED_PORTAL

START = 1_767_603_600


def enrolling(policy, profile):
    portal = Portal.simulated(seed=11, start=START, policy=policy)
    portal.add_user("alice", "pw", "Alice")
    enrolment = portal.start_enrolment("alice")
    app = AuthenticatorApp(DeviceClock(portal.clock), profile)
    app.scan(enrolment.uri)
    return portal, enrolment, app


def test_google_authenticator_ignores_digits_8_so_enrolment_fails_visibly():
    portal, enrolment, app = enrolling(SEED_PORTAL.replace(digits=8), GOOGLE_AUTHENTICATOR)
    code = app.code()
    assert len(code) == 6
    assert app.screen()[0].ignored == ("digits=8",)
    result = portal.confirm_enrolment("alice", code)
    assert (result.outcome, result.reason) == (Outcome.MALFORMED, Reason.WRONG_LENGTH)
    assert "8 digits" in result.message
    assert portal.status("alice").two_factor == "enrolling"


def test_google_authenticator_ignores_sha256_and_its_codes_are_refused():
    portal, enrolment, app = enrolling(SEED_PORTAL.replace(algorithm="SHA256"), GOOGLE_AUTHENTICATOR)
    secret = enrolment.provisioning.secret
    assert app.code() == totp(secret.key, START, 30, 6, "SHA1")
    assert app.code() != totp(secret.key, START, 30, 6, "SHA256")
    result = portal.confirm_enrolment("alice", app.code())
    assert (result.outcome, result.reason) == (Outcome.REFUSED, Reason.WRONG_CODE)


@pytest.mark.parametrize("profile", [DUO_MOBILE, AEGIS])
def test_apps_honouring_8_digits_enrol(profile):
    portal, enrolment, app = enrolling(SEED_PORTAL.replace(digits=8), profile)
    assert len(app.code()) == 8 and app.screen()[0].ignored == ()
    assert portal.confirm_enrolment("alice", app.code()).outcome is Outcome.OK


def test_aegis_honours_every_setting():
    policy = SEED_PORTAL.replace(digits=7, period=60, algorithm="SHA512")
    portal, enrolment, app = enrolling(policy, AEGIS)
    assert app.code() == totp(enrolment.provisioning.secret.key, START, 60, 7, "SHA512")
    assert portal.confirm_enrolment("alice", app.code()).outcome is Outcome.OK


def test_app_lists_accounts_and_replaces_same_label():
    portal, first, app = enrolling(SEED_PORTAL, AEGIS)
    old = app.code()
    second = portal.start_enrolment("alice")
    app.scan(second.uri)
    assert app.accounts() == ["Client Portal:alice"]
    assert app.code() == totp(second.provisioning.secret.key, START)
    assert app.code() != old


def test_app_without_accounts_says_so():
    app = AuthenticatorApp(DeviceClock(Portal.simulated().clock))
    with pytest.raises(AppError):
        app.code()
    with pytest.raises(AppError):
        app.code_at(START, "nobody")


def test_screen_counts_down_by_the_phone_clock():
    portal, enrolment, app = enrolling(SEED_PORTAL, AEGIS)
    portal.clock.advance(10)  # START is on a step boundary
    assert app.screen()[0].seconds_left == 20
    app.clock.set_offset(15)
    assert app.screen()[0].seconds_left == 5
