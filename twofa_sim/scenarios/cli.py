"""The command line: ``python -m twofa_sim run FILE_OR_DIR [...]`` (and
``conform --target django FILE_OR_DIR [...]``, :mod:`twofa_sim.conformance.cli`).

Runs each scenario file (a directory means every ``*.yaml`` / ``*.yml``
file in it, sorted) against the simulated engine and prints, per file, a
table of expected vs observed per step and a summary line.

Exit codes: 0 every step passed (or was not supported or not judged);
1 a step's observation did not match its expectation, or could not be
made; 2 a file is malformed (the message names the file, the line and the
field) or a path does not exist. Each file is reported on its own: a
malformed one does not stop the others, and the last line counts them. A
reader that closes the output early (``| head``) ends the run quietly.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..errors import InputTypeError, TwofaSimError
from .errors import ScenarioError

#: Columns printed per step (the DataFrame also has browser and detail).
SHOWN = ["step", "line", "time (UTC)", "actor", "action", "input", "expected", "observed", "clause", "result"]


#: The name endings of scenario files, as a directory's files are picked.
SUFFIXES = (".yaml", ".yml")


def scenario_files(paths: list[str]) -> list[Path]:
    """The files named, with directories expanded to their YAML files (sorted).

    Raises:
        ScenarioError: a path that does not exist or cannot be read, or a
            directory with no YAML file.
        InputTypeError: ``paths`` is not a list of texts.
    """
    if not isinstance(paths, (list, tuple)) or not all(isinstance(p, str) for p in paths):
        raise InputTypeError("paths must be a list of file or directory names (text)")
    files: list[Path] = []
    for name in paths:
        try:
            files += _files_at(name)
        except OSError as exc:
            raise ScenarioError(name, 1, "", f"cannot be read ({exc.__class__.__name__}: {exc.strerror or exc})") \
                from None
        except ValueError as exc:  # an embedded NUL, a lone surrogate
            if isinstance(exc, ScenarioError):
                raise
            raise ScenarioError(repr(name)[:80], 1, "", "is not a usable file name") from None
    return files


def _files_at(name: str) -> list[Path]:
    """The YAML files ``name`` names: itself, or a directory's, sorted."""
    path = Path(name)
    if path.is_dir():
        found = sorted(p for p in path.iterdir() if p.suffix in SUFFIXES and p.is_file())
        if not found:
            raise ScenarioError(name, 1, "", "the directory holds no .yaml scenario file")
        return found
    if path.is_file():
        return [path]
    if path.exists():
        raise ScenarioError(name, 1, "", "is not a regular file (a device or a pipe): name a .yaml scenario "
                                         "file or a directory of them")
    raise ScenarioError(name, 1, "", "no such file or directory")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default ``sys.argv[1:]``); returns the exit
    code: 0 all passed, 1 a mismatch or a step error, 2 a malformed file or
    bad arguments (the usage is printed).

    Raises:
        InputTypeError: ``argv`` is not a list of strings.
    """
    if argv is not None and (not isinstance(argv, (list, tuple)) or not all(isinstance(a, str) for a in argv)):
        raise InputTypeError("argv must be a list of strings")
    parser = argparse.ArgumentParser(prog="python -m twofa_sim", description="Run 2FA edge-case scenario files.")
    commands = parser.add_subparsers(dest="command", required=True)
    run_cmd = commands.add_parser("run", help="run scenario files against the simulated portal")
    run_cmd.add_argument("paths", nargs="+", help="scenario files (.yaml) or directories of them")
    run_cmd.add_argument("--details", action="store_true", help="also print each step's browser and detail")
    from ..conformance.cli import add_command, run_command

    add_command(commands)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse printed the usage and why
        return int(exc.code or 0)

    try:
        if args.command == "conform":
            return run_command(args.paths, args.target, args.details, args.html)
        return _run_files(args.paths, args.details)
    except BrokenPipeError:  # the reader stopped reading (``| head``): end quietly
        _silence_stdout()
        return 1


def _run_files(paths: list[str], details: bool) -> int:
    from .engine_adapter import EngineAdapter
    from .loader import load
    from .runner import run

    try:
        files = scenario_files(paths)
    except ScenarioError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    malformed = failed = 0
    for path in files:
        try:
            result = run(load(path), EngineAdapter())
        except ScenarioError as exc:
            print(f"error: {exc}", file=sys.stderr)
            malformed += 1
            continue
        except TwofaSimError as exc:  # the world could not be built: the file cannot be judged
            print(f"error: {path}: {type(exc).__name__}: {exc}", file=sys.stderr)
            malformed += 1
            continue
        table = result.table if details else result.table[SHOWN]
        print(f"== {result.scenario.name} ({path})")
        print(_text_table(table))
        print(result.summary())
        print()
        failed += not result.passed
    print(f"{len(files)} file(s): {len(files) - failed - malformed} passed, {failed} failed, {malformed} malformed")
    sys.stdout.flush()
    return 2 if malformed else (1 if failed else 0)


def _silence_stdout() -> None:
    """Point stdout at the null device, so the interpreter's last flush does
    not raise BrokenPipeError again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # a stdout without a file descriptor
        pass


def _text_table(table) -> str:
    """``table`` as left-aligned text columns (numbers right-aligned)."""
    columns = [str(c) for c in table.columns]
    cells = [[str(v) for v in row] for row in table.itertuples(index=False)]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    numeric = [all(row[i].isdigit() for row in cells) for i in range(len(columns))]

    def line(values):
        return "  ".join(v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)).rstrip()

    return "\n".join([line(columns)] + [line(row) for row in cells])
