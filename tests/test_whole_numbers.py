"""Whole numbers and numbers as a notebook passes them: a value read from a
DataFrame or an array is a NumPy scalar (``np.int64``, ``np.float64``).
One rule (:mod:`twofa_sim.bounds`): any integer but a bool is a whole
number and is kept as a plain ``int``; any real number but a bool is a
number, kept as a plain ``int`` or ``float``; a float is never a whole
number. So a NumPy integer works wherever the same Python int works, with
the same answer, reprs and tables; a float where a whole number is asked is
refused with a typed error.
"""

from __future__ import annotations

import inspect
import json
import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, strategies as st

import test_hostile_everywhere as hostile
from twofa_sim.bounds import check_number, check_whole, number, whole, within
from twofa_sim.errors import InputTypeError, PolicyError, QRCodeError, SimulationError
from twofa_sim.population import TYPICAL, Population, simulate_population
from twofa_sim.policy import Policy
from twofa_sim.presets import SEED_PORTAL
from twofa_sim.qr import render_png

INTEGER_TYPES = (np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64)
FLOAT_TYPES = (float, np.float16, np.float32, np.float64)


# --------------------------------------------------------------------------- the example

def test_a_population_run_takes_its_numbers_from_a_dataframe():
    """What a notebook user writes: sizes read from a DataFrame, a seed from an array."""
    frame = pd.DataFrame({"users": [20, 40], "days": [1, 2]})
    run = simulate_population(SEED_PORTAL, TYPICAL.replace(users=frame.users.max()), days=frame.days.max(),
                              seed=np.arange(5)[3], path="fast")
    plain = simulate_population(SEED_PORTAL, TYPICAL.replace(users=40), days=2, seed=3, path="fast")
    assert type(run.population.users) is int and type(run.days) is int and type(run.seed) is int
    assert repr(run.population) == repr(plain.population)
    assert run.summary == plain.summary and json.dumps(run.summary) == json.dumps(plain.summary)
    pd.testing.assert_frame_equal(run.users, plain.users)


def test_a_policy_keeps_numpy_settings_as_plain_numbers():
    policy = SEED_PORTAL.replace(lockout_failures=np.int64(5), backoff_seconds=np.float64(1.5), name="p")
    plain = SEED_PORTAL.replace(lockout_failures=5, backoff_seconds=1.5, name="p")
    assert policy == plain and repr(policy) == repr(plain)
    assert type(policy.lockout_failures) is int and type(policy.backoff_seconds) is float
    assert json.dumps(policy.settings()) == json.dumps(plain.settings())


@pytest.mark.parametrize("make, error", [
    (lambda: Policy(digits=np.float64(6)), PolicyError),
    (lambda: Policy(digits=6.0), PolicyError),
    (lambda: Policy(lockout_failures=np.bool_(True)), PolicyError),
    (lambda: TYPICAL.replace(users=np.float64(500)), InputTypeError),
    (lambda: TYPICAL.replace(users=500.0), InputTypeError),
    (lambda: render_png("otpauth://totp/x?secret=GEZDGNBV", box_size=np.float64(2)), InputTypeError),
    (lambda: render_png("otpauth://totp/x?secret=GEZDGNBV", box_size=np.int64(99)), QRCodeError),
])
def test_a_float_or_a_bool_where_a_whole_number_is_asked_is_refused(make, error):
    with pytest.raises(error):
        make()


# --------------------------------------------------------------------------- the rule, as properties

@given(data=st.data(), kind=st.sampled_from(INTEGER_TYPES))
def test_every_numpy_integer_is_the_whole_number_it_holds(data, kind):
    info = np.iinfo(kind)
    n = data.draw(st.integers(int(info.min), int(info.max)))
    counted = whole(kind(n))
    assert counted == n and type(counted) is int
    assert number(kind(n)) == n and type(number(kind(n))) is int


@given(x=st.floats(allow_nan=True, allow_infinity=True), kind=st.sampled_from(FLOAT_TYPES))
def test_no_float_is_a_whole_number_and_every_float_is_a_plain_float(x, kind):
    with np.errstate(over="ignore"):  # a float16 holds up to 65,504: beyond, it is infinite
        value = kind(x)
    assert whole(value) is None and not within(value, (-10**30, 10**30))
    real = number(value)
    assert type(real) is float and (real == float(value) or math.isnan(real) and math.isnan(float(value)))
    with pytest.raises(InputTypeError):
        check_whole(value, "x", (-10**30, 10**30))


@pytest.mark.parametrize("value", [True, False, np.bool_(True), np.bool_(False), "5", b"5", None, [5], 5j])
def test_bools_text_and_containers_are_neither(value):
    assert whole(value) is None and number(value) is None


@given(n=st.integers(), low=st.integers(-1000, 1000), span=st.integers(0, 1000))
def test_check_whole_gives_the_same_answer_for_a_python_and_a_numpy_integer(n, low, span):
    bound = (low, low + span)
    outcomes = []
    for value in (n, np.int64(n)) if -2**63 <= n < 2**63 else (n,):
        try:
            outcomes.append(("ok", check_whole(value, "n", bound)))
        except SimulationError as exc:
            outcomes.append(("refused", str(exc)))
    assert len(set(outcomes)) == 1
    assert outcomes[0][0] == ("ok" if low <= n <= low + span else "refused")


@given(x=st.floats(-6e4, 6e4), kind=st.sampled_from(FLOAT_TYPES))
def test_check_number_keeps_the_value_of_any_float_kind(x, kind):
    assert check_number(kind(x), "x", (-1e6, 1e6)) == float(kind(x))


_POLICY_WHOLE = sorted(f for f, v in SEED_PORTAL.settings().items()
                       if type(getattr(SEED_PORTAL, f)) is int and f != "backoff_seconds")
_POPULATION_WHOLE = ("users", "max_tries", "sms_sends")


def _outcome(make):
    try:
        made = make()
    except (PolicyError, SimulationError, InputTypeError) as exc:
        return type(exc).__name__, str(exc)
    return "ok", repr(made)


@given(name=st.sampled_from(_POLICY_WHOLE), n=st.integers(-10, 5000), kind=st.sampled_from(INTEGER_TYPES[3:4]))
def test_a_policy_setting_answers_a_numpy_integer_as_the_same_int(name, n, kind):
    assert _outcome(lambda: SEED_PORTAL.replace(**{name: kind(n)})) == _outcome(lambda: SEED_PORTAL.replace(**{name: n}))


@given(name=st.sampled_from(_POPULATION_WHOLE), n=st.integers(-10, 5000),
       kind=st.sampled_from((np.int64, np.int32, np.uint32)))
def test_a_population_field_answers_a_numpy_integer_as_the_same_int(name, n, kind):
    if n < 0 and kind is np.uint32:
        n = -n
    assert _outcome(lambda: Population(**{name: kind(n)})) == _outcome(lambda: Population(**{name: n}))


# --------------------------------------------------------------------------- every public callable

_ADDRESS = re.compile(r" at 0x[0-9a-f]+")

#: Callables whose answers are compared by kind only (answered or refused how), with the reason.
KIND_ONLY: dict[str, str] = {
    **{f"entropy.SystemEntropy.{m}": "the OS's randomness: two calls differ whatever the arguments"
       for m in ("gauss", "randbelow", "token_bytes", "random")},
    "factors.base.Context": "a plain record (named tuple) the engine makes from its own clock and checked "
                            "values; it stores what it is given",
}


def _numpy_twin(value: object):
    """The NumPy scalar a DataFrame would hand out for ``value`` (None when there is none)."""
    if whole(value) is not None and -2**63 <= value < 2**63:
        return np.int64(value)
    if type(value) is float:
        return np.float64(value)
    return None


def _values(target, params, w) -> dict:
    """The values the hostile sweep calls ``target`` with in world ``w``:
    valid ones for the parameters without a default, its small settings or
    the defaults for the others (empty when the sweep's tables have no valid
    value for a parameter: the sweep only ever passes it hostile values)."""
    try:
        values = {p.name: hostile._valid_value(w, target.qualname, p.name) for p in params
                  if p.default is inspect.Parameter.empty}
    except LookupError:
        return {}
    values.update({n: small() for (q, n), small in hostile.SMALL.items() if q == target.qualname})
    return {p.name: values.get(p.name, p.default) for p in params}


def parameters_where(accept) -> tuple[tuple[object, tuple, str], ...]:
    """(target, its parameters, a parameter name) for every public callable's
    parameter whose valid value or default ``accept`` takes (``accept(value)``
    true), less the hostile sweep's exclusions and skips."""
    found = []
    w = hostile.make_world()
    for target in hostile.public_callables():
        if target.qualname in hostile.EXCLUDED:
            continue
        params = tuple(p for p in hostile._parameters(target) if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD))
        for name, value in _values(target, params, w).items():
            if accept(value) and (target.qualname, name) not in hostile.SKIPPED:
                found.append((target, params, name))
    return tuple(found)


def call_with(target, params, name: str, value: object) -> tuple:
    """Call ``target`` in a fresh world with its valid values and ``name`` set
    to ``value``: (the world, its snapshot before the call, the watchdog's
    state, the answer or the refusal)."""
    w = hostile.make_world()
    kwargs = _values(target, params, w)
    kwargs[name] = value
    before = w.snapshot()
    state, answer = hostile.run_with_watchdog(lambda: hostile._bound(target, w)(**kwargs))
    return w, before, state, answer


def _answer(target, params, twin_of: str | None = None, twin=_numpy_twin) -> tuple:
    """What ``target`` answers in a fresh world (with parameter ``twin_of``
    given as ``twin`` makes it, by default its NumPy twin): its repr without
    memory addresses, or the refusal's type and message."""
    w = hostile.make_world()
    kwargs = _values(target, params, w)
    if twin_of is not None:
        kwargs[twin_of] = twin(kwargs[twin_of])
    state, value = hostile.run_with_watchdog(lambda: hostile._bound(target, w)(**kwargs))
    if state == "ok":
        return ("ok",) if target.qualname in KIND_ONLY else ("ok", _ADDRESS.sub("", repr(value)))
    return state, type(value).__name__, _ADDRESS.sub("", str(value))


def test_every_public_callable_answers_a_numpy_scalar_as_the_plain_number_it_holds():
    """Each parameter whose valid value (from the hostile sweep's tables) is
    an int or a float gets its NumPy twin instead, in a fresh world of the
    same seed: the answer (its repr), or the refusal, is the same."""
    failures, swept = [], 0
    for target in hostile.public_callables():
        if target.qualname in hostile.EXCLUDED:
            continue
        params = [p for p in hostile._parameters(target) if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
        numeric = [name for name, value in _values(target, params, hostile.make_world()).items()
                   if _numpy_twin(value) is not None and (target.qualname, name) not in hostile.SKIPPED]
        if not numeric:
            continue
        expected = _answer(target, params)
        for name in numeric:
            swept += 1
            if (got := _answer(target, params, name)) != expected:
                failures.append(f"{target.qualname}({name}=NumPy twin): {got} instead of {expected}"[:400])
    assert swept > 100, f"only {swept} numeric parameters found: the sweep's tables changed"
    assert not failures, f"{len(failures)} answers differ:\n" + "\n".join(failures)
