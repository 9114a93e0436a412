"""Flags as a notebook passes them: a value read from a boolean DataFrame
column or array is NumPy's ``bool_`` (``numpy.bool`` in NumPy 2). One rule
(:func:`twofa_sim.bounds.check_flag`): True and False, NumPy's included, are
flags and are kept as a plain ``bool``; anything else is refused with a
typed error that names the parameter and the type passed. Every flag
parameter of every public callable goes through it.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import test_hostile_everywhere as hostile
import test_whole_numbers as numbers
from twofa_sim.bounds import check_flag, flag, kind
from twofa_sim.errors import InputTypeError, PolicyError, TwofaSimError
from twofa_sim.presets import SEED_PORTAL

ROOT = Path(__file__).resolve().parent.parent

#: Values that are not flags, as a notebook might pass them by mistake.
NOT_FLAGS = st.one_of(
    st.none(), st.integers(-2, 2), st.integers(), st.floats(allow_nan=True), st.text(max_size=6),
    st.sampled_from(["True", "false", "yes", ""]), st.binary(max_size=3), st.lists(st.booleans(), max_size=2),
    st.sampled_from([np.int64(1), np.int8(0), np.float64(1.0), np.array([True]), np.array(True), 1j]),
)


# --------------------------------------------------------------------------- the example

def test_a_flag_read_from_a_dataframe_ticks_the_remember_box():
    """What a notebook user writes: the remember box from a boolean column."""
    import pandas as pd

    wanted = pd.DataFrame({"remember": [True, False]}).remember[0]
    assert type(wanted) is np.bool_ and kind(wanted) in ("numpy.bool", "numpy.bool_")
    results = []
    for remember in (wanted, True):
        w = hostile.make_world()
        result = w.portal.login(hostile.LOGIN, hostile.PASSWORD, w.app.code(), w.browser, remember=remember)
        results.append((result.outcome, w.portal.status(hostile.LOGIN).remembered_devices))
    assert results[0] == results[1] and results[0][1] == 1


def test_a_policy_keeps_a_numpy_flag_as_a_plain_bool():
    policy = SEED_PORTAL.replace(replay_protection=np.bool_(False), name="p")
    assert policy == SEED_PORTAL.replace(replay_protection=False, name="p")
    assert type(policy.replay_protection) is bool and repr(policy) == repr(SEED_PORTAL.replace(
        replay_protection=False, name="p"))


@pytest.mark.parametrize("value, named", [(np.int64(1), "numpy.int64"), (1, "int"), ("True", "str"),
                                          (None, "NoneType"), (np.array([True]), "numpy.ndarray")])
def test_anything_else_is_refused_naming_the_parameter_and_the_type(value, named):
    w = hostile.make_world()
    before = w.snapshot()
    with pytest.raises(InputTypeError, match=rf"^remember must be True or False, not {re.escape(named)}$"):
        w.portal.login(hostile.LOGIN, hostile.PASSWORD, w.app.code(), w.browser, remember=value)
    with pytest.raises(PolicyError, match=rf"^drift_learning must be True or False, not {re.escape(named)}$"):
        SEED_PORTAL.replace(drift_learning=value)
    assert w.snapshot() == before


#: Checks of a bool outside the rule, each with the reason.
OWN_BOOL_CHECKS = {
    "twofa_sim/scenarios/nodes.py": "a scenario file's true/false field: YAML gives a Python bool or something "
                                    "else, and the message speaks of the file (\"must be true or false\")",
}


def test_the_flag_rule_is_written_once():
    """No module but bounds.py checks a flag its own way (``not isinstance(x, bool)``)
    or words its own "must be True or False" message."""
    own = []
    for path in sorted((ROOT / "twofa_sim").rglob("*.py")):
        where = str(path.relative_to(ROOT))
        if path.name == "bounds.py" or where in OWN_BOOL_CHECKS:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\b(if|or) not isinstance\([^()]*,\s*bool\)", line) or re.search(r"\"[^\"]*must be True or False", line):
                own.append(f"{where}:{n}: {line.strip()}")
    assert own == [], "flags checked outside bounds.check_flag:\n" + "\n".join(own)


# --------------------------------------------------------------------------- the rule, as properties

@given(value=st.one_of(st.booleans(), st.booleans().map(np.bool_)))
def test_every_flag_is_the_plain_bool_it_holds(value):
    checked = check_flag(value, "x")
    assert type(checked) is bool and checked == bool(value) and flag(value) is checked


@given(value=NOT_FLAGS, name=st.sampled_from(["remember", "qr", "keep_events"]))
def test_nothing_else_is_a_flag(value, name):
    assert flag(value) is None
    with pytest.raises(InputTypeError) as refused:
        check_flag(value, name)
    assert str(refused.value) == f"{name} must be True or False, not {kind(value)}"


# --------------------------------------------------------------------------- every public callable

@functools.cache
def flag_parameters() -> tuple[tuple[object, tuple, str], ...]:
    """(target, its parameters, a parameter whose valid value or default is a bool), for every public callable."""
    return numbers.parameters_where(lambda value: type(value) is bool)


def test_the_flag_parameters_are_found():
    names = {f"{target.qualname}({name})" for target, _, name in flag_parameters()}
    assert {"portal.Portal.login(remember)", "policy.Policy(replay_protection)", "demo.Demo.create(enrolled)",
            "provisioning.parse_uri(allow_legacy)", "review.review(acceptance)"} <= names
    assert len(names) > 30


@settings(max_examples=150)
@given(data=st.data(), value=NOT_FLAGS)
def test_every_flag_parameter_refuses_what_is_not_a_flag_naming_itself(data, value):
    target, params, name = data.draw(st.sampled_from(flag_parameters()), label="parameter")
    w, before, state, answer = numbers.call_with(target, params, name, value)
    assert state == "raised" and isinstance(answer, TwofaSimError), (target.qualname, name, state, answer)
    assert f"{name} must be True or False, not {kind(value)}" in str(answer)
    assert type(answer) is (PolicyError if target.qualname == "policy.Policy" else InputTypeError)
    assert w.snapshot() == before


def test_every_flag_parameter_answers_a_numpy_bool_as_the_plain_bool_it_holds():
    """Each flag parameter gets NumPy's bool_ instead, in a fresh world of the
    same seed: the answer (its repr), or the refusal, is the same."""
    failures = []
    for target, params, name in flag_parameters():
        expected = numbers._answer(target, params)
        if (got := numbers._answer(target, params, name, np.bool_)) != expected:
            failures.append(f"{target.qualname}({name}=np.bool_): {got} instead of {expected}"[:400])
    assert not failures, f"{len(failures)} answers differ:\n" + "\n".join(failures)
