"""Kernels of closed pages are shut down: Voila serves the app with its
settings (app/voila.py) but culling timeouts of seconds instead of minutes;
headless Chromium opens three app pages and kills two of them the way a
crashed or force-closed tab goes (no ``beforeunload``, so Voila's own
shutdown request never comes). The culler shuts their kernels down; the
kernel of the page still open stays however long it idles, and answers."""

from __future__ import annotations

import time

import pytest
from browser_support import assert_no_outside_requests, browser_context, serve

pytestmark = pytest.mark.browser

IDLE = 8  # seconds a kernel with no page connected may idle
CULLING = [f"--MappingKernelManager.cull_idle_timeout={IDLE}", "--MappingKernelManager.cull_interval=1"]
PAGE = "voila/render/02_login.ipynb"


def open_app_pages(context, url: str, count: int) -> list:
    """Open ``count`` tabs on the app page at once; return them once each shows its portal."""
    pages = [context.new_page() for _ in range(count)]
    for page in pages:
        page.goto(url + PAGE, wait_until="commit", timeout=120_000)
    for page in pages:
        page.locator(".twofa-portal .twofa-clock-30s").first.wait_for(timeout=120_000)
    return pages


def wait_for_kernels(server, count: int, seconds: float) -> None:
    """Wait until ``server`` runs ``count`` kernels."""
    deadline = time.monotonic() + seconds
    while server.kernels() != count:
        assert time.monotonic() < deadline, f"{server.kernels()} kernels after {seconds:.0f} s, not {count}"
        time.sleep(0.5)


def test_kernels_of_closed_pages_are_culled_and_open_pages_keep_theirs(tmp_path):
    with serve("", *CULLING) as server, browser_context(tmp_path / "profile") as context:
        assert server.kernels() == 0
        kept, *killed = open_app_pages(context, server.url, 3)
        loaded = time.monotonic()
        assert server.kernels() == 3
        for page in killed:
            page.close(run_before_unload=False)
        wait_for_kernels(server, 1, 60)
        culled = [line for line in server.log.read_text().splitlines() if "Culling 'idle' kernel" in line]
        assert len(culled) == 2 and all("with 0 connections" in line for line in culled), culled
        time.sleep(max(0.0, loaded + IDLE + 2 - time.monotonic()))  # the open page idles past the timeout too
        assert server.kernels() == 1, "the open page's kernel was culled while its page was connected"
        label = kept.locator(".twofa-portal .twofa-clock-time").first
        before = label.inner_text()
        kept.locator(".twofa-portal .twofa-clock-30s").first.click()
        kept.wait_for_function("([el, before]) => el.innerText !== before", arg=[label.element_handle(), before],
                               timeout=30_000)
        assert_no_outside_requests(context)
