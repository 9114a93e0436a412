"""A new cell phone is used only once it proves it receives texts (SMS-3;
NIST SP 800-63B §5.1.3.3: a new number binds a new authenticator)."""

from __future__ import annotations

import pytest

from sms_support import alice_with_phone, deliver_all, sign_in
from support import last_event
from twofa_sim import Outcome, Reason
from twofa_sim.demo import Demo
from twofa_sim.presets import SEED_PORTAL
from twofa_sim.hashing import verify_value


def wait_for_text(portal, number):
    while (when := portal.gateway.next_delivery(number)) is not None:
        portal.clock.set(when)
    return portal.gateway.inbox(number)[-1]


def test_a_mistyped_number_is_never_used_for_sign_in_codes():
    """Field report: GB, typed 07400 123465 (one digit wrong), was saved at
    once; the next sign-in offered Send SMS Code and the code went to the
    wrong person."""
    demo = Demo.create(seed=81, enrolled=True)
    demo.portal.gateway.configure(loss_rate=0.0)
    saved = demo.portal.set_cell_phone(demo.login, "GB", "07400 123465", password=demo.password, code=demo.app.code())
    assert (saved.outcome, saved.reason) == (Outcome.CODE_REQUIRED, Reason.PHONE_CODE_SENT)
    view = demo.portal.view(demo.login)
    assert (view.cell_phone, view.pending_cell_phone) == ("", "+44 7400 123465")
    attempt = sign_in(demo)
    assert demo.portal.sms_available(attempt) is False
    refused = demo.portal.send_sms_code(attempt)
    assert refused.reason is Reason.NO_PHONE
    texts = demo.portal.gateway.sent()
    assert [t.to for t in texts] == ["+447400123465"] and "confirm this number" in texts[0].body  # only the check


def test_until_confirmed_the_old_number_stays_in_use():
    demo = alice_with_phone(82)
    demo.clock.advance(60)
    saved = demo.portal.set_cell_phone(demo.login, "GB", "07400 123456", code=demo.app.code())
    assert saved.outcome is Outcome.CODE_REQUIRED
    assert demo.portal.view(demo.login).cell_phone == "+39 312 345 6789"
    attempt = sign_in(demo)
    assert demo.portal.send_sms_code(attempt).ok
    assert demo.portal.gateway.sent()[-1].to == demo.phone_number  # still the Italian phone
    confirmation = wait_for_text(demo.portal, "+447400123456")
    assert demo.portal.confirm_cell_phone(demo.login, confirmation.code).ok
    assert demo.portal.view(demo.login).cell_phone == "+44 7400 123456"
    event = last_event(demo.portal, demo.login)
    assert (event.action, dict(event.details)["from"], dict(event.details)["to"]) == (
        "phone.confirm", "+393123456789", "+447400123456")


def test_confirmation_codes_follow_the_sms_code_rules():
    demo = Demo.create(seed=83, enrolled=True)
    portal, policy = demo.portal, demo.portal.policy
    portal.gateway.configure(loss_rate=0.0)
    assert portal.set_cell_phone(demo.login, "IT", "312 345 6789", code=demo.app.code()).outcome is Outcome.CODE_REQUIRED
    first = wait_for_text(portal, "+393123456789")
    # resend cooldown
    early = portal.resend_phone_confirmation(demo.login)
    assert (early.outcome, early.reason) == (Outcome.LOCKED, Reason.RESEND_COOLDOWN)
    # lifetime: the code expires
    portal.clock.set(first.sent_at + policy.sms_code_seconds)
    expired = portal.confirm_cell_phone(demo.login, first.code)
    assert (expired.outcome, expired.reason) == (Outcome.REFUSED, Reason.SMS_EXPIRED)
    # a resend supersedes it; the new one works once
    assert portal.resend_phone_confirmation(demo.login).outcome is Outcome.CODE_REQUIRED
    second = wait_for_text(portal, "+393123456789")
    assert portal.confirm_cell_phone(demo.login, first.code).reason is Reason.SUPERSEDED
    assert portal.confirm_cell_phone(demo.login, second.code).ok
    again = portal.confirm_cell_phone(demo.login, second.code)
    assert (again.outcome, again.reason) == (Outcome.REFUSED, Reason.NOTHING_TO_CONFIRM)
    # kept only hashed
    stored = portal.user(demo.login).phone_check.stored()
    assert verify_value(second.code, stored[-1]) and all(second.code not in h for h in stored)


def test_wrong_confirmation_codes_count_toward_the_throttle_and_malformed_ones_do_not():
    demo = Demo.create(seed=84, enrolled=True, policy=SEED_PORTAL.replace(lockout_failures=3))
    portal = demo.portal
    portal.gateway.configure(loss_rate=0.0)
    portal.set_cell_phone(demo.login, "IT", "312 345 6789", code=demo.app.code())
    right = wait_for_text(portal, "+393123456789").code
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    assert portal.confirm_cell_phone(demo.login, "12ab").outcome is Outcome.MALFORMED
    assert portal.status(demo.login).consecutive_failures == 0
    for _ in range(2):
        assert portal.confirm_cell_phone(demo.login, wrong).outcome is Outcome.REFUSED
    third = portal.confirm_cell_phone(demo.login, wrong)
    assert "Too many failed attempts" in third.message
    assert portal.confirm_cell_phone(demo.login, right).outcome is Outcome.LOCKED
    assert portal.view(demo.login).cell_phone == ""


def test_confirmation_texts_count_toward_the_send_limits_and_the_cost():
    demo = Demo.create(seed=85, enrolled=True)
    portal = demo.portal
    portal.gateway.configure(loss_rate=0.0)
    portal.set_cell_phone(demo.login, "IT", "312 345 6789", code=demo.app.code())
    counters = portal.sms_counters().set_index(["limit", "key"])
    assert counters.loc[("number", "+393123456789"), "sends in window"] == 1
    assert counters.loc[("account", demo.login), "sends in window"] == 1
    cost = portal.gateway.cost_frame()
    assert cost.iloc[-1]["texts"] == 1 and cost.iloc[-1]["cost (EUR)"] > 0
    actions = [e.action for e in portal.audit if e.action.startswith("phone.")]
    assert actions == ["phone.confirm_code", "phone.change"]


@pytest.mark.parametrize("typed", ["07400 123456", "07400 123465", "+44 7400 123457"])
def test_whatever_number_is_typed_sign_in_codes_go_only_to_a_confirmed_one(typed):
    """Property of the kind: over any saved-but-unconfirmed number, every
    sign-in code goes to the confirmed number or nowhere."""
    demo = alice_with_phone(86)
    demo.clock.advance(60)
    demo.portal.set_cell_phone(demo.login, "GB", typed, code=demo.app.code())
    for _ in range(3):
        attempt = sign_in(demo)
        demo.portal.send_sms_code(attempt)
        demo.clock.advance(61)
    deliver_all(demo.portal)
    sign_in_texts = [m for m in demo.portal.gateway.sent() if "confirm this number" not in m.body]
    assert sign_in_texts and all(m.to == demo.phone_number for m in sign_in_texts)


def test_confirmation_codes_are_capped_with_sms_codes():
    """Found by a try-out: wrong confirmation codes were checked without end
    after the cap on code guesses was reached."""
    demo = Demo.create(seed=87, enrolled=True, policy=SEED_PORTAL.replace(code_failure_cap=3, lockout_failures=0))
    portal = demo.portal
    portal.gateway.configure(loss_rate=0.0)
    portal.set_cell_phone(demo.login, "IT", "312 345 6789", code=demo.app.code())
    right = wait_for_text(portal, "+393123456789").code
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    for _ in range(3):
        assert portal.confirm_cell_phone(demo.login, wrong).outcome is Outcome.REFUSED
    capped = portal.confirm_cell_phone(demo.login, right)
    assert (capped.outcome, capped.reason) == (Outcome.LOCKED, Reason.CODES_CAPPED)
    assert portal.view(demo.login).cell_phone == ""
