"""Codes typed with any script's digits are read as the same digits, as phone
numbers are (the phone number library reads every Unicode decimal digit)."""

from __future__ import annotations

import sys
import unicodedata

from hypothesis import given, strategies as st

from twofa_sim import Outcome
from twofa_sim.demo import Demo
from twofa_sim.phone import parse_cell_phone
from twofa_sim.normalise import Typed, fold_digits

#: The zero of every run of ten Unicode decimal digits.
ZEROS = [cp for cp in range(sys.maxunicode + 1) if unicodedata.category(chr(cp)) == "Nd"
         and unicodedata.decimal(chr(cp)) == 0]


def test_a_code_typed_in_devanagari_digits_signs_in_like_its_ascii_twin():
    demo = Demo.create(seed=5, enrolled=True)
    code = demo.app.code()
    typed = code.translate({ord("0") + i: 0x0966 + i for i in range(10)})  # ० to ९
    assert typed != code and fold_digits(typed) == code
    result = demo.portal.login(demo.login, demo.password, typed, demo.browser)
    assert result.outcome is Outcome.OK


def test_the_code_field_and_the_phone_field_read_the_same_digits():
    digits = "३१२ ३४५ ६७८९"
    assert parse_cell_phone("IT", digits).e164 == parse_cell_phone("IT", "312 345 6789").e164
    assert Typed.of("३१२३४५").code == "312345"


@given(st.lists(st.integers(0, 9), min_size=1, max_size=10), st.lists(st.sampled_from(ZEROS), min_size=1, max_size=10))
def test_every_script_folds_to_the_digits_of_the_same_value(values, zeros):
    typed = "".join(chr(zeros[i % len(zeros)] + v) for i, v in enumerate(values))
    assert fold_digits(typed) == "".join(map(str, values))


@given(st.text(st.characters(blacklist_categories=("Nd", "Cs")), max_size=20))
def test_text_without_digits_is_left_as_it_is(text):
    assert fold_digits(text) == text
