"""Browser ids are text a person can read: what goes into the audit trail
and the devices table cannot pass for other text."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, strategies as st

from twofa_sim import Browser
from twofa_sim.demo import Demo
from twofa_sim.errors import InputTypeError
from twofa_sim.browser import MAX_ID_CHARS
from twofa_sim.normalise import INVISIBLE_CATEGORIES


def test_a_newline_in_a_browser_id_is_refused_and_the_message_names_the_code_point_not_the_text():
    with pytest.raises(InputTypeError, match="U\\+000A") as caught:
        Browser("laptop\nbrowser=forged")
    assert "forged" not in str(caught.value)


def test_a_readable_id_reaches_the_audit_trail_as_given():
    demo = Demo.create(seed=3, enrolled=True)
    demo.portal.begin_login(demo.login, demo.password, Browser("Alice's laptop (Firefox)"))
    assert "browser=Alice's laptop (Firefox)" in demo.portal.audit.to_frame()["details"].iloc[-1]


visible = st.text(st.characters(blacklist_categories=tuple(INVISIBLE_CATEGORIES)), min_size=1, max_size=MAX_ID_CHARS)
invisible = st.characters(whitelist_categories=tuple(INVISIBLE_CATEGORIES))


@given(visible)
def test_readable_ids_are_kept_as_given(name):
    assert Browser(name).browser_id == name


@given(visible, invisible, st.integers(min_value=0))
def test_an_id_with_any_invisible_character_is_refused(name, ch, where):
    at = where % (len(name) + 1)
    spliced = name[:at] + ch + name[at:]
    assert unicodedata.category(ch) in INVISIBLE_CATEGORIES
    with pytest.raises(InputTypeError):
        Browser(spliced)
