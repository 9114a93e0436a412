"""``python -m twofa_sim run scenarios/``: run edge-case scenario files.

See :mod:`twofa_sim.scenarios.cli` for the options and exit codes.
"""

from .scenarios.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
