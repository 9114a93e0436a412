"""Online guessing of app codes, SMS codes and backup codes, against the
real portal, with the analytic chance beside the simulated figures.

RFC 4226 §6 and Appendix A: one guess succeeds with probability
``s / 10**digits`` for ``s`` codes accepted at once (the look-around
window, up to twice as many while a learned drift widens it, one more
while an SMS code for the sign-in is live); after guesses ``i = 1..n`` the
chance that one succeeded is ``1 − ∏(1 − p_i)``. RFC 4226 §7.3 and NIST
SP 800-63B §5.2.2 are the throttling it runs against: lockout, backoff and
the cap on consecutive code failures (``code_failure_cap``).

Two ways to guess:

* **counted** (the default): every guess is a code the portal is known to
  refuse, so the count is what the policy lets through and the chance is
  analytic. Runs of identical refusals between two throttle events (no
  lock, no cap, the sign-in still open, nothing about the SMS code
  changing) are counted in closed form when the audit trail keeps counts:
  the throttle counters and the audit counts move exactly as the engine
  would move them one guess at a time (``tests/test_attack_crosschecks.py``
  compares the two);
* **random**: each guess is drawn uniformly (seeded) and the engine checks
  every one, so successes are simulated; meant for the short code spaces
  of a simulation-only policy, and bounded in size.
"""

from __future__ import annotations

import math
from collections import Counter

from ..app import AEGIS, AppProfile
from ..bounds import check_flag, check_whole, number, shown
from ..entropy import SeededEntropy, check_seed, derived_seed
from ..errors import InputTypeError, SimulationError
from ..factors.backup import format_code
from ..otp import hotp
from ..outcomes import Outcome, Reason
from ..policy import BACKUP_ALPHABET, Policy
from ..throttle import BACKUP, CODE
from ._world import DAY, HORIZONS, _policy, _positive, told, victim_world

#: What can be guessed.
TARGETS = ("app", "sms", "backup")
#: Most guesses a random-guess run may check one by one through the engine,
#: in units of one app-code check (a guess that also checks hashed SMS or
#: backup codes weighs more: see :func:`guess_weight`).
MAX_RANDOM_GUESSES = 2_000_000
#: Most engine calls a counted run may need (estimated up front from the
#: policy, weighted like :data:`MAX_RANDOM_GUESSES`).
MAX_ENGINE_CALLS = 1_500_000
#: The longest run, in seconds (a leap year).
MAX_SECONDS = 366 * DAY

#: The columns of :func:`guessing_table`, in order.
COLUMNS = ("horizon", "time (s)", "guesses checked", "lockouts", "codes accepted at once",
           "analytic chance of success (%)", "expected successes", "sd of successes", "simulated successes", "texts sent",
           "texts delivered", "stopped by cap", "victim told")

_CODE_STEP = "login.code"


def backup_space(length: int) -> int:
    """How many backup codes of ``length`` symbols exist: strings over
    :data:`~twofa_sim.policy.BACKUP_ALPHABET` (30 symbols) holding at
    least one letter (23 letters, 7 digits): ``30**length − 7**length``.

    Raises:
        InputTypeError: ``length`` is not a whole number from 1 to 64.
    """
    length = check_whole(length, "length", (1, 64), InputTypeError)
    digits = sum(ch.isdigit() for ch in BACKUP_ALPHABET)
    return len(BACKUP_ALPHABET) ** length - digits ** length


class _Run:
    """One guessing run; see :func:`guessing_table`."""

    def __init__(self, policy: Policy, target: str, per_second: float, seed: int, random_guesses: bool,
                 closed_form: bool, keep_events: bool, scan: bool, profile: AppProfile) -> None:
        self.policy, self.target, self.random = policy, target, random_guesses
        self.victim = victim_world(policy, seed, keep_events=keep_events, scan=scan, profile=profile,
                                   phone=target == "sms")
        self.portal, self.clock = self.victim.portal, self.victim.clock
        self.user = self.victim.record
        self.closed_form = closed_form and not keep_events and not random_guesses
        self.attacker = SeededEntropy(derived_seed(seed, 7))  # the attacker's own draws
        self.gap = 1.0 / per_second
        self.start = self.clock.now()
        self.anchor, self.ticks = self.start, 0
        self.attempt = None
        self.guesses = self.successes = 0
        self.p_counts: Counter = Counter()  # (open codes, space) → guesses made at that chance
        self.texts = 0
        self.sms_live_until = None  # end of the live SMS code of this sign-in
        self.sms_code = ""
        self.next_send = 0.0
        self.capped = False
        self.capped_at = None  # when the cap on this run's codes was reached (UTC epoch s)
        self.length = policy.sms_code_digits if target == "sms" else policy.digits
        self.backup_written = {c.replace("-", "") for c in self.victim.backup_codes}
        self.kind = BACKUP if target == "backup" else CODE
        self.lock_intervals: list[tuple[float, float]] = []  # for the denial-of-service table

    # ---------------------------------------------------------------- time

    def now(self) -> float:
        return self.clock.now()

    def wait(self, seconds: float | None) -> None:
        self.clock.advance(max(seconds or 0.0, self.gap))
        self.anchor, self.ticks = self.clock.now(), 0

    def tick(self, n: int = 1) -> None:
        self.ticks += n
        self.clock.set(self.anchor + self.ticks * self.gap)

    def guesses_before(self, limit: float) -> int:
        """How many ticks from now land strictly before ``limit``."""
        if limit == math.inf:
            return 1 << 62
        at = lambda i: self.anchor + (self.ticks + i) * self.gap  # noqa: E731
        k = max(0, math.ceil((limit - at(0)) / self.gap))
        while k > 0 and at(k - 1) >= limit:
            k -= 1
        while at(k) < limit:
            k += 1
        return k

    # ------------------------------------------------------------- chances

    def open_codes(self, now: float) -> tuple[int, int]:
        """(codes a guess of this run could hit at ``now``, code space size)."""
        policy, user = self.policy, self.user
        if self.target == "backup":
            if "backup" in user.throttle.capped(policy):
                return 0, 1
            return user.backup.remaining, backup_space(policy.backup_code_length)
        open_ = 0
        if "totp" not in user.throttle.capped(policy):
            if self.length == policy.digits:
                device = user.totp
                last = device.last_step if policy.replay_protection else None
                open_ += sum(1 for s in device.candidate_steps(now, policy) if last is None or s > last)
            if self.sms_live(now):
                open_ += 1
        return open_, 10 ** self.length

    def sms_live(self, now: float) -> bool:
        return self.sms_live_until is not None and now < self.sms_live_until

    def chance(self) -> float:
        """1 − ∏(1 − p_i) over the guesses so far (RFC 4226 §6)."""
        log_fail = math.fsum(n * math.log1p(-o / space) if o < space else -math.inf
                             for (o, space), n in sorted(self.p_counts.items()))
        return -math.expm1(log_fail)

    def expected(self) -> float:
        """Σ p_i: the expected number of successes."""
        return math.fsum(n * o / space for (o, space), n in sorted(self.p_counts.items()))

    def sd(self) -> float:
        """sqrt(Σ p_i (1 − p_i)): the standard deviation of the number of successes."""
        return math.sqrt(math.fsum(n * (o / space) * (1 - o / space) for (o, space), n in sorted(self.p_counts.items())))

    # -------------------------------------------------------------- guesses

    def window_codes(self, now: float) -> set[str]:
        policy, device = self.policy, self.user.totp
        return {hotp(device.secret.key, s, device.digits, device.algorithm)
                for s in device.candidate_steps(now, policy)}

    def guess(self, now: float) -> str:
        if self.target == "backup":
            if self.random:
                while True:
                    raw = "".join(BACKUP_ALPHABET[self.attacker.randbelow(len(BACKUP_ALPHABET))]
                                  for _ in range(self.policy.backup_code_length))
                    if any(ch.isalpha() for ch in raw):
                        return raw
            raw, n = "", 0
            while not raw or raw in self.backup_written:
                raw = _nth_backup(n, self.policy.backup_code_length)
                n += 1
            return format_code(raw, self.policy.backup_code_group)
        if self.random:
            return str(self.attacker.randbelow(10 ** self.length)).zfill(self.length)
        taken = self.window_codes(now) if self.length == self.policy.digits else set()
        if self.sms_live(now):
            taken.add(self.sms_code)
        n = 0
        while str(n).zfill(self.length) in taken:
            n += 1
        return str(n).zfill(self.length)

    # ----------------------------------------------------------------- SMS

    def maybe_send(self) -> None:
        now = self.now()
        if self.target != "sms" or self.sms_live(now) or now < self.next_send:
            return
        sent = self.portal.send_sms_code(self.attempt)
        if sent.ok:
            self.texts += 1
            self.sms_code = self.portal.gateway.last.code
            self.sms_live_until = now + self.policy.sms_code_seconds
            self.next_send = self.sms_live_until
        else:
            self.next_send = now + max(sent.wait_seconds or 0.0, self.gap)

    # ------------------------------------------------------------ the loop

    def run(self, horizons: list[float], on_row) -> None:
        marks = sorted(horizons)
        end = self.start + marks[-1]
        mark = 0
        while mark < len(marks):
            now = self.now()
            while mark < len(marks) and (now >= self.start + marks[mark] or self.capped):
                on_row(marks[mark])
                mark += 1
            if mark == len(marks):
                break
            if self.attempt is None:
                step = self.portal.begin_login(self.victim.login, self.victim.password, self.victim.browser)
                if step.outcome is Outcome.LOCKED:
                    self.wait(step.wait_seconds)
                    continue
                self.attempt = step.attempt
                self.sms_live_until, self.next_send = None, now
            self.maybe_send()
            if self.closed_form:
                k = self.batch(min(end, self.start + marks[mark]))
                if k:
                    continue
            self.one_guess()

    def one_guess(self) -> None:
        now = self.now()
        guess = self.guess(now)
        chance = self.open_codes(now)
        throttle = self.user.throttle
        lockouts = throttle.lockouts
        result = self.portal.submit_code(self.attempt, guess)
        if result.reason is Reason.CODES_CAPPED:  # the portal checks no more of these codes: the attack is over
            self.capped = True
            return
        if result.outcome is Outcome.LOCKED:
            self.wait(result.wait_seconds)
            return
        if result.outcome is Outcome.EXPIRED:
            self.attempt = None
            return
        self.guesses += 1
        self.p_counts[chance] += 1
        if throttle.lockouts > lockouts:
            self.lock_intervals.append((throttle.locked_until - self.policy.lockout_seconds, throttle.locked_until))
        elif throttle.next_allowed is not None and throttle.next_allowed > now:
            self.lock_intervals.append((now, throttle.next_allowed))
        if self.capped_at is None and ("backup" if self.kind == BACKUP else "totp") in throttle.capped(self.policy):
            self.capped_at = now
        if result.signed_in:
            self.successes += 1
            self.attempt = None
        self.tick()

    def batch(self, mark: float) -> int:
        """Count in closed form the run of refusals before the next event; 0 when the engine must answer."""
        policy, throttle, now = self.policy, self.user.throttle, self.now()
        if policy.backoff_seconds or throttle.blocked(now):
            return 0
        device = self.user.totp
        if policy.replay_protection and device.last_step is not None \
                and device.last_step >= min(device.candidate_steps(now, policy), default=0):
            return 0  # which steps are fresh may change: one guess at a time
        room = []
        if policy.lockout_failures:
            room.append(policy.lockout_failures - throttle.failures - 1)
        if policy.code_failure_cap:
            counted = throttle.backup_failures if self.kind == BACKUP else throttle.code_failures
            room.append(policy.code_failure_cap - counted - 1)
        limit = min(mark, self.attempt.started_at + policy.login_step_seconds)
        if self.target == "sms":
            limit = min(limit, self.sms_live_until if self.sms_live(now) else self.next_send)
        room.append(self.guesses_before(limit))
        k = min(room)
        if k <= 0:
            return 0
        chance = self.open_codes(now)
        if self.kind == BACKUP:
            reason = Reason.WRONG_CODE if self.user.backup.remaining else Reason.NO_CODES_LEFT
            throttle.backup_failures += k
        else:
            reason = Reason.WRONG_CODE
            throttle.code_failures += k
        throttle.failures += k
        throttle.total_failures += k
        self.portal.audit.count(_CODE_STEP, Outcome.REFUSED.value, reason.value, k)
        self.guesses += k
        self.p_counts[chance] += k
        self.tick(k)
        return k

    def row(self, horizon: float) -> dict:
        now = self.now()
        open_codes = self.user.totp.codes_accepted_at_once(now, self.policy)
        if self.target == "sms":
            open_codes = (open_codes if self.length == self.policy.digits else 0) + 1
        elif self.target == "backup":
            open_codes = self.user.backup.remaining
        delivered = sum(1 for m in self.portal.gateway.sent() if m.status(now) == "delivered"
                        and m.sent_at >= self.start) if self.texts else 0
        return {"horizon": _label(horizon), "time (s)": horizon, "guesses checked": self.guesses,
                "lockouts": self.user.throttle.lockouts, "codes accepted at once": open_codes,
                "analytic chance of success (%)": 100 * self.chance(), "expected successes": self.expected(),
                "sd of successes": self.sd(),
                "simulated successes": self.successes if self.random else None, "texts sent": self.texts,
                "texts delivered": delivered, "stopped by cap": self.capped,
                "victim told": told(self.portal, self.user.login, self.start)}


def _nth_backup(n: int, length: int) -> str:
    """The ``n``-th string of ``length`` symbols (in alphabet order) that holds a letter."""
    size = len(BACKUP_ALPHABET)
    i = 0
    while True:
        digits, m = [], i
        for _ in range(length):
            digits.append(BACKUP_ALPHABET[m % size])
            m //= size
        raw = "".join(reversed(digits))
        if any(ch.isalpha() for ch in raw):
            if n == 0:
                return raw
            n -= 1
        i += 1


def _label(seconds: float) -> str:
    for name, value in HORIZONS.items():
        if value == seconds:
            return name
    return f"{seconds / 3600:g} h"


def _horizons(horizons: object) -> list[float]:
    if horizons is None:
        return list(HORIZONS.values())
    if number(horizons) is not None:  # one time, given alone
        horizons = [horizons]
    try:
        values = list(horizons)
    except TypeError:
        raise InputTypeError("horizons must be seconds or a list of seconds") from None
    if not values:
        raise SimulationError("horizons must name at least one time")
    return sorted(set(float(_positive(value, "a horizon (s)", MAX_SECONDS)) for value in values))


def guess_weight(policy: Policy, target: str) -> float:
    """The cost of one checked guess in units of an app-code check: SMS and
    backup codes are stored as PBKDF2 hashes and every kept one is checked
    (about 11 app-code checks per hash at 1,000 iterations)."""
    if target == "app":
        return 1.0
    hashes = 10 if target == "sms" else policy.backup_code_count
    return 1.0 + hashes * 11 * policy.hash_cost.iterations / 1000


def run_cost(policy: Policy, seconds: float, per_second: float, target: str, random_guesses: bool = False) -> float:
    """The estimated cost of a run, to compare with :data:`MAX_RANDOM_GUESSES`
    (random guesses, checked one by one) or :data:`MAX_ENGINE_CALLS` (counted).

    Raises:
        InputTypeError, SimulationError: ``policy`` not a Policy; ``seconds``
            or ``per_second`` not a number in range; ``random_guesses`` not True or False.
    """
    _policy(policy)
    seconds = _positive(seconds, "seconds", MAX_SECONDS)
    per_second = _positive(per_second, "per_second", 1000)
    if check_flag(random_guesses, "random_guesses"):
        return seconds * per_second * guess_weight(policy, target)
    guesses, others = _engine_calls(policy, seconds, per_second, target)
    return guesses * guess_weight(policy, target) + others


def _engine_calls(policy: Policy, seconds: float, per_second: float, target: str) -> tuple[float, float]:
    """Upper estimates of the guesses the engine checks one by one in a
    counted run (the rest are counted in closed form) and of its other calls
    (sign-ins, sends, refusals while locked)."""
    gap = 1.0 / per_second
    slots = seconds * per_second
    failures, cap = policy.lockout_failures, policy.code_failure_cap
    cycle = (failures - 1) * gap + max(policy.lockout_seconds, gap) if failures else None
    if cap:  # the run ends at the cap: no longer than the time to reach it
        if failures:
            seconds = min(seconds, (cap // failures + 1) * cycle)
        elif not policy.backoff_seconds:
            seconds = min(seconds, (cap + 1) * gap)
        slots = min(slots, cap + 1)
    attempts = seconds / policy.login_step_seconds + 2
    guesses = attempts
    if failures:
        guesses += seconds / cycle + 1
        if policy.backoff_seconds:
            guesses += min(slots, (seconds / cycle + 1) * failures)
    elif policy.backoff_seconds:
        guesses += math.log2(seconds / policy.backoff_seconds + 1) + 2
    guesses = min(guesses, slots + attempts)
    others = 2 * guesses + attempts + (3 * seconds / max(policy.sms_code_seconds, 1) if target == "sms" else 0)
    return guesses, others


def guessing_table(policy: Policy, target: str = "app", horizons=None, per_second: float = 1.0, seed: int = 2026,
                   random_guesses: bool = False, closed_form: bool = True, keep_events: bool = False,
                   profile: AppProfile = AEGIS):
    """Online guessing by an attacker who has the password, over virtual time.

    The attacker guesses at most ``per_second`` codes a second, waits out
    every lock and backoff, signs in again when the code step times out,
    and stops when the portal checks no more of these codes (the cap on
    consecutive failures, NIST SP 800-63B §5.2.2). ``target``:

    * ``"app"``: app codes (``policy.digits`` digits);
    * ``"sms"``: with Send SMS Code pressed first (and again whenever the
      code has expired and the cooldown and send limits allow): a guess of
      SMS length is checked against the SMS code and, when it is as long
      as an app code, the app's window too (one more code accepted at
      once); the texts are counted (the victim's phone shows them);
    * ``"backup"``: backup codes (``policy.backup_code_length`` symbols).

    Args:
        horizons: seconds of virtual time to report at (default: an hour, a
            day, 30 days and a year, :data:`~twofa_sim.attacks._world.HORIZONS`),
            each above 0 and at most 366 days.
        per_second: the attacker's top rate (above 0, at most 1,000).
        seed: the world's and the attacker's seeded randomness.
        random_guesses: draw each guess uniformly (seeded) and let the
            engine check every one (simulated successes); else guesses the
            portal refuses (counted, analytic chance only).
        closed_form: count runs of refusals between throttle events in
            closed form (counted runs with a counting audit trail only).
        keep_events: keep every audit event (default: counts only).

    Returns:
        A pandas DataFrame, one row per horizon, columns :data:`COLUMNS`:
        horizon, time (s), guesses checked, lockouts, codes accepted at once
        (the engine's window at the end, ``portal.user(login).totp.codes_accepted_at_once``;
        +1 for a live SMS code; unused backup codes for ``"backup"``),
        analytic chance of success (%) (``1 − ∏(1 − p_i)``, RFC 4226 §6,
        p_i from the engine's state before guess i), expected successes
        (``Σ p_i``) and their standard deviation (``sqrt(Σ p_i(1 − p_i))``),
        simulated successes (random guesses only, else None),
        texts sent and texts delivered by then, stopped by cap.

    Raises:
        InputTypeError: not a Policy, a seed that is not a whole number, a non-bool flag.
        SimulationError: an unknown target; a rate, horizon or seed out of
            range (:func:`~twofa_sim.entropy.check_seed`);
            a random-guess run of more than :data:`MAX_RANDOM_GUESSES`
            guesses, or a counted run estimated above
            :data:`MAX_ENGINE_CALLS` engine calls (refused before it starts);
            an SMS target under a policy that sends no texts.
    """
    import pandas as pd

    policy = _policy(policy)
    seed = check_seed(seed)
    if target not in TARGETS:
        raise SimulationError(f"target must be one of {', '.join(TARGETS)}, got {shown(target)}")
    per_second = _positive(per_second, "per_second", 1000)
    marks = _horizons(horizons)
    random_guesses = check_flag(random_guesses, "random_guesses")
    closed_form = check_flag(closed_form, "closed_form")
    keep_events = check_flag(keep_events, "keep_events")
    seconds = marks[-1]
    one_by_one = random_guesses or keep_events or not closed_form
    cost = run_cost(policy, seconds, per_second, target, one_by_one)
    if one_by_one and cost > MAX_RANDOM_GUESSES:
        raise SimulationError(f"checking about {cost:,.0f} guesses one by one is too many "
                              f"(at most {MAX_RANDOM_GUESSES:,}): shorten the run or count in closed form")
    if not one_by_one and cost > MAX_ENGINE_CALLS:
        raise SimulationError(f"this policy needs about {cost:,.0f} engine calls for that run "
                              f"(at most {MAX_ENGINE_CALLS:,}): shorten it")
    run = _Run(policy, target, per_second, seed, random_guesses, closed_form, keep_events,
               scan=False, profile=profile)
    rows: list[dict] = []
    run.run(marks, lambda h: rows.append(run.row(h)))
    return pd.DataFrame(rows, columns=list(COLUMNS))


def guessing_by_preset(target: str = "app", horizons=None, per_second: float = 1.0, seed: int = 2026,
                       presets: dict | None = None):
    """:func:`guessing_table` for each policy of ``presets`` (default
    :data:`twofa_sim.presets.PRESETS`), counted, one table.

    A horizon whose run would exceed :data:`MAX_ENGINE_CALLS` for a policy
    (SMS guessing checks hashed codes, so long SMS runs under a lockout that
    cycles every minute cost most) is not computed: its row says so in
    ``note`` and its figures are empty.

    Time: with its defaults (every preset, the four :data:`HORIZONS` up to a
    year, app codes) it takes minutes: 135 s of wall time (103 s of CPU) on
    a shared two-core machine, indicative only, measured with
    ``/usr/bin/time python -c "from twofa_sim.attacks import
    guessing_by_preset; guessing_by_preset()"``. The year costs most: up to
    30 days it took 12 s, up to a day 1 s (``horizons=[3600, 86_400]``),
    the size for a notebook cell.

    Returns:
        A pandas DataFrame: a ``policy`` column, then :data:`COLUMNS`, then ``note``.

    Raises:
        InputTypeError: ``presets`` is not a dict of name → Policy.
        SimulationError: ``presets`` is empty, or as :func:`guessing_table`.
    """
    import pandas as pd

    from ..presets import PRESETS

    presets = PRESETS if presets is None else presets
    if not isinstance(presets, dict) or not all(isinstance(name, str) for name in presets):
        raise InputTypeError("presets must be a dict of name (text) → Policy")
    if not presets:
        raise SimulationError("presets must name at least one policy (got an empty dict)")
    policies = {name: _policy(policy) for name, policy in presets.items()}  # all checked before any run
    seed = check_seed(seed)
    per_second = _positive(per_second, "per_second", 1000)
    marks = _horizons(horizons)
    frames = []
    for name, policy in policies.items():
        fits = [h for h in marks if run_cost(policy, h, per_second, target) <= MAX_ENGINE_CALLS]
        frame = guessing_table(policy, target, fits, per_second, seed) if fits else pd.DataFrame(columns=list(COLUMNS))
        frame["note"] = ""
        for h in marks[len(fits):]:
            frame.loc[len(frame)] = {"horizon": _label(h), "time (s)": h,
                                     "note": "not computed: longer than the run bound for this policy"}
        frame.insert(0, "policy", name)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def online_guessing(policy: Policy, hours: float = 24, per_second: float = 1.0, seed: int = 2026,
                    profile: AppProfile = AEGIS) -> dict:
    """An attacker who has the password guesses app codes for ``hours``,
    at most ``per_second`` guesses a second, waiting out every lock.

    Guesses are counted as the portal really lets them through (throttle,
    lockout, backoff, login-step timeout); none is right, so the count is
    what the policy allows. The chance that at least one of ``n`` guesses
    would have hit is ``1 − (1 − w / 10**digits) ** n`` for ``w`` codes
    accepted at any moment (RFC 4226 §6 and §7.3, NIST SP 800-63B §5.2.2).
    The world is the one :meth:`Demo.create <twofa_sim.demo.Demo.create>`
    builds for ``seed`` and ``profile``; the audit trail keeps counts and
    runs of refusals between throttle events are counted in closed form.

    Args:
        hours: how long the attack lasts (more than 0, at most a year).
        per_second: the attacker's top rate (more than 0, at most 1,000).

    Returns:
        ``{"guesses", "lockouts", "codes accepted at once", "chance of success (%)"}``:
        guesses checked, lockouts, the engine's window at the end, and the
        chance in percent (3 decimals).

    Raises:
        InputTypeError: not a Policy; a seed that is not a whole number.
        SimulationError: ``hours``, ``per_second`` or the seed out of range
            (:func:`~twofa_sim.entropy.check_seed`), or a run too long for
            the policy (see :func:`guessing_table`).
    """
    hours = _positive(hours, "hours", 24 * 366)
    per_second = _positive(per_second, "per_second", 1000)
    policy = _policy(policy)
    seed = check_seed(seed)
    seconds = hours * 3600
    if run_cost(policy, seconds, per_second, "app") > MAX_ENGINE_CALLS:
        raise SimulationError("that run needs too many engine calls for this policy: shorten it")
    run = _Run(policy, "app", per_second, seed, False, True, False, scan=True, profile=profile)
    run.run([seconds], lambda h: None)
    record = run.user
    codes_open = record.totp.codes_accepted_at_once(run.now(), policy)
    p = 1 - (1 - codes_open / 10**policy.digits) ** run.guesses
    return {"guesses": run.guesses, "lockouts": record.throttle.lockouts,
            "codes accepted at once": codes_open, "chance of success (%)": round(100 * p, 3)}
