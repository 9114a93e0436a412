"""Re-authentication before sensitive changes (turning 2FA off, regenerating
backup codes, changing the password), per Policy.disable_reauth and
Policy.reauth."""

import pytest

from support import LOGIN, PASSWORD, enrol_with_app
from twofa_sim import Outcome, Portal, Reason, Reauth
from twofa_sim.presets import SEED_PORTAL

START = 1_767_603_600


def enrolled(reauth=Reauth.PASSWORD, **changes):
    """Alice enrolled under a policy whose proof for both turning 2FA off and
    new backup codes is ``reauth``."""
    changes.setdefault("disable_reauth", reauth)
    user = enrol_with_app(Portal.simulated(seed=21, start=START, policy=SEED_PORTAL.replace(reauth=reauth, **changes)))
    user.clock.advance(30)  # a fresh step for the code
    return user


@pytest.mark.parametrize("action", ["disable_two_factor", "regenerate_backup_codes"])
def test_wrong_password_is_refused_and_counted(action):
    user = enrolled()
    result = getattr(user.portal, action)(LOGIN, password="wrong")
    assert (result.outcome, result.reason) == (Outcome.REFUSED, Reason.REAUTH_FAILED)
    assert result.backup_codes == () and result.deleted == ()
    status = user.portal.status(LOGIN)
    assert status.two_factor == "on" and status.backup_remaining == 10
    assert status.consecutive_failures == 1


@pytest.mark.parametrize("action", ["disable_two_factor", "regenerate_backup_codes"])
@pytest.mark.parametrize("password", [None, ""])
def test_missing_password_is_refused_without_counting(action, password):
    user = enrolled()
    result = getattr(user.portal, action)(LOGIN, password=password)
    assert (result.outcome, result.reason) == (Outcome.MALFORMED, Reason.REAUTH_FAILED)
    assert result.message == "Please confirm it's you: type your password again."
    status = user.portal.status(LOGIN)
    assert status.two_factor == "on" and status.consecutive_failures == 0


def test_right_password_regenerates():
    user = enrolled()
    result = user.portal.regenerate_backup_codes(LOGIN, password=PASSWORD)
    assert result.ok and len(result.backup_codes) == 10
    assert set(result.backup_codes).isdisjoint(user.backup_codes)


def test_second_factor_policy_requires_a_code():
    user = enrolled(Reauth.SECOND_FACTOR)
    portal = user.portal
    no_code = portal.disable_two_factor(LOGIN, password=PASSWORD)
    assert (no_code.outcome, no_code.reason) == (Outcome.MALFORMED, Reason.REAUTH_FAILED)
    wrong = portal.disable_two_factor(LOGIN, code=f"{(int(user.app.code()) + 1) % 10**6:06d}")
    assert (wrong.outcome, wrong.reason) == (Outcome.REFUSED, Reason.REAUTH_FAILED)
    assert portal.status(LOGIN).consecutive_failures == 1
    assert portal.status(LOGIN).two_factor == "on"
    assert portal.disable_two_factor(LOGIN, code=user.app.code()).ok
    assert portal.status(LOGIN).two_factor == "off"


def test_second_factor_accepts_a_backup_code_and_uses_it_up():
    user = enrolled(Reauth.SECOND_FACTOR)
    assert user.portal.regenerate_backup_codes(LOGIN, code=user.backup_codes[0]).ok
    # the old set is gone, so that code cannot be used again anyway
    refused = user.portal.regenerate_backup_codes(LOGIN, code=user.backup_codes[0])
    assert refused.outcome is Outcome.REFUSED


def test_reauth_code_is_a_used_step():
    user = enrolled(Reauth.SECOND_FACTOR)
    code = user.app.code()
    assert user.portal.regenerate_backup_codes(LOGIN, code=code).ok
    assert user.login_with(code).reason is Reason.REPLAYED


def test_password_and_second_factor_needs_both():
    user = enrolled(Reauth.PASSWORD_AND_SECOND_FACTOR)
    assert user.portal.disable_two_factor(LOGIN, password=PASSWORD).outcome is Outcome.MALFORMED
    assert user.portal.disable_two_factor(LOGIN, password="nope", code=user.app.code()).outcome is Outcome.REFUSED
    user.clock.advance(30)
    assert user.portal.disable_two_factor(LOGIN, password=PASSWORD, code=user.app.code()).ok


def test_reauth_none_needs_nothing():
    user = enrolled(Reauth.NONE)
    assert user.portal.disable_two_factor(LOGIN).ok


def test_reauth_refused_while_locked():
    user = enrolled(lockout_failures=2)
    user.portal.regenerate_backup_codes(LOGIN, password="x")
    user.portal.regenerate_backup_codes(LOGIN, password="y")
    locked = user.portal.disable_two_factor(LOGIN, password=PASSWORD)
    assert (locked.outcome, locked.reason) == (Outcome.LOCKED, Reason.LOCKED_OUT)
    assert user.portal.status(LOGIN).two_factor == "on"


def test_change_password_needs_the_old_one():
    user = enrolled()
    wrong = user.portal.change_password(LOGIN, "not it", "new secret words")
    assert wrong.outcome is Outcome.REFUSED
    assert user.portal.status(LOGIN).consecutive_failures == 1
    empty = user.portal.change_password(LOGIN, PASSWORD, "")
    assert (empty.outcome, empty.reason) == (Outcome.MALFORMED, Reason.BAD_FORMAT)
    assert user.portal.change_password(LOGIN, PASSWORD, "new secret words").ok
    assert user.portal.login(LOGIN, PASSWORD, None, user.browser).reason is Reason.WRONG_PASSWORD
    assert user.portal.login(LOGIN, "new secret words", None, user.browser).outcome is Outcome.CODE_REQUIRED


def test_by_default_turning_2fa_off_needs_the_password_and_a_code():
    """Field report: with the seed policy the password alone turned 2FA off,
    while changing the cell phone needed a code. Removing the second factor
    needs the second factor."""
    user = enrol_with_app(Portal.simulated(seed=21, start=START, policy=SEED_PORTAL))
    user.clock.advance(30)
    portal = user.portal
    alone = portal.disable_two_factor(LOGIN, password=PASSWORD)
    assert (alone.outcome, alone.reason) == (Outcome.MALFORMED, Reason.REAUTH_FAILED)
    assert alone.message == "Please confirm it's you: type your password and code again."
    assert portal.view(LOGIN).disable_proof.password and portal.view(LOGIN).disable_proof.code
    assert portal.view(LOGIN).phone_proof.code
    assert portal.disable_two_factor(LOGIN, password=PASSWORD, code=user.backup_codes[0]).ok


def test_by_default_new_backup_codes_need_only_the_password():
    user = enrol_with_app(Portal.simulated(seed=21, start=START, policy=SEED_PORTAL))
    assert not user.portal.view(LOGIN).regenerate_proof.code
    assert user.portal.regenerate_backup_codes(LOGIN, password=PASSWORD).ok


def test_a_used_code_at_reauthentication_says_so():
    """Found by a try-out: the code just used to sign in, typed again to turn
    2FA off, got only "type your password and code again"."""
    user = enrol_with_app(Portal.simulated(seed=22, start=START, policy=SEED_PORTAL))
    user.clock.advance(30)
    code = user.app.code()
    assert user.login_with(code).signed_in
    refused = user.portal.disable_two_factor(LOGIN, password=PASSWORD, code=code)
    assert refused.reason is Reason.REAUTH_FAILED and "already used" in refused.message


def test_the_policy_of_a_portal_cannot_be_assigned():
    from twofa_sim.errors import ReadOnlyError, TwofaSimError

    portal = Portal.simulated()
    with pytest.raises(ReadOnlyError) as info:
        portal.policy = SEED_PORTAL.replace(window_back=3)
    assert isinstance(info.value, TwofaSimError) and isinstance(info.value, AttributeError)
