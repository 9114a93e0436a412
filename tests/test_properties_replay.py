"""Property: with replay protection on, no (user, time step) is ever accepted
twice, whatever sequence of logins with codes from phones at various clock
offsets; and a code for an unused step inside the window is never refused."""

from hypothesis import event, given, settings
from hypothesis import strategies as st

from support import accepted_step, enrol_with_app
from twofa_sim import Outcome, Portal, Reason
from twofa_sim.otp import time_step
from twofa_sim.presets import SEED_PORTAL

START = 1_767_603_600
USERS = ("alice@example.com", "bob@example.com")

attempts = st.lists(
    st.tuples(
        st.sampled_from(range(len(USERS))),        # who
        st.sampled_from([0, 0, 1, 5, 15, 29, 30, 31, 60, 95]),  # seconds to wait first
        st.integers(-3, 3),                        # phone error in steps
        st.sampled_from([0, 0, 7, -7]),            # and a few seconds more
    ),
    min_size=1, max_size=25,
)


@settings(max_examples=60)
@given(seed=st.integers(0, 2**32), drift_learning=st.booleans(), back=st.integers(0, 2), forward=st.integers(0, 2),
       plan=attempts)
def test_no_step_is_accepted_twice(seed, drift_learning, back, forward, plan):
    policy = SEED_PORTAL.replace(drift_learning=drift_learning, window_back=back, window_forward=forward,
                                 lockout_failures=0)
    portal = Portal.simulated(seed=seed, start=START, policy=policy)
    users = [enrol_with_app(portal, login) for login in USERS]
    accepted = {login: [time_step(START, 30)] for login in USERS}  # enrolment used the current step

    for who, wait, steps_off, seconds in plan:
        user = users[who]
        portal.clock.advance(wait)
        user.app.clock.set_offset(steps_off * 30 + seconds)
        phone_step = user.app.step()
        portal_step = time_step(portal.clock.now(), 30)
        result = user.login_with(user.app.code())
        step = accepted_step(portal, user.login)
        event(result.reason.value)
        if result.outcome is Outcome.OK:
            assert step == phone_step
            assert step not in accepted[user.login], "a time step was accepted twice"
            assert step > max(accepted[user.login]), "an older step was accepted"
            accepted[user.login].append(step)
        else:
            assert step is None
            assert result.reason in (Reason.WRONG_CODE, Reason.REPLAYED, Reason.OLDER_STEP)
            if result.reason is Reason.REPLAYED:
                assert phone_step == max(accepted[user.login])
            if result.reason is Reason.OLDER_STEP:
                assert phone_step < max(accepted[user.login])
            if not drift_learning:
                # liveness: a fresh step inside the fixed window is never refused
                assert not (-back <= phone_step - portal_step <= forward and phone_step > max(accepted[user.login]))
