"""How long each notebook takes under nbval, and how long ``import twofa_sim`` takes.

    .venv/bin/python benchmarks/notebook_times.py [NAME ...]

For each notebook in ``notebooks/`` (or the ones named), runs it under
strict nbval exactly as ``python3 dev.py test`` does (``-p nbval
--nbval-current-env`` with the project's sanitizer), one pytest process per
notebook, and prints the seconds pytest reports for the notebook ("passed
in"; a kernel's start-up included) beside the goal of 5 s. Then prints the
median wall time of ``python -c "import twofa_sim"`` over 5 runs.

Figures, not pass/fail: run one at a time on a quiet machine.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
GOAL_SECONDS = 5.0


def nbval_seconds(notebook: Path) -> tuple[float, str]:
    """Seconds pytest reports for ``notebook`` under nbval, and its last line."""
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "nbval", "--nbval", str(notebook), "--nbval-current-env",
           "--nbval-sanitize-with", str(ROOT / "tests" / "nbval_sanitize.cfg"), "-p", "no:cacheprovider"]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr.strip()[-200:]
    found = re.search(r"in ([0-9.]+)s", last)
    return (float(found.group(1)) if found else float("nan")), last


def import_seconds(runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import twofa_sim"], cwd=ROOT, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    every = sorted(NOTEBOOKS.glob("*.ipynb"))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help="notebooks to time, by name with or without .ipynb (default: every one in notebooks/: "
                             + ", ".join(n.stem for n in every) + ")")
    names = {Path(name).stem for name in parser.parse_args(argv).names}
    unknown = sorted(names - {n.stem for n in every})
    if unknown:
        parser.error(f"no notebook named {', '.join(unknown)} in notebooks/; the notebooks are "
                     + ", ".join(n.stem for n in every))
    chosen = [n for n in every if n.stem in names] if names else every
    total = 0.0
    for notebook in chosen:
        seconds, last = nbval_seconds(notebook)
        total += seconds
        mark = "ok" if seconds < GOAL_SECONDS else "over the goal"
        print(f"{notebook.stem:<22} {seconds:6.2f} s   ({mark}; {last})", flush=True)
    print(f"{'all notebooks':<22} {total:6.2f} s")
    print(f"{'import twofa_sim':<22} {import_seconds():6.3f} s (median of 5, a fresh interpreter each)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
