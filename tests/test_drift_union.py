"""A learned drift widens where the portal looks; it never takes away the
window around the portal's own step (RFC 6238 §6: resynchronise, don't lock
out a correct clock)."""

from __future__ import annotations

import pyotp
from hypothesis import given, strategies as st

from support import PASSWORD, RFC_SECRET, enrol_known_secret
from twofa_sim import Browser, Outcome, Portal, Reason
from twofa_sim.presets import SEED_PORTAL

DAY = 86_400
RFC = pyotp.TOTP(RFC_SECRET)


def signed_in_at(portal, epoch, phone_slow_s):
    portal.clock.set(epoch)
    return portal.login("alice@example.com", PASSWORD, RFC.at(epoch - phone_slow_s), Browser("laptop"))


def test_a_phone_whose_clock_was_corrected_is_accepted_after_drift_was_learned():
    portal = Portal.simulated(start=1234567905 - DAY, policy=SEED_PORTAL)
    enrol_known_secret(portal)
    first = signed_in_at(portal, 1234567905, 35)
    assert RFC.at(1234567905 - 35) == "980357" and first.signed_in
    second = signed_in_at(portal, 1234654305, 65)
    assert RFC.at(1234654305 - 65) == "211408" and second.signed_in
    assert portal.status("alice@example.com").learned_drift == -2
    third = signed_in_at(portal, 1234740705, 0)
    assert RFC.at(1234740705) == "333589"
    assert (third.outcome, third.reason) == (Outcome.OK, Reason.ACCEPTED)


def test_codes_accepted_at_once_count_the_union():
    portal = Portal.simulated(start=1234567905 - DAY, policy=SEED_PORTAL)
    enrol_known_secret(portal)
    device = portal.user("alice@example.com").totp
    assert device.codes_accepted_at_once(portal.clock.now(), portal.policy) == 3
    assert signed_in_at(portal, 1234567905, 35).signed_in  # one step slow: drift -1
    assert signed_in_at(portal, 1234654305, 65).signed_in  # two steps slow: drift -2
    assert device.codes_accepted_at_once(portal.clock.now(), portal.policy) == 5  # {-1,0,1} ∪ {-3,-2,-1}
    assert signed_in_at(portal, 1234654305 + DAY, 31 * 60).outcome is Outcome.REFUSED  # far off: no more


@given(slow_steps=st.lists(st.integers(min_value=-4, max_value=4), min_size=1, max_size=6),
       second=st.integers(min_value=0, max_value=29))
def test_a_correct_clock_is_accepted_whatever_drift_was_learned_and_replay_still_holds(slow_steps, second):
    portal = Portal.simulated(start=1234567890 - DAY, policy=SEED_PORTAL)
    enrol_known_secret(portal)
    when = 1234567890 - 1234567890 % 30 + second
    for steps in slow_steps:  # a phone drifting about: some sign-ins accepted, some refused
        signed_in_at(portal, when, steps * 30)
        when += DAY
    correct = signed_in_at(portal, when, 0)
    assert correct.signed_in, (portal.status("alice@example.com").learned_drift, correct.reason)
    again = signed_in_at(portal, when + 1, 1)  # the same code once more, in the same step
    assert (again.outcome, again.reason) == (Outcome.REFUSED, Reason.REPLAYED)
