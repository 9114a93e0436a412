"""The tour's screen: the login page, the menu under Alice's name while she is
signed in (a fresh set of pages per sign-in), her phone and its inbox."""

import pytest
from test_views_only import widget_attributes

from twofa_sim.demo import PHONE_COUNTRY, PHONE_TYPED, Demo
from twofa_sim.errors import InputTypeError, SimulationError
from twofa_sim.ui import TourPage
from twofa_sim.ui.common import shown
from twofa_sim.user import User


def tour(seed: int = 91, enrolled: bool = False) -> tuple[Demo, TourPage]:
    demo = Demo.create(seed=seed, enrolled=enrolled)
    demo.portal.gateway.configure(loss_rate=0.0)
    return demo, TourPage(demo)


def sign_in(demo: Demo, page: TourPage, code: str | None = None) -> None:
    page.login_page.type_password(demo.login, demo.password)
    if code is not None:
        page.login_page.type_code(code)


def enrol(demo: Demo, page: TourPage) -> tuple[str, ...]:
    two_factor = page.go_to("2-Factor Auth")
    two_factor.switch.value = True
    page.phone.scan()
    two_factor.code.value = page.phone.code
    two_factor.update.click()
    return two_factor.backup_codes


def text_arrives(demo: Demo, page: TourPage) -> str:
    before = len(page.inbox.texts)
    for _ in range(20):
        if len(page.inbox.texts) > before:
            return page.inbox.codes[-1]
        demo.clock.advance(30)
    raise AssertionError("no text arrived in 10 minutes")


def test_the_menu_shows_only_while_signed_in():
    demo, page = tour()
    assert page.shell is None and page.two_factor is None and page.team is None and not page.signed_in
    assert "Sign in" in page.account.children[0].value
    with pytest.raises(SimulationError, match="sign in first"):
        page.go_to("Team")
    sign_in(demo, page)
    assert page.signed_in and page.account.children == (page.shell,)
    assert page.shell.menu.description == "Alice Example" and page.shell.menu.value == "Dashboard"
    page.login_page.sign_out.click()
    assert page.shell is None and "Sign in" in page.account.children[0].value


def test_the_phone_scans_only_the_qr_code_on_screen():
    demo, page = tour()
    sign_in(demo, page)
    two_factor = page.go_to("2-Factor Auth")
    two_factor.switch.value = True
    page.go_to("Dashboard")
    page.phone.scan()
    assert page.phone.code == "" and page.phone.status_text == "No QR code on the portal's screen to scan."
    page.go_to("2-Factor Auth")
    page.phone.scan()
    assert page.phone.status_text == "Account added: Client Portal:alice@example.com."


def test_signing_out_takes_the_backup_codes_off_the_screen():
    demo, page = tour()
    sign_in(demo, page)
    codes = enrol(demo, page)
    assert len(codes) == demo.portal.policy.backup_code_count and page.two_factor.backup_codes == codes
    shown_before = page.two_factor
    page.login_page.sign_out.click()  # without pressing "I have saved them"
    assert shown_before.comm is None and shown_before.codes_box.comm is None, "the page's widgets are not closed"
    demo.clock.advance(demo.portal.policy.period)
    sign_in(demo, page, page.phone.code)
    assert page.shell.menu.value == "Dashboard"
    again = page.go_to("2-Factor Auth")
    assert again.state == "on" and again.backup_codes == () and not any(c in again.codes_box.value for c in codes)


def test_a_sign_in_opens_fresh_pages_on_the_dashboard():
    demo, page = tour(enrolled=True)
    sign_in(demo, page, demo.app.code())
    first = page.go_to("Team")
    first.edit.click()
    first.cell_phone.value = "312 345"
    page.login_page.sign_out.click()
    demo.clock.advance(demo.portal.policy.period)
    sign_in(demo, page, demo.app.code())
    assert page.shell.menu.value == "Dashboard" and page.team is not first
    assert not page.team.editing and page.team.cell_phone.value == ""


def test_the_whole_article_on_one_screen():
    demo, page = tour()
    login = page.login_page
    sign_in(demo, page)
    codes = enrol(demo, page)
    page.two_factor.saved.click()
    login.sign_out.click()
    demo.clock.advance(30)
    sign_in(demo, page)
    assert login.step == "code" and not login.sms_button_shown
    login.type_code(page.phone.code, remember=True)
    login.sign_out.click()
    demo.clock.advance(86_400)
    sign_in(demo, page)
    assert login.step == "signed in" and "remembered" in login.message
    login.sign_out.click()
    demo.clock.advance(30 * 86_400)
    sign_in(demo, page, codes[0])
    assert login.step == "signed in" and demo.portal.audit[-1].factor == "backup"
    team = page.go_to("Team")
    team.edit.click()
    team.country.value, team.cell_phone.value = PHONE_COUNTRY, PHONE_TYPED
    demo.clock.advance(30)
    team.code.value = page.phone.code
    team.save.click()
    assert team.confirming
    team.confirm_code.value = text_arrives(demo, page)
    team.confirm.click()
    assert team.row_text().endswith("+39 312 345 6789")
    login.sign_out.click()
    demo.clock.advance(60)
    sign_in(demo, page)
    assert login.sms_button_shown and shown(login.send_sms)
    login.send_sms.click()
    login.type_code(text_arrives(demo, page))
    assert login.step == "signed in" and demo.portal.audit[-1].factor == "sms"
    assert not [obj for obj in widget_attributes(page) if isinstance(obj, User)]


def test_the_tour_tells_a_reader_without_a_kernel_how_to_use_it():
    text = repr(tour()[1])
    assert "python3 dev.py lab" in text and "python3 dev.py app" in text
    assert text.startswith("<TourPage:")


@pytest.mark.parametrize("demo", [None, "demo", 5])
def test_the_tour_needs_a_demo(demo):
    with pytest.raises(InputTypeError, match="demo must be a twofa_sim.demo.Demo"):
        TourPage(demo)


@pytest.mark.parametrize("entry, error", [("Nope", SimulationError), (None, InputTypeError), (2, InputTypeError)])
def test_the_menu_refuses_an_entry_it_does_not_hold_and_names_those_it_does(entry, error):
    demo, page = tour()
    sign_in(demo, page)
    page.go_to("Team")
    with pytest.raises(error, match="'Dashboard', '2-Factor Auth', 'Team'"):
        page.go_to(entry)
    assert page.shell.menu.value == "Team"
