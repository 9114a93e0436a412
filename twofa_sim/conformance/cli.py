"""``python -m twofa_sim conform --target django FILE_OR_DIR [...]``.

Runs each scenario file on the engine and on the target (see
:mod:`twofa_sim.conformance.compare`) and prints, per file, a table of
expected, engine, target and verdict per step, then a summary line;
``--html PATH`` also writes the report as an HTML page, ``--details`` adds
each step's time, actor, browser and what the target showed.

Exit codes: 0 the engine meets every file (whatever the target does: a
difference in the target is a finding, not a failure); 1 the engine fails
a file under the file's own policy; 2 a file is malformed, a path does not
exist, or the target cannot run here (its packages are missing:
``pip install 'twofa-sim[conformance]'``). A malformed file does not stop
the others.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..bounds import check_flag
from ..errors import InputTypeError, TwofaSimError
from .targets import TARGETS


def add_command(commands) -> None:
    """Add the ``conform`` command to ``commands`` (argparse sub-parsers).

    Raises:
        InputTypeError: ``commands`` is not an argparse sub-parsers object.
    """
    if not callable(getattr(commands, "add_parser", None)):
        raise InputTypeError("commands must be argparse sub-parsers (from add_subparsers)")
    conform = commands.add_parser("conform", help="run scenario files on the engine and on a real implementation")
    conform.add_argument("paths", nargs="+", help="scenario files (.yaml) or directories of them")
    conform.add_argument("--target", default="django", choices=sorted(TARGETS),
                         help="the implementation to run them on (default: django)")
    conform.add_argument("--details", action="store_true",
                         help="also print each step's time, actor, browser and what the target showed")
    conform.add_argument("--html", metavar="PATH", default=None, help="also write the report as an HTML page")


def _folder_exists(path: str) -> bool:
    """Whether the folder ``path`` would be written into exists (checked before a run)."""
    try:
        return Path(path).expanduser().resolve().parent.is_dir()
    except (OSError, ValueError, RuntimeError):  # a NUL, a lone surrogate, a symlink loop
        return False


def run_command(paths: list[str], target: str = "django", details: bool = False, html: str | None = None) -> int:
    """Run the ``conform`` command; returns its exit code (see the module's docstring).

    Raises:
        InputTypeError: ``paths`` not a list of texts, ``target`` or
            ``html`` not text, ``details`` not true or false.
    """
    from ..scenarios.cli import scenario_files
    from ..scenarios.errors import ScenarioError
    from ..scenarios.loader import load
    from .compare import compare
    from .errors import TargetUnavailable
    from .report import report_of
    from .targets import target_named

    details = check_flag(details, "details")
    if not isinstance(target, str) or not (html is None or isinstance(html, str)):
        raise InputTypeError("target must be text, html a path or None")
    if html is not None and not _folder_exists(html):
        print(f"error: the report cannot be written to {html[:80]!r}: no such folder", file=sys.stderr)
        return 2
    try:
        chosen = target_named(target)
        files = scenario_files(paths)
    except TwofaSimError as exc:
        if isinstance(exc, InputTypeError):
            raise
        print(f"error: {exc}", file=sys.stderr)
        return 2
    comparisons, malformed = [], 0
    for path in files:
        try:
            comparisons.append(compare(load(path), chosen))
        except TargetUnavailable as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        except ScenarioError as exc:
            print(f"error: {exc}", file=sys.stderr)
            malformed += 1
        except TwofaSimError as exc:  # the engine's world could not be built: the file cannot be judged
            print(f"error: {path}: {type(exc).__name__}: {exc}", file=sys.stderr)
            malformed += 1
    report = report_of(comparisons, chosen)
    print(report.text(details))
    if html is not None:
        try:
            written = report.write_html(html)
        except TwofaSimError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(f"HTML report: {written}")
    failed = sum(not c.engine_passed for c in comparisons)
    print(f"{len(files)} file(s): {len(comparisons)} compared, {failed} failed by the engine, {malformed} malformed")
    sys.stdout.flush()
    return 2 if malformed else report.exit_code
