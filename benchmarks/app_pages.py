"""Prints how long each page of the app takes to become interactive.

    .venv/bin/python benchmarks/app_pages.py [--runs N] [--pages NAME,NAME...]

Serves the notebooks with Voila the way ``python3 dev.py app`` does (its
settings and template), opens the start page and then every notebook it
lists in headless Chromium (Debian's package, through Playwright), each in
a new tab of one browser, and prints per page the seconds from the request
until:

* ``rendered``: Voila has run the notebook and shown the page (its spinner gone);
* ``widgets``: the first widget is drawn (for the story pages, the portal
  and the phone);
* ``responsive``: pressing the first ``+30 s`` clock button of the portal
  (``.twofa-portal``) has come back from the kernel (the time shown moved);

and ``interactive``, the last of these the page has: a page without widgets
is interactive once rendered, one without a clock once its widgets show. Each tab is closed the way
a person leaves (Voila then shuts its kernel down) before the next opens.
Requests to other hosts are counted (they are blocked, as in the tests).

Figures, not pass/fail; the goal is every page interactive within 10 s on a
2-core machine. Timings on a shared machine are indicative only.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
OUTSIDE = re.compile(r"^(?:https?|wss?)://(?!(?:127\.0\.0\.1|localhost|\[::1\])(?:[:/]|$))", re.IGNORECASE)
SPINNER_GONE = ("!document.querySelector('.voila-spinner, #loading') || getComputedStyle("
                "document.querySelector('.voila-spinner, #loading')).display == 'none'")
LIMIT_MS = 300_000  # a page that takes longer is reported as such


def app_command(port: int) -> tuple[list[str], dict[str, str]]:
    """``python3 dev.py app``'s Voila command on ``port`` (no browser opened)."""
    spec = importlib.util.spec_from_file_location("twofa_dev", ROOT / "dev.py")
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    cmd, env = dev.voila_command(Path(sys.executable).with_name("voila"), ROOT / "notebooks")
    return cmd + ["--no-browser", f"--port={port}", "--Voila.port_retries=0"], env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("voila stopped while starting")
        with socket.socket() as s:
            s.settimeout(0.5)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    sys.exit(f"voila did not open port {port} within {seconds:.0f} s")


def has_widgets(name: str) -> bool:
    """True when the saved outputs of notebooks/``name``.ipynb show a widget."""
    notebook = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))
    return any("application/vnd.jupyter.widget-view+json" in output.get("data", {})
               for cell in notebook["cells"] for output in cell.get("outputs", []))


def measure(context, url: str, widgets: bool) -> dict[str, float | None]:
    """Open ``url`` in a new tab; seconds until rendered, widgets drawn (if
    the page has ``widgets``) and responsive (None: no widgets, or no clock)."""
    page = context.new_page()
    start = time.perf_counter()
    times: dict[str, float | None] = {"rendered": None, "widgets": None, "responsive": None}
    try:
        page.goto(url, wait_until="commit", timeout=LIMIT_MS)
        page.wait_for_load_state("domcontentloaded", timeout=LIMIT_MS)
        page.wait_for_function(SPINNER_GONE, timeout=LIMIT_MS)
        times["rendered"] = time.perf_counter() - start
        if not widgets:
            return times
        page.locator(".jupyter-widgets").first.wait_for(state="visible", timeout=LIMIT_MS)
        times["widgets"] = time.perf_counter() - start
        portal = page.locator(".twofa-portal").first
        if page.locator(".twofa-portal .twofa-clock-30s").count():
            label = portal.locator(".twofa-clock-time").first
            before = label.inner_text()
            portal.locator(".twofa-clock-30s").first.click()
            page.wait_for_function("([el, before]) => el.innerText !== before",
                                   arg=[label.element_handle(), before], timeout=LIMIT_MS)
            times["responsive"] = time.perf_counter() - start
        return times
    finally:
        page.close(run_before_unload=True)


def seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:6.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="times each page is opened, at least 1 (the median is printed)")
    parser.add_argument("--pages", default="", help="notebook names to open (default: every one the start page lists)")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error(f"--runs must be at least 1, got {args.runs}")
    if not Path(CHROMIUM).exists():
        sys.exit(f"Chromium is not installed at {CHROMIUM} (Debian package 'chromium')")
    from playwright.sync_api import sync_playwright

    port = free_port()
    cmd, env = app_command(port)
    with tempfile.TemporaryDirectory() as scratch:
        log = open(Path(scratch) / "voila.log", "w")
        server = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT / "notebooks", env=env)
        try:
            wait_for_port(port, server)
            base = f"http://127.0.0.1:{port}/"
            with sync_playwright() as p:
                context = p.chromium.launch_persistent_context(str(Path(scratch) / "profile"), executable_path=CHROMIUM,
                                                               headless=True, args=FLAGS,
                                                               viewport={"width": 1300, "height": 1000})
                outside: list[str] = []
                context.route(OUTSIDE, lambda route: route.abort("blockedbyclient"))
                context.on("request", lambda r: outside.append(r.url) if OUTSIDE.match(r.url) else None)
                index = context.new_page()
                start = time.perf_counter()
                index.goto(base)
                index_seconds = time.perf_counter() - start
                links = index.eval_on_selector_all("main a[href*='/voila/render/']", "as => as.map(a => a.href)")
                index.close()
                wanted = {n.strip().removesuffix(".ipynb") for n in args.pages.split(",") if n.strip()}
                pages = [(Path(link).stem, link) for link in links if not wanted or Path(link).stem in wanted]
                print(f"Voila {base} with the app's settings; {len(pages)} pages, {args.runs} run(s) each; "
                      f"median seconds (indicative: a shared machine)")
                print(f"{'page':<22} {'rendered':>8} {'widgets':>8} {'responsive':>10} {'interactive':>11}")
                print(f"{'start page':<22} {index_seconds:8.1f} {'—':>8} {'—':>10} {index_seconds:11.1f}")
                for name, link in pages:
                    runs = [measure(context, link, has_widgets(name)) for _ in range(args.runs)]
                    median = {key: (statistics.median(r[key] for r in runs) if runs[0][key] is not None else None)
                              for key in runs[0]}
                    interactive = median["responsive"] or median["widgets"] or median["rendered"]
                    print(f"{name:<22} {seconds(median['rendered']):>8} {seconds(median['widgets']):>8} "
                          f"{seconds(median['responsive']):>10} {seconds(interactive):>11}", flush=True)
                context.close()
            print(f"requests to other hosts: {len(outside)}" + (f" ({sorted(set(outside))})" if outside else ""))
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
            log.close()


if __name__ == "__main__":
    main()
