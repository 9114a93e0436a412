"""Traceability: every requirement → the notebook cells and tests whose
checks ran for it.

* Notebook cells come from each executed notebook's saved ``checked:`` line
  (printed by :func:`twofa_sim.checks.summary`; nbval re-runs every notebook
  and compares that output, so it cannot go stale unnoticed).
* Tests come from running the tests marked ``requirement`` in a fresh
  pytest process with :mod:`twofa_sim.trace_plugin`, which records the
  checks each test ran.

A requirement with neither is a gap.

The table is computed once, by the build tooling (``python3 dev.py trace``,
and ``python3 dev.py notebooks`` before it builds the overview, which runs
``python -m twofa_sim.traceability``), and written to
:data:`TABLE_FILE`; the overview notebook only reads that file, and
``tests/test_traceability.py`` checks it matches a fresh computation.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from .checks import RECORD_PREFIX
from .requirements import REQUIREMENTS

#: The environment variable naming the file the plugin writes.
OUT_ENV = "TWOFA_TRACE_OUT"

#: The committed table, relative to the repository root.
TABLE_FILE = Path("notebooks") / "traceability.json"

#: What the committed file says about itself.
ABOUT = ("Requirement -> notebook cells and tests whose checks ran for it. Written by python3 dev.py trace "
         "(and python3 dev.py notebooks, before the overview); do not edit by hand.")


def checks_in_notebooks(notebooks: Path, skip: tuple[str, ...] = ("00_overview.ipynb",)) -> dict[str, list[str]]:
    """Requirement → ``"01_enrolment: cell 4"`` places, from saved outputs."""
    found: dict[str, list[str]] = {}
    for path in sorted(Path(notebooks).glob("*.ipynb")):
        if path.name in skip:
            continue
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook.get("cells", []):
            for output in cell.get("outputs", []):
                text = "".join(output.get("text", []))
                for line in text.splitlines():
                    if line.startswith(RECORD_PREFIX):
                        for entry in filter(None, line[len(RECORD_PREFIX):].split("|")):
                            requirement, _, cells = entry.partition("@")
                            for where in filter(None, (c.strip() for c in cells.split(","))):
                                found.setdefault(requirement.strip(), []).append(f"{path.stem}: {where}")
    return found


def checks_in_tests(tests: Path, timeout: float = 300) -> dict[str, list[str]]:
    """Requirement → test ids (sorted), by running ``pytest -m requirement`` on ``tests``.

    The run is a fresh pytest process (a few seconds: most of it is
    collecting every test module to find the marked tests); the notebook
    plugin is left out, as no notebook runs.
    """
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "trace.json"
        env = dict(os.environ, **{OUT_ENV: str(out)})
        cmd = [sys.executable, "-m", "pytest", str(tests), "-m", "requirement", "-q", "-p", "no:cacheprovider",
               "-p", "no:nbval", "-p", "twofa_sim.trace_plugin", "-o", "addopts="]
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, cwd=Path(tests).parent)
        if done.returncode != 0 or not out.exists():
            raise RuntimeError(f"the requirement tests failed (exit {done.returncode}):\n{done.stdout[-2000:]}")
        return {requirement: sorted(ids) for requirement, ids in json.loads(out.read_text()).items()}


def trace(root: Path) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Compute the table afresh for the repository at ``root``: (requirement →
    notebook places, requirement → test ids), from ``root/notebooks`` and by
    running the requirement tests of ``root/tests`` (see :func:`checks_in_tests`)."""
    root = Path(root)
    return checks_in_notebooks(root / "notebooks"), checks_in_tests(root / "tests")


def to_json(notebooks: dict[str, list[str]], tests: dict[str, list[str]],
            requirements: dict[str, str] = REQUIREMENTS) -> str:
    """The text of :data:`TABLE_FILE`: one entry per requirement, in the order
    of ``requirements`` (then any other ID found), each with its notebook
    places (in notebook and cell order) and test ids (sorted), one per line,
    so the same checks give the same bytes and a change shows as a small diff."""
    ids = list(requirements) + sorted((set(notebooks) | set(tests)) - set(requirements))
    entries = {requirement: {"notebook cells": list(notebooks.get(requirement, [])),
                             "tests": sorted(tests.get(requirement, []))} for requirement in ids}
    return json.dumps({"about": ABOUT, "requirements": entries}, indent=1, ensure_ascii=False) + "\n"


def read(path: Path) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(requirement → notebook places, requirement → test ids) from a file
    :func:`to_json` wrote (a requirement with no entry is left out)."""
    entries = json.loads(Path(path).read_text(encoding="utf-8"))["requirements"]
    notebooks = {req: list(entry["notebook cells"]) for req, entry in entries.items() if entry["notebook cells"]}
    tests = {req: list(entry["tests"]) for req, entry in entries.items() if entry["tests"]}
    return notebooks, tests


def table(notebooks: dict[str, list[str]], tests: dict[str, list[str]], requirements: dict[str, str] = REQUIREMENTS):
    """The traceability table as a pandas DataFrame; ``status`` is "checked" or "GAP"."""
    import pandas as pd

    rows = []
    for requirement, statement in requirements.items():
        cells, ids = notebooks.get(requirement, []), tests.get(requirement, [])
        rows.append({"requirement": requirement, "statement": statement,
                     "notebook cells": "; ".join(cells), "tests": "; ".join(t.split("::")[-1] for t in ids),
                     "status": "checked" if cells or ids else "GAP"})
    return pd.DataFrame(rows, columns=["requirement", "statement", "notebook cells", "tests", "status"])


def _main(argv: list[str]) -> int:
    """``python -m twofa_sim.traceability [ROOT]``: write ROOT/:data:`TABLE_FILE`
    afresh; exit 1 when a requirement is a gap."""
    root = Path(argv[0] if argv else ".").resolve()
    target = root / TABLE_FILE
    notebooks, tests = trace(root)
    text = to_json(notebooks, tests)
    changed = not target.exists() or target.read_text(encoding="utf-8") != text
    if changed:
        target.write_text(text, encoding="utf-8")
    frame = table(notebooks, tests)
    gaps = frame[frame.status == "GAP"].requirement.tolist()
    print(f"{TABLE_FILE.as_posix()}: {'written' if changed else 'unchanged'}; {len(frame)} requirements, "
          f"{len(gaps)} gaps{': ' + ', '.join(gaps) if gaps else ''}")
    return 1 if gaps else 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
