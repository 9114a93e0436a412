"""Seeds: one rule (:func:`twofa_sim.entropy.check_seed`), a whole number
from 0 to 2**63 − 1, NumPy's integers included, checked before anything is
built. Every public callable that takes a seed refuses a bad one with the
rule's own typed error and message, and takes a NumPy integer as the plain
int it holds (the same secrets, codes and tables).
"""

from __future__ import annotations

import functools
import inspect

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import test_hostile_everywhere as hostile
from twofa_sim import Portal, SeededEntropy
from twofa_sim.bounds import SEEDS
from twofa_sim.demo import Demo
from twofa_sim.entropy import check_seed
from twofa_sim.errors import InputTypeError, SimulationError, TwofaSimError
from twofa_sim.sweeps import acceptance_grid
from twofa_sim.ui import PopulationPanel

#: Callables that must be found taking a seed (the discovery below finds these and any new one).
KNOWN = {
    "entropy.SeededEntropy", "entropy.check_seed", "entropy.derived_seed", "portal.Portal.simulated",
    "demo.Demo.create", "population.simulate.simulate_population", "attacks.guessing.guessing_table",
    "attacks.guessing.guessing_by_preset", "attacks.guessing.online_guessing", "attacks.denial.lockout_denial",
    "attacks.sim_swap.sim_swap", "attacks.replay.replay_same_code", "attacks.replay.replay_table",
    "attacks.replay.relay_table", "attacks.remembered.remembered_token_theft",
    "sweeps.acceptance.acceptance_grid", "sweeps.clock_offset.clock_offset_sweep", "sweeps.windows.window_acceptance",
    "scenarios.engine_adapter.EngineAdapter.open_world", "conformance.django_target.adapter.DjangoAdapter.open_world",
}

BAD_SEEDS = st.one_of(
    st.integers(max_value=-1), st.integers(min_value=2**63), st.booleans(), st.none(),
    st.floats(), st.text(max_size=3), st.binary(max_size=3),
    st.integers(-2**63, -1).map(np.int64), st.integers(2**63, 2**64 - 1).map(np.uint64),
    st.floats(allow_nan=False).map(np.float64), st.just(np.bool_(False)),
)


@functools.cache
def seed_takers() -> dict[str, object]:
    """Every public callable with a ``seed`` parameter (the hostile sweep's
    discovery, outside ``ui/``; the population panel added), as a function of
    the seed alone; the other arguments are the sweep's valid values, run small."""
    w = hostile.make_world()
    found = {}
    for target in hostile.public_callables():
        params = [p for p in hostile._parameters(target) if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
        if target.qualname in hostile.EXCLUDED or "seed" not in {p.name for p in params}:
            continue
        kwargs = {p.name: hostile._valid_value(w, target.qualname, p.name) for p in params
                  if p.default is inspect.Parameter.empty and p.name != "seed"}
        kwargs.update({n: small() for (q, n), small in hostile.SMALL.items() if q == target.qualname})
        found[target.qualname] = functools.partial(hostile._bound(target, w), **kwargs)
    found["ui.population_panel.PopulationPanel"] = PopulationPanel
    return found


def test_every_callable_that_takes_a_seed_is_found():
    assert KNOWN <= set(seed_takers()), f"not found: {KNOWN - set(seed_takers())}"


# --------------------------------------------------------------------------- the examples

def test_a_numpy_seed_gives_the_world_its_int_gives():
    ours, plain = Demo.create(seed=np.int64(3), enrolled=True), Demo.create(seed=3, enrolled=True)
    assert ours.app.code() == plain.app.code() and ours.backup_codes == plain.backup_codes
    assert repr(ours.portal.entropy) == repr(plain.portal.entropy) == "SeededEntropy(seed=3)"


@pytest.mark.parametrize("seed, error, message", [
    (-1, SimulationError, "seed must be from 0 to 2**63 - 1, got -1"),
    (2**63, SimulationError, "seed must be from 0 to 2**63 - 1, got 9223372036854775808"),
    (True, InputTypeError, "seed must be a whole number (int), not bool"),
    (1.0, InputTypeError, "seed must be a whole number (int), not float"),
    ("3", InputTypeError, "seed must be a whole number (int), not str"),
])
def test_a_bad_seed_gets_the_same_error_from_a_portal_a_demo_and_a_sweep(seed, error, message):
    for call in (lambda: Portal.simulated(seed=seed), lambda: Demo.create(seed=seed),
                 lambda: acceptance_grid(seed=seed, offsets=[0], delays=[0])):
        with pytest.raises(error) as raised:
            call()
        assert str(raised.value) == message


def test_a_negative_seed_no_longer_draws_what_its_absolute_value_draws():
    with pytest.raises(SimulationError):
        SeededEntropy(-5)  # random.Random(-5) draws what random.Random(5) draws


# --------------------------------------------------------------------------- the properties

@settings(max_examples=30)
@given(seed=BAD_SEEDS)
def test_every_callable_that_takes_a_seed_refuses_a_bad_one_as_the_rule_does(seed):
    with pytest.raises(TwofaSimError) as rule:
        check_seed(seed)
    for name, call in seed_takers().items():
        try:
            call(seed=seed)
        except TwofaSimError as exc:
            assert (type(exc), str(exc)) == (type(rule.value), str(rule.value)), name
        else:
            pytest.fail(f"{name} took the seed {seed!r}")


@given(seed=st.integers(*SEEDS), kind=st.sampled_from((int, np.int64, np.uint64)))
def test_every_seed_in_range_is_taken_as_the_plain_int_it_holds(seed, kind):
    assert check_seed(kind(seed)) == seed and type(check_seed(kind(seed))) is int
    ours, plain = SeededEntropy(kind(seed)), SeededEntropy(seed)
    assert repr(ours) == repr(plain) and ours.token_bytes(16) == plain.token_bytes(16)
