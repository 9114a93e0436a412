"""Inputs of the wrong type raise InputTypeError (a TwofaSimError) before
anything changes: no audit event, no throttle count, no used step."""

import pytest

from support import LOGIN, PASSWORD, enrol_with_app
from twofa_sim import Portal, Reauth
from twofa_sim.errors import InputTypeError, TwofaSimError
from twofa_sim.presets import SEED_PORTAL

START = 1_767_603_600


def snapshot(portal):
    status = portal.status(LOGIN)
    return len(portal.audit), status.consecutive_failures, status.backup_remaining, status.two_factor


@pytest.fixture
def user():
    user = enrol_with_app(Portal.simulated(seed=61, start=START, policy=SEED_PORTAL.replace(
        reauth=Reauth.PASSWORD_AND_SECOND_FACTOR)))
    user.clock.advance(30)
    return user


CALLS = {
    "login code int": lambda u: u.portal.login(LOGIN, PASSWORD, int(u.app.code()), u.browser),
    "login password int": lambda u: u.portal.login(LOGIN, 1234, u.app.code(), u.browser),
    "login login bytes": lambda u: u.portal.login(LOGIN.encode(), PASSWORD, u.app.code(), u.browser),
    "login browser str": lambda u: u.portal.login(LOGIN, PASSWORD, u.app.code(), "alice-laptop"),
    "login remember str": lambda u: u.portal.login(LOGIN, PASSWORD, u.app.code(), u.browser, "yes"),
    "begin_login browser None": lambda u: u.portal.begin_login(LOGIN, PASSWORD, None),
    "submit_code int": lambda u: u.portal.submit_code(u.attempt, int(u.app.code())),
    "submit_code remember str": lambda u: u.portal.submit_code(u.attempt, u.app.code(), "yes"),
    "submit_code attempt None": lambda u: u.portal.submit_code(None, u.app.code()),
    "confirm_enrolment int": lambda u: u.portal.confirm_enrolment(LOGIN, 123456),
    "disable code int": lambda u: u.portal.disable_two_factor(LOGIN, PASSWORD, int(u.app.code())),
    "disable password int": lambda u: u.portal.disable_two_factor(LOGIN, 1234, u.app.code()),
    "regenerate code int": lambda u: u.portal.regenerate_backup_codes(LOGIN, PASSWORD, int(u.app.code())),
    "regenerate password bytes": lambda u: u.portal.regenerate_backup_codes(LOGIN, PASSWORD.encode(), u.app.code()),
    "change_password old int": lambda u: u.portal.change_password(LOGIN, 1234, "new"),
    "change_password new None": lambda u: u.portal.change_password(LOGIN, PASSWORD, None),
    "revoke_device int": lambda u: u.portal.revoke_device(LOGIN, 1),
    "status int": lambda u: u.portal.status(42),
    "add_user name int": lambda u: u.portal.add_user("bob", "pw", 7),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_bad_types_raise_before_any_change(user, name):
    user.attempt = user.portal.begin_login(LOGIN, PASSWORD, user.browser).attempt  # an open code step
    before = snapshot(user.portal)
    with pytest.raises(InputTypeError) as info:
        CALLS[name](user)
    assert isinstance(info.value, TwofaSimError)
    assert snapshot(user.portal) == before
    # the app's code for this step was not used up, and the open attempt still works
    assert user.portal.submit_code(user.attempt, user.app.code()).signed_in


def test_portal_refuses_a_non_policy():
    with pytest.raises(InputTypeError):
        Portal.simulated(policy={"digits": 6})


def test_user_lookup_of_unknown_login():
    from twofa_sim.errors import UnknownUserError

    with pytest.raises(UnknownUserError):
        Portal.simulated().user("nobody")


def test_duplicate_user():
    from twofa_sim.errors import DuplicateUserError

    portal = Portal.simulated()
    portal.add_user("bob", "pw", "Bob")
    with pytest.raises(DuplicateUserError):
        portal.add_user(" BOB ", "pw2", "Bob again")
    assert portal.users() == ["bob"]
