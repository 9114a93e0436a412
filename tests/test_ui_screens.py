"""The portal's screens: what they show for a user's state, and engine
refusals shown as messages instead of exceptions inside a click."""

from twofa_sim.demo import Demo
from twofa_sim.ui import BackupCodesPage, PortalShell, TwoFactorPage, UnderTheHood, remember_workbench


def test_the_2fa_page_of_an_enrolled_user_shows_on():
    demo = Demo.create(seed=61, enrolled=True)
    page = TwoFactorPage(demo.portal, demo.login)
    assert page.state == "on" and page.switch.description == "ON"
    assert not any(page.visible().values())


def test_a_refusal_inside_a_click_becomes_the_pages_message():
    demo = Demo.create(seed=62, enrolled=True)
    codes = BackupCodesPage(demo.portal, demo.login)
    assert demo.portal.disable_two_factor(demo.login, password=demo.password, code=demo.backup_codes[0]).ok
    codes.password.value = demo.password
    codes.generate.click()
    assert codes.message == "two-factor authentication is not on"


def test_a_page_opened_again_from_the_menu_shows_what_changed_meanwhile():
    demo = Demo.create(seed=63, enrolled=True)
    shell = PortalShell(demo.portal, demo.login, {"Backup codes": lambda: BackupCodesPage(demo.portal, demo.login)})
    page = shell.go_to("Backup codes")
    assert page.count_text == "10 of 10 backup codes left"
    shell.go_to("Dashboard")
    demo.portal.login(demo.login, demo.password, demo.backup_codes[0], demo.browser)
    assert shell.go_to("Backup codes").count_text == "9 of 10 backup codes left"


def test_picking_dashboard_from_the_menu_takes_the_page_off_the_screen():
    demo = Demo.create(seed=68)
    shell = PortalShell(demo.portal, demo.login, {"2-Factor Auth": lambda: TwoFactorPage(demo.portal, demo.login)})
    page = shell.go_to("2-Factor Auth")
    assert shell.content.children == (page,)
    assert shell.go_to("Dashboard") is None and shell.content.children == (shell.dashboard,)
    assert shell.go_to("2-Factor Auth") is page and shell.content.children == (page,)


def test_remember_workbench_keeps_the_counts_in_step_with_logins():
    demo = Demo.create(seed=64, enrolled=True)
    bench = remember_workbench(demo)
    laptop, codes = bench.laptop, bench.settings.go_to("Backup codes")
    assert codes is bench.codes
    laptop.type_password(demo.login, demo.password)
    laptop.type_code(demo.backup_codes[0])
    assert laptop.step == "signed in" and codes.count_text == "9 of 10 backup codes left"


def test_under_the_hood_says_no_step_is_open_while_locked():
    demo = Demo.create(seed=65, enrolled=True)
    for _ in range(demo.portal.policy.lockout_failures):
        demo.portal.begin_login(demo.login, "wrong", demo.browser)
    hood = UnderTheHood(demo.portal, demo.login, demo.app)
    view = demo.portal.view(demo.login)
    assert view.locked and view.lock_text.startswith("locked out for")
    assert hood.accepted_offsets == [] and {row["why"] for row in hood.acceptance} == {f"account {view.lock_text}"}


def test_under_the_hood_derives_the_code_on_the_phone():
    demo = Demo.create(seed=67, enrolled=True)
    hood = UnderTheHood(demo.portal, demo.login, demo.app)
    assert hood.derivation.code == demo.app.code() and hood.phone_offset_steps == 0
    assert [r["offset"] for r in hood.acceptance] == [r["offset"] for r in demo.portal.acceptance(demo.login)]


def test_the_workbench_tells_a_reader_without_a_kernel_how_to_use_it():
    text = repr(remember_workbench(Demo.create(seed=66, enrolled=True)))
    assert "python3 dev.py lab" in text and "python3 dev.py app" in text


def test_a_2fa_page_opened_again_while_enrolling_shows_the_pending_qr():
    """Field report: a new TwoFactorPage during a pending enrolment showed
    "Scan this QR code" over a 0-byte image."""
    from twofa_sim.qr import decode_png

    demo = Demo.create(seed=64)
    first = TwoFactorPage(demo.portal, demo.login)
    first.switch.value = True
    shown_first = first.qr_png
    again = TwoFactorPage(demo.portal, demo.login)
    assert again.state == "enrolling" and again.visible()["qr"]
    assert again.qr_png and decode_png(again.qr_png) == decode_png(shown_first)
    demo.app.scan(again.qr_png)
    again.code.value = demo.app.code()
    again.update.click()
    assert again.state == "on" and len(again.backup_codes) == demo.portal.policy.backup_code_count


def test_a_stale_2fa_page_redraws_when_enrolment_finished_elsewhere():
    """Found by a try-out: a second page still showed the QR (which holds the
    secret) after enrolment was confirmed on the first."""
    demo = Demo.create(seed=65)
    first = TwoFactorPage(demo.portal, demo.login)
    first.switch.value = True
    stale = TwoFactorPage(demo.portal, demo.login)
    demo.app.scan(first.qr_png)
    first.code.value = demo.app.code()
    first.update.click()
    assert first.state == "on"
    stale.code.value = "123456"
    stale.update.click()
    assert stale.qr_png is None and stale.state == "on" and "out of date" in stale.message
