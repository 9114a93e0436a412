"""Every arrow of the state diagram (twofa_sim.lifecycle.TRANSITIONS) is
something the portal really does: drive it and read the state back."""

import pytest

from twofa_sim.demo import Demo
from twofa_sim.lifecycle import STATES, TRANSITIONS, diagram_png, state_of


def reach(state):
    """A demo whose user is in ``state``."""
    demo = Demo.create(seed=31, enrolled=state in ("on", "locked"))
    if state == "enrolling":
        demo.app.scan(demo.portal.start_enrolment(demo.login).qr_png())
    if state == "locked":
        for _ in range(demo.portal.policy.lockout_failures):
            demo.portal.begin_login(demo.login, "wrong password", demo.browser)
    assert state_of(demo.portal, demo.login) == state
    return demo


def drive(demo, event):
    portal, login = demo.portal, demo.login
    if event.startswith("switch ON"):
        demo.app.scan(portal.start_enrolment(login).qr_png())
    elif event.startswith("wrong code"):
        portal.confirm_enrolment(login, "000000" if demo.app.code() != "000000" else "111111")
    elif event == "switch OFF":
        portal.cancel_enrolment(login)
    elif event.startswith("right code"):
        assert portal.confirm_enrolment(login, demo.app.code()).ok
    elif event.startswith("app, SMS"):
        demo.clock.advance(30)
        assert portal.login(login, demo.password, demo.app.code(), demo.browser).signed_in
    elif event == "too many failures":
        for _ in range(portal.policy.lockout_failures):
            portal.begin_login(login, "wrong password", demo.browser)
    elif event == "lock ends":
        demo.clock.advance(portal.policy.lockout_seconds)
    elif event.startswith("turn off"):
        assert portal.disable_two_factor(login, password=demo.password, code=demo.backup_codes[-1]).ok
    else:
        raise AssertionError(f"no driver for {event!r}")


@pytest.mark.parametrize("transition", TRANSITIONS, ids=lambda t: f"{t.source}-{t.target}:{t.event}")
def test_each_transition_happens_in_the_portal(transition):
    demo = reach(transition.source)
    drive(demo, transition.event)
    assert state_of(demo.portal, demo.login) == transition.target


def test_every_state_is_reached_and_drawn():
    assert {t.source for t in TRANSITIONS} | {t.target for t in TRANSITIONS} == set(STATES)
    assert diagram_png().startswith(b"\x89PNG")
