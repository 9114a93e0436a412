"""The pages ask for exactly the proof the engine wants: the password and
code fields show when the view's proof says so, and what they send passes,
for every re-authentication setting with 2FA on and off."""

import pytest

from twofa_sim import SEED_PORTAL
from twofa_sim.demo import Demo
from twofa_sim.policy import Reauth
from twofa_sim.ui import BackupCodesPage, TeamPage, TwoFactorPage
from twofa_sim.ui.common import shown

SETTINGS = list(Reauth)


@pytest.mark.parametrize("two_factor_on", [True, False], ids=["2fa-on", "2fa-off"])
@pytest.mark.parametrize("reauth", SETTINGS, ids=[r.name for r in SETTINGS])
def test_the_team_page_asks_for_the_phone_proof_the_engine_wants(reauth, two_factor_on):
    demo = Demo.create(seed=91, enrolled=two_factor_on, policy=SEED_PORTAL.replace(phone_change_reauth=reauth))
    demo.portal.gateway.configure(loss_rate=0.0)
    page = TeamPage(demo.portal, demo.login)
    page.edit.click()
    proof = demo.portal.view(demo.login).phone_proof
    assert shown(page.password) == proof.password
    assert shown(page.code) == proof.code
    if reauth is Reauth.NONE:
        assert not proof.password and not proof.code  # nothing to type, whether 2FA is on or off
    if not two_factor_on:
        assert not proof.code and proof.password == (reauth is not Reauth.NONE)
    page.country.value, page.cell_phone.value = "IT", "312 345 6789"
    if shown(page.password):
        page.password.value = demo.password
    if shown(page.code):
        page.code.value = demo.app.code()
    page.save.click()
    assert page.confirming and page.row_text().endswith("unconfirmed +39 312 345 6789"), page.message
    demo.clock.set(demo.portal.gateway.next_delivery())
    page.confirm_code.value = demo.portal.gateway.inbox("+393123456789")[-1].code
    page.confirm.click()
    assert not page.confirming and page.row_text().endswith("+39 312 345 6789"), page.message


@pytest.mark.parametrize("reauth", SETTINGS, ids=[r.name for r in SETTINGS])
def test_the_2fa_page_asks_for_the_disable_proof_the_engine_wants(reauth):
    demo = Demo.create(seed=92, enrolled=True, policy=SEED_PORTAL.replace(reauth=reauth))
    page = TwoFactorPage(demo.portal, demo.login)
    page.switch.value = False
    proof = demo.portal.view(demo.login).disable_proof
    assert page.state == "confirm off"
    assert shown(page.password) == proof.password and shown(page.reauth_code) == proof.code
    if shown(page.password):
        page.password.value = demo.password
    if shown(page.reauth_code):
        page.reauth_code.value = demo.app.code()
    page.confirm_off.click()
    assert page.state == "off", page.message


@pytest.mark.parametrize("reauth", SETTINGS, ids=[r.name for r in SETTINGS])
def test_the_backup_codes_page_asks_for_the_regenerate_proof_the_engine_wants(reauth):
    demo = Demo.create(seed=93, enrolled=True, policy=SEED_PORTAL.replace(reauth=reauth))
    page = BackupCodesPage(demo.portal, demo.login)
    proof = demo.portal.view(demo.login).regenerate_proof
    assert shown(page.password) == proof.password and shown(page.code) == proof.code
    if shown(page.password):
        page.password.value = demo.password
    if shown(page.code):
        page.code.value = demo.app.code()
    page.generate.click()
    assert len(page.backup_codes) == demo.portal.policy.backup_code_count, page.message


def test_the_low_stock_warning_is_the_views():
    demo = Demo.create(seed=94, enrolled=True)
    page = BackupCodesPage(demo.portal, demo.login)
    low = demo.portal.policy.backup_low_warning
    for code in demo.backup_codes[: len(demo.backup_codes) - low]:
        demo.clock.advance(demo.portal.policy.period)
        assert demo.portal.login(demo.login, demo.password, code, demo.browser).signed_in
    page.refresh()
    warning = demo.portal.view(demo.login).backup_warning
    assert warning and page.low_stock and page.low_stock_text == warning and warning in page.low_warning.value


def test_the_remember_label_is_the_views():
    policy = SEED_PORTAL.replace(remember_device_seconds=7 * 86_400)
    demo = Demo.create(seed=95, enrolled=True, policy=policy)
    from twofa_sim.ui import LoginPage

    page = LoginPage(demo.portal, demo.browser)
    page.type_password(demo.login, demo.password)
    assert page.step == "code"
    assert page.remember.description == demo.portal.view(demo.login).remember_label == "Remember this device for 7 days"


def test_the_remember_box_is_hidden_when_remembering_is_off():
    from twofa_sim.browser import Browser
    from twofa_sim.ui.common import shown
    from twofa_sim.ui.login_page import LoginPage

    for lifetime, label in ((0, ""), (12 * 3600, "Remember this device for 12 hours")):
        demo = Demo.create(seed=71, enrolled=True, policy=SEED_PORTAL.replace(remember_device_seconds=lifetime))
        page = LoginPage(demo.portal, Browser("laptop"))
        page.type_password(demo.login, demo.password)
        assert shown(page.remember) == bool(label) and page.remember.description == label
