"""Huge numbers: Python refuses to turn an int of more than 4,300 digits
into text (``ValueError: Exceeds the limit (4300 digits) for integer string
conversion``), so a message that quotes such a number fails while it is
being written. One rule shows a caller's value in a message
(:func:`twofa_sim.bounds.shown`): a whole number of 21 digits or more is
"a huge number". Every public callable refuses a huge number with a typed
error saying so, whatever its size.
"""

from __future__ import annotations

import functools
import re

import pytest
from hypothesis import example, given, settings, strategies as st

import test_hostile_everywhere as hostile
import test_whole_numbers as numbers
from twofa_sim import DeviceClock, Portal, VirtualClock
from twofa_sim.bounds import SHOWN_CHARS, shown
from twofa_sim.errors import TwofaSimError
from twofa_sim.provisioning import Provisioning
from twofa_sim.secret import import_secret

B = 10**5000

#: Whole numbers from 21 digits to well past Python's 4,300-digit limit, either sign.
HUGE = st.builds(lambda digits, extra, sign: sign * (10 ** (digits - 1) + extra),
                 st.integers(21, 6000), st.integers(0, 10**6), st.sampled_from([1, -1]))

#: A message quotes no number of 22 digits or more.
LONG_NUMBER = re.compile(r"\d{22}")


# --------------------------------------------------------------------------- the example

def _trial(n: int) -> dict:
    """The calls of a new user's trial, each given ``n``."""
    portal = Portal.simulated(seed=1)
    portal.add_user("alice@example.com", "pw", "Alice")
    secret = import_secret("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
    return {
        "Portal.acceptance": lambda: portal.acceptance("alice@example.com", n),
        "DeviceClock": lambda: DeviceClock(VirtualClock(0), n),
        "Provisioning": lambda: Provisioning(secret, "I", "a", n),
        "SmsGateway.configure": lambda: portal.gateway.configure(loss_rate=n),
    }


@pytest.mark.parametrize("call", ["Portal.acceptance", "DeviceClock", "Provisioning", "SmsGateway.configure"])
@pytest.mark.parametrize("n", [B, -B], ids=["10**5000", "-10**5000"])
def test_a_number_of_5001_digits_is_refused_as_a_huge_number(call, n):
    with pytest.raises(TwofaSimError, match="a huge number"):
        _trial(n)[call]()


# --------------------------------------------------------------------------- the rule, as properties

@given(n=st.one_of(st.integers(), HUGE))
@example(n=10**21 - 1)
@example(n=-10**21)
def test_a_whole_number_shows_its_digits_until_it_has_21(n):
    assert shown(n) == (str(n) if abs(n) < 10**21 else "a huge number")


@given(value=st.one_of(HUGE, st.integers(), st.floats(allow_nan=True), st.text(), st.binary(),
                       st.lists(HUGE, max_size=2), st.dictionaries(st.text(max_size=3), HUGE, max_size=2),
                       st.none(), st.booleans()))
@example(value=[B])
@example(value="7" * 10**6)
def test_any_value_shows_in_a_short_line(value):
    """A number in at most 24 characters (``-1.7976931348623157e+308``), anything
    else in at most SHOWN_CHARS, a container of huge numbers included."""
    text = shown(value)
    assert isinstance(text, str) and len(text) <= SHOWN_CHARS
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        assert len(text) <= 24 and not LONG_NUMBER.search(text)


# --------------------------------------------------------------------------- every public callable

@functools.cache
def number_parameters() -> tuple[tuple[object, tuple, str], ...]:
    """(target, its parameters, a parameter whose valid value or default is a number), for every public callable."""
    return numbers.parameters_where(lambda value: numbers._numpy_twin(value) is not None)


def test_the_number_parameters_are_found():
    names = {f"{target.qualname}({name})" for target, _, name in number_parameters()}
    assert {"portal.Portal.acceptance(margin)", "clock.DeviceClock(offset)", "provisioning.Provisioning(digits)",
            "gateway.GatewaySettings(loss_rate)"} <= names
    assert len(names) > 100


@settings(max_examples=200)
@given(data=st.data(), huge=st.one_of(HUGE, st.sampled_from([1e308, -1e308])))
def test_every_number_parameter_answers_a_huge_number_typed_and_in_short_words(data, huge):
    target, params, name = data.draw(st.sampled_from(number_parameters()), label="parameter")
    w, before, state, answer = numbers.call_with(target, params, name, huge)
    assert state in ("ok", "raised"), (target.qualname, name, "no answer")
    if state == "raised":
        assert isinstance(answer, TwofaSimError), (target.qualname, name, type(answer).__name__, str(answer)[:200])
        assert not LONG_NUMBER.search(str(answer)), (target.qualname, name, str(answer)[:200])
        assert w.snapshot() == before
