"""Consecutive second-factor failures are capped across lockouts
(NIST SP 800-63B §5.2.2, rev 3: no more than 100 on one account)."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from support import PASSWORD, enrol_known_secret
from twofa_sim import Browser, Outcome, Portal, Reason
from twofa_sim.attacks import online_guessing
from twofa_sim.factors.backup import BackupCodes
from twofa_sim.factors.totp import TotpDevice
from twofa_sim.presets import AUTHELIA, DJANGO_OTP, KEYCLOAK, PYOTP_BARE, SEED_PORTAL

WRONG_APP, WRONG_BACKUP = "000000", "AAAAA-AAAAA"


def guess(user, code):
    portal = user.portal
    while True:
        first = portal.begin_login(user.login, PASSWORD, Browser("mallory"))
        if first.outcome is Outcome.LOCKED:
            portal.clock.advance(first.wait_seconds)
            continue
        result = portal.submit_code(first.attempt, code)
        if result.outcome is Outcome.LOCKED and result.wait_seconds:
            portal.clock.advance(result.wait_seconds)
            continue
        return result


def test_waiting_out_every_lock_gives_no_more_than_the_cap():
    user = enrol_known_secret(Portal.simulated(policy=SEED_PORTAL))
    results = [guess(user, WRONG_APP) for _ in range(SEED_PORTAL.code_failure_cap + 5)]
    refused = [r for r in results if r.outcome is Outcome.REFUSED]
    assert len(refused) == SEED_PORTAL.code_failure_cap == 100
    assert "backup code" in refused[-1].message  # the person is told at the cap
    capped = results[-1]
    assert (capped.outcome, capped.reason) == (Outcome.LOCKED, Reason.CODES_CAPPED)
    right = guess(user, user.code_at(user.clock.now()))
    assert right.reason is Reason.CODES_CAPPED  # even the right app code is not checked
    status = user.portal.status(user.login)
    assert status.code_failures == 100 and status.backup_failures == 0
    assert user.portal.audit[-1].reason == Reason.CODES_CAPPED.value


def test_a_backup_code_restores_the_code_step():
    user = enrol_known_secret(Portal.simulated(policy=SEED_PORTAL.replace(code_failure_cap=3, lockout_failures=0)))
    for _ in range(3):
        guess(user, WRONG_APP)
    assert guess(user, user.backup_codes[0]).signed_in
    assert user.portal.status(user.login).code_failures == 0
    user.clock.advance(30)
    assert guess(user, user.code_at(user.clock.now())).signed_in


def test_backup_failures_are_capped_apart_and_support_restores_everything():
    policy = SEED_PORTAL.replace(code_failure_cap=2, lockout_failures=0)
    user = enrol_known_secret(Portal.simulated(policy=policy))
    for _ in range(2):
        guess(user, WRONG_BACKUP)
    assert guess(user, user.backup_codes[0]).reason is Reason.CODES_CAPPED
    user.clock.advance(30)
    assert guess(user, user.code_at(user.clock.now())).signed_in  # the app still works: counted apart
    for code in (WRONG_APP, WRONG_APP, WRONG_BACKUP, WRONG_BACKUP):
        guess(user, code)
    assert user.portal.view(user.login).codes_capped == {"totp", "sms", "backup"}
    assert "support" in guess(user, WRONG_APP).message
    assert user.portal.support_reset(user.login, "Sam", True, "T-1").ok
    assert user.portal.view(user.login).codes_capped == frozenset()


def test_wrong_passwords_do_not_count_toward_the_cap():
    user = enrol_known_secret(Portal.simulated(policy=SEED_PORTAL.replace(code_failure_cap=2, lockout_failures=0)))
    for _ in range(5):
        assert user.portal.begin_login(user.login, "wrong", Browser("x")).reason is Reason.WRONG_PASSWORD
    assert user.portal.status(user.login).code_failures == 0


def test_presets_of_real_systems_have_no_cap_and_the_seed_portal_cites_one():
    assert SEED_PORTAL.code_failure_cap == 100
    assert all(p.code_failure_cap == 0 for p in (DJANGO_OTP, KEYCLOAK, AUTHELIA, PYOTP_BARE))
    assert online_guessing(SEED_PORTAL, hours=24)["guesses"] == 100


@settings(deadline=None)
@given(guesses=st.lists(st.sampled_from(["app", "backup", "wait", "password"]), max_size=40),
       cap=st.integers(min_value=1, max_value=6), lockout=st.integers(min_value=0, max_value=4))
def test_no_more_than_the_cap_of_each_kind_is_ever_checked(guesses, cap, lockout, ):
    checked = {"totp": 0, "backup": 0}
    policy = SEED_PORTAL.replace(code_failure_cap=cap, lockout_failures=lockout, lockout_seconds=60)
    user = enrol_known_secret(Portal.simulated(policy=policy))
    original_totp, original_backup = TotpDevice.verify, BackupCodes.verify

    def count_totp(self, typed, context):
        checked["totp"] += 1
        return original_totp(self, typed, context)

    def count_backup(self, typed, context):
        checked["backup"] += 1
        return original_backup(self, typed, context)

    TotpDevice.verify, BackupCodes.verify = count_totp, count_backup
    try:
        for kind in guesses:
            if kind == "wait":
                user.clock.advance(3600)
            elif kind == "password":
                user.portal.begin_login(user.login, "wrong", Browser("m"))
            else:
                guess(user, WRONG_APP if kind == "app" else WRONG_BACKUP)
    finally:
        TotpDevice.verify, BackupCodes.verify = original_totp, original_backup
    assert checked["totp"] <= cap and checked["backup"] <= cap
