"""``python -m twofa_sim run scenarios/``: run edge-case scenario files;
``python -m twofa_sim conform --target django scenarios/``: run them on a
real implementation too.

See :mod:`twofa_sim.scenarios.cli` and :mod:`twofa_sim.conformance.cli` for
the options and exit codes.
"""

from .scenarios.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
