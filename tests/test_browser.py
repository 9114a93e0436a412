"""A person's click-through in a real browser: Voila serves the enrolment and
login notebooks, headless Chromium (Debian's package, driven by Playwright)
turns 2FA on with the code read off the phone panel, then logs in.

Screenshots go to tests/screenshots/ (ignored by git).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "tests" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def _chromium() -> str:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    if shutil.which("chromium"):
        return shutil.which("chromium")
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"Chromium is missing at {CHROMIUM}: CI must run the browser test (python3 dev.py test installs it)")
    pytest.skip(f"Chromium is not installed at {CHROMIUM} (Debian package 'chromium'); the browser test needs it")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def voila(notebook: str):
    """Serve one notebook (or, given "", the notebooks folder) with Voila on a
    free localhost port; stop it afterwards."""
    port = _free_port()
    assert not _port_open(port), f"port {port} is busy"
    voila_bin = Path(sys.executable).with_name("voila")
    cmd = [str(voila_bin), str(ROOT / "notebooks" / notebook), "--no-browser", f"--port={port}",
           "--Voila.ip=127.0.0.1", "--Voila.port_retries=0",
           "--VoilaConfiguration.extension_denylist=jupyterlab-jupytext"]
    log = open(SHOTS / f"voila-{Path(notebook).stem or 'notebooks'}.log", "w")
    server = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT / "notebooks")
    try:
        deadline = time.monotonic() + 60
        while not _port_open(port):
            assert server.poll() is None, f"voila exited early; see {log.name}"
            assert time.monotonic() < deadline, "voila did not open its port within 60 s"
            time.sleep(0.3)
        assert server.poll() is None, "voila stopped right after starting"
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture()
def browser_page(tmp_path):
    executable = _chromium()
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(str(tmp_path / "profile"), executable_path=executable,
                                                       headless=True, args=FLAGS, viewport={"width": 1300, "height": 1000})
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.errors = errors
        try:
            yield page
        finally:
            context.close()


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
