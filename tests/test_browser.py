"""A person's click-through in a real browser: Voila serves the enrolment and
login notebooks, headless Chromium (Debian's package, driven by Playwright)
turns 2FA on with the code read off the phone panel, then logs in.

Voila runs with the app's settings and template; no page asks another
host for anything (the shared browser context records and blocks such
requests, and a test fails on any). Screenshots go to tests/screenshots/
(ignored by git).
"""

from __future__ import annotations

import re

import pytest
from browser_support import SHOTS, assert_no_outside_requests, browser_context, voila

pytestmark = pytest.mark.browser


@pytest.fixture()
def browser_page(tmp_path):
    with browser_context(tmp_path / "profile") as context:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.errors = errors
        yield page
        assert_no_outside_requests(context)


def _text(page, css: str) -> str:
    return page.locator(css).first.inner_text().strip()


def _phone_code(page) -> str:
    digits = re.sub(r"\D", "", _text(page, ".twofa-phone-code"))
    assert len(digits) == 6, f"no 6-digit code on the phone panel: {digits!r}"
    return digits


def test_enrol_then_log_in_as_a_person_would(browser_page):
    page = browser_page
    with voila("01_enrolment.ipynb") as url:
        page.goto(url, timeout=120_000)
        page.locator(".twofa-menu select").first.wait_for(timeout=120_000)
        page.locator(".twofa-menu select").first.select_option("2-Factor Auth")
        page.locator(".twofa-switch button").first.click()
        page.locator(".twofa-qr img").first.wait_for(timeout=30_000)
        page.locator(".twofa-phone-scan").first.click()
        page.wait_for_function("document.querySelector('.twofa-phone-code').innerText.trim().length > 0")
        code = _phone_code(page)
        page.locator(".twofa-code input").first.fill(code)
        page.locator(".twofa-update").first.click()
        page.locator(".twofa-backup-codes li").first.wait_for(timeout=30_000)
        page.screenshot(path=str(SHOTS / "01-enrolled.png"), full_page=True)
        codes = page.locator(".twofa-backup-codes li").all_inner_texts()
        assert len(codes) == 10 and all(re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", c.strip()) for c in codes)
        assert "Two-factor authentication is on" in _text(page, ".twofa-message")

    with voila("02_login.ipynb") as url:
        page.goto(url, timeout=120_000)
        page.locator(".twofa-login input").first.wait_for(timeout=120_000)
        page.locator(".twofa-login input").first.fill("alice@example.com")
        page.locator(".twofa-password input").first.fill("correct horse battery staple")
        page.locator(".twofa-continue").first.click()
        page.locator(".twofa-login-code input").first.wait_for(state="visible", timeout=30_000)
        code = _phone_code(page)
        page.locator(".twofa-login-code input").first.fill(code)
        page.locator(".twofa-login-button").first.click()
        page.wait_for_function("document.querySelector('.twofa-login-message').innerText.includes('signed in')",
                               timeout=30_000)
        page.screenshot(path=str(SHOTS / "02-signed-in.png"), full_page=True)
        assert "You are signed in." in _text(page, ".twofa-login-message")
    assert not page.errors, page.errors
