"""Remembered devices: the cookie stands in for a code on that browser, for
that user, until its lifetime ends or something ends it early."""

from support import LOGIN, PASSWORD, enrol_with_app, last_event
from twofa_sim import Browser, Outcome, Portal, Reason
from twofa_sim.browser import REMEMBER_COOKIE
from twofa_sim.otp import totp
from twofa_sim.presets import SEED_PORTAL

START = 1_767_603_600
LIFETIME = 30 * 86400


def remembered(policy=SEED_PORTAL, seed=41):
    """Alice signed in with her app on her laptop with "remember" ticked."""
    user = enrol_with_app(Portal.simulated(seed=seed, start=START, policy=policy))
    user.clock.advance(30)
    result = user.login_with(user.app.code(), remember=True)
    assert result.outcome is Outcome.OK
    assert user.browser.cookie(REMEMBER_COOKIE, LOGIN) is not None
    return user


def password_step(user, browser=None):
    return user.portal.begin_login(LOGIN, PASSWORD, browser or user.browser)


def test_remembered_browser_skips_the_code():
    user = remembered()
    user.clock.advance(86400)
    result = password_step(user)
    assert (result.outcome, result.reason, result.factor) == (Outcome.OK, Reason.REMEMBERED_DEVICE, "remembered")
    assert user.portal.status(LOGIN).remembered_devices == 1


def test_lifetime_ends_exactly():
    user = remembered()
    issued = user.clock.now()
    user.clock.set(issued + LIFETIME - 1)
    assert password_step(user).reason is Reason.REMEMBERED_DEVICE
    user.clock.set(issued + LIFETIME)
    expired = password_step(user)
    assert expired.outcome is Outcome.CODE_REQUIRED
    assert dict(last_event(user.portal).details)["device_token"] == Reason.TOKEN_EXPIRED.value
    assert user.portal.status(LOGIN).remembered_devices == 0


def test_other_browser_needs_a_code():
    user = remembered()
    assert password_step(user, Browser("alice-phone")).outcome is Outcome.CODE_REQUIRED


def test_token_copied_to_another_browser_is_refused():
    user = remembered()
    thief = Browser("mallory-pc")
    thief.set_cookie(REMEMBER_COOKIE, LOGIN, user.browser.cookie(REMEMBER_COOKIE, LOGIN))
    assert password_step(user, thief).outcome is Outcome.CODE_REQUIRED


def test_without_remember_no_cookie_is_set():
    user = enrol_with_app(Portal.simulated(seed=42, start=START))
    user.clock.advance(30)
    assert user.login_with(user.app.code()).signed_in
    assert user.browser.cookie(REMEMBER_COOKIE, LOGIN) is None
    assert user.portal.status(LOGIN).remembered_devices == 0


def test_password_is_still_required():
    user = remembered()
    result = user.portal.begin_login(LOGIN, "wrong", user.browser)
    assert (result.outcome, result.reason) == (Outcome.REFUSED, Reason.WRONG_PASSWORD)


def test_password_change_ends_it():
    user = remembered()
    assert user.portal.change_password(LOGIN, PASSWORD, "a new password").ok
    result = user.portal.begin_login(LOGIN, "a new password", user.browser)
    assert result.outcome is Outcome.CODE_REQUIRED
    assert dict(last_event(user.portal).details)["device_token"] == Reason.TOKEN_REVOKED.value


def test_password_change_keeps_it_when_policy_says_so():
    user = remembered(SEED_PORTAL.replace(forget_on_password_change=False))
    assert user.portal.change_password(LOGIN, PASSWORD, "a new password").ok
    assert user.portal.begin_login(LOGIN, "a new password", user.browser).reason is Reason.REMEMBERED_DEVICE


def test_turning_2fa_off_and_on_ends_it():
    user = remembered()
    off = user.portal.disable_two_factor(LOGIN, password=PASSWORD, code=user.backup_codes[0])
    assert "1 remembered device" in off.deleted
    enrolment = user.portal.start_enrolment(LOGIN)
    on = user.portal.confirm_enrolment(LOGIN, totp(enrolment.provisioning.secret.key, user.clock.now()))
    assert on.ok
    result = password_step(user)
    assert result.outcome is Outcome.CODE_REQUIRED
    assert dict(last_event(user.portal).details)["device_token"] == Reason.TOKEN_REVOKED.value


def test_backup_regeneration_ends_it():
    user = remembered()
    assert user.portal.regenerate_backup_codes(LOGIN, password=PASSWORD).ok
    assert password_step(user).outcome is Outcome.CODE_REQUIRED


def test_revoke_device():
    user = remembered()
    frame = user.portal.devices_frame(LOGIN)
    assert list(frame["state"]) == ["active"] and list(frame["browser"]) == [user.browser.browser_id]
    device_id = frame["device"][0]
    result = user.portal.revoke_device(LOGIN, device_id)
    assert result.ok
    assert password_step(user).outcome is Outcome.CODE_REQUIRED
    frame = user.portal.devices_frame(LOGIN)
    assert list(frame["state"]) == ["revoked"] and list(frame["ended_by"]) == ["revoked by user"]
    again = user.portal.revoke_device(LOGIN, device_id)
    assert (again.outcome, again.reason) == (Outcome.REFUSED, Reason.TOKEN_UNKNOWN)
    assert user.portal.revoke_device(LOGIN, "device-99").outcome is Outcome.REFUSED


def test_a_new_remember_issues_a_new_device():
    user = remembered()
    user.clock.advance(30)
    assert user.login_with(user.app.code(), browser=Browser("alice-desktop"), remember=True).signed_in
    assert user.portal.status(LOGIN).remembered_devices == 2
    assert list(user.portal.devices_frame(LOGIN)["device"]) == ["device-1", "device-2"]


# ------------------------------------------------------------- turned off


def test_a_lifetime_of_zero_turns_remembering_off():
    """Field report: remembering could not be turned off, and a one-hour
    lifetime read "Remember this device for 0 days"."""
    from twofa_sim.presets import KEYCLOAK
    from twofa_sim.views import remember_label

    off = SEED_PORTAL.replace(remember_device_seconds=0)
    user = enrol_with_app(Portal.simulated(seed=5, start=START, policy=off))
    user.clock.advance(30)
    assert user.login_with(user.app.code(), remember=True).signed_in
    assert user.browser.cookie(REMEMBER_COOKIE, LOGIN) is None  # no token was issued
    assert user.portal.devices_frame(LOGIN).empty
    assert password_step(user).outcome is Outcome.CODE_REQUIRED
    view = user.portal.view(LOGIN)
    assert (view.remember_label, view.remember_seconds) == ("", 0)
    assert KEYCLOAK.remember_device_seconds == 0 and remember_label(KEYCLOAK) == ""
    assert remember_label(SEED_PORTAL) == "Remember this device for 30 days"
    assert remember_label(SEED_PORTAL.replace(remember_device_seconds=12 * 3600)) == "Remember this device for 12 hours"
    assert remember_label(SEED_PORTAL.replace(remember_device_seconds=90)) == "Remember this device for 90 seconds"
