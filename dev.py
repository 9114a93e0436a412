#!/usr/bin/env python3
"""Task runner for twofa-sim (standard library only, Python 3.11+).

Usage:
    python3 dev.py lab [--no-browser] [jupyter lab args...]
    python3 dev.py test [pytest args...]
    python3 dev.py app [voila args...]
    python3 dev.py notebooks [NAME...]
    python3 dev.py trace
    python3 dev.py freeze

Every task first makes sure the project's virtual environment exists in
.venv and holds the project (editable) with its dev extras, installed
under the pins in constraints.txt. The install is skipped when neither
pyproject.toml nor constraints.txt has changed since the last one.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

if sys.version_info < (3, 11):
    sys.exit("dev.py needs Python 3.11 or newer (found %d.%d)." % sys.version_info[:2])

ROOT = Path(__file__).resolve().parent
VENV = Path(".venv")
WINDOWS = os.name == "nt"
BIN = VENV / ("Scripts" if WINDOWS else "bin")
EXE = ".exe" if WINDOWS else ""
PYTHON = BIN / f"python{EXE}"
JUPYTER = BIN / f"jupyter{EXE}"
STAMP = VENV / ".twofa-installed"
PYPROJECT = Path("pyproject.toml")
CONSTRAINTS = Path("constraints.txt")
NOTEBOOKS = Path("notebooks")
SANITIZE = Path("tests") / "nbval_sanitize.cfg"

CONSTRAINTS_HEADER = (
    "# Pinned set of every package in .venv, used as a pip constraints file by dev.py.\n"
    "# Regenerate after changing dependencies with: python3 dev.py freeze\n"
)
# Never pinned in constraints.txt: packaging tools and the project itself.
FREEZE_EXCLUDE = {"pip", "setuptools", "wheel", "twofa-sim"}


def show(cmd: list[str]) -> None:
    line = subprocess.list2cmdline(cmd) if WINDOWS else shlex.join(cmd)
    print(f"$ {line}", flush=True)


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    show(cmd)
    result = subprocess.run(cmd, **kwargs)
    if result.returncode != 0:
        sys.exit(result.returncode)
    return result


def replace_process(cmd: list[str], env: dict[str, str] | None = None) -> None:
    """Run cmd in place of this process and exit with its status."""
    show(cmd)
    env = os.environ.copy() if env is None else env
    if WINDOWS:
        # os.exec* on Windows does not hand over the console cleanly.
        try:
            sys.exit(subprocess.run(cmd, env=env).returncode)
        except KeyboardInterrupt:
            sys.exit(130)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(cmd[0], cmd, env)


def requirements_hash() -> str:
    digest = hashlib.sha256()
    for path in (PYPROJECT, CONSTRAINTS):
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes() if path.exists() else b"")
        digest.update(b"\0")
    return digest.hexdigest()


def setup() -> None:
    """Create .venv if needed and install the project into it if needed."""
    if not PYTHON.exists():
        show([sys.executable, "-m", "venv", str(VENV)])
        result = subprocess.run([sys.executable, "-m", "venv", str(VENV)])
        if result.returncode != 0 or not PYTHON.exists():
            sys.exit(
                "Could not create .venv. On Debian/Ubuntu install the venv module "
                "first (apt-get install python3-venv), then run dev.py again."
            )
    wanted = requirements_hash()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    cmd = [str(PYTHON), "-m", "pip", "install"]
    if CONSTRAINTS.exists():
        cmd += ["-c", str(CONSTRAINTS)]
    cmd += ["-e", ".[dev,distributed,benchmark,conformance]"]
    run(cmd)
    STAMP.write_text(wanted + "\n")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def freeze() -> None:
    setup()
    cmd = [str(PYTHON), "-m", "pip", "freeze", "--exclude-editable"]
    result = run(cmd, capture_output=True, text=True)
    pins = []
    for line in result.stdout.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "-")):
            continue
        name = re.split(r"[\s=<>!~;@\[]", line, maxsplit=1)[0]
        if normalise(name) in FREEZE_EXCLUDE:
            continue
        if "==" not in line:
            print(f"warning: not a version pin, kept as is: {line}", file=sys.stderr)
        pins.append(line)
    CONSTRAINTS.write_text(CONSTRAINTS_HEADER + "".join(p + "\n" for p in pins))
    print(f"wrote {CONSTRAINTS} ({len(pins)} packages)")
    # The environment already matches the new pins: no reinstall needed next time.
    STAMP.write_text(requirements_hash() + "\n")


def has_display() -> bool:
    if WINDOWS or sys.platform == "darwin":
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def lab(args: list[str]) -> None:
    setup()
    NOTEBOOKS.mkdir(exist_ok=True)
    cmd = [str(JUPYTER), "lab", f"--notebook-dir={NOTEBOOKS}"]
    if not has_display() and "--no-browser" not in args:
        cmd.append("--no-browser")
    geteuid = getattr(os, "geteuid", None)
    if geteuid is not None and geteuid() == 0 and "--allow-root" not in args:
        cmd.append("--allow-root")
    replace_process(cmd + args)


VOILA_PORT = "8866"
#: The app's settings (app/voila.py) and its Voila template (app/jupyter/voila/templates/twofa).
APP = ROOT / "app"


def voila_command(voila: Path, target: Path) -> tuple[list[str], dict[str, str]]:
    """The command serving ``target`` (the notebooks folder, or one notebook)
    with the ``voila`` executable on 127.0.0.1 with the app's settings, and
    the environment it needs (JUPYTER_PATH finds the app's template). The
    app command, the browser tests and the page-load benchmark all use it;
    add ``--port=...`` and any other options."""
    cmd = [str(voila), str(target), "--Voila.ip=127.0.0.1", f"--Voila.config_file_paths={APP}"]
    env = os.environ.copy()
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(APP / "jupyter"), env.get("JUPYTER_PATH")]))
    return cmd, env


def app(args: list[str]) -> None:
    """Serve the notebooks as a web app with Voila (code hidden, widgets live)."""
    setup()
    cmd, env = voila_command(BIN / f"voila{EXE}", NOTEBOOKS)
    port = next((a.split("=", 1)[1] for a in args if a.startswith("--port=")), VOILA_PORT)
    if not any(a.startswith("--port") for a in args):
        cmd.append(f"--port={VOILA_PORT}")
    if not has_display() and "--no-browser" not in args:
        cmd.append("--no-browser")
    print(f"Open http://127.0.0.1:{port}/ and start with the tour.", flush=True)
    replace_process(cmd + args, env)


CHROMIUM = Path("/usr/bin/chromium")


def ensure_browser() -> None:
    """Install Debian's Chromium for the browser test when it is missing and
    this machine can (root with apt-get); otherwise the test says why it skips."""
    if CHROMIUM.exists() or shutil.which("chromium"):
        return
    geteuid = getattr(os, "geteuid", None)
    if geteuid is None or geteuid() != 0 or not shutil.which("apt-get"):
        print("note: Chromium is not installed; the browser test will be skipped "
              "(install Debian's 'chromium' package to run it).", flush=True)
        return
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run(["apt-get", "update", "-qq"], env=env)
    run(["apt-get", "install", "-y", "-qq", "chromium"], env=env)


def truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def test(args: list[str]) -> None:
    setup()
    ensure_browser()
    NOTEBOOKS.mkdir(exist_ok=True)
    env = os.environ.copy()
    env.setdefault("HYPOTHESIS_PROFILE", "ci" if truthy(env.get("CI")) else "dev")
    cmd = [
        str(PYTHON), "-m", "pytest",
        "tests",
        "-p", "nbval",  # pyproject.toml leaves the notebook plugin out of other pytest runs
        "--nbval", str(NOTEBOOKS), "--nbval-current-env",
        "--nbval-sanitize-with", SANITIZE.as_posix(),
        "-p", "no:cacheprovider",
    ]
    replace_process(cmd + args, env)


NOTEBOOK_SOURCES = NOTEBOOKS / "src"
TRACE_FILE = NOTEBOOKS / "traceability.json"


def write_trace() -> bool:
    """Write notebooks/traceability.json afresh (requirement -> the notebook
    cells and tests whose checks ran for it; it runs the tests marked
    requirement once); True when it changed."""
    before = TRACE_FILE.read_bytes() if TRACE_FILE.exists() else None
    run([str(PYTHON), "-m", "twofa_sim.traceability"])
    return TRACE_FILE.read_bytes() != before


def trace() -> None:
    setup()
    if write_trace():
        print(f"{TRACE_FILE} changed: rebuild the overview with python3 dev.py notebooks 00_overview", flush=True)


#: The kernel every notebook names, so JupyterLab opens it without asking and
#: without marking it modified; nbval runs it in the project's environment
#: (--nbval-current-env).
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def stamp_kernelspec(notebook: Path) -> None:
    """Write :data:`KERNELSPEC` into ``notebook``'s metadata (jupytext leaves it out)."""
    data = json.loads(notebook.read_text(encoding="utf-8"))
    data.setdefault("metadata", {})["kernelspec"] = KERNELSPEC
    notebook.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def notebooks(args: list[str]) -> None:
    """Rebuild notebooks/NAME.ipynb from notebooks/src/NAME.py and execute it
    top to bottom, so the committed outputs come from a clean run."""
    setup()
    # The overview shows the traceability table, made from the other notebooks'
    # saved outputs: the table is written, then the overview built, last.
    sources = sorted(NOTEBOOK_SOURCES.glob("*.py"), key=lambda s: ("overview" in s.stem, s.name))
    if args:
        wanted = {Path(a).stem for a in args}  # NAME, NAME.py, NAME.ipynb or a path to either
        sources = [s for s in sources if s.stem in wanted]
        if not sources:
            sys.exit(f"no notebook source matches {args} in {NOTEBOOK_SOURCES}")
    for source in sources:
        target = NOTEBOOKS / f"{source.stem}.ipynb"
        if "overview" in source.stem:
            write_trace()
        update = ["--update"] if target.exists() else []  # keeps cell ids, so a rebuild is byte-identical
        run([str(BIN / f"jupytext{EXE}"), "--quiet", "--to", "ipynb", *update, "--output", str(target), str(source)])
        stamp_kernelspec(target)
        run([str(JUPYTER), "nbconvert", "--to", "notebook", "--execute", "--inplace",
             "--ExecutePreprocessor.record_timing=False", "--ExecutePreprocessor.store_widget_state=False",
             "--ExecutePreprocessor.timeout=600", str(target)])
        # Output chunks of one stream depend on timing; merging them makes re-runs byte-identical.
        run([str(JUPYTER), "nbconvert", "--to", "notebook", "--inplace", "--log-level=WARN",
             "--CoalesceStreamsPreprocessor.enabled=True", str(target)])


USAGE = """usage: python3 dev.py TASK [args...]

tasks:
  lab     set up .venv, then open JupyterLab on notebooks/
          (extra args go to jupyter lab; --no-browser is added on a headless machine)
  test    set up .venv, then run the unit/property tests and every notebook under nbval
          (extra args go to pytest)
  app     set up .venv, then serve the notebooks as a web app with Voila
          (http://127.0.0.1:8866/; extra args go to voila)
  notebooks [NAME...]
          set up .venv, then rebuild each notebook from notebooks/src/NAME.py and
          execute it top to bottom (what gets committed, outputs included);
          before the overview, writes notebooks/traceability.json as trace does
  trace   set up .venv, then write notebooks/traceability.json: every requirement and
          the notebook cells and tests whose checks ran for it (runs the tests marked
          requirement once); the overview shows it, a test checks it is current
  freeze  set up .venv, then rewrite constraints.txt from the installed packages
"""


def main(argv: list[str]) -> None:
    os.chdir(ROOT)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(USAGE, end="")
        return
    task, args = argv[0], argv[1:]
    if task == "lab":
        lab(args)
    elif task == "test":
        test(args)
    elif task == "app":
        app(args)
    elif task == "notebooks":
        notebooks(args)
    elif task == "trace":
        if args:
            sys.exit("trace takes no arguments")
        trace()
    elif task == "freeze":
        if args:
            sys.exit("freeze takes no arguments")
        freeze()
    else:
        sys.exit(f"unknown task: {task}\n\n{USAGE}")


if __name__ == "__main__":
    main(sys.argv[1:])
