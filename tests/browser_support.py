"""What every browser test shares: Voila started the way the app command
starts it (dev.py's ``voila_command``: the app's settings and template),
Debian's Chromium through Playwright, and a guard that records and blocks
every request to a host other than this machine, so no page visit reaches
the network unnoticed."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "tests" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
#: Every http(s) or ws(s) URL whose host is not this machine.
OUTSIDE = re.compile(r"^(?:https?|wss?)://(?!(?:127\.0\.0\.1|localhost|\[::1\])(?:[:/]|$))", re.IGNORECASE)


def dev_module():
    """dev.py, the task runner (it holds the app's Voila command)."""
    spec = importlib.util.spec_from_file_location("twofa_dev", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def chromium() -> str:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    if shutil.which("chromium"):
        return shutil.which("chromium")
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"Chromium is missing at {CHROMIUM}: CI must run the browser test (python3 dev.py test installs it)")
    pytest.skip(f"Chromium is not installed at {CHROMIUM} (Debian package 'chromium'); the browser test needs it")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class Server:
    """A running Voila: its base URL, its process and its log file."""

    url: str
    process: subprocess.Popen
    log: Path

    def kernels(self) -> int:
        """How many kernels it runs now (its ipykernel child processes)."""
        import psutil

        try:
            children = psutil.Process(self.process.pid).children()
        except psutil.NoSuchProcess:
            return 0
        count = 0
        for child in children:
            try:
                count += "ipykernel_launcher" in " ".join(child.cmdline())
            except psutil.NoSuchProcess:
                continue
        return count


@contextmanager
def serve(notebook: str = "", *options: str):
    """Serve one notebook (or, given "", the notebooks folder) as the app
    command does, on a free localhost port, with extra Voila ``options``;
    stop it afterwards."""
    port = free_port()
    assert not port_open(port), f"port {port} is busy"
    SHOTS.mkdir(exist_ok=True)
    cmd, env = dev_module().voila_command(Path(sys.executable).with_name("voila"), ROOT / "notebooks" / notebook)
    cmd += ["--no-browser", f"--port={port}", "--Voila.port_retries=0", *options]
    log = open(SHOTS / f"voila-{Path(notebook).stem or 'notebooks'}.log", "w")
    server = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT / "notebooks", env=env)
    try:
        deadline = time.monotonic() + 60
        while not port_open(port):
            assert server.poll() is None, f"voila exited early; see {log.name}"
            assert time.monotonic() < deadline, "voila did not open its port within 60 s"
            time.sleep(0.3)
        assert server.poll() is None, "voila stopped right after starting"
        yield Server(f"http://127.0.0.1:{port}/", server, Path(log.name))
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@contextmanager
def voila(notebook: str = "", *options: str):
    """:func:`serve`, yielding the base URL only."""
    with serve(notebook, *options) as server:
        yield server.url


def guard_network(context) -> list[str]:
    """Record every request (and web socket) the pages of ``context`` open to
    a host other than this machine, and block the requests; returns the list
    the URLs are appended to."""
    outside: list[str] = []

    def record(url: str) -> None:
        if OUTSIDE.match(url):
            outside.append(url)

    context.route(OUTSIDE, lambda route: route.abort("blockedbyclient"))
    context.on("request", lambda request: record(request.url))
    context.on("page", lambda page: page.on("websocket", lambda ws: record(ws.url)))
    return outside


@contextmanager
def browser_context(profile: Path, **options):
    """A fresh Chromium profile with the network guard on; ``context.outside``
    lists every request to another host its pages made."""
    executable = chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(str(profile), executable_path=executable, headless=True,
                                                       args=FLAGS, viewport={"width": 1300, "height": 1000},
                                                       **options)
        context.outside = guard_network(context)
        try:
            yield context
        finally:
            context.close()


def assert_no_outside_requests(context) -> None:
    """Fail when a page of ``context`` asked another host for anything (then forget them)."""
    found, context.outside[:] = sorted(set(context.outside)), []
    assert not found, f"requests to hosts other than this machine: {found}"
