"""Property: a remembered device stands in for the code until exactly its
lifetime (accepted at issued + lifetime - 1 s, refused at issued + lifetime
and ever after), and never for another user: not another user on the same
browser, nor a stolen token copied into another user's cookie."""

from hypothesis import given, settings
from hypothesis import strategies as st

from support import enrol_with_app
from twofa_sim import Outcome, Portal, Reason
from twofa_sim.browser import REMEMBER_COOKIE
from twofa_sim.presets import SEED_PORTAL

START = 1_767_603_600
ALICE, BOB = "alice@example.com", "bob@example.com"


@settings(max_examples=50)
@given(seed=st.integers(0, 2**32), lifetime=st.one_of(st.integers(1, 120), st.integers(1, 10**8)),
       issue_delay=st.one_of(st.integers(30, 10**6), st.floats(30, 10**6)),
       probes=st.lists(st.floats(0, 1, exclude_max=True), max_size=4),
       after=st.lists(st.integers(1, 10**8), max_size=3))
def test_remembered_device_lifetime_and_binding(seed, lifetime, issue_delay, probes, after):
    portal = Portal.simulated(seed=seed, start=START, policy=SEED_PORTAL.replace(remember_device_seconds=lifetime))
    alice = enrol_with_app(portal, ALICE)
    bob = enrol_with_app(portal, BOB)
    browser = alice.browser  # a shared computer

    portal.clock.advance(issue_delay)
    assert alice.login_with(alice.app.code(), browser, remember=True).outcome is Outcome.OK
    issued = portal.clock.now()
    token = browser.cookie(REMEMBER_COOKIE, ALICE)
    assert token

    def alice_step():
        return portal.begin_login(ALICE, alice.password, browser)

    def bob_step():
        return portal.begin_login(BOB, bob.password, browser)

    # valid while now < issued + lifetime
    for fraction in sorted(probes) + [None]:
        at = issued + lifetime - 1 if fraction is None else issued + fraction * (lifetime - 1)
        portal.clock.set(max(at, portal.clock.now()))
        assert alice_step().reason is Reason.REMEMBERED_DEVICE
        assert bob_step().outcome is Outcome.CODE_REQUIRED          # another user, same browser
        browser.set_cookie(REMEMBER_COOKIE, BOB, token)              # stolen token in Bob's cookie
        assert bob_step().outcome is Outcome.CODE_REQUIRED

    # refused from issued + lifetime on, forever
    portal.clock.set(issued + lifetime)
    for extra in [0] + sorted(after):
        portal.clock.set(issued + lifetime + extra)
        result = alice_step()
        assert (result.outcome, result.reason) == (Outcome.CODE_REQUIRED, Reason.PASSWORD_OK)
        assert dict(portal.audit[-1].details)["device_token"] == Reason.TOKEN_EXPIRED.value
        assert bob_step().outcome is Outcome.CODE_REQUIRED
    assert portal.status(ALICE).remembered_devices == 0
