"""Hourly send limits: a loop pressing "Send SMS Code" is stopped per
number, per account and per region over a sliding hour; each stop is
audited and counted."""

import pytest

from sms_support import alice_with_phone, lossless, save_cell_phone
from support import enrol_known_secret
from twofa_sim import Browser, Outcome, Portal, Reason, Reauth
from twofa_sim.clock import to_datetime
from twofa_sim.errors import InputTypeError, PolicyError
from twofa_sim.presets import SEED_PORTAL
from twofa_sim.sms_limits import WINDOW_SECONDS, SmsLimits

HOUR, DAY = 3600, 86_400


class Presser:
    """Signs users in (password step) as needed and presses Send SMS Code."""

    def __init__(self, portal: Portal) -> None:
        self.portal = portal
        self.attempts = {}

    def press(self, login: str, password: str = "pw"):
        portal = self.portal
        attempt = self.attempts.get(login)
        if attempt is None or portal.clock.now() >= attempt.started_at + portal.policy.login_step_seconds:
            first = portal.begin_login(login, password, Browser(f"{login}-browser"))
            assert first.outcome is Outcome.CODE_REQUIRED, first
            attempt = self.attempts[login] = first.attempt
        return portal.send_sms_code(attempt)


def team(policy, members):
    """A portal (lossless gateway, phone changes need no proof) with each
    ``login: number`` enrolled and given that cell phone."""
    portal = Portal.simulated(seed=41, policy=policy.replace(phone_change_reauth=Reauth.NONE))
    lossless(portal)
    for login, number in members.items():
        enrol_known_secret(portal, login, "pw")
        assert save_cell_phone(portal, login, "IT", number).ok
    portal.clock.advance(DAY)  # the confirmation texts leave every window
    return portal


def sms_events(portal, outcome=None):
    return [e for e in portal.audit if e.action == "sms.send" and (outcome is None or e.outcome == outcome)]


def counters(portal):
    return portal.sms_counters().set_index(["limit", "key"])


# --------------------------------------------------------------- per number


def test_a_loop_of_presses_is_stopped_by_the_per_number_limit():
    demo = alice_with_phone(42)
    demo.clock.advance(DAY)  # the Team page's confirmation text leaves every window
    portal = demo.portal
    policy = portal.policy
    assert (policy.sms_per_number_per_hour, policy.sms_resend_cooldown_seconds) == (5, 60)
    presser = Presser(portal)
    before, results = len(portal.gateway), []
    for _ in range(20):  # one press every 61 s for about 20 minutes
        results.append(presser.press(demo.login, demo.password))
        portal.clock.advance(61)
    assert sum(r.ok for r in results) == 5
    assert all(r.ok for r in results[:5])
    stopped = results[5:]
    assert all((r.outcome, r.reason) == (Outcome.LOCKED, Reason.RATE_LIMITED) for r in stopped)
    assert len(portal.gateway) - before == 5
    # the first refusal waits until the first send leaves the hour
    assert stopped[0].wait_seconds == pytest.approx(HOUR - 5 * 61)
    assert "Try again in" in stopped[0].message


def test_stops_are_audited_with_the_limit_and_counted():
    demo = alice_with_phone(43)
    demo.clock.advance(DAY)  # the Team page's confirmation text leaves every window
    portal = demo.portal
    presser = Presser(portal)
    for _ in range(8):
        presser.press(demo.login, demo.password)
        portal.clock.advance(61)
    refused = sms_events(portal, "locked")
    assert len(refused) == 3
    for event in refused:
        assert event.reason == Reason.RATE_LIMITED.value
        assert dict(event.details)["limit"] == "number"
        assert dict(event.details)["wait_s"] > 0
    table = counters(portal)
    row = table.loc[("number", demo.phone_number)]
    assert (row["sends in window"], row["allowed"], row["refused"]) == (5, 5, 3)
    assert table.loc[("account", demo.login), "refused"] == 0
    assert table.loc[("region", "IT"), "sends in window"] == 5


def test_the_window_slides_sends_resume_as_old_ones_leave_the_hour():
    demo = alice_with_phone(44)
    demo.clock.advance(DAY)  # the Team page's confirmation text leaves every window
    portal = demo.portal
    presser = Presser(portal)
    start = portal.clock.now()
    for _ in range(5):
        assert presser.press(demo.login, demo.password).ok
        portal.clock.advance(61)
    portal.clock.set(start + HOUR - 1)
    assert presser.press(demo.login, demo.password).reason is Reason.RATE_LIMITED
    portal.clock.set(start + HOUR)  # the first send is now an hour old
    assert presser.press(demo.login, demo.password).ok
    assert presser.press(demo.login, demo.password).reason is Reason.RESEND_COOLDOWN
    portal.clock.advance(61)
    # the second send (start + 61) is now an hour old too
    assert presser.press(demo.login, demo.password).ok


def test_the_cooldown_is_checked_before_the_limits_and_is_not_a_limit_stop():
    demo = alice_with_phone(45)
    demo.clock.advance(DAY)  # the Team page's confirmation text leaves every window
    portal = demo.portal
    presser = Presser(portal)
    assert presser.press(demo.login, demo.password).ok
    again = presser.press(demo.login, demo.password)
    assert (again.outcome, again.reason) == (Outcome.LOCKED, Reason.RESEND_COOLDOWN)
    assert again.wait_seconds == pytest.approx(60)
    assert counters(portal)["refused"].sum() == 0


# -------------------------------------------------------------- per account


def test_the_per_account_limit_stops_one_account_switching_numbers():
    policy = SEED_PORTAL.replace(sms_per_number_per_hour=5, sms_per_account_per_hour=7, sms_resend_cooldown_seconds=0)
    portal = team(policy, {"mallory@example.com": "+393123456789"})
    presser = Presser(portal)
    numbers = ["+393123456789", "+393201234567"]
    start, results = portal.clock.now(), []
    for i in range(1, 12):  # each switch of number costs a confirmation text, counted too
        switched = portal.set_cell_phone("mallory@example.com", "IT", numbers[i % 2])
        if switched.outcome is Outcome.CODE_REQUIRED:
            portal.clock.set(portal.gateway.next_delivery())
            assert portal.confirm_cell_phone("mallory@example.com",
                                             portal.gateway.inbox(numbers[i % 2])[-1].code).ok
        results.append(presser.press("mallory@example.com"))
        portal.clock.advance(10)
    receipts = portal.gateway.receipts_frame()
    this_hour = receipts[receipts["sent"] >= to_datetime(start)]
    assert len(this_hour) == 7  # the account's hourly limit, confirmations included
    assert all(this_hour["to"].value_counts() < 5)  # no number reached its own limit
    assert {dict(e.details)["limit"] for e in portal.audit if e.outcome == "locked"} == {"account"}
    assert counters(portal).loc[("account", "mallory@example.com"), "refused"] > 0


# --------------------------------------------------------------- per region


def test_the_per_region_limit_stops_many_accounts_texting_one_country():
    policy = SEED_PORTAL.replace(sms_per_region_per_hour=4)
    members = {"a@example.com": "+393123456789", "b@example.com": "+393201234567",
               "c@example.com": "+393471234567"}
    portal = team(policy, members)
    enrol_known_secret(portal, "gb@example.com", "pw")
    assert save_cell_phone(portal, "gb@example.com", "GB", "07400 123456").ok
    portal.clock.advance(DAY)
    presser = Presser(portal)
    results = []
    for _ in range(2):
        for login in members:
            results.append((login, presser.press(login)))
        portal.clock.advance(61)
    assert [r.ok for _, r in results] == [True, True, True, True, False, False]
    assert all(r.reason is Reason.RATE_LIMITED for _, r in results[4:])
    assert {dict(e.details)["limit"] for e in sms_events(portal, "locked")} == {"region"}
    assert counters(portal).loc[("region", "IT"), "refused"] == 2
    # another region is not affected
    assert presser.press("gb@example.com").ok


# ----------------------------------------------------------- the counters


def test_sliding_window_counts_sends_strictly_within_the_last_hour():
    limits = SmsLimits({"number": 2})
    keys = {"number": "+393123456789"}
    limits.record(keys, 0.0)
    limits.record(keys, 100.0)
    assert limits.check(keys, 3599.0) == ("number", pytest.approx(1.0))
    assert limits.sends_in_window("number", "+393123456789", 3599.0) == 2
    assert limits.check(keys, WINDOW_SECONDS) is None  # the send at 0 left the hour
    assert limits.sends_in_window("number", "+393123456789", WINDOW_SECONDS) == 1


def test_a_zero_limit_means_no_limit_and_unknown_kinds_are_refused():
    limits = SmsLimits({"number": 0, "account": 1})
    limits.record({"number": "n", "account": "a"}, 0.0)
    assert limits.check({"number": "n"}, 1.0) is None
    assert limits.check({"number": "n", "account": "a"}, 1.0)[0] == "account"
    with pytest.raises(PolicyError, match="unknown limit.*'planet'.*the limits are 'number'"):
        SmsLimits({"planet": 3})


@pytest.mark.parametrize("limits, error, says", [
    (None, InputTypeError, "limits must be a dict"),
    ([("number", 1)], InputTypeError, "limits must be a dict"),
    ({"x": 1}, PolicyError, "unknown limit"),
    ({"number": "5"}, InputTypeError, "whole number"),
    ({"number": 2.0}, InputTypeError, "whole number"),
    ({"number": True}, InputTypeError, "whole number"),
    ({"number": -1}, PolicyError, "from 0 to 1,000,000"),
    ({"number": 10**400}, PolicyError, "a huge number"),
])
def test_limits_that_make_no_sense_are_refused_with_typed_errors(limits, error, says):
    with pytest.raises(error, match=says):
        SmsLimits(limits)


# --------------------------------------------------------------- per day


def test_a_script_pressing_all_day_gets_no_more_than_the_daily_cap():
    """Field report: with only hourly limits a script waiting out each hour got
    120 texts a day to one number (EUR 4.80). The daily cap stops it at 10."""
    portal = team(SEED_PORTAL, {"alice@example.com": "312 345 6789"})
    presser = Presser(portal)
    start = portal.clock.now()
    sent = 0
    while portal.clock.now() < start + 24 * HOUR:
        sent += presser.press("alice@example.com").ok
        portal.clock.advance(SEED_PORTAL.sms_resend_cooldown_seconds)
    assert sent == SEED_PORTAL.sms_per_number_per_day == 10
    limited = {dict(e.details)["limit"] for e in sms_events(portal, "locked")}
    assert "number per day" in limited
    row = counters(portal).loc[("number per day", "+393123456789")]
    assert (row["window"], row["allowed"]) == ("day", 10) and row["refused"] > 0
    cost = portal.gateway.cost_frame()
    assert cost.iloc[-1]["texts"] == 10 + 1  # and the Team page's confirmation text, a day earlier


def test_the_daily_cap_per_account_holds_across_numbers():
    portal = team(SEED_PORTAL.replace(sms_per_number_per_day=0), {"alice@example.com": "312 345 6789"})
    presser = Presser(portal)
    numbers = iter(f"312 345 67{n:02d}" for n in range(10, 99))
    start = portal.clock.now()
    for _ in range(30):  # press, then switch number (a confirmation text), every half hour
        presser.press("alice@example.com")
        portal.clock.advance(HOUR / 2)
        number = next(numbers)
        if portal.set_cell_phone("alice@example.com", "IT", number).outcome is Outcome.CODE_REQUIRED:
            portal.clock.set(portal.gateway.next_delivery())
            portal.confirm_cell_phone("alice@example.com", portal.gateway.inbox(dict(portal.audit[-2].details)["to"])[-1].code)
    receipts = portal.gateway.receipts_frame()
    assert (receipts["sent"] >= to_datetime(start)).sum() == SEED_PORTAL.sms_per_account_per_day
    assert any(dict(e.details).get("limit") == "account per day" for e in portal.audit if e.outcome == "locked")


def test_a_daily_window_slides():
    limits = SmsLimits({"number per day": 2})
    keys = {"number": "+393123456789"}
    limits.record(keys, 0.0)
    limits.record(keys, 10.0)
    assert limits.check(keys, 100.0) == ("number per day", pytest.approx(86_300.0))
    assert limits.check(keys, 86_400.0) is None
