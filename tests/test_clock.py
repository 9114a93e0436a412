"""Clocks: the portal's VirtualClock never goes back and refuses impossible
times; a phone's DeviceClock follows offset + ppm drift and may jump."""

import math
from datetime import datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from twofa_sim.clock import DeviceClock, VirtualClock, parse_utc
from twofa_sim.errors import ClockError, ClockWentBackwards, TwofaSimError

START = 1_767_603_600.0  # 2026-01-05T09:00:00Z


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf"), -1, -0.001, "0", "2026-01-05", None, True])
def test_virtual_clock_refuses_impossible_start(bad):
    with pytest.raises(ClockError):
        VirtualClock(bad)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -1.0, "5", None, False])
def test_set_refuses_impossible_times_and_keeps_time(bad):
    clock = VirtualClock(START)
    with pytest.raises(ClockError):
        clock.set(bad)
    assert clock.now() == START


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "5", None])
def test_advance_refuses_non_numbers_and_keeps_time(bad):
    clock = VirtualClock(START)
    with pytest.raises(ClockError):
        clock.advance(bad)
    assert clock.now() == START


def test_backwards_moves_raise_clock_went_backwards():
    clock = VirtualClock(START)
    clock.advance(100)
    with pytest.raises(ClockWentBackwards):
        clock.advance(-1)
    with pytest.raises(ClockWentBackwards):
        clock.set(START)
    with pytest.raises(ClockWentBackwards):
        clock.set(START + 99.5)
    assert clock.now() == START + 100
    assert issubclass(ClockWentBackwards, ClockError) and issubclass(ClockError, TwofaSimError)


def test_setting_the_same_time_is_allowed():
    clock = VirtualClock(START)
    assert clock.set(START) == START
    assert clock.advance(0) == START


@given(moves=st.lists(st.tuples(st.sampled_from(["advance", "set"]), st.floats(-1e6, 1e6, allow_nan=False)),
                      max_size=30))
def test_virtual_clock_never_goes_back(moves):
    clock = VirtualClock(START)
    for how, amount in moves:
        before = clock.now()
        target = before + amount
        backwards = amount < 0 if how == "advance" else target < before
        try:
            if how == "advance":
                clock.advance(amount)
            else:
                clock.set(target)
        except ClockWentBackwards:
            assert backwards and clock.now() == before
        else:
            assert not backwards and clock.now() == target
        assert clock.now() >= before


def test_datetime_is_aware_utc():
    clock = VirtualClock(START)
    assert clock.datetime() == datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
    assert clock.datetime().tzinfo is not None


def test_listeners_hear_every_move():
    clock = VirtualClock(START)
    heard = []
    clock.subscribe(heard.append)
    clock.advance(30)
    clock.set(START + 90)
    assert heard == [START + 30, START + 90]


def test_parse_utc_needs_a_time_zone():
    assert parse_utc("2026-01-05T09:00:00Z") == START
    assert parse_utc("2026-01-05T10:00:00+01:00") == START
    with pytest.raises(ClockError):
        parse_utc("2026-01-05T09:00:00")
    with pytest.raises(ClockError):
        parse_utc("yesterday")


@given(offset=st.floats(-1e5, 1e5, allow_nan=False), ppm=st.floats(-500, 500, allow_nan=False),
       elapsed=st.lists(st.floats(0, 1e7, allow_nan=False), min_size=1, max_size=5))
def test_device_clock_follows_offset_and_ppm(offset, ppm, elapsed):
    portal = VirtualClock(START)
    phone = DeviceClock(portal, offset, ppm)
    t_set = portal.now()
    assert phone.now() == pytest.approx(START + offset, abs=1e-6)
    for step in elapsed:
        portal.advance(step)
        expected = portal.now() + offset + ppm * 1e-6 * (portal.now() - t_set)
        assert phone.now() == pytest.approx(expected, abs=1e-6)
        assert phone.error() == pytest.approx(expected - portal.now(), abs=1e-6)


def test_device_clock_worked_example():
    portal = VirtualClock(1000)
    phone = DeviceClock(portal, offset=5, ppm=100)  # 100 ppm: 8.64 s a day fast
    portal.advance(86400)
    assert phone.now() == pytest.approx(1000 + 86400 + 5 + 8.64)


def test_device_clock_jumps_both_ways_and_restarts_drift():
    portal = VirtualClock(START)
    phone = DeviceClock(portal, offset=0, ppm=50)
    portal.advance(10_000)
    assert phone.error() == pytest.approx(0.5)
    phone.set_offset(-120)            # jumps back two minutes, keeps its rate
    assert phone.now() == pytest.approx(portal.now() - 120)
    assert phone.ppm == 50
    portal.advance(20_000)
    assert phone.error() == pytest.approx(-120 + 1.0)
    phone.set_offset(300, ppm=0)      # jumps forward five minutes, rate fixed
    assert phone.now() == pytest.approx(portal.now() + 300)
    portal.advance(1e6)
    assert phone.error() == 300


def test_device_clock_never_reads_before_the_epoch():
    phone = DeviceClock(VirtualClock(10), offset=-3600)
    assert phone.now() == 0.0


@pytest.mark.parametrize("offset, ppm", [(float("nan"), 0), (0, float("inf")), ("5", 0), (True, 0)])
def test_device_clock_refuses_impossible_settings(offset, ppm):
    phone = DeviceClock(VirtualClock(START), 7)
    with pytest.raises(ClockError):
        phone.set_offset(offset, ppm)
    assert phone.offset == 7 and phone.ppm == 0 and not math.isnan(phone.now())
