"""The app for keyboard and screen-reader users, in a real browser: Voila
serves every notebook, headless Chromium (Debian's package, driven by
Playwright) runs them.

* axe-core (axe-playwright-python, which bundles it) checks every app page
  (each notebook in notebooks/) against WCAG 2.2 A and AA, the whole page:
  the portal's widgets, the notebook's text, tables, images and outputs and
  the app's template. A serious or critical violation anywhere fails the
  test; a minor or moderate one is listed by rule as a warning. Each page
  is checked twice: in a wide window, then in a narrow one (a person with
  the app in half a screen), the same page made narrower.
* A keyboard-only run turns 2FA on and signs in with Tab, typing, Space,
  the arrow keys and Enter alone (reading the phone's screen, as a person
  does); the focus never drops to the page's body when a screen changes.
* A table wider than the page scrolls from the keyboard.

One Voila server serves every notebook; screenshots go to tests/screenshots/.
"""

from __future__ import annotations

import json
import re
import warnings

import pytest
from browser_support import ROOT, SHOTS, assert_no_outside_requests, browser_context, voila

pytestmark = pytest.mark.browser

ROOT_SELECTOR = ".twofa-portal"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FAILING_IMPACTS = {"serious", "critical"}
#: The wide window is browser_support's; the narrow one is half a screen.
NARROW = {"width": 640, "height": 900}
#: Every app page: each notebook the start page lists.
NOTEBOOKS = sorted(path.stem for path in (ROOT / "notebooks").glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def has_widgets(name: str) -> bool:
    """True when the notebook shows widgets (the portal's, or a panel)."""
    cells = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]
    return any(WIDGET_VIEW in output.get("data", {}) for cell in cells for output in cell.get("outputs", []))


@pytest.fixture(scope="module")
def app_url():
    SHOTS.mkdir(exist_ok=True)
    with voila("") as url:
        yield url


@pytest.fixture(scope="module")
def context(tmp_path_factory):
    with browser_context(tmp_path_factory.mktemp("profile")) as context:
        yield context


@pytest.fixture()
def app(context, app_url):
    """Open a notebook as an app page: ``app("02_login")`` returns the page
    once it is rendered and, for a notebook with widgets, the portal drawn."""
    pages = []

    def open_notebook(name: str):
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        pages.append(page)
        page.goto(f"{app_url}voila/render/{name}.ipynb", timeout=120_000)
        if has_widgets(name):
            page.locator(f"{ROOT_SELECTOR} .twofa-screen, {ROOT_SELECTOR}.twofa-screen").first.wait_for(
                timeout=120_000)
        page.wait_for_function("!document.querySelector('.voila-spinner, #loading')"
                               " || getComputedStyle(document.querySelector('.voila-spinner, #loading')).display == 'none'",
                               timeout=120_000)
        page.locator(".jp-OutputArea-output").first.wait_for(timeout=120_000)
        return page

    yield open_notebook
    for page in pages:
        assert not page.errors, page.errors
        page.close()
    assert_no_outside_requests(context)


# ------------------------------------------------------------------- axe


def axe_check(page, name: str) -> dict[str, int]:
    """Run axe on the whole of ``page``: fail on a serious or critical WCAG
    2.2 A/AA violation anywhere; warn, by rule, about minor and moderate ones.
    Returns the counts of nodes by rule."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]}
    violations = Axe().run(page, options=options).response["violations"]
    by_rule = {v["id"]: len(v["nodes"]) for v in violations}
    failing = [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
               for v in violations if v["impact"] in FAILING_IMPACTS]
    assert not failing, f"axe, {name}:\n" + "\n".join(failing)
    if by_rule:
        warnings.warn(f"axe, {name} (minor or moderate): " + ", ".join(
            f"{v['id']} ({v['impact']}, {len(v['nodes'])})" for v in violations), stacklevel=2)
    return by_rule


def narrow(page) -> None:
    """Make ``page``'s window :data:`NARROW` and wait until it is laid out again."""
    page.set_viewport_size(NARROW)
    page.wait_for_function(f"document.documentElement.clientWidth <= {NARROW['width']}", timeout=10_000)
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_axe_finds_no_serious_violation_on_the_page(app, name):
    page = app(name)
    axe_check(page, name)
    page.screenshot(path=str(SHOTS / f"a11y-{name}.png"), full_page=True)
    narrow(page)
    axe_check(page, f"{name}, {NARROW['width']} px wide")


def test_a_wide_table_scrolls_from_the_keyboard(app):
    page = app("01_enrolment")
    marked = page.evaluate("""() => {
        const wide = [...document.querySelectorAll('.twofa-table-region')]
            .find(r => r.scrollWidth > r.clientWidth && r.closest('.jp-OutputArea-output'));
        if (wide) wide.id = 'twofa-wide-table';
        return !!wide;
    }""")
    assert marked, "no table wider than its region on 01_enrolment: make the window narrower for this test"
    assert page.evaluate("document.getElementById('twofa-wide-table').getAttribute('aria-label')").startswith("Table,")
    tab_to(page, "#twofa-wide-table", limit=200)
    assert ring(page)[0] not in ("none", ""), "no visible focus ring on a table region"
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("document.getElementById('twofa-wide-table').scrollLeft > 0", timeout=5_000)


# ------------------------------------------------------------- keyboard


def focused(page) -> str:
    """The focused element's outer HTML, shortened (for messages)."""
    return page.evaluate("document.activeElement ? document.activeElement.outerHTML.slice(0, 200) : 'none'")


def tab_to(page, selector: str, backwards: bool = False, limit: int = 80) -> None:
    """Press Tab (or Shift+Tab) until the element matching ``selector`` has the focus."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{limit} presses of {key} never reached {selector}; focus is on {focused(page)}")


def phone_code(page) -> str:
    digits = re.sub(r"\D", "", page.locator(".twofa-phone-code").first.inner_text())
    assert len(digits) == 6, f"no 6-digit code on the phone: {digits!r}"
    return digits


def ring(page) -> tuple[str, str]:
    """The focused element's outline style and width."""
    return tuple(page.evaluate("(() => { const s = getComputedStyle(document.activeElement);"
                               " return [s.outlineStyle, s.outlineWidth]; })()"))


def test_keyboard_only_enrolment(app):
    page = app("01_enrolment")
    tab_to(page, ".twofa-menu select")
    page.keyboard.press("ArrowDown")  # Dashboard → 2-Factor Auth
    page.locator(".twofa-switch button").first.wait_for(timeout=30_000)
    tab_to(page, ".twofa-switch button")
    switch = page.locator(".twofa-switch button").first
    assert switch.get_attribute("role") == "switch" and switch.get_attribute("aria-checked") == "false"
    assert page.evaluate("document.getElementById(document.activeElement.getAttribute('aria-labelledby'))"
                         ".textContent") == "Two-factor authentication"
    assert ring(page) == ("solid", "3px"), "no visible focus ring on the switch"
    page.keyboard.press("Space")
    page.locator(".twofa-qr img").first.wait_for(timeout=30_000)
    assert switch.get_attribute("aria-checked") == "true"
    assert "QR code" in page.locator(".twofa-qr img").first.get_attribute("alt")
    code_input = page.locator(".twofa-code input").first
    assert (code_input.get_attribute("autocomplete"), code_input.get_attribute("inputmode")) == (
        "one-time-code", "numeric")
    assert code_input.evaluate("i => i.labels[0].textContent") == "Authentication code"
    axe_check(page, "01_enrolment, QR code shown")
    tab_to(page, ".twofa-phone-scan")
    assert ring(page) == ("solid", "3px"), "no visible focus ring on an ipywidgets button"
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('.twofa-phone-code').innerText.trim().length > 0")
    code = phone_code(page)
    tab_to(page, ".twofa-code input", backwards=True)
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.locator(".twofa-backup-codes li").first.wait_for(timeout=30_000)
    page.wait_for_function("document.querySelector('.twofa-message [role=status]').innerText"
                           ".includes('Two-factor authentication is on')", timeout=30_000)
    assert page.locator(".twofa-backup-codes li").count() == 10
    axe_check(page, "01_enrolment, backup codes shown")
    page.screenshot(path=str(SHOTS / "a11y-01-enrolled.png"), full_page=True)
    page.wait_for_function("document.activeElement.classList.contains('twofa-saved')", timeout=30_000)
    page.keyboard.press("Enter")  # "I have saved them": the codes go, the focus goes back to the switch
    page.wait_for_function("document.activeElement.getAttribute('role') == 'switch'", timeout=30_000)
    assert page.locator(".twofa-backup-codes li").count() == 0
    tab_to(page, ".twofa-live-start")  # live mode, from a button rather than by editing code
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('.twofa-switch button').length == 2", timeout=30_000)
    # The button is gone: the focus goes to the heading of the live portal's page, drawn after it was asked for.
    page.wait_for_function("document.activeElement.matches('h3.twofa-heading')"
                           " && document.activeElement.textContent.startsWith('2-Factor Auth')", timeout=30_000)
    axe_check(page, "01_enrolment, live mode on")


def test_keyboard_only_sign_in(app):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = app("02_login")
    login = page.locator(".twofa-login input").first
    assert (login.get_attribute("autocomplete"), login.evaluate("i => i.form && i.form.tagName")) == (
        "username", "FORM")
    assert page.locator(".twofa-password input").first.get_attribute("autocomplete") == "current-password"
    tab_to(page, ".twofa-login input")
    page.keyboard.type("alice@example.com")
    page.keyboard.press("Tab")
    page.keyboard.type("correct horse battery staple")
    page.keyboard.press("Tab")  # leaving the field does not submit
    assert page.evaluate("document.activeElement.classList.contains('twofa-continue')"), focused(page)
    assert ring(page) == ("solid", "3px"), "no visible focus ring on Log In"
    page.wait_for_timeout(500)
    assert page.locator(".twofa-login-message").first.inner_text().strip() == ""
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.matches('.twofa-login-code input')",
                           timeout=30_000)  # the focus follows to the code field
    page.keyboard.type("000000" if phone_code(page) != "000000" else "111111")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('.twofa-login-message [role=alert]').innerText.includes"
                           "(\"didn't work\")", timeout=30_000)  # a refusal is an alert
    assert page.evaluate("document.activeElement.matches('.twofa-login-code input')"), focused(page)
    axe_check(page, "02_login, code step")
    page.keyboard.type(phone_code(page))
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('.twofa-login-message [role=status]').innerText.includes"
                           "('You are signed in.')", timeout=30_000)  # the outcome, announced as a status
    # The code form is gone: the focus is not dropped on the body but goes to the page's heading, in the portal.
    try:
        page.wait_for_function("document.activeElement && document.activeElement !== document.body"
                               f" && !!document.activeElement.closest('{ROOT_SELECTOR}')", timeout=30_000)
    except PlaywrightTimeout:
        raise AssertionError(f"after signing in the focus is not in the portal but on {focused(page)}") from None
    assert page.evaluate("document.activeElement.matches('h3.twofa-heading')"), focused(page)
    assert page.evaluate("document.activeElement.textContent").startswith("Client Portal — signed in as"), focused(page)
    page.keyboard.press("Tab")  # and Tab goes on from there to what the signed-in page offers
    assert page.evaluate("document.activeElement.classList.contains('twofa-sign-out')"), focused(page)
    axe_check(page, "02_login, signed in")
    page.screenshot(path=str(SHOTS / "a11y-02-signed-in.png"), full_page=True)
    # The check can fail: an image without a text alternative put into the portal is caught.
    page.evaluate(f"document.querySelector('{ROOT_SELECTOR}').insertAdjacentHTML('beforeend',"
                  " '<img id=twofa-probe src=\"data:image/png;base64,\">')")
    with pytest.raises(AssertionError, match="image-alt"):
        axe_check(page, "02_login with an image lacking alt text")
    page.evaluate("document.getElementById('twofa-probe').remove()")
