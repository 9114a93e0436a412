"""The screens for keyboard and screen-reader users (WCAG 2.2 AA): what each
field says it holds, Enter submits and leaving a field does not, the focus
follows the sign-in, messages are announced, the switch and the slider say
what they are; and the tidy-ups (one backup warning, headers on every
column, the backup section only for a signed-in user, live mode from a
button).

The browser side of the same is in tests/test_browser_a11y.py."""

import re

import pytest

from twofa_sim import SEED_PORTAL, Outcome
from twofa_sim.clock import RealClock
from twofa_sim.demo import Demo
from twofa_sim.errors import InputTypeError
from twofa_sim.policy import Exhaustion
from twofa_sim.qr import decode_png
from twofa_sim.ui import (BackupCodesPage, DevicesPage, LiveModeSwitch, LoginPage, MessageBox, PasswordPage,
                          PhonePanel, PngWithAlt, TeamPage, TwoFactorPage, UnderTheHood, backup_workbench)
from twofa_sim.ui.common import shown
from twofa_sim.ui.fields import Form, one_time_code, username
from twofa_sim.ui.heading import _ESM as HEADING_ESM
from twofa_sim.ui.live_message import _ESM as MESSAGE_ESM
from twofa_sim.ui.slider import _ESM as SLIDER_ESM
from twofa_sim.ui.switch import _ESM as SWITCH_ESM


def sent(widget):
    """The custom messages ``widget`` sends to the browser, recorded from now on."""
    messages = []
    original = widget.send
    widget.send = lambda content, buffers=None: (messages.append(content), original(content, buffers))
    return messages


def browser_says(form: Form, event: str, **values) -> None:
    """What the form's JavaScript sends: the values typed, on leaving a field
    ("values") or with the submit ("submit")."""
    form._handle_custom_msg({"event": event, "values": values}, [])


# ------------------------------------------------------------------ fields


def test_the_sign_in_form_says_what_each_field_holds():
    demo = Demo.create(seed=301, enrolled=True)
    page = LoginPage(demo.portal, demo.browser)
    login, password = page.sign_in_form.field("login"), page.sign_in_form.field("password")
    assert (login.kind, login.autocomplete, login.label) == ("text", "username", "Login")
    assert (password.kind, password.autocomplete, password.label) == ("password", "current-password", "Password")
    assert page.sign_in_form.form_label == f"Log in ({demo.browser.browser_id})"  # unique: two browsers side by side
    assert page.continue_button.description == "Log In"


def test_code_fields_ask_for_one_time_codes_and_digits_only_where_only_digits_work():
    demo = Demo.create(seed=302)
    two_factor = TwoFactorPage(demo.portal, demo.login)
    enrol = two_factor.enrol_form.field("code")
    assert (enrol.autocomplete, enrol.inputmode) == ("one-time-code", "numeric")  # an app code: digits only
    page = LoginPage(demo.portal, demo.browser)
    sign_in_code = page.code_form.field("code")
    assert sign_in_code.autocomplete == "one-time-code"
    assert sign_in_code.inputmode == ""  # it also takes backup codes, which have letters
    team = TeamPage(demo.portal, demo.login)
    assert team.confirm_form.field("code").inputmode == "numeric"  # the code texted to a new number
    assert team.save_form.field("cell_phone").autocomplete == "tel-national"
    password = PasswordPage(demo.portal, demo.login)
    assert [password.form.field(n).autocomplete for n in ("current", "new")] == ["current-password", "new-password"]


def test_the_code_field_has_a_short_label_and_a_whole_hint_instead_of_a_cut_off_placeholder():
    demo = Demo.create(seed=303, enrolled=True)
    page = LoginPage(demo.portal, demo.browser)
    page.type_password(demo.login, demo.password)
    code = page.code_form.field("code")
    assert code.placeholder == "" and code.label == "Authentication code"
    assert code.hint == "From your app or a backup code"  # no phone on file: no text message offered


def test_the_browser_side_draws_labels_hints_and_a_real_form():
    from twofa_sim.ui.fields import _ESM

    for needed in ('createElement("form")', 'createElement("label")', "label.htmlFor = id", '"aria-describedby"',
                   '"autocomplete"', '"inputmode"', 'button.type = "submit"', "preventDefault"):
        assert needed in _ESM, needed


def test_enter_submits_and_leaving_a_field_does_not():
    demo = Demo.create(seed=304, enrolled=True)
    page = LoginPage(demo.portal, demo.browser)
    browser_says(page.sign_in_form, "values", login=demo.login)  # typed the login, then Tab
    browser_says(page.sign_in_form, "values", login=demo.login, password=demo.password)  # typed, then Tab
    assert page.step == "password" and page.message == ""
    assert page.login.value == demo.login and page.password.value == demo.password
    browser_says(page.sign_in_form, "submit", login=demo.login, password=demo.password)  # Enter
    assert page.step == "code"
    browser_says(page.code_form, "values", code=demo.app.code(), remember=False)
    assert page.step == "code"
    browser_says(page.code_form, "submit", code=demo.app.code(), remember=True)
    assert page.step == "signed in" and demo.portal.view(demo.login).remembered_devices == 1


def test_the_enrolment_code_field_submits_on_enter():
    demo = Demo.create(seed=305)
    page = TwoFactorPage(demo.portal, demo.login)
    page.switch.value = True
    demo.app.scan(page.qr_png)
    browser_says(page.enrol_form, "submit", code=demo.app.code())
    assert page.state == "on", page.message


def test_what_the_browser_sends_for_fields_it_does_not_have_is_ignored():
    form = Form([username("login", "Login", "x")], "Go")
    browser_says(form, "values", login=12, other="x")
    assert form.values == {"login": ""}
    with pytest.raises(InputTypeError):
        form.input["login"].value = 12


def test_python_sets_values_and_presses_the_button():
    form = Form([one_time_code("code", "Code", "x")], "Go")
    pressed = []
    form.button.on_click(lambda button: pressed.append(form.input["code"].value))
    form.input["code"].value = "123456"
    form.button.click()
    assert pressed == ["123456"] and form.values == {"code": "123456"}


def test_the_focus_moves_to_the_code_field_after_the_password_step():
    demo = Demo.create(seed=306, enrolled=True)
    page = LoginPage(demo.portal, demo.browser)
    to_code, to_login = sent(page.code_form), sent(page.sign_in_form)
    page.login.value, page.password.value = demo.login, "wrong password"
    page.continue_button.click()
    assert page.step == "password" and to_code == [] and page.code_form.focus_requested is None
    page.password.value = demo.password
    page.continue_button.click()
    assert page.step == "code" and to_code == [{"focus": "code"}] and page.code_form.focus_requested == "code"
    page.sign_out.click()  # "Start over": the code form goes, the focus goes back to the login field
    assert page.step == "password" and to_login == [{"focus": "login"}]


def test_the_focus_follows_when_the_2fa_page_drops_what_had_it():
    demo = Demo.create(seed=317)
    page = TwoFactorPage(demo.portal, demo.login)
    to_saved, to_switch = sent(page.saved), sent(page.switch)
    page.switch.value = True
    demo.app.scan(page.qr_png)
    page.code.value = demo.app.code()
    page.update.click()
    assert page.state == "on" and to_saved == [{"do": "focus"}] and to_switch == []
    page.saved.click()
    assert to_switch == [{"do": "focus"}]


def test_a_remembered_browser_signs_in_without_moving_the_focus_to_a_code_field():
    demo = Demo.create(seed=307, enrolled=True)
    page = LoginPage(demo.portal, demo.browser)
    page.type_password(demo.login, demo.password)
    page.type_code(demo.app.code(), remember=True)
    page.sign_out.click()
    page.code_form.focus_requested = None
    before = page.title.focus_request
    page.type_password(demo.login, demo.password)
    assert page.step == "signed in" and page.code_form.focus_requested is None
    assert page.title.focus_request == before + 1  # the form is gone: the heading has the focus


def test_after_signing_in_the_focus_goes_to_the_heading_naming_who_is_signed_in():
    demo = Demo.create(seed=318, enrolled=True)
    page = LoginPage(demo.portal, demo.browser)
    to_saved = sent(page.saved)
    assert page.title.text == f"Client Portal login — browser {demo.browser.browser_id}"
    page.type_password(demo.login, demo.password)
    assert page.title.focus_request == 0  # the code step: the code field has it
    page.type_code("000000" if demo.app.code() != "000000" else "111111")
    assert page.step == "code" and page.title.focus_request == 0  # refused: the focus stays in the code field
    page.type_code(demo.app.code())
    assert page.step == "signed in" and page.title.focus_request == 1 and to_saved == []
    assert page.title.text == (f"Client Portal — signed in as {demo.portal.view(demo.login).name} "
                               f"(browser {demo.browser.browser_id})")
    assert page.message == "You are signed in." and not page.message_box.alert  # announced as a status
    page.sign_out.click()
    assert page.title.text.startswith("Client Portal login") and page.title.focus_request == 1


def test_new_backup_codes_at_sign_in_take_the_focus_and_saving_them_gives_it_to_the_heading():
    policy = SEED_PORTAL.replace(backup_exhausted=Exhaustion.REGENERATE, backup_code_count=1)
    demo = Demo.create(seed=319, policy=policy, enrolled=True)
    page = LoginPage(demo.portal, demo.browser)
    to_saved = sent(page.saved)
    page.type_password(demo.login, demo.password)
    page.type_code(demo.backup_codes[0])  # the last one: a new set is issued and shown once
    assert page.step == "signed in" and page.backup_codes and to_saved == [{"do": "focus"}]
    assert page.title.focus_request == 0
    page.saved.click()
    assert page.backup_codes == () and page.title.focus_request == 1


def test_the_focus_follows_when_a_section_drops_what_had_it():
    demo = Demo.create(seed=320, enrolled=True)
    codes = BackupCodesPage(demo.portal, demo.login)
    codes.password.value = demo.password
    codes.generate.click()
    assert codes.backup_codes and codes.title.focus_request == 0
    codes.saved.click()  # the codes and their button go
    assert codes.backup_codes == () and codes.title.focus_request == 1
    two_factor = TwoFactorPage(demo.portal, demo.login)
    assert two_factor.title.text == f"2-Factor Auth — {demo.portal.view(demo.login).name}"


def test_the_team_page_moves_the_focus_to_the_code_texted_then_back_to_its_heading():
    demo = Demo.create(seed=321, enrolled=True)
    demo.portal.gateway.configure(loss_rate=0.0)
    team = TeamPage(demo.portal, demo.login)
    to_confirm = sent(team.confirm_form)
    team.edit.click()
    team.cell_phone.value = "+44 7400 123456"
    team.code.value = demo.app.code()
    team.save.click()
    assert team.confirming and to_confirm == [{"focus": "code"}], team.message  # the edit form is gone
    team.confirm_code.value = "000000"
    team.confirm.click()
    assert team.confirming and team.title.focus_request == 0  # refused: the focus stays in the form
    demo.clock.set(demo.portal.gateway.next_delivery())
    team.confirm_code.value = demo.portal.gateway.inbox("+447400123456")[-1].code
    team.confirm.click()
    assert not team.confirming and team.title.focus_request == 1, team.message


# ---------------------------------------------------------------- messages


def test_refusals_are_alerts_and_the_rest_is_status():
    demo = Demo.create(seed=308, enrolled=True)
    page = LoginPage(demo.portal, demo.browser)
    page.type_password(demo.login, "wrong password")
    assert page.message_box.alert and page.message_box.kind == "error"
    page.type_password(demo.login, demo.password)
    assert not page.message_box.alert and page.message.startswith("Enter the authentication code")
    page.type_code("000000" if demo.app.code() != "000000" else "111111")
    assert page.message_box.alert and page.message.startswith("That code didn't work")


def test_a_message_said_twice_is_announced_twice():
    box = MessageBox()
    box.say("That code didn't work.", "error")
    first = box.said
    box.say("That code didn't work.", "error")
    assert box.said == first + 1


def test_the_message_regions_are_live_from_the_start():
    assert 'setAttribute("role", "status")' in MESSAGE_ESM and 'setAttribute("aria-live", "polite")' in MESSAGE_ESM
    assert 'setAttribute("role", "alert")' in MESSAGE_ESM
    assert MESSAGE_ESM.index("el.append(status, alert)") < MESSAGE_ESM.index('model.on("change:said"')


# ----------------------------------------------------- switch, slider, image


def test_the_heading_takes_the_focus_once_even_when_drawn_after_the_request():
    assert 'createElement("h3")' in HEADING_ESM and "heading.tabIndex = -1" in HEADING_ESM
    assert 'if (wanted <= model.get("focus_done")) return;' in HEADING_ESM  # answered once
    assert HEADING_ESM.index("update();\n  follow();") > HEADING_ESM.index('model.on("change:focus_request"')


def test_the_2fa_switch_is_a_switch_with_a_name_and_a_state():
    assert 'setAttribute("role", "switch")' in SWITCH_ESM and '"aria-checked"' in SWITCH_ESM
    assert '"aria-labelledby"' in SWITCH_ESM
    demo = Demo.create(seed=309)
    page = TwoFactorPage(demo.portal, demo.login)
    assert page.switch.label == "Two-factor authentication" and (page.switch.value, page.switch.description) == (
        False, "OFF")
    page.switch.value = True
    assert page.state == "enrolling" and page.switch.description == "ON"


def test_the_phone_clock_slider_has_a_name():
    assert "label.htmlFor = id" in SLIDER_ESM and '"aria-label"' in SLIDER_ESM and '"aria-valuetext"' in SLIDER_ESM
    demo = Demo.create(seed=310, enrolled=True)
    phone = PhonePanel(demo.app)
    assert phone.offset.description == "Phone clock offset" and phone.offset.unit == "s"
    phone.offset.value = 10_000  # kept within range, as ipywidgets' slider does
    assert phone.offset.value == 300 and demo.app.clock.offset == 300


def test_the_qr_code_has_a_text_alternative():
    demo = Demo.create(seed=311)
    page = TwoFactorPage(demo.portal, demo.login)
    page.switch.value = True
    alt = re.search(r"alt='([^']*)'", page.qr.value)
    assert alt and demo.login in alt.group(1) and "QR code" in alt.group(1)
    bundle = PngWithAlt(page.qr_png, "the QR code")._repr_mimebundle_()
    assert "alt='the QR code'" in bundle["text/html"] and bundle["image/png"]
    page.switch.value = False
    assert page.qr.value == ""  # the QR holds the secret: gone once enrolment is cancelled


# ------------------------------------------------------------------- tidy


def test_the_backup_warning_shows_once_on_the_2fa_page():
    demo = Demo.create(seed=312)
    page = TwoFactorPage(demo.portal, demo.login)
    page.switch.value = True
    demo.app.scan(page.qr_png)
    page.code.value = demo.app.code()
    page.update.click()
    assert len(page.backup_codes) == demo.portal.policy.backup_code_count
    shown_text = (page.message_box.value + page.codes_box.value).lower()
    assert shown_text.count("somewhere safe") == 1 and shown_text.count("shown again") == 1
    assert all(code in page.codes_box.value for code in page.backup_codes)


def headers_and_widths(table: str) -> tuple[list[str], list[int]]:
    headers = re.findall(r"<th\b[^>]*>(.*?)</th>", table)
    widths = [len(re.findall(r"<td", row)) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table) if "<td" in row]
    return headers, widths


def test_every_table_column_has_a_header_and_room_around_it():
    demo = Demo.create(seed=313, enrolled=True)
    demo.portal.login(demo.login, demo.password, demo.app.code(), demo.browser, remember=True)
    hood = UnderTheHood(demo.portal, demo.login, demo.app)
    devices = DevicesPage(demo.portal, demo.login)
    team = TeamPage(demo.portal, demo.login)
    window = hood.window_box.value
    for table, expected in ((window, ["Offset", "Time step", "Status"]), (hood.steps_box.value, ["Stage", "Value"]),
                            (devices.table.value, ["Device", "Browser", "Expires", "State", "Ended by"]),
                            (team.rows.value, ["Name", "Login", "Cell Phone"])):
        headers, widths = headers_and_widths(table)
        assert headers == expected and widths and set(widths) == {len(expected)}
        assert "padding:2px 12px" in table
    assert "outside window" in window


def test_the_backup_section_of_notebook_3_is_only_for_a_signed_in_user():
    demo = Demo.create(seed=314, enrolled=True)
    bench = backup_workbench(demo)
    page, codes = bench.login_page, bench.codes
    assert not shown(codes)  # signed out: no way to regenerate
    page.type_password(demo.login, demo.password)
    assert page.step == "code" and not shown(codes)  # still at the code step
    page.type_code(demo.backup_codes[0])
    assert page.step == "signed in" and shown(codes) and codes.count_text.startswith("9 of 10")
    codes.password.value = demo.password
    codes.generate.click()
    assert len(codes.backup_codes) == demo.portal.policy.backup_code_count
    page.sign_out.click()
    assert not shown(codes) and codes.backup_codes == ()  # new codes leave the screen with the user


def test_the_phone_of_notebook_3_is_broken():
    demo = Demo.create(seed=315, enrolled=True)
    phone = backup_workbench(demo).phone
    assert phone.broken and phone.code == "" and "broken" in phone.account_label.value
    assert not shown(phone.scan_button) and not shown(phone.offset)
    phone.scan()
    assert "broken" in phone.status_text


def test_live_mode_starts_from_a_button():
    switch = LiveModeSwitch()
    assert switch.bench is None and "Start live mode" == switch.start.description
    switch.start.click()
    bench = switch.bench
    assert bench is not None and bench in switch.children
    assert switch.start not in switch.children and bench.two_factor.title.focus_request == 1  # the focus follows
    assert isinstance(bench.two_factor._portal.clock, RealClock)
    bench.two_factor.switch.value = True
    assert decode_png(bench.two_factor.qr_png).startswith("otpauth://totp/")
    switch.start.click()
    assert switch.bench is bench  # pressed again: the same live portal


def test_a_regenerate_needs_the_form_submitted_not_just_typed():
    demo = Demo.create(seed=316, enrolled=True)
    codes = BackupCodesPage(demo.portal, demo.login)
    browser_says(codes.form, "values", password=demo.password)
    assert codes.backup_codes == ()
    browser_says(codes.form, "submit", password=demo.password)
    assert len(codes.backup_codes) == demo.portal.policy.backup_code_count
    assert demo.portal.audit[-1].outcome == Outcome.OK.value
