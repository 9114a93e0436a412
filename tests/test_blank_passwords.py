"""A password of only blanks is no password, whether a user is added or a
password changed: one rule for both."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from twofa_sim import Outcome, Reason
from twofa_sim.accounts import is_blank_password
from twofa_sim.demo import Demo
from twofa_sim.errors import UserDetailsError

BLANKS = st.text(st.sampled_from(" \t\n\u00a0\u2003\u3000"), min_size=0, max_size=12)


def test_a_password_of_three_spaces_is_refused_when_adding_a_user_and_when_changing_one():
    demo = Demo.create(seed=1)
    with pytest.raises(UserDetailsError, match="must not be empty"):
        demo.portal.add_user("bea@example.com", "   ", "Bea")
    assert demo.portal.users() == [demo.login]  # nobody was added
    result = demo.portal.change_password(demo.login, demo.password, "   ")
    assert (result.outcome, result.reason) == (Outcome.MALFORMED, Reason.BAD_FORMAT)


@given(BLANKS)
def test_blanks_alone_are_refused_by_both_doors(blanks):
    assert is_blank_password(blanks)
    demo = Demo.create(seed=2)
    with pytest.raises(UserDetailsError):
        demo.portal.add_user("bea@example.com", blanks, "Bea")
    assert demo.portal.change_password(demo.login, demo.password, blanks).outcome is Outcome.MALFORMED


@given(BLANKS, st.text(st.characters(blacklist_categories=("Cs", "Zs", "Cc")), min_size=1, max_size=8), BLANKS)
def test_blanks_around_a_character_make_a_password_that_both_doors_take(left, core, right):
    password = left + core + right
    assert not is_blank_password(password)
    demo = Demo.create(seed=2)
    demo.portal.add_user("bea@example.com", password, "Bea")
    assert demo.portal.change_password("bea@example.com", password, password + "!").outcome is Outcome.OK
