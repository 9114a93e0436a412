"""Security notices a user would get by e-mail, recorded in the portal's outbox."""

from __future__ import annotations

import pytest

from sms_support import alice_with_phone, save_cell_phone
from support import LOGIN, PASSWORD, enrol_with_app
from twofa_sim import Browser, Portal
from twofa_sim.errors import InputTypeError
from twofa_sim.outbox import SUBJECTS, Notice
from twofa_sim.presets import SEED_PORTAL

START = 1_767_603_600


def test_each_change_to_sign_in_security_sends_a_notice():
    user = enrol_with_app(Portal.simulated(seed=3, start=START))
    portal = user.portal
    portal.clock.advance(30)
    assert user.login_with(user.app.code(), remember=True).signed_in
    portal.clock.advance(30)
    assert portal.regenerate_backup_codes(LOGIN, password=PASSWORD).ok
    assert portal.change_password(LOGIN, PASSWORD, "a new passphrase").ok
    portal.clock.advance(30)
    assert portal.disable_two_factor(LOGIN, password="a new passphrase", code=user.app.code()).ok
    assert portal.outbox.kinds(LOGIN) == ["2fa_on", "new_remembered_device", "backup_regenerated",
                                          "password_changed", "2fa_off"]


def test_a_reused_code_and_the_cap_are_told():
    policy = SEED_PORTAL.replace(code_failure_cap=2, lockout_failures=0)
    user = enrol_with_app(Portal.simulated(seed=4, start=START, policy=policy))
    code = user.app.code()  # the code that confirmed enrolment
    assert not user.login_with(code).signed_in
    assert user.portal.outbox.kinds(LOGIN)[-1] == "code_reused"
    user.login_with("000000" if code != "000000" else "111111")
    assert user.portal.outbox.kinds(LOGIN)[-1] == "codes_capped"


def test_low_backup_codes_and_a_new_phone_are_told():
    demo = alice_with_phone(seed=5)
    assert demo.portal.outbox.kinds(demo.login)[-1] == "phone_changed"
    for code in demo.backup_codes[: SEED_PORTAL.backup_code_count - SEED_PORTAL.backup_low_warning]:
        demo.clock.advance(30)
        demo.portal.login(demo.login, demo.password, code, Browser("library"))
    assert demo.portal.outbox.kinds(demo.login)[-1] == "backup_low"


def test_notices_hold_no_secret_and_unknown_kinds_are_refused():
    demo = alice_with_phone(seed=6)
    table = demo.portal.outbox.to_frame().to_string()
    assert all(code.replace("-", "") not in table.replace("-", "") for code in demo.backup_codes)
    assert "+393123456789" not in table  # the number is masked
    assert set(demo.portal.outbox.to_frame()["notice"]) <= set(SUBJECTS)
    with pytest.raises(InputTypeError):
        demo.portal.outbox.send(Notice(0.0, demo.login, "lottery win"))
