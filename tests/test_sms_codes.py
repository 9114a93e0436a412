"""SMS codes on their own (twofa_sim.factors.sms.SmsCodes): drawn from the
injected generator, valid from issue for the policy's lifetime, single use,
bound to one sign-in, superseded by a resend, kept only hashed."""

import pytest

from sms_support import RecordingEntropy
from twofa_sim.code_field import route
from twofa_sim.entropy import SeededEntropy
from twofa_sim.hashing import verify_value
from twofa_sim.factors.base import Context
from twofa_sim.factors.sms import HISTORY, SmsCodes
from twofa_sim.normalise import Typed
from twofa_sim.outcomes import Reason
from twofa_sim.presets import SEED_PORTAL

T0 = 1_767_690_000.0
ATTEMPT = 1


def issue(policy=SEED_PORTAL, seed=1, at=T0, attempt=ATTEMPT):
    codes = SmsCodes()
    return codes, codes.issue(Context(at, policy, SeededEntropy(seed), attempt))


def check(codes, code, at, attempt=ATTEMPT, policy=SEED_PORTAL):
    """The factor's verdict on ``code`` typed in sign-in ``attempt`` at ``at``."""
    return codes.verify(Typed.of(code), Context(at, policy, SeededEntropy(0), attempt))


@pytest.mark.parametrize("digits", [6, 8])
def test_the_code_is_the_generators_draw_with_the_policys_length(digits):
    entropy = RecordingEntropy(5)
    code = SmsCodes().issue(Context(T0, SEED_PORTAL.replace(sms_code_digits=digits), entropy, ATTEMPT))
    assert entropy.draws[0][0] == 10 ** digits
    assert code == str(entropy.draws[0][1]).zfill(digits)
    assert len(code) == digits and code.isascii() and code.isdigit()


def test_leading_zeros_are_kept():
    # find a seed whose first draw is below 100000, then issue with it
    seed = next(s for s in range(10_000) if SeededEntropy(s).randbelow(10**6) < 10**5)
    _, code = issue(seed=seed)
    assert len(code) == 6 and code.startswith("0")


def test_the_same_seed_gives_the_same_code():
    assert issue(seed=9)[1] == issue(seed=9)[1]
    assert len({issue(seed=s)[1] for s in range(20)}) > 1


@pytest.mark.parametrize("lifetime", [1, 60, 300, 360, 600])
def test_valid_from_issue_until_just_before_issue_plus_lifetime(lifetime):
    policy = SEED_PORTAL.replace(sms_code_seconds=lifetime)
    codes, code = issue(policy)
    assert check(codes, code, T0 + lifetime - 1, ATTEMPT).accepted
    codes, code = issue(policy)
    assert check(codes, code, T0 + lifetime - 0.001, ATTEMPT).accepted
    codes, code = issue(policy)
    assert check(codes, code, T0 + lifetime, ATTEMPT).reason is Reason.SMS_EXPIRED
    codes, code = issue(policy)
    assert check(codes, code, T0 + lifetime + 3600, ATTEMPT).reason is Reason.SMS_EXPIRED


def test_the_lifetime_starts_at_issue_not_at_a_step_boundary():
    policy = SEED_PORTAL.replace(sms_code_seconds=60)
    codes, code = issue(policy, at=T0 + 17)  # 17 s into a 30 s step
    assert check(codes, code, T0 + 17 + 59, ATTEMPT).accepted


def test_a_code_works_once():
    codes, code = issue()
    assert check(codes, code, T0 + 5, ATTEMPT).accepted
    again = check(codes, code, T0 + 6, ATTEMPT)
    assert (again.accepted, again.reason) == (False, Reason.SMS_USED)


def test_a_resend_supersedes_the_earlier_code():
    codes = SmsCodes()
    entropy = SeededEntropy(3)
    old = codes.issue(Context(T0, SEED_PORTAL, entropy, ATTEMPT))
    new = codes.issue(Context(T0 + 60, SEED_PORTAL, entropy, ATTEMPT))
    assert old != new
    assert check(codes, old, T0 + 61, ATTEMPT).reason is Reason.SUPERSEDED
    assert check(codes, new, T0 + 62, ATTEMPT).accepted


def test_a_code_is_bound_to_the_sign_in_it_was_sent_for():
    codes, code = issue(attempt=1)
    assert check(codes, code, T0 + 5, 2).reason is Reason.OTHER_ATTEMPT
    assert check(codes, code, T0 + 6, 1).accepted


@pytest.mark.parametrize("typed, reason", [("12345", Reason.WRONG_LENGTH), ("1234567", Reason.WRONG_LENGTH),
                                           ("12345a", Reason.NOT_DIGITS)])
def test_input_of_the_wrong_shape_never_reaches_the_sms_factor(typed, reason):
    codes, code = issue()
    routing = route(Typed.of(typed), codes, 6, codes, 6)
    assert routing.factors == () and routing.verdict.reason is reason and routing.verdict.malformed
    assert check(codes, code, T0 + 1).accepted  # nothing was used up


def test_a_code_never_sent_is_wrong():
    codes, code = issue()
    other = f"{(int(code) + 1) % 10**6:06d}"
    verdict = check(codes, other, T0 + 1, ATTEMPT)
    assert (verdict.accepted, verdict.reason, verdict.factor) == (False, Reason.WRONG_CODE, "sms")


def test_only_the_last_codes_are_remembered():
    codes = SmsCodes()
    entropy = SeededEntropy(4)
    sent = [codes.issue(Context(T0 + 60 * i, SEED_PORTAL, entropy, ATTEMPT)) for i in range(HISTORY + 1)]
    assert codes.issued == HISTORY
    now = T0 + 60 * HISTORY + 1
    assert check(codes, sent[0], now, ATTEMPT).reason is Reason.WRONG_CODE  # forgotten
    assert check(codes, sent[1], now, ATTEMPT).reason is Reason.SUPERSEDED
    assert check(codes, sent[-1], now, ATTEMPT).accepted


def test_the_cooldown_runs_from_the_last_issue():
    policy = SEED_PORTAL.replace(sms_resend_cooldown_seconds=60)
    codes = SmsCodes()
    assert codes.cooldown_left(T0, policy) == 0
    codes.issue(Context(T0, policy, SeededEntropy(1), ATTEMPT))
    assert codes.cooldown_left(T0 + 15, policy) == pytest.approx(45)
    assert codes.cooldown_left(T0 + 60, policy) == 0


def test_codes_are_kept_only_as_hashes():
    codes, code = issue()
    assert code not in repr(codes)
    (stored,) = codes.stored()
    assert verify_value(code, stored) and code not in stored
