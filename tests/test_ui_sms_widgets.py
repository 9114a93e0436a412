"""The SMS widgets driven as a person would: the login page's Send SMS Code
button, the Team page's Cell Phone form, the phone's inbox."""

from sms_support import alice_with_phone, code_in, lossless
from twofa_sim import Outcome
from twofa_sim.demo import Demo
from twofa_sim.ui import InboxPanel, LoginPage, TeamPage


def to_code_step(page: LoginPage, demo: Demo) -> None:
    page.login.value = demo.login
    page.password.value = demo.password
    page.continue_button.click()
    assert page.step == "code"


# ---------------------------------------------------------------- login page


def test_the_sms_button_shows_only_once_a_phone_is_saved():
    demo = Demo.create(71, enrolled=True)
    lossless(demo.portal)
    page = LoginPage(demo.portal, demo.browser)
    assert page.sms_button_shown is False  # password step: no code form at all
    to_code_step(page, demo)
    assert page.sms_button_shown is False
    saved = demo.portal.set_cell_phone(demo.login, "IT", "312 345 6789", code=demo.app.code())
    assert saved.outcome is Outcome.CODE_REQUIRED
    page.sign_out.click()  # "Start over"
    to_code_step(page, demo)
    assert page.sms_button_shown is False  # an unconfirmed number gets no sign-in codes
    demo.clock.set(demo.portal.gateway.next_delivery())
    assert demo.portal.confirm_cell_phone(demo.login, demo.portal.gateway.inbox("+393123456789")[-1].code).ok
    page.sign_out.click()
    to_code_step(page, demo)
    assert page.sms_button_shown is True


def test_pressing_send_sms_code_texts_a_code_that_signs_in():
    demo = alice_with_phone(72)
    page = LoginPage(demo.portal, demo.browser)
    inbox = InboxPanel(demo.portal.gateway, demo.phone_number)
    to_code_step(page, demo)
    page.send_sms.click()
    assert "We sent a code" in page.message
    demo.clock.set(demo.portal.gateway.next_delivery(demo.phone_number))
    page.code.value = code_in(inbox.texts[-1])
    page.log_in.click()
    assert page.step == "signed in" and page.signed_in_as == demo.login


# ----------------------------------------------------------------- team page


def test_typing_a_plus_number_moves_the_country_list():
    demo = Demo.create(73, enrolled=True)
    page = TeamPage(demo.portal, demo.login)
    page.edit.click()
    assert page.editing and page.country.value == "US"
    page.cell_phone.value = "+44 7400 123456"
    assert page.country.value == "GB"
    page.cell_phone.value = "+39 312 345 6789"
    assert page.country.value == "IT"


def test_saving_a_mobile_updates_the_row_once_confirmed():
    demo = Demo.create(74, enrolled=True)
    lossless(demo.portal)
    page = TeamPage(demo.portal, demo.login)
    assert page.row_text().endswith("no cell phone")
    page.edit.click()
    page.cell_phone.value = "+44 7400 123456"
    page.code.value = demo.app.code()
    page.save.click()
    assert "We texted a code to +44 7400 123456" in page.message
    assert page.row_text().endswith("no cell phone · unconfirmed +44 7400 123456")
    assert "+44 7400 123456" not in page.rows.value  # not in use yet
    assert not page.editing and page.confirming
    page.confirm_code.value = "000000"
    page.confirm.click()
    assert page.confirming and "didn't work" in page.message
    demo.clock.set(demo.portal.gateway.next_delivery())
    page.confirm_code.value = demo.portal.gateway.inbox("+447400123456")[-1].code
    page.confirm.click()
    assert "confirmed" in page.message and not page.confirming
    assert page.row_text().endswith("+44 7400 123456")
    assert "+44 7400 123456" in page.rows.value


def test_refusing_a_fixed_line_shows_why_and_leaves_the_row_unchanged():
    demo = alice_with_phone(75)
    page = TeamPage(demo.portal, demo.login)
    before = page.row_text()
    assert before.endswith("+39 312 345 6789")
    page.edit.click()
    assert page.country.value == "IT"  # the form opens on the saved number's country
    page.cell_phone.value = "02 1234 5678"
    page.code.value = demo.app.code()
    page.save.click()
    assert "fixed line" in page.message and "can't receive SMS" in page.message
    assert "fixed line" in page.message_box.value
    assert page.row_text() == before
    assert demo.portal.user(demo.login).cell_phone.e164 == "+393123456789"
    assert page.editing  # the form stays open to correct the number


def test_the_team_page_asks_for_a_code_while_2fa_is_on():
    demo = Demo.create(76, enrolled=True)
    page = TeamPage(demo.portal, demo.login)
    page.edit.click()
    page.country.value = "IT"
    page.cell_phone.value = "312 345 6789"
    page.save.click()  # no code typed
    assert "confirm it's you" in page.message
    assert page.row_text().endswith("no cell phone")


# --------------------------------------------------------------------- inbox


def test_a_text_shows_in_the_inbox_only_once_the_clock_passes_its_delivery_time():
    demo = alice_with_phone(77)
    gateway = demo.portal.gateway
    inbox = InboxPanel(gateway, demo.phone_number)
    assert len(inbox.texts) == 1 and "confirm this number" in inbox.texts[0]  # the Team page's confirmation
    page = LoginPage(demo.portal, demo.browser)
    to_code_step(page, demo)
    page.send_sms.click()
    arrives = gateway.next_delivery(demo.phone_number)
    assert arrives > demo.clock.now()
    assert len(inbox.texts) == 1
    demo.clock.set(arrives - 0.1)
    assert len(inbox.texts) == 1
    demo.clock.set(arrives)
    assert len(inbox.texts) == 2
    code = code_in(inbox.texts[-1])
    assert code in inbox.messages_box.value  # redrawn when the clock moved
