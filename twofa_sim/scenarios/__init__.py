"""Edge cases of the 2FA flow as YAML scenario files, run through an adapter.

* :mod:`.format`: the file format (documented there) and its frozen dataclasses;
* :mod:`.loader`: reads a file, every problem a :class:`ScenarioError` with file, line and field;
* :mod:`.adapter`: the protocol a system under test offers, one method per action;
* :mod:`.engine_adapter`: the simulated :class:`~twofa_sim.portal.Portal` as an adapter;
* :mod:`.belongings`: what a simulated person holds (phone app, texts, written-down backup codes);
* :mod:`.nodes`, :mod:`.steps`: YAML read with line numbers, and one step checked;
* :mod:`.runner`: runs a scenario, giving a table of expected vs observed per step;
* :mod:`.cli`: ``python -m twofa_sim run scenarios/``.
"""

from .adapter import NotSupported, Observed, ScenarioAdapter, StepError
from .errors import ScenarioError
from .format import Expectation, Scenario, Step, User
from .loader import load, loads
from .runner import RunResult, run

__all__ = ["NotSupported", "Observed", "ScenarioAdapter", "StepError", "ScenarioError", "Expectation",
           "Scenario", "Step", "User", "load", "loads", "RunResult", "run"]
