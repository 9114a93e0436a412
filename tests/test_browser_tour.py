"""The app's start page and the tour, in a real browser, as a person clicks
through them: Voila serves the notebooks folder with the app's settings,
headless Chromium (Debian's package, driven by Playwright) opens the start
page (notebooks only, the tour first, no WCAG 2.2 A/AA violation found by
axe-core), follows its link and walks the whole
knowledge-base article on the tour page, reading every code off the phone's
screen or its SMS inbox: turn 2FA on, save the backup codes, sign out, sign in
with a code and "Remember this device", come back the next day, 30 days later
sign in with a backup code, add the cell phone on the Team page and confirm
it, sign in with a code sent by SMS. No page asks another host for anything.
"""

from __future__ import annotations

import re

import pytest
from browser_support import SHOTS, assert_no_outside_requests, browser_context, voila
from test_browser_a11y import WCAG_AA

pytestmark = pytest.mark.browser

LOGIN, PASSWORD = "alice@example.com", "correct horse battery staple"
WAIT = 30_000


@pytest.fixture()
def context(tmp_path):
    with browser_context(tmp_path / "profile") as context:
        yield context
        assert_no_outside_requests(context)


class Person:
    """A person at the tour page: what they click, type and read."""

    def __init__(self, page) -> None:
        self.page = page
        self.portal = page.locator(".twofa-portal").first

    def at(self, css: str):
        return self.portal.locator(css).first

    def text(self, css: str) -> str:
        return self.at(css).inner_text().strip()

    def says(self, css: str, words: str) -> None:
        """Wait until the element at ``css`` shows ``words``."""
        self.page.wait_for_function("([root, css, words]) => { const e = root.querySelector(css);"
                                    " return !!e && e.innerText.includes(words); }",
                                    arg=[self.portal.element_handle(), css, words], timeout=WAIT)

    def phone_code(self) -> str:
        self.page.wait_for_function("root => /\\d{3} \\d{3}/.test(root.querySelector('.twofa-phone-code').innerText)",
                                    arg=self.portal.element_handle(), timeout=WAIT)
        digits = re.sub(r"\D", "", self.text(".twofa-phone-code"))
        assert len(digits) == 6, f"no 6-digit code on the phone: {digits!r}"
        return digits

    def press_clock(self, css: str = ".twofa-clock-30s") -> None:
        """Press a clock button and wait until the portal's time moved."""
        before = self.text(".twofa-clock-time")
        self.at(css).click()
        self.page.wait_for_function("([root, before]) => root.querySelector('.twofa-clock-time').innerText.trim()"
                                    " !== before", arg=[self.portal.element_handle(), before], timeout=WAIT)

    def texts(self) -> list[str]:
        return [t.strip() for t in self.portal.locator(".twofa-inbox li").all_inner_texts()]

    def next_text_code(self) -> str:
        """Press +30 s until a new text arrives; the code it carries."""
        before = len(self.texts())
        for _ in range(20):
            if len(self.texts()) > before:
                return re.search(r"\b(\d{6})\b", self.texts()[-1]).group(1)
            self.press_clock()
        raise AssertionError("no text arrived within 10 simulated minutes")

    def log_in(self) -> None:
        self.at(".twofa-login input").fill(LOGIN)
        self.at(".twofa-password input").fill(PASSWORD)
        self.at(".twofa-continue").click()

    def type_code(self, code: str, remember: bool = False) -> None:
        self.at(".twofa-login-code input").fill(code)
        if remember:
            self.at(".twofa-remember input").check()
        self.at(".twofa-login-button").click()

    def sign_out(self) -> None:
        self.at(".twofa-sign-out").click()
        self.at(".twofa-login input").wait_for(state="visible", timeout=WAIT)
        assert self.portal.locator(".twofa-menu").count() == 0, "the menu under Alice's name stays after signing out"

    def menu(self, entry: str) -> None:
        self.at(".twofa-menu select").select_option(entry)


def test_the_start_page_leads_to_the_tour_which_walks_the_whole_article(context):
    from axe_playwright_python.sync_playwright import Axe

    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    with voila("") as url:
        page.goto(url, timeout=120_000)
        entries = [e.strip() for e in page.locator("main a").all_inner_texts()]
        assert entries[0] == "The tour", entries
        assert not any(e.rstrip("/") == "src" for e in entries), f"the start page lists notebooks/src: {entries}"
        assert "01_enrolment.ipynb" in entries and all(e.endswith(".ipynb") for e in entries[1:]), entries
        found = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}}).response["violations"]
        assert not found, [f"{v['id']} ({v['impact']}): {v['help']}" for v in found]
        page.locator(".twofa-tour-link").click()
        page.wait_for_url("**/voila/render/00_tour.ipynb", timeout=WAIT)
        person = Person(page)
        person.at(".twofa-login input").wait_for(timeout=120_000)

        # Log in (2FA off), open 2-Factor Auth from the menu, switch ON, scan, Update.
        person.log_in()
        person.says(".twofa-login-message", "You are signed in.")
        person.menu("2-Factor Auth")
        person.at(".twofa-switch button").click()
        person.at(".twofa-qr img").wait_for(timeout=WAIT)
        person.at(".twofa-phone-scan").click()
        person.at(".twofa-code input").fill(person.phone_code())
        person.at(".twofa-update").click()
        person.at(".twofa-backup-codes li").wait_for(timeout=WAIT)
        codes = [c.strip() for c in person.portal.locator(".twofa-backup-codes li").all_inner_texts()]
        assert len(codes) == 10 and all(re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", c) for c in codes), codes
        person.at(".twofa-saved").click()
        person.says(".twofa-message", "Two-factor authentication is on.")
        page.screenshot(path=str(SHOTS / "tour-1-enrolled.png"), full_page=True)

        # Sign out; sign in with the password and a fresh code, ticking Remember this device.
        person.sign_out()
        person.log_in()
        person.at(".twofa-login-code input").wait_for(state="visible", timeout=WAIT)
        person.press_clock()  # the code typed at Update works once
        person.type_code(person.phone_code(), remember=True)
        person.says(".twofa-login-message", "You are signed in.")

        # The next day: remembered. Thirty days later: asked again, and a backup code works.
        person.sign_out()
        person.press_clock(".twofa-clock-1d")
        person.log_in()
        person.says(".twofa-login-message", "This device is remembered, so no code was needed.")
        person.sign_out()
        person.press_clock(".twofa-clock-30d")
        person.log_in()
        person.at(".twofa-login-code input").wait_for(state="visible", timeout=WAIT)
        assert not person.at(".twofa-send-sms").is_visible(), "Send SMS Code without a cell phone on file"
        person.type_code(codes[0])
        person.says(".twofa-login-message", "You have 9 backup codes left.")

        # Team: the country from the list, the number, a code from the app; confirm with the texted code.
        person.menu("Team")
        person.at(".twofa-team-edit").click()
        person.at(".twofa-team-country select").select_option(label="Italy (+39)")
        person.at(".twofa-team-cell input").fill("312 345 6789")
        person.press_clock()
        person.at(".twofa-team-code input").fill(person.phone_code())
        person.at(".twofa-team-save").click()
        person.says(".twofa-team-message", "We texted a code to +39 312 345 6789")
        person.at(".twofa-team-confirm-code input").fill(person.next_text_code())
        person.at(".twofa-team-confirm").click()
        person.says(".twofa-team-message", "Cell phone confirmed: +39 312 345 6789.")
        page.screenshot(path=str(SHOTS / "tour-2-phone-confirmed.png"), full_page=True)

        # Sign out; sign in with a code sent by SMS.
        person.sign_out()
        person.log_in()
        person.at(".twofa-send-sms").wait_for(state="visible", timeout=WAIT)
        person.at(".twofa-send-sms").click()
        person.says(".twofa-login-message", "We sent a code to +39")
        person.type_code(person.next_text_code())
        person.says(".twofa-login-message", "You are signed in.")
        page.screenshot(path=str(SHOTS / "tour-3-signed-in-by-sms.png"), full_page=True)

        # The network guard can fail: a request to another host is caught (and blocked).
        page.evaluate("document.head.insertAdjacentHTML('beforeend',"
                      " '<link rel=stylesheet href=\"https://cdn.example.org/probe.css\">')")
        page.wait_for_timeout(500)
        with pytest.raises(AssertionError, match="cdn.example.org/probe.css"):
            assert_no_outside_requests(context)
    assert not errors, errors
