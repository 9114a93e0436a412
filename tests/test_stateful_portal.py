"""A Hypothesis state machine of one user signing in to the portal: clock
moves, phone clock errors, right and wrong app codes, backup codes, wrong
passwords and malformed input, checked against a small model of the window,
the replay guard, the throttle and the backup codes."""

from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from support import LOGIN, PASSWORD, enrol_with_app
from twofa_sim import Browser, Outcome, Portal, Reason
from twofa_sim.otp import hotp, time_step
from twofa_sim.presets import SEED_PORTAL

START = 1_767_603_600
# Window ±1 and a 600 s lockout as in the seed portal; a lock after 3 failures
# (Authelia's number) so that 20-step runs reach it; 4 backup codes.
POLICY = SEED_PORTAL.replace(drift_learning=False, backup_code_count=4, lockout_failures=3)


class PortalMachine(RuleBasedStateMachine):
    @initialize(seed=st.integers(0, 2**32))
    def enrol(self, seed):
        self.user = enrol_with_app(Portal.simulated(seed=seed, start=START, policy=POLICY))
        self.portal = self.user.portal
        self.browser = Browser("laptop")
        # the model
        self.last_step = time_step(START, POLICY.period)   # enrolment used this step
        self.accepted_steps = [self.last_step]
        self.used_backup = set()
        self.failures = 0          # consecutive counted failures since success or lock
        self.locked_until = None
        self.run_of_refusals = 0   # REFUSED results since the last success or the portal's last lock

    # ---------------------------------------------------------------- helpers

    def now(self):
        return self.portal.clock.now()

    def locked(self):
        return self.locked_until is not None and self.now() < self.locked_until

    def counted_failure(self):
        self.failures += 1
        if self.failures >= POLICY.lockout_failures:
            self.locked_until = self.now() + POLICY.lockout_seconds
            self.failures = 0

    def success(self):
        self.failures = 0
        self.run_of_refusals = 0

    def check(self, result, expected_outcome, expected_reason=None):
        assert result.outcome is expected_outcome, (result, expected_outcome)
        if expected_reason is not None:
            assert result.reason is expected_reason, (result, expected_reason)
        event(f"{result.outcome.value}: {result.reason.value}")
        if result.outcome is Outcome.REFUSED:
            self.run_of_refusals += 1
            if self.portal.status(LOGIN).locked_for > 0:  # the portal locked the account just now
                event("lock began")
                self.run_of_refusals = 0

    def window(self):
        portal_step = time_step(self.now(), POLICY.period)
        return [portal_step + k for k in sorted(POLICY.window_steps(), key=lambda k: (abs(k), k))]

    def sign_in(self, code):
        return self.portal.login(LOGIN, PASSWORD, code, self.browser)

    # ------------------------------------------------------------------ rules

    @rule(seconds=st.sampled_from([1, 10, 29, 30, 31, 90, 300, 600, 601]))
    def advance_clock(self, seconds):
        self.portal.clock.advance(seconds)

    @rule(steps=st.integers(-3, 3), seconds=st.sampled_from([0, 0, 5, -5]))
    def set_phone_clock(self, steps, seconds):
        self.user.app.clock.set_offset(steps * POLICY.period + seconds)

    @rule()
    def login_with_phone_code(self):
        code = self.user.app.code()
        result = self.sign_in(code)
        if self.locked():
            return self.check(result, Outcome.LOCKED, Reason.LOCKED_OUT)
        matched = [s for s in self.window() if hotp(self.user.secret.key, s) == code]
        fresh = [s for s in matched if s > self.last_step]
        if fresh:
            self.check(result, Outcome.OK, Reason.ACCEPTED)
            assert fresh[0] not in self.accepted_steps
            self.last_step = fresh[0]
            self.accepted_steps.append(fresh[0])
            self.success()
        else:
            reason = (Reason.WRONG_CODE if not matched else
                      Reason.REPLAYED if matched[0] == self.last_step else Reason.OLDER_STEP)
            self.check(result, Outcome.REFUSED, reason)
            self.counted_failure()

    @rule(delta=st.integers(1, 999_999))
    def login_with_wrong_code(self, delta):
        right = {hotp(self.user.secret.key, s) for s in self.window()}
        code = f"{(int(self.user.app.code()) + delta) % 10**6:06d}"
        if code in right:
            return
        result = self.sign_in(code)
        if self.locked():
            return self.check(result, Outcome.LOCKED, Reason.LOCKED_OUT)
        self.check(result, Outcome.REFUSED, Reason.WRONG_CODE)
        self.counted_failure()

    @rule(index=st.integers(0, POLICY.backup_code_count - 1), lower=st.booleans())
    def login_with_backup_code(self, index, lower):
        code = self.user.backup_codes[index]
        result = self.sign_in(code.lower() if lower else code)
        if self.locked():
            return self.check(result, Outcome.LOCKED, Reason.LOCKED_OUT)
        if index in self.used_backup:
            self.check(result, Outcome.REFUSED, Reason.ALREADY_USED)
            self.counted_failure()
        else:
            self.check(result, Outcome.OK, Reason.ACCEPTED)
            assert result.factor == "backup"
            self.used_backup.add(index)
            self.success()

    @rule(typed=st.sampled_from(["", "12345", "1234567", "12 34 5", "ABCD-EFGH", "!!", "\u0661\u0662\u0663"]))
    def malformed_input(self, typed):
        result = self.sign_in(typed)
        if self.locked():
            return self.check(result, Outcome.LOCKED, Reason.LOCKED_OUT)
        self.check(result, Outcome.MALFORMED)

    @rule()
    def wrong_password(self):
        result = self.portal.login(LOGIN, "not the password", self.user.app.code(), self.browser)
        if self.locked():
            return self.check(result, Outcome.LOCKED, Reason.LOCKED_OUT)
        self.check(result, Outcome.REFUSED, Reason.WRONG_PASSWORD)
        self.counted_failure()

    @precondition(lambda self: self.used_backup)
    @rule()
    def regenerate_backup_codes(self):
        result = self.portal.regenerate_backup_codes(LOGIN, password=PASSWORD)
        if self.locked():
            return self.check(result, Outcome.LOCKED, Reason.LOCKED_OUT)
        self.check(result, Outcome.OK)
        self.user.backup_codes = result.backup_codes
        self.used_backup = set()

    # ------------------------------------------------------------- invariants

    @invariant()
    def throttle_matches_model(self):
        status = self.portal.status(LOGIN)
        assert status.consecutive_failures == self.failures
        assert (status.locked_for > 0) == self.locked()
        assert self.run_of_refusals <= POLICY.lockout_failures

    @invariant()
    def each_step_accepted_at_most_once(self):
        assert len(self.accepted_steps) == len(set(self.accepted_steps))
        assert self.accepted_steps == sorted(self.accepted_steps)
        ok_totp = [e for e in self.portal.audit if e.action == "login.code" and e.outcome == "ok" and e.factor == "totp"]
        steps = [time_step(e.time, POLICY.period) + dict(e.details)["offset_steps"] for e in ok_totp]
        assert len(steps) == len(set(steps))

    @invariant()
    def backup_remaining_matches_model(self):
        status = self.portal.status(LOGIN)
        assert status.backup_remaining == POLICY.backup_code_count - len(self.used_backup)
        assert status.backup_total == POLICY.backup_code_count


PortalMachine.TestCase.settings = settings(max_examples=30, stateful_step_count=20, deadline=None)
TestPortalStateMachine = PortalMachine.TestCase
