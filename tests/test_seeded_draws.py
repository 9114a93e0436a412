"""Seeded draws stay the draws they were: the same seed gives the same
numbers as :meth:`random.Random.randrange`, so secrets, backup codes and
tables stay byte-identical."""

from __future__ import annotations

import random

from hypothesis import given, strategies as st

from twofa_sim.bounds import SEEDS
from twofa_sim.entropy import SeededEntropy, choose


@given(seed=st.integers(*SEEDS), bounds=st.lists(st.integers(1, 2**130), min_size=1, max_size=40))
def test_randbelow_draws_what_randrange_draws(seed, bounds):
    ours, reference = SeededEntropy(seed), random.Random(seed)
    assert [ours.randbelow(n) for n in bounds] == [reference.randrange(n) for n in bounds]
    assert ours.token_bytes(8) == reference.randbytes(8)  # and the stream goes on from the same point


@given(seed=st.integers(0, 2**32), alphabet=st.text(min_size=1, max_size=40), length=st.integers(0, 30))
def test_choose_picks_symbols_in_draw_order(seed, alphabet, length):
    reference = random.Random(seed)
    assert choose(SeededEntropy(seed), alphabet, length) == "".join(
        alphabet[reference.randrange(len(alphabet))] for _ in range(length))
