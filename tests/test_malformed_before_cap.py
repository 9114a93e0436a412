"""Input of the wrong shape is malformed whatever the throttle says: refused
as malformed, counted nowhere, also once a kind of code is past the failure
cap (NIST SP 800-63B §5.2.2 caps guesses; a typo is not a guess)."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from twofa_sim import Outcome, Reason
from twofa_sim.demo import Demo
from twofa_sim.presets import SEED_PORTAL

CAP = 3
POLICY = SEED_PORTAL.replace(code_failure_cap=CAP, lockout_failures=0)


def capped_sign_in(kind: str):
    """A sign-in of an enrolled user whose backup codes (or app codes) are past the cap."""
    demo = Demo.create(seed=11, policy=POLICY, enrolled=True)
    attempt = demo.portal.begin_login(demo.login, demo.password, demo.browser).attempt
    wrong = "AAAAAAAAAA" if kind == "backup" else "000000" if demo.app.code() != "000000" else "111111"
    for _ in range(CAP):
        assert demo.portal.submit_code(attempt, wrong).reason is Reason.WRONG_CODE
    assert demo.portal.status(demo.login).backup_failures == (CAP if kind == "backup" else 0)
    return demo, attempt


def test_a_single_letter_after_the_backup_codes_are_capped_is_malformed_not_capped():
    demo, attempt = capped_sign_in("backup")
    result = demo.portal.submit_code(attempt, "A")
    assert (result.outcome, result.reason) == (Outcome.MALFORMED, Reason.BAD_FORMAT)
    assert demo.portal.submit_code(attempt, "ABCDEFGHJK").reason is Reason.CODES_CAPPED  # well formed: capped


MALFORMED = st.one_of(
    st.text(st.sampled_from("0123456789"), min_size=1, max_size=12).filter(lambda t: len(t) != 6),
    st.text(st.sampled_from("ABCDEFGHJKLMNPQRSTUVWXYZ23456789!?#"), min_size=1, max_size=14)
    .filter(lambda t: not t.isdigit() and len(t) != 10),
)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["backup", "app"]), MALFORMED)
def test_malformed_input_is_malformed_and_uncounted_past_either_cap(kind, typed):
    demo, attempt = capped_sign_in(kind)
    before = demo.portal.status(demo.login)
    result = demo.portal.submit_code(attempt, typed)
    assert result.outcome is Outcome.MALFORMED, (typed, result)
    after = demo.portal.status(demo.login)
    assert (after.code_failures, after.backup_failures) == (before.code_failures, before.backup_failures)
