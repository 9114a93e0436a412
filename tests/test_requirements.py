"""One test per portal-flow requirement, each asserting through ``check`` so
the overview's traceability table can list it (see twofa_sim.traceability)."""

import pytest

from storage_check import storage_findings
from twofa_sim.hashing import verify_value
from twofa_sim import SEED_PORTAL, Browser, Outcome, Reason
from twofa_sim.checks import check
from twofa_sim.demo import Demo
from twofa_sim.provisioning import parse_uri
from twofa_sim.qr import decode_png
from twofa_sim.ui import LoginPage, PortalShell, TwoFactorPage

pytestmark = pytest.mark.requirement


def sign_in(demo, code, remember=False, browser=None):
    demo.clock.advance(30)
    return demo.portal.login(demo.login, demo.password, code, browser or demo.browser, remember)


def test_enr_1_two_factor_page_is_under_the_users_name():
    demo = Demo.create(seed=11)
    shell = PortalShell(demo.portal, demo.login, {"2-Factor Auth": lambda: TwoFactorPage(demo.portal, demo.login)})
    page = shell.go_to("2-Factor Auth")
    check("ENR-1", shell.menu.description == "Alice Example" and isinstance(page, TwoFactorPage), "menu → 2-Factor Auth")


def test_enr_2_switch_on_shows_a_qr_of_a_fresh_provisioning_uri():
    demo = Demo.create(seed=12)
    first = demo.portal.start_enrolment(demo.login)
    second = demo.portal.start_enrolment(demo.login)
    decoded = parse_uri(decode_png(second.qr_png()))
    check("ENR-2", decoded.issuer == "Client Portal" and decoded.account == demo.login, "issuer and account")
    check("ENR-2", decoded.secret != first.provisioning.secret, "a fresh secret each time")


def test_enr_3_the_app_shows_the_rfc_6238_code_and_users_differ():
    alice, bob = Demo.create(seed=13), Demo.create(seed=14)
    for demo in (alice, bob):
        demo.app.scan(demo.portal.start_enrolment(demo.login).qr_png())
    check("ENR-3", len(alice.app.code()) == 6 and alice.app.code() != bob.app.code(), "6 digits, different per user")


def test_enr_4_only_the_right_code_turns_2fa_on():
    demo = Demo.create(seed=15)
    demo.app.scan(demo.portal.start_enrolment(demo.login).qr_png())
    wrong = "000000" if demo.app.code() != "000000" else "111111"
    check("ENR-4", not demo.portal.confirm_enrolment(demo.login, wrong).ok, "a wrong code is refused")
    check("ENR-4", demo.portal.status(demo.login).two_factor == "enrolling", "and enrolment stays open")
    check("ENR-4", demo.portal.confirm_enrolment(demo.login, demo.app.code()).ok, "the right code turns it on")


def test_enr_5_backup_codes_are_shown_once_and_kept_hashed():
    demo = Demo.create(seed=16, enrolled=True)
    user = demo.portal.user(demo.login)
    check("ENR-5", len(demo.backup_codes) == SEED_PORTAL.backup_code_count, "a set of backup codes is shown")
    check("ENR-5", storage_findings(user, demo.backup_codes) == [], "only salted hashes of the codes are kept")


def test_log_1_and_log_2_password_then_code():
    demo = Demo.create(seed=17, enrolled=True)
    wrong = demo.portal.begin_login(demo.login, "not the password", demo.browser)
    check("LOG-1", wrong.outcome is Outcome.REFUSED, "a wrong password is refused")
    step = demo.portal.begin_login(demo.login, demo.password, demo.browser)
    check("LOG-2", step.outcome is Outcome.CODE_REQUIRED, "with 2FA on a code is asked for")
    check("LOG-2", demo.portal.submit_code(step.attempt, demo.app.code()).signed_in, "the app's code signs in")


def test_log_3_the_remember_box_is_offered_with_the_code():
    demo = Demo.create(seed=18, enrolled=True)
    page = LoginPage(demo.portal, demo.browser)
    page.login.value, page.password.value = demo.login, demo.password
    page.continue_button.click()
    check("LOG-3", page.remember.description == "Remember this device for 30 days", "the box is on the code step")


def test_log_4_wrong_used_and_expired_codes_are_refused():
    demo = Demo.create(seed=19, enrolled=True)
    code = demo.app.code()
    check("LOG-4", sign_in(demo, code).signed_in, "the code works once")
    used = demo.portal.login(demo.login, demo.password, code, demo.browser)
    wrong = demo.portal.login(demo.login, demo.password, "000000" if code != "000000" else "111111", demo.browser)
    check("LOG-4", used.reason in (Reason.REPLAYED, Reason.OLDER_STEP) and wrong.reason is Reason.WRONG_CODE, "refused")
    check("LOG-4", "already used" in used.message and "already used" not in wrong.message,
          "a used code says so; a wrong one does not")
    demo.app.clock.set_offset(-120)
    check("LOG-4", not sign_in(demo, demo.app.code()).signed_in, "an expired code is refused")


def test_bak_1_each_backup_code_works_once():
    demo = Demo.create(seed=20, enrolled=True)
    code = demo.backup_codes[0]
    check("BAK-1", sign_in(demo, code).signed_in, "a backup code stands in for the app")
    again = demo.portal.login(demo.login, demo.password, code, demo.browser)
    check("BAK-1", again.reason is Reason.ALREADY_USED and "already used" in again.message, "but only once, and says so")


def test_bak_2_count_and_regeneration_follow_the_policy():
    policy = SEED_PORTAL.replace(backup_code_count=12, backup_code_length=12, backup_code_group=4)
    demo = Demo.create(seed=21, enrolled=True, policy=policy)
    check("BAK-2", len(demo.backup_codes) == 12 and len(demo.backup_codes[0]) == 14, "count and format per policy")
    new = demo.portal.regenerate_backup_codes(demo.login, password=demo.password)
    check("BAK-2", new.ok and not sign_in(demo, demo.backup_codes[0]).signed_in, "regeneration revokes the old set")


def test_bak_2_regenerated_codes_are_kept_hashed():
    demo = Demo.create(seed=25, enrolled=True)
    new = demo.portal.regenerate_backup_codes(demo.login, password=demo.password).backup_codes
    user = demo.portal.user(demo.login)  # the engine's own record: a storage check, for tests only
    stored = user.backup.stored()
    raw = [code.replace("-", "") for code in new]
    kept_hashed = len(stored) == len(new) and all(
        verify_value(plain, digest) and plain not in digest for plain, digest in zip(raw, stored))
    check("BAK-2", kept_hashed, "a new set is kept only as salted hashes that verify it")
    check("BAK-2", not any(verify_value(old.replace("-", ""), digest) for old in demo.backup_codes for digest in stored),
          "no hash of the old set is kept")


def test_rem_1_a_remembered_browser_skips_the_code_for_30_days():
    demo = Demo.create(seed=22, enrolled=True)
    sign_in(demo, demo.app.code(), remember=True)
    demo.clock.advance(29 * 86_400)
    check("REM-1", sign_in(demo, None).reason is Reason.REMEMBERED_DEVICE, "no code within 30 days")
    demo.clock.advance(86_400)
    check("REM-1", sign_in(demo, None).outcome is Outcome.CODE_REQUIRED, "a code again after 30 days")


def test_rem_2_other_browsers_and_password_changes_are_asked():
    demo = Demo.create(seed=23, enrolled=True)
    sign_in(demo, demo.app.code(), remember=True)
    check("REM-2", sign_in(demo, None, browser=Browser("other")).outcome is Outcome.CODE_REQUIRED, "another browser")
    demo.portal.change_password(demo.login, demo.password, "new password")
    demo.password = "new password"
    check("REM-2", sign_in(demo, None).outcome is Outcome.CODE_REQUIRED, "after a password change")


def test_sms_requirements():
    demo = Demo.create(seed=24, enrolled=True)
    attempt = demo.portal.begin_login(demo.login, demo.password, demo.browser).attempt
    check("SMS-2", not demo.portal.sms_available(attempt), "no Send SMS Code without a cell phone")
    demo.portal.gateway.configure(loss_rate=0.0)
    saved = demo.portal.set_cell_phone(demo.login, "IT", "312 345 6789", code=demo.app.code())
    check("SMS-3", saved.outcome is Outcome.CODE_REQUIRED and demo.portal.status(demo.login).cell_phone == "",
          "a new number is not used before it is confirmed")
    check("SMS-2", not demo.portal.sms_available(demo.portal.begin_login(demo.login, demo.password,
                                                                          demo.browser).attempt),
          "no Send SMS Code to an unconfirmed number")
    demo.clock.set(demo.portal.gateway.next_delivery())
    confirmed = demo.portal.confirm_cell_phone(demo.login, demo.portal.gateway.inbox(demo.phone_number)[-1].code)
    check("SMS-3", confirmed.ok and demo.portal.status(demo.login).cell_phone == "+39 312 345 6789",
          "Team page saves it once the texted code is typed back")
    check("SMS-3", demo.portal.user(demo.login).cell_phone.e164 == "+393123456789", "stored in E.164")
    attempt = demo.portal.begin_login(demo.login, demo.password, demo.browser).attempt
    check("SMS-2", demo.portal.sms_available(attempt), "the button appears")
    demo.portal.send_sms_code(attempt)
    demo.clock.advance(120)
    text = demo.portal.gateway.inbox(demo.phone_number)[-1].body
    code = text.split("code: ")[1][:6]
    check("SMS-1", demo.portal.submit_code(attempt, code).factor == "sms", "the texted code signs in")
