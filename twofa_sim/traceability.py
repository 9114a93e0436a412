"""Traceability: every requirement → the notebook cells and tests whose
checks ran for it.

* Notebook cells come from each executed notebook's saved ``checked:`` line
  (printed by :func:`twofa_sim.checks.summary`; nbval re-runs every notebook
  and compares that output, so it cannot go stale unnoticed).
* Tests come from running the tests marked ``requirement`` in a fresh
  pytest process with :mod:`twofa_sim.trace_plugin`, which records the
  checks each test ran.

A requirement with neither is a gap.
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
    """Requirement → test ids, by running ``pytest -m requirement`` on ``tests``."""
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "trace.json"
        env = dict(os.environ, **{OUT_ENV: str(out)})
        cmd = [sys.executable, "-m", "pytest", str(tests), "-m", "requirement", "-q", "-p", "no:cacheprovider",
               "-p", "twofa_sim.trace_plugin", "-o", "addopts="]
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, cwd=Path(tests).parent)
        if done.returncode != 0 or not out.exists():
            raise RuntimeError(f"the requirement tests failed (exit {done.returncode}):\n{done.stdout[-2000:]}")
        return json.loads(out.read_text())


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
