"""A Hypothesis state machine of one user signing in to the portal, checked
against a second, independent statement of the portal flow.

The model below keeps its own state and states each rule in its own code:
TOTP values come from pyotp (never from ``twofa_sim.otp``), and the model
never looks inside the portal to decide what it expects. It reads only what
a person would see: each result's outcome, reason, factor and wait, the texts
that reach the phone, and the backup codes shown at enrolment. The portal's
public status is compared with the model afterwards, as a check.

Rules stated by the model (spec IDs from the portal-flow specification):

* TOTP look-around window (RFC 6238 §5.2): a code is accepted when it is the
  value of a time step in ``window_back``..``window_forward`` steps around the
  centre, nearest the centre first (LOG-2).
* Replay (RFC 6238 §5.2, NIST SP 800-63B §5.1.4.2): a step at or before the
  last accepted step is refused: REPLAYED for the last step itself, OLDER_STEP
  for an earlier one (LOG-4).
* Drift learning (RFC 6238 §6, django-otp ``OTP_TOTP_SYNC``): with it on, an
  accepted code learns the matched step's offset from the portal's step;
  the window around the drifted step is looked at as well as the window
  around the portal's own step, never instead of it
  (:meth:`PortalModel.look_around`).
* Throttling (NIST SP 800-63B §5.2.2): every refused password or code counts
  toward consecutive failures; malformed input does not; ``lockout_failures``
  failures lock the account for ``lockout_seconds`` and the count starts
  again; a completed sign-in (a code step, or a remembered browser's
  password step) resets the count; while locked, the password step, the
  code step and "Send SMS Code" answer LOCKED with the time left, except
  that a sign-in already over answers EXPIRED (no code is looked at).
* The cap on code guesses (NIST SP 800-63B §5.2.2 rev 3): refused app and
  SMS codes are also counted together, and backup codes apart, across
  lockouts, until a completed sign-in; at ``code_failure_cap`` input that
  would go only to capped factors answers LOCKED (cap reached) unchecked.
* Login-step timeout: a code step (or Send SMS Code) ``login_step_seconds``
  or more after the password step answers EXPIRED and ends the sign-in; a
  finished sign-in answers EXPIRED (attempt finished) without looking at the
  code. A user has at most 8 sign-ins open; opening one more ends the oldest.
* Input shape (one code field): blanks are dropped, Arabic-Indic, Persian and
  full-width digits read as ASCII, one hyphen between digits is dropped;
  all digits of the app's (or, once a text was sent, the SMS code's) length
  is a code, other all-digit input is WRONG_LENGTH, empty input EMPTY, and
  anything else must be a backup code (hyphens dropped, any case) of the
  policy's length and alphabet, else BAD_FORMAT. Malformed input is not
  counted as a failure.
* SMS codes (SMS-1, NIST SP 800-63B §5.1.3.2): a code lives
  ``sms_code_seconds`` from its issue; a new code needs the resend cooldown,
  the hourly send limits and the daily caps (every text to the number
  counts, the Team page's confirmation text included); a newer code
  supersedes every older one; a code counts only in the sign-in that asked
  for it, and only once (SMS_USED).
* Backup codes (BAK-1): each works once, typed in any case, with or without
  its hyphens; a used code is ALREADY_USED.
* Remembered devices (LOG-3, REM-1, REM-2): a code step with ``remember``
  remembers that browser for ``remember_device_seconds``; its next password
  step signs in with no code until then; other browsers are still asked.
"""

from __future__ import annotations

import base64
import math
import re
import sys
from dataclasses import dataclass

import hypothesis
import pyotp
import pytest
from hypothesis import settings
from hypothesis.control import currently_in_test_context
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from twofa_sim import Browser, Outcome, Portal, Reason, SeededEntropy, VirtualClock
from twofa_sim.gateway import GatewaySettings, SmsGateway
from twofa_sim.policy import BACKUP_ALPHABET
from twofa_sim.presets import SEED_PORTAL

START = 1_767_603_600  # Monday 2026-01-05 09:00:00 UTC
LOGIN, PASSWORD, NAME = "alice@example.com", "correct horse battery staple", "Alice"
PHONE_COUNTRY, PHONE_TYPED, PHONE_E164 = "IT", "312 345 6789", "+393123456789"
BROWSERS = ("alice-laptop", "alice-phone", "internet-cafe")
HOUR, DAY = 3600, 86_400

#: The policies a run is drawn from.
POLICIES = {
    "seed portal": SEED_PORTAL,
    "drift learning off": SEED_PORTAL.replace(drift_learning=False),
    "window 0": SEED_PORTAL.replace(window_back=0, window_forward=0),
    "lockout 3 failures / 300 s": SEED_PORTAL.replace(lockout_failures=3, lockout_seconds=300),
    "code cap 5, lockout 2 / 60 s": SEED_PORTAL.replace(code_failure_cap=5, lockout_failures=2, lockout_seconds=60),
}

#: Sign-ins the portal holds open per user (a stated limit of the portal).
MAX_OPEN_SIGN_INS = 8

#: How many SMS codes the portal keeps to tell a superseded or used code from
#: a wrong one; an older code is simply wrong.
SMS_CODES_KEPT = 10

#: Digits phones type in other scripts, read as ASCII digits: Arabic-Indic,
#: Persian (extended Arabic-Indic) and full-width.
PHONE_DIGITS = {zero + i: ord("0") + i for zero in (0x0660, 0x06F0, 0xFF10) for i in range(10)}

_SMS_CODE = re.compile(r"code: (\d+)\.")


def event(value: str) -> None:
    """Count ``value`` in Hypothesis' statistics (nothing in a scripted run)."""
    if currently_in_test_context():
        hypothesis.event(value)


# --------------------------------------------------------------------- model


@dataclass(frozen=True)
class Expect:
    """What the model expects an action to answer."""

    outcome: Outcome
    reason: Reason
    factor: str | None = None   # checked when set
    wait: float | None = None   # checked when set


@dataclass
class SignIn:
    """The model's view of one sign-in (a passed password step)."""

    browser: str
    started_at: float
    finished: bool = False


@dataclass
class Text:
    """One SMS code the model asked for."""

    sign_in: int          # index into PortalModel.sign_ins
    sent_at: float
    expires_at: float
    code: str | None = None   # learnt when the text reaches the phone
    used: bool = False


class PortalModel:
    """The portal flow restated: state and rules, no portal internals."""

    def __init__(self, policy, now: float, secret_base32: str, backup_codes: tuple[str, ...]) -> None:
        self.policy = policy
        self.now = now
        self.totp = pyotp.TOTP(secret_base32, digits=policy.digits, interval=policy.period)
        # TOTP: enrolment accepted the portal's step at `now` with no drift.
        self.last_step: int | None = self.portal_step()
        self.drift = 0
        self.accepted_steps = [self.last_step]
        # throttle
        self.failures = 0
        self.code_failures = 0      # app and SMS codes, across lockouts
        self.backup_failures = 0    # backup codes, across lockouts
        self.locked_until: float | None = None
        self.lockouts = 0
        self.other_sends: list[float] = []  # texts to the number that are not sign-in codes (confirmations)
        # backup codes: normalised code → used?
        self.backup = {self.backup_key(code): False for code in backup_codes}
        # sign-ins, SMS codes, remembered browsers
        self.sign_ins: list[SignIn] = []
        self.texts: list[Text] = []
        self.cookie_expiry: dict[str, float] = {}   # browser → expiry of the token its cookie holds
        self.devices: list[float] = []              # expiry of every remembered device issued

    # ------------------------------------------------------------- TOTP

    def portal_step(self) -> int:
        return math.floor(self.now / self.policy.period)

    def look_around(self, portal_step: int) -> list[int]:
        """The steps a code is checked against, nearest a centre first.

        The window spans ``window_back`` steps before and ``window_forward``
        after each centre: the portal's own step first, then (drift learning
        on) the step moved by the learned drift. A drift widens where the
        portal looks and never takes the portal's own window away.
        """
        drift = self.drift if self.policy.drift_learning else 0
        centres = [portal_step, portal_step + drift]
        offsets = sorted(range(-self.policy.window_back, self.policy.window_forward + 1), key=lambda k: (abs(k), k))
        steps = [centre + k for centre in centres for k in offsets]
        return [s for s in dict.fromkeys(steps) if s >= 0]

    def value(self, step: int) -> str:
        return self.totp.at(step * self.policy.period)

    def phone_code(self, phone_offset: float) -> str:
        """What the app shows on a phone whose clock is ``phone_offset`` s off."""
        return self.totp.at(self.now + phone_offset)

    def check_app_code(self, code: str) -> tuple[bool, Reason]:
        portal_step = self.portal_step()
        matched = [s for s in self.look_around(portal_step) if self.value(s) == code]
        fresh = [s for s in matched if self.last_step is None or s > self.last_step]
        if fresh:
            step = fresh[0]
            assert step not in self.accepted_steps
            self.last_step = step
            self.accepted_steps.append(step)
            if self.policy.drift_learning:
                self.drift = step - portal_step
            if step != portal_step:
                event(f"app code accepted {step - portal_step:+d} step(s) off")
            if not -self.policy.window_back <= step - portal_step <= self.policy.window_forward:
                event("app code accepted beyond the window around the portal's step (learned drift)")
            return True, Reason.ACCEPTED
        if matched:
            return False, Reason.REPLAYED if matched[0] == self.last_step else Reason.OLDER_STEP
        return False, Reason.WRONG_CODE

    # ------------------------------------------------------------- SMS

    def check_sms_code(self, code: str, sign_in: int) -> tuple[bool, Reason]:
        kept = self.texts[-SMS_CODES_KEPT:]
        hits = [t for t in kept if t.code == code]
        if not hits:
            return False, Reason.WRONG_CODE
        text = hits[-1]
        if text.used:
            return False, Reason.SMS_USED
        if text is not self.texts[-1]:
            return False, Reason.SUPERSEDED
        if text.sign_in != sign_in:
            return False, Reason.OTHER_ATTEMPT
        if self.now >= text.expires_at:
            return False, Reason.SMS_EXPIRED
        text.used = True
        return True, Reason.ACCEPTED

    def sends_within(self, window: float) -> list[float]:
        """Times of every text to the number in the last ``window`` seconds, oldest first."""
        return sorted(t for t in [t.sent_at for t in self.texts] + self.other_sends if t > self.now - window)

    def closed(self, sign_in: SignIn) -> Expect | None:
        """EXPIRED when the sign-in is over (finished, or past the login-step
        timeout, which ends it); None while a code or a text may be asked for."""
        if sign_in.finished:
            return Expect(Outcome.EXPIRED, Reason.ATTEMPT_FINISHED)
        if self.now >= sign_in.started_at + self.policy.login_step_seconds:
            sign_in.finished = True
            return Expect(Outcome.EXPIRED, Reason.LOGIN_STEP_EXPIRED)
        return None

    def send_sms(self, index: int) -> Expect:
        sign_in, p = self.sign_ins[index], self.policy
        closed = self.closed(sign_in)
        if closed:
            return closed
        if self.locked():
            return Expect(Outcome.LOCKED, Reason.LOCKED_OUT, wait=self.lock_wait())
        if self.texts and self.now < self.texts[-1].sent_at + p.sms_resend_cooldown_seconds:
            return Expect(Outcome.LOCKED, Reason.RESEND_COOLDOWN,
                          wait=self.texts[-1].sent_at + p.sms_resend_cooldown_seconds - self.now)
        # one user with one number: the per-number, per-account and per-region counts are the same sends;
        # the first limit broken (hourly ones first, then the daily caps) says how long to wait
        for limit, window in ((p.sms_per_number_per_hour, HOUR), (p.sms_per_account_per_hour, HOUR),
                              (p.sms_per_region_per_hour, HOUR), (p.sms_per_number_per_day, DAY),
                              (p.sms_per_account_per_day, DAY)):
            recent = self.sends_within(window)
            if limit and len(recent) >= limit:
                return Expect(Outcome.LOCKED, Reason.RATE_LIMITED, wait=recent[-limit] + window - self.now)
        self.texts.append(Text(index, self.now, self.now + p.sms_code_seconds))
        return Expect(Outcome.OK, Reason.SMS_SENT)

    def delivered(self, sent_at: float, code: str) -> None:
        """A text sent at ``sent_at`` reached the phone with ``code``."""
        texts = [t for t in self.texts if t.sent_at == sent_at]
        assert len(texts) == 1, f"a text the model did not ask for arrived (sent at {sent_at})"
        assert texts[0].code in (None, code)
        texts[0].code = code

    # ------------------------------------------------------------- throttle

    def locked(self) -> bool:
        return self.locked_until is not None and self.now < self.locked_until

    def lock_wait(self) -> float:
        return self.locked_until - self.now

    def capped(self) -> set[str]:
        cap = self.policy.code_failure_cap
        return ({"code"} if cap and self.code_failures >= cap else set()) | (
            {"backup"} if cap and self.backup_failures >= cap else set())

    def count_failure(self, kind: str = "password") -> None:
        if kind == "code":
            self.code_failures += 1
        elif kind == "backup":
            self.backup_failures += 1
        self.failures += 1
        if self.policy.lockout_failures and self.failures >= self.policy.lockout_failures:
            self.locked_until = self.now + self.policy.lockout_seconds
            self.lockouts += 1
            self.failures = 0
            event("lockout began")

    # ------------------------------------------------------------- backup codes

    @staticmethod
    def backup_key(typed: str) -> str:
        return "".join(ch for ch in typed if not ch.isspace() and ch != "-").upper()

    def backup_remaining(self) -> int:
        return sum(not used for used in self.backup.values())

    def check_backup_code(self, key: str) -> tuple[bool, Reason]:
        if key not in self.backup:
            return False, Reason.WRONG_CODE if self.backup_remaining() else Reason.NO_CODES_LEFT
        if self.backup[key]:
            return False, Reason.ALREADY_USED
        self.backup[key] = True
        return True, Reason.ACCEPTED

    # ------------------------------------------------------------- the two steps

    def password_step(self, browser: str, right_password: bool) -> Expect:
        if self.locked():
            return Expect(Outcome.LOCKED, Reason.LOCKED_OUT, wait=self.lock_wait())
        if not right_password:
            self.count_failure()
            return Expect(Outcome.REFUSED, Reason.WRONG_PASSWORD)
        if browser in self.cookie_expiry:
            if self.now < self.cookie_expiry[browser]:
                self.failures = self.code_failures = self.backup_failures = 0
                return Expect(Outcome.OK, Reason.REMEMBERED_DEVICE, "remembered")
            event("remembered device expired")
        self.sign_ins.append(SignIn(browser, self.now))
        held = [s for s in self.sign_ins if not s.finished]
        if len(held) > MAX_OPEN_SIGN_INS:  # the portal holds a few sign-ins per user; opening one more ends the oldest
            held[0].finished = True
            event("oldest open sign-in ended")
        return Expect(Outcome.CODE_REQUIRED, Reason.PASSWORD_OK)

    def code_step(self, index: int, typed: str, remember: bool) -> Expect:
        sign_in, p = self.sign_ins[index], self.policy
        closed = self.closed(sign_in)
        if closed:
            return closed
        if self.locked():
            return Expect(Outcome.LOCKED, Reason.LOCKED_OUT, wait=self.lock_wait())
        shape, text = self.shape(typed)
        if shape is not None:
            return Expect(Outcome.MALFORMED, shape)
        kind = "code" if text.isdigit() else "backup"
        if kind in self.capped():
            event("cap on code guesses reached")
            return Expect(Outcome.LOCKED, Reason.CODES_CAPPED)
        if text.isdigit():
            accepted, reason = self.check_app_code(text)
            factor = "totp"
            if not accepted and self.texts:
                sms_accepted, sms_reason = self.check_sms_code(text, index)
                if sms_accepted:
                    accepted, reason, factor = True, Reason.ACCEPTED, "sms"
                elif reason is Reason.WRONG_CODE:
                    reason = sms_reason
        else:
            (accepted, reason), factor = self.check_backup_code(text), "backup"
        if not accepted:
            self.count_failure(kind)
            return Expect(Outcome.REFUSED, reason)
        sign_in.finished = True
        self.failures = self.code_failures = self.backup_failures = 0
        if remember:
            self.cookie_expiry[sign_in.browser] = self.now + p.remember_device_seconds
            self.devices.append(self.now + p.remember_device_seconds)
        return Expect(Outcome.OK, Reason.ACCEPTED, factor)

    def shape(self, typed: str) -> tuple[Reason | None, str]:
        """``(reason, "")`` for input of the wrong shape (not counted), else
        ``(None, code)``: digits for the app or SMS, or a backup code."""
        text = "".join(ch for ch in typed if not ch.isspace()).translate(PHONE_DIGITS)
        if not text:
            return Reason.EMPTY, ""
        hyphens = [i for i, ch in enumerate(text) if ch == "-"]
        digits = text[: hyphens[0]] + text[hyphens[0] + 1 :] if len(hyphens) == 1 and 0 < hyphens[0] < len(text) - 1 else text
        if digits.isascii() and digits.isdigit():
            lengths = {self.policy.digits} | ({self.policy.sms_code_digits} if self.texts else set())
            return (None, digits) if len(digits) in lengths else (Reason.WRONG_LENGTH, "")
        key = self.backup_key(text)
        if not key:
            return Reason.EMPTY, ""
        if len(key) != self.policy.backup_code_length or any(ch not in BACKUP_ALPHABET for ch in key):
            return Reason.BAD_FORMAT, ""
        return None, key

    def active_devices(self) -> int:
        return sum(self.now < expiry for expiry in self.devices)


# --------------------------------------------------------------------- machine

WAITS = ("1 s", "8 s", "29 s", "30 s", "31 s", "90 s", "SMS cooldown", "SMS lifetime", "login step - 1",
         "login step", "lockout", "lockout + 1", "1 hour", "1 day", "remember - 1", "remember")

MALFORMED = ("", "   ", "12345", "1234567", "12 34 5", "12a456", "ABCD-EFGH", "!!", "-", "ABCDE-FGHJ0",
             "abcdefghjkm", "\u0661\u0662\u0663", "\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7",
             "\uff11\uff12\uff13")


class PortalMachine(RuleBasedStateMachine):
    @initialize(policy_name=st.sampled_from(sorted(POLICIES)), key=st.binary(min_size=20, max_size=20).filter(lambda k: len(set(k)) > 1),
                seed=st.integers(0, 2**16), into_step=st.integers(0, 29))
    def enrol(self, policy_name, key, seed, into_step):
        event(f"policy: {policy_name}")
        policy = POLICIES[policy_name]
        clock, entropy = VirtualClock(START + into_step), SeededEntropy(seed)
        self.portal = Portal(clock, entropy, policy, gateway=SmsGateway(clock, entropy, GatewaySettings(loss_rate=0.0)))
        self.portal.add_user(LOGIN, PASSWORD, NAME)
        saved = self.portal.set_cell_phone(LOGIN, PHONE_COUNTRY, PHONE_TYPED, password=PASSWORD)
        assert saved.outcome is Outcome.CODE_REQUIRED, saved
        confirmation = self.portal.gateway.sent()[-1]  # the text on its way: its code, typed back at once
        assert self.portal.confirm_cell_phone(LOGIN, confirmation.code).ok
        secret = base64.b32encode(key).decode()
        self.portal.start_enrolment(LOGIN, secret=secret)
        confirmed = self.portal.confirm_enrolment(LOGIN, pyotp.TOTP(secret).at(clock.now()))
        assert confirmed.outcome is Outcome.OK, confirmed
        assert len(confirmed.backup_codes) == policy.backup_code_count
        self.backup_codes = confirmed.backup_codes
        self.model = PortalModel(policy, clock.now(), secret, confirmed.backup_codes)
        self.model.other_sends.append(confirmation.sent_at)
        self.not_sign_in_texts = {confirmation.message_id}
        self.browsers = {name: Browser(name) for name in BROWSERS}
        self.attempts = []           # the portal's handles, in the model's sign-in order
        self.phone_offset = 0.0      # the phone's clock error, seconds
        self.read_codes = []         # app codes the user has read off the phone

    # ---------------------------------------------------------------- helpers

    def check(self, result, expect: Expect, what: str):
        event(f"{what}: {result.outcome.value} ({result.reason.value})")
        assert (result.outcome, result.reason) == (expect.outcome, expect.reason), (what, result, expect)
        if expect.factor is not None:
            assert result.factor == expect.factor, (what, result, expect)
        if expect.wait is not None:
            assert result.wait_seconds is not None and abs(result.wait_seconds - expect.wait) < 1e-6, (what, result, expect)

    def advance(self, seconds: float) -> None:
        self.portal.clock.advance(seconds)
        self.model.now += seconds
        self.read_phone_texts()

    def read_phone_texts(self) -> None:
        for text in self.portal.gateway.inbox(PHONE_E164):
            if text.message_id in self.not_sign_in_texts:
                continue  # the Team page's confirmation text
            found = _SMS_CODE.search(text.body)
            assert found, "an SMS without a code"
            self.model.delivered(text.sent_at, found.group(1))

    def pick(self, n: int) -> int:
        """A sign-in index: 0 and 1 pick the newest open sign-ins (by the
        model's own account) when there are any; 2 and 3 any sign-in."""
        p = self.model.policy
        open_ = [i for i, s in enumerate(self.model.sign_ins)
                 if not s.finished and self.model.now < s.started_at + p.login_step_seconds]
        if n < 2 and open_:
            return open_[-1 - n % len(open_)]
        return len(self.attempts) - 1 - n % len(self.attempts)

    def code_step(self, n: int, typed: str, remember: bool = False, what: str = "code step"):
        index = self.pick(n)
        expect = self.model.code_step(index, typed, remember)
        result = self.portal.submit_code(self.attempts[index], typed, remember)
        self.check(result, expect, what)
        return result

    def has_sign_in(self):
        return bool(self.attempts)

    # ------------------------------------------------------------------ rules

    @rule(browser=st.sampled_from(BROWSERS))
    def password_step(self, browser):
        expect = self.model.password_step(browser, right_password=True)
        result = self.portal.begin_login(LOGIN, PASSWORD, self.browsers[browser])
        self.check(result, expect, "password step")
        if result.outcome is Outcome.CODE_REQUIRED:
            assert result.attempt.started_at == self.model.now
            self.attempts.append(result.attempt)

    @rule(browser=st.sampled_from(BROWSERS))
    def wrong_password(self, browser):
        expect = self.model.password_step(browser, right_password=False)
        result = self.portal.begin_login(LOGIN, PASSWORD + "!", self.browsers[browser])
        self.check(result, expect, "wrong password")

    @precondition(has_sign_in)
    @rule(n=st.integers(0, 3), remember=st.booleans(), delay=st.sampled_from([0, 0, 8, 25]),
          layout=st.sampled_from(["plain", "plain", "plain", "spaced", "hyphen", "full-width"]),
          phone_steps=st.sampled_from([None, None, None, -1, 0, 1, 2]))
    def app_code(self, n, remember, delay, layout, phone_steps):
        """Read the code off the phone (perhaps just after its clock was set
        ``phone_steps`` steps off), wait ``delay`` seconds typing it, submit."""
        if phone_steps is not None:
            self.set_phone_clock(phone_steps, 0)
        code = self.model.phone_code(self.phone_offset)
        self.read_codes.append(code)
        if delay:
            self.advance(delay)
        half = len(code) // 2
        typed = {"plain": code, "spaced": f" {code[:half]} {code[half:]}\n", "hyphen": f"{code[:half]}-{code[half:]}",
                 "full-width": code.translate({ord("0") + i: 0xFF10 + i for i in range(10)})}[layout]
        self.code_step(n, typed, remember, "app code")

    @rule(browser=st.sampled_from(BROWSERS), phone_steps=st.integers(-2, 2), remember=st.booleans())
    def sign_in_with_app(self, browser, phone_steps, remember):
        """Both steps at once: the password, then the phone's code (its clock
        ``phone_steps`` steps off) if one is asked for."""
        before = len(self.attempts)
        self.password_step(browser)
        if len(self.attempts) > before:
            self.app_code(0, remember, 0, "plain", phone_steps)

    @precondition(lambda self: self.has_sign_in() and self.read_codes)
    @rule(n=st.integers(0, 3), back=st.integers(1, 3))
    def earlier_app_code(self, n, back):
        """Type again a code read before (a replay, or a stale code)."""
        self.code_step(n, self.read_codes[-min(back, len(self.read_codes))], what="earlier app code")

    @precondition(has_sign_in)
    @rule(n=st.integers(0, 3), guess=st.integers(0, 10**6 - 1))
    def guessed_code(self, n, guess):
        self.code_step(n, f"{guess:06d}", what="guessed code")

    @precondition(has_sign_in)
    @rule(n=st.integers(0, 3), typed=st.sampled_from(MALFORMED) | st.text("0123456789", min_size=1, max_size=12)
          .filter(lambda s: len(s) != 6) | st.text("ABCDEFGHJK", min_size=1, max_size=14).filter(lambda s: len(s) != 10))
    def malformed_input(self, n, typed):
        self.code_step(n, typed, what="malformed input")

    @precondition(has_sign_in)
    @rule(n=st.integers(0, 3), index=st.integers(0, 99), remember=st.booleans(),
          layout=st.sampled_from(["as shown", "lower case", "no hyphens"]))
    def backup_code(self, n, index, remember, layout):
        shown = self.backup_codes[index % len(self.backup_codes)]
        typed = {"as shown": shown, "lower case": shown.lower(), "no hyphens": shown.replace("-", "")}[layout]
        self.code_step(n, typed, remember, "backup code")

    @precondition(has_sign_in)
    @rule(n=st.integers(0, 3), guess=st.text("ABCDEFGHJK", min_size=10, max_size=10))
    def guessed_backup_code(self, n, guess):
        self.code_step(n, guess, what="guessed backup code")

    @precondition(has_sign_in)
    @rule(n=st.integers(0, 3), wait_for_it=st.booleans())
    def send_sms_code(self, n, wait_for_it):
        """Press "Send SMS Code"; perhaps wait until the text arrives."""
        self.send(n, wait_for_it)

    def send(self, n: int, wait_for_it: bool):
        index = self.pick(n)
        expect = self.model.send_sms(index)
        result = self.portal.send_sms_code(self.attempts[index])
        self.check(result, expect, "send SMS code")
        if wait_for_it and result.outcome is Outcome.OK:
            self.sms_arrives()
        return result

    @precondition(has_sign_in)
    @rule(n=st.integers(0, 3), times=st.integers(2, 7))
    def resend_sms_codes(self, n, times):
        """Press "Send SMS Code" again and again, each time after the cooldown."""
        for _ in range(times):
            self.advance(self.model.policy.sms_resend_cooldown_seconds)
            if self.send(n, wait_for_it=False).outcome is Outcome.EXPIRED:
                break

    @precondition(lambda self: any(t.code is None for t in self.model.texts))
    @rule()
    def sms_arrives(self):
        """Wait until the next text with a sign-in code reaches the phone."""
        known = sum(t.code is not None for t in self.model.texts)
        while sum(t.code is not None for t in self.model.texts) == known:
            when = self.portal.gateway.next_delivery(PHONE_E164)
            assert when is not None and when > self.model.now, "a text the model asked for never arrives"
            self.advance(when - self.model.now)

    @precondition(lambda self: any(t.code for t in self.model.texts))
    @rule(back=st.sampled_from([0, 0, 0, 1, 2]), where=st.sampled_from([None, None, 0, 1]), remember=st.booleans(),
          late=st.sampled_from([None, None, None, "lifetime - 1", "lifetime"]))
    def sms_code(self, back, where, remember, late):
        """Type a code from a text on the phone (the newest, or an older one),
        in the sign-in it was sent for (``where`` None) or another one,
        perhaps ``late`` after it was sent."""
        known = [t for t in self.model.texts if t.code is not None]
        text = known[-1 - min(back, len(known) - 1)]
        if late is not None:
            due = text.sent_at + self.model.policy.sms_code_seconds - (1 if late == "lifetime - 1" else 0)
            if due > self.model.now:
                self.advance(due - self.model.now)
        n = len(self.attempts) - 1 - text.sign_in if where is None else where
        self.code_step(n, text.code, remember, "SMS code")

    @rule(wait=st.sampled_from(WAITS))
    def wait(self, wait):
        p = self.model.policy
        seconds = {"SMS cooldown": p.sms_resend_cooldown_seconds, "SMS lifetime": p.sms_code_seconds,
                   "login step - 1": p.login_step_seconds - 1, "login step": p.login_step_seconds,
                   "lockout": p.lockout_seconds, "lockout + 1": p.lockout_seconds + 1, "1 hour": HOUR,
                   "1 day": DAY, "remember - 1": p.remember_device_seconds - 1,
                   "remember": p.remember_device_seconds}.get(wait) or int(wait.split()[0])
        self.advance(seconds)

    @rule(steps=st.integers(-3, 3), seconds=st.sampled_from([0, 0, 5, -5, 14]))
    def set_phone_clock(self, steps, seconds):
        self.phone_offset = steps * self.model.policy.period + seconds

    # ------------------------------------------------------------- invariants

    @invariant()
    def same_time(self):
        assert self.portal.clock.now() == self.model.now

    @invariant()
    def status_matches_model(self):
        status = self.portal.status(LOGIN)
        assert status.consecutive_failures == self.model.failures
        assert (status.locked_for > 0) == self.model.locked()
        if self.model.locked():
            assert abs(status.locked_for - self.model.lock_wait()) < 1e-6
        assert status.backup_remaining == self.model.backup_remaining()
        assert status.backup_total == self.model.policy.backup_code_count
        assert status.remembered_devices == self.model.active_devices()

    @invariant()
    def each_step_accepted_once_in_order(self):
        steps = self.model.accepted_steps
        assert steps == sorted(set(steps))


TestPortalStateMachine = PortalMachine.TestCase
TestPortalStateMachine.settings = settings(settings.default, stateful_step_count=150)


# ------------------------------------------------------------ scripted runs
# The machine above draws its runs; these scripts walk the same model and the
# same rules through the boundaries every CI run must reach.

def run_script(policy_name: str, *calls) -> PortalMachine:
    """Enrol under ``policy_name`` (at a step's start, a fixed secret), then
    make each ``(rule, kwargs)`` call, checking the invariants after each."""
    machine = PortalMachine()
    machine.enrol(policy_name, bytes(range(20)), 7, 0)
    for rule_name, kwargs in calls:
        getattr(machine, rule_name)(**kwargs)
        machine.same_time()
        machine.status_matches_model()
        machine.each_step_accepted_once_in_order()
    return machine


SCRIPTS = {
    "drift walks and an older step": ("seed portal", [
        ("wait", {"wait": "1 day"}),
        ("sign_in_with_app", {"browser": "alice-laptop", "phone_steps": 1, "remember": False}),
        ("wait", {"wait": "30 s"}),
        ("sign_in_with_app", {"browser": "alice-laptop", "phone_steps": 2, "remember": False}),
        ("password_step", {"browser": "alice-laptop"}),
        ("app_code", {"n": 0, "remember": False, "delay": 0, "layout": "plain", "phone_steps": 1}),
    ]),
    "SMS code at the end of its lifetime": ("seed portal", [
        ("password_step", {"browser": "alice-laptop"}),
        ("send_sms_code", {"n": 0, "wait_for_it": True}),
        ("sms_code", {"back": 0, "where": None, "remember": False, "late": "lifetime"}),
        ("password_step", {"browser": "alice-phone"}),
        ("send_sms_code", {"n": 0, "wait_for_it": True}),
        ("sms_code", {"back": 0, "where": None, "remember": False, "late": "lifetime - 1"}),
    ]),
    "lockout, waited out": ("lockout 3 failures / 300 s", [
        ("password_step", {"browser": "alice-laptop"}),
        ("guessed_backup_code", {"n": 0, "guess": "ABCDEFGHJK"}),
        ("malformed_input", {"n": 0, "typed": "12345"}),
        ("guessed_backup_code", {"n": 0, "guess": "ABCDEFGHJK"}),
        ("wrong_password", {"browser": "alice-phone"}),
        ("backup_code", {"n": 0, "index": 0, "remember": False, "layout": "as shown"}),
        ("send_sms_code", {"n": 0, "wait_for_it": False}),
        ("wait", {"wait": "lockout"}),
        ("backup_code", {"n": 0, "index": 0, "remember": False, "layout": "lower case"}),
    ]),
    "login step timeout": ("drift learning off", [
        ("password_step", {"browser": "alice-laptop"}),
        ("wait", {"wait": "login step - 1"}),
        ("password_step", {"browser": "alice-phone"}),
        ("wait", {"wait": "1 s"}),
        ("app_code", {"n": 3, "remember": False, "delay": 0, "layout": "plain", "phone_steps": None}),
        ("app_code", {"n": 0, "remember": False, "delay": 0, "layout": "plain", "phone_steps": None}),
    ]),
    "remembered for 30 days in one browser only": ("window 0", [
        ("wait", {"wait": "30 s"}),
        ("sign_in_with_app", {"browser": "alice-laptop", "phone_steps": 0, "remember": True}),
        ("wait", {"wait": "remember - 1"}),
        ("password_step", {"browser": "alice-laptop"}),
        ("password_step", {"browser": "internet-cafe"}),
        ("wait", {"wait": "1 s"}),
        ("password_step", {"browser": "alice-laptop"}),
    ]),
}

EXPECTED = {
    "drift walks and an older step": ["app code accepted +1 step(s) off", "app code accepted +2 step(s) off",
                                      "app code: refused (older step)"],
    "SMS code at the end of its lifetime": ["SMS code: refused (sms code expired)", "SMS code: ok (accepted)"],
    "lockout, waited out": ["lockout began", "backup code: locked (locked out)", "send SMS code: locked (locked out)",
                            "malformed input: malformed (wrong length)", "backup code: ok (accepted)"],
    "login step timeout": ["app code: expired (login step expired)", "app code: ok (accepted)"],
    "remembered for 30 days in one browser only": ["password step: ok (remembered device)",
                                                   "password step: code required (password ok)",
                                                   "remembered device expired"],
}


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_scripted_run(name, monkeypatch):
    seen = []
    monkeypatch.setattr(sys.modules[__name__], "event", seen.append)
    policy_name, calls = SCRIPTS[name]
    run_script(policy_name, *calls)
    assert [e for e in EXPECTED[name] if e not in seen] == [], seen
