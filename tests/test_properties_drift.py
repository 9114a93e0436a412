"""Property: a phone whose clock is k steps off the portal's is accepted at
login iff -window_back <= k <= window_forward, or its code happens to equal
the code of a step inside the window. Driven through Portal.login."""

from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from support import DAY, LOGIN, RFC_KEY, enrol_with_app
from twofa_sim import Outcome, Portal, Reason
from twofa_sim.otp import hotp, time_step
from twofa_sim.presets import SEED_PORTAL

PERIOD = 30

# Seconds into a step: the boundaries themselves, and anywhere in between.
phases = st.one_of(st.sampled_from([0, 1, 29, 29.5, 29.999]), st.integers(0, 29),
                   st.floats(0, PERIOD, exclude_max=True))
# Phone clock error: whole steps (optionally nudged over a boundary), or any number of seconds.
offsets = st.one_of(
    st.builds(lambda k, nudge: k * PERIOD + nudge, st.integers(-5, 5), st.sampled_from([0, 0, -1, 1, -29, 29])),
    st.floats(-200, 200, allow_nan=False),
)


@settings(max_examples=100)
@given(seed=st.integers(0, 2**32), back=st.integers(0, 3), forward=st.integers(0, 3),
       enrol_at=st.integers(86400, 3_000_000_000), days_later=st.floats(1, 400), phase=phases, offset=offsets)
@example(seed=0, back=1, forward=1, enrol_at=1_767_603_600, days_later=1, phase=0, offset=-31)
@example(seed=0, back=1, forward=1, enrol_at=1_767_603_600, days_later=1, phase=29, offset=30)
@example(seed=0, back=0, forward=0, enrol_at=1_767_603_600, days_later=1, phase=29.999, offset=0.5)
def test_phone_accepted_iff_inside_window_or_code_collides(seed, back, forward, enrol_at, days_later, phase, offset):
    policy = SEED_PORTAL.replace(window_back=back, window_forward=forward, drift_learning=False)
    user = enrol_with_app(Portal.simulated(seed=seed, start=enrol_at, policy=policy))  # phone clock correct

    later = enrol_at + days_later * DAY
    login_at = max(time_step(later, PERIOD) * PERIOD + phase, enrol_at + DAY)
    user.clock.set(login_at)
    user.app.clock.set_offset(offset)

    phone_time = user.app.clock.now()
    code = user.app.code()
    portal_step = time_step(login_at, PERIOD)
    k = time_step(int(phone_time), PERIOD) - portal_step
    assert code == hotp(user.secret.key, portal_step + k)
    window_codes = {hotp(user.secret.key, portal_step + j) for j in range(-back, forward + 1)}
    expected = -back <= k <= forward or code in window_codes
    event("inside window" if -back <= k <= forward else ("collision" if expected else "outside window"))

    result = user.portal.login(LOGIN, user.password, code, user.browser)
    if expected:
        assert (result.outcome, result.reason) == (Outcome.OK, Reason.ACCEPTED)
    else:
        assert (result.outcome, result.reason) == (Outcome.REFUSED, Reason.WRONG_CODE)


def test_collision_case_phone_outside_window_but_code_equals_an_inside_step():
    """With the RFC key, steps 61331809 and 61331811 share the 6-digit code
    768734 (found by search). At portal step 61331812 a phone three steps
    behind shows 768734, which is also the code of step 61331811 (inside ±1)."""
    from support import rfc_user_at
    from twofa_sim.otp import totp

    assert hotp(RFC_KEY, 61331809) == hotp(RFC_KEY, 61331811) == "768734"
    login_at = 61331812 * PERIOD + 5
    user = rfc_user_at(login_at)
    phone_code = totp(RFC_KEY, login_at - 3 * PERIOD)
    assert phone_code == "768734"
    result = user.login_with(phone_code)
    assert (result.outcome, result.reason) == (Outcome.OK, Reason.ACCEPTED)
    assert dict(user.portal.audit[-1].details)["offset_steps"] == -1
    # the same phone error one step later is refused: no collision there
    other = rfc_user_at(login_at + PERIOD)
    assert other.login_with(totp(RFC_KEY, login_at + PERIOD - 3 * PERIOD)).reason is Reason.WRONG_CODE
