"""Run one scenario on the engine and on a target, and judge each step.

A scenario runs three times, each through the scenario runner:

1. the engine under the file's own policy: the specification's own check
   (a failure here is the engine's, and fails the command);
2. the engine under the target's preset with the file's overrides;
3. the target under that same policy.

The target's step then gets one verdict (:func:`verdict`):

* ``conforms``: the target did what the file expects, or, where the file's
  expectation rests on its own preset (the engine under the target's
  preset does not meet it either), what the engine does under the same policy;
* ``differs``: otherwise;
* ``not supported``: the target cannot express the step, or cannot be
  configured to the scenario's policy;
* ``info``: a step the file does not judge (``wait``, ``sign_out``, ...).

Outcomes are compared. A reason is compared only when it is one the
target's adapter reads from the flow (its ``judged_reasons``, such as
"code required" against "remembered device"); the target's other reasons
exist only as the text it shows, so they are shown, not judged.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..errors import InputTypeError, TwofaSimError
from ..scenarios.adapter import NotSupported
from ..scenarios.errors import ScenarioError
from ..scenarios.format import Scenario
from ..scenarios.runner import RunResult, run
from .errors import TargetUnavailable
from .targets import Target

CONFORMS, DIFFERS, NOT_SUPPORTED, INFO = "conforms", "differs", "not supported", "info"
#: Every verdict, in the order reports count them.
VERDICTS = (CONFORMS, DIFFERS, NOT_SUPPORTED, INFO)
#: The columns of a comparison's rows (and of a report's frame).
COLUMNS = ["scenario", "file", "step", "line", "time (UTC)", "actor", "browser", "action", "input", "expected",
           "engine", "target", "verdict", "clause", "detail"]


@dataclass(frozen=True)
class Comparison:
    """One scenario on the engine and on a target.

    Attributes:
        scenario: the scenario as loaded (its own policy).
        target: the target it ran against.
        own: the engine under the scenario's own policy.
        engine: the engine under the target's preset (None when that policy
            cannot be built).
        target_run: the target's run (None when it could not run the scenario).
        note: why the target could not run it ("" when it did).
        rows: one dict per step, keys :data:`COLUMNS`.
    """

    scenario: Scenario
    target: Target
    own: RunResult
    engine: RunResult | None
    target_run: RunResult | None
    note: str
    rows: tuple[dict, ...]

    @property
    def engine_passed(self) -> bool:
        """True when the engine meets the file under the file's own policy."""
        return self.own.passed

    def counts(self) -> dict[str, int]:
        """How many steps got each verdict."""
        verdicts = [row["verdict"] for row in self.rows]
        return {v: verdicts.count(v) for v in VERDICTS}


def compare(scenario: Scenario, target: Target) -> Comparison:
    """Run ``scenario`` on the engine (its own policy, then the target's
    preset) and on ``target``, and judge each step.

    Raises:
        ScenarioError: the file cannot be run on the engine under its own
            policy (an unknown reason, a user who cannot be set up, a time
            before the clock's).
        TargetUnavailable: the target's packages are not installed, or it
            cannot run in this process.
        InputTypeError: ``scenario`` is not a Scenario or ``target`` not a Target.
    """
    from ..scenarios.engine_adapter import EngineAdapter

    if not isinstance(scenario, Scenario):
        raise InputTypeError(f"scenario must be a Scenario (from load or loads), got {type(scenario).__name__}")
    if not isinstance(target, Target):
        raise InputTypeError(f"target must be a Target (from TARGETS), got {type(target).__name__}")
    own = run(scenario, EngineAdapter())
    shared = dataclasses.replace(scenario, preset=target.preset)
    engine = target_run = None
    note = ""
    try:
        engine = own if scenario.preset == target.preset else run(shared, EngineAdapter())
    except (ScenarioError, TwofaSimError) as exc:
        note = f"the scenario cannot run under {target.preset}: {exc}"
    if engine is not None:
        try:
            target_run = run(shared, target.make_adapter())
        except TargetUnavailable:
            raise
        except NotSupported as exc:
            note = str(exc)
        except TwofaSimError as exc:  # a set-up the target refused, a time the target's clock had passed
            note = f"the target could not run the scenario: {exc}"
    return Comparison(scenario, target, own, engine, target_run, note, tuple(_rows(scenario, own, engine,
                                                                                    target_run, note, target)))


def verdict(expected: tuple[str, str | None] | None, engine: str, target: str,
            judged: frozenset[str] | set[str] = frozenset()) -> str:
    """The verdict on one step of the target.

    Args:
        expected: the file's (outcome, reason or None), or None for a step it does not judge.
        engine, target: what each did, as a runner's table shows it:
            ``"accepted (code required)"``, ``"refused"``, ``"not supported"``, ``"error"``.
        judged: the reasons compared (those the target's adapter reads from the flow).

    Returns:
        One of :data:`VERDICTS`.

    Raises:
        InputTypeError: an argument of the wrong kind.
    """
    if expected is not None and (not isinstance(expected, tuple) or len(expected) != 2
                                 or not isinstance(expected[0], str)
                                 or not (expected[1] is None or isinstance(expected[1], str))):
        raise InputTypeError("expected must be (outcome, reason or None), or None")
    if not isinstance(engine, str) or not isinstance(target, str):
        raise InputTypeError("engine and target must be what a runner's table shows (text)")
    if isinstance(judged, str) or not isinstance(judged, (set, frozenset)) or not all(isinstance(r, str)
                                                                                          for r in judged):
        raise InputTypeError("judged must be a set of reasons (text)")
    if target == NOT_SUPPORTED:
        return NOT_SUPPORTED
    if expected is None:
        return INFO
    wanted = expected
    did, engine_did = _split(target), _split(engine)
    if _matches(did, wanted, judged):
        return CONFORMS
    if engine_did is not None and not _matches(engine_did, wanted, judged) and _matches(did, engine_did, judged):
        return CONFORMS
    return DIFFERS


#: The note on a step where the target conforms but the engine, under the
#: preset that describes the target, answers otherwise: the preset does not
#: model the target there (a finding about the preset, not the target).
MODEL_GAP = "the preset does not model the target here"


def _outcome(shown: str) -> str | None:
    split = _split(shown)
    return None if split is None else split[0]


def _split(shown: str) -> tuple[str, str | None] | None:
    """``"accepted (code required)"`` → ("accepted", "code required"); None for no observation."""
    if shown in ("", NOT_SUPPORTED, "error"):
        return None
    outcome, _, rest = shown.partition(" (")
    return outcome, (rest[:-1] if rest.endswith(")") else rest) or None


def _matches(did: tuple[str, str | None] | None, wanted: tuple[str, str | None], judged) -> bool:
    if did is None or did[0] != wanted[0]:
        return False
    if wanted[1] is None:
        return True
    if wanted[1] in judged or did[1] in judged:
        return did[1] == wanted[1]
    return True


def _rows(scenario: Scenario, own: RunResult, engine: RunResult | None, target_run: RunResult | None, note: str,
          target: Target) -> list[dict]:
    judged = target.judged_reasons()
    base = (engine or own).table.to_dict("records")
    done = target_run.table.to_dict("records") if target_run is not None else [None] * len(base)
    rows, differed = [], False
    for step, mine, theirs in zip(scenario.steps, base, done):
        expect = step.expect
        expected = None if expect is None else (expect.outcome, expect.reason)
        engine_shown = mine["observed"] if engine is not None else "not supported"
        target_shown = theirs["observed"] if theirs is not None else NOT_SUPPORTED
        detail = theirs["detail"] if theirs is not None else note
        judgement = verdict(expected, engine_shown if engine is not None else "", target_shown, judged)
        notes = []
        if engine is not None and expected is not None and not _matches(_split(engine_shown), expected, judged):
            notes.append(f"under {target.preset} the engine gives {engine_shown}; the file expects "
                         f"{mine['expected']} under {scenario.preset}")
        if judgement == CONFORMS and engine is not None and _outcome(engine_shown) != _outcome(target_shown):
            notes.append(f"{MODEL_GAP}: under {target.preset} the engine gives {engine_shown}, the target "
                         f"{target_shown}")
        if theirs is not None and engine is not None and theirs["time (UTC)"] != mine["time (UTC)"]:
            notes.append(f"the target's clock reads {theirs['time (UTC)']}")
        if differed and judgement != INFO:
            notes.append("after an earlier difference")
        differed = differed or judgement == DIFFERS
        rows.append({"scenario": scenario.name, "file": scenario.path, "step": step.index, "line": step.line,
                     "time (UTC)": mine["time (UTC)"], "actor": mine["actor"], "browser": mine["browser"],
                     "action": step.action, "input": mine["input"], "expected": mine["expected"],
                     "engine": engine_shown, "target": target_shown, "verdict": judgement,
                     "clause": mine["clause"], "detail": " ".join([str(detail)] + [f"({n})" for n in notes]).strip()})
    return rows

