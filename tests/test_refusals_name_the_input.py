"""A refusal names what the caller gave, in the caller's words. Demo.create
with ``enrolled=True`` lets a day pass after enrolment, so a start in the
clock's last day is refused up front, naming ``start`` and the room the day
needs (not an internal clock advance past 9999-12-31). A scenario step's
``second:`` gets one message for every second outside the time step, 30 as
much as 99.
"""

from __future__ import annotations


import pytest
from hypothesis import example, given, settings, strategies as st

from twofa_sim.bounds import shown
from twofa_sim.clock import MAX_EPOCH
from twofa_sim.demo import ENROLLED_DAY, Demo
from twofa_sim.errors import ClockError
from twofa_sim.scenarios import ScenarioError, loads

LATEST = MAX_EPOCH - ENROLLED_DAY

STEPS = """\
name: one step
users:
  - login: alice@example.com
    password: pw-alice
    secret: GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ
    enrolled: true
{policy}steps:
  - second: {second}
    action: password
    expect: {{outcome: accepted, reason: code required}}
"""


def _second(second: object, period: int = 30):
    policy = "" if period == 30 else f"policy:\n  overrides: {{period: {period}}}\n"
    return loads(STEPS.format(second=second, policy=policy), "step.yaml")


# --------------------------------------------------------------------------- the examples

def test_a_start_in_the_clocks_last_day_is_refused_naming_start():
    with pytest.raises(ClockError) as refused:
        Demo.create(start=MAX_EPOCH, enrolled=True)
    message = str(refused.value)
    assert message.startswith(f"with enrolled=True, start must be at most {LATEST:,} (9999-12-30 23:59:59 UTC)")
    assert f"{ENROLLED_DAY:,} s" in message and "time must not be after" not in message


@pytest.mark.parametrize("second", [30, 99])
def test_a_second_outside_the_step_has_one_message(second):
    with pytest.raises(ScenarioError) as refused:
        _second(second)
    assert str(refused.value).endswith(
        f"steps[0].second: must be a second of the 30 s time step, from 0 to below 30 (got {second})")


# --------------------------------------------------------------------------- properties

@settings(max_examples=25)
@given(before_the_end=st.floats(0, ENROLLED_DAY * 2), enrolled=st.booleans())
@example(before_the_end=ENROLLED_DAY, enrolled=True)
@example(before_the_end=ENROLLED_DAY - 0.5, enrolled=True)
@example(before_the_end=0, enrolled=False)
def test_demo_create_refuses_up_front_exactly_the_starts_its_day_would_overrun(before_the_end, enrolled):
    start = MAX_EPOCH - before_the_end
    if enrolled and start > LATEST:
        with pytest.raises(ClockError, match=r"^with enrolled=True, start must be at most "):
            Demo.create(start=start, enrolled=True, qr=False)
    else:
        demo = Demo.create(start=start, enrolled=enrolled, qr=False)
        assert demo.portal.clock.now() == start + (ENROLLED_DAY if enrolled else 0)


@given(second=st.one_of(st.integers(-10**6, 10**6), st.floats(-1e6, 1e6)), period=st.sampled_from([30, 60, 1]))
@example(second=30, period=30)
@example(second=99, period=30)
@example(second=-1, period=30)
@example(second=29.999, period=30)
def test_a_seconds_field_is_refused_with_one_message_exactly_outside_the_step(second, period):
    if 0 <= second < period:
        step = _second(second, period).steps[0]
        assert (step.timing, step.when) == ("second", float(second))
        return
    with pytest.raises(ScenarioError) as refused:
        _second(second, period)
    assert str(refused.value).endswith(f"steps[0].second: must be a second of the {period} s time step, "
                                       f"from 0 to below {period} (got {shown(second)})")
