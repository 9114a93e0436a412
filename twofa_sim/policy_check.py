"""The policy check: a :class:`~twofa_sim.policy.Policy` read against NIST SP
800-63B-4, OWASP ASVS 5.0 and RFC 4226/6238, one finding per rule broken.

The rules, their severities and clauses are in :mod:`twofa_sim.standards`
(which says which clause numbers were verified and where); this module
applies them. Besides the engine's settings it reads the described
attributes of a real system (``policy.facts()``), which the engine does not
model or refuses to run:

* ``secret_bits`` (int): the real TOTP secret size (GitHub's 80 bits);
* ``backup_code_bits`` (number): the real entropy of one backup code;
* ``backup_codes_stored`` (text): how backup codes are stored, e.g.
  ``"plaintext"`` or ``"SHA-512, unsalted"``;
* ``sms_offered`` (bool, default True): False skips the SMS rules;
* ``sms_only`` (bool): SMS is the only second factor offered;
* ``sms_code_seconds`` (int): the real SMS code lifetime.

Online guessing over 30 days (the ``consequence`` of the guessing rules):
an attacker who has the password guesses app codes at one a second and
waits out every lock and backoff. With L = ``lockout_failures``, S =
``lockout_seconds``, b = ``backoff_seconds`` and the wait after the k-th
failure of a run g(k) = max(1, b·2^(k−1)) (1 s when b = 0):

* with a lockout (L > 0) a run of L guesses and its lock take
  C = g(1) + … + g(L−1) + max(1, S, b·2^(L−1)) seconds, so in T seconds
  n = ⌊T/C⌋·L + #{guesses of a run whose offset is below T mod C};
* without a lockout, n = #{m : g(1) + … + g(m−1) < T} (T guesses with no
  backoff, about log2(T/b) with it);
* a cap on consecutive code failures c > 0 gives n = min(n, c).

The chance that one of n guesses hits is 1 − (1 − w/10^digits)^n, with w
codes accepted at once: the window's 1 + window_back + window_forward steps,
up to twice as many while a learned drift is in use
(:meth:`~twofa_sim.factors.totp.TotpDevice.codes_accepted_at_once`); RFC
4226 §7.3, NIST SP 800-63B-4 §3.2.2.
"""

from __future__ import annotations

import math

from .bounds import flag, kind, number, shown, whole
from .errors import InputTypeError, SimulationError
from .policy import BACKUP_ALPHABET, Policy
from .standards import RULES, RULES_BY_ID, SEVERITIES, Rule, rules_frame

__all__ = ["COLUMNS", "RULES", "Rule", "check_policy", "codes_accepted_at_once", "guessing_chance",
           "online_guesses", "rules_frame"]

#: The columns of :func:`check_policy`'s table, in order.
COLUMNS = ("severity", "rule", "finding", "clause", "setting", "value", "consequence")

DAY = 86_400
THIRTY_DAYS = 30
NIST_FAILURE_LIMIT = 100
BITS_PER_SYMBOL = math.log2(len(BACKUP_ALPHABET))


def _policy(policy: object) -> Policy:
    if not isinstance(policy, Policy):
        raise InputTypeError(f"policy must be a Policy, not {type(policy).__name__}")
    return policy


def _fact(facts: dict, name: str, kinds: tuple, default=None):
    value = facts.get(name, default)
    if value is default:
        return value
    if int in kinds and whole(value) is not None:  # a whole number, NumPy's included, as a plain int
        return whole(value)
    if float in kinds and number(value) is not None:
        return number(value)
    if bool in kinds and flag(value) is not None:  # True or False, NumPy's included, as a plain bool
        return flag(value)
    if isinstance(value, bool) or not isinstance(value, kinds):
        raise InputTypeError(f"described attribute {name!r} must be {' or '.join(k.__name__ for k in kinds)}, "
                             f"got {shown(value)}")
    return value


def _number(value: object, name: str, low: float, high: float) -> int | float:
    real = number(value)
    if real is None:
        raise InputTypeError(f"{name} must be a number, not {kind(value)}")
    if not low <= real <= high:  # NaN fails the comparison too; an int is compared exactly
        raise SimulationError(f"{name} must be from {low:g} to {high:g}, got {shown(real)}")
    return real


def _wait(k: int, backoff: float) -> float:
    """Seconds between the k-th failure of a run and the next guess."""
    if not backoff:
        return 1.0
    return max(1.0, backoff * 2.0 ** (k - 1)) if k <= 1024 else math.inf


def online_guesses(policy: Policy, days: float = THIRTY_DAYS) -> int:
    """How many app-code guesses the policy's throttling lets through in
    ``days`` days at one guess a second (the closed form in the module
    docstring; the cap counts, password failures do not).

    Raises:
        InputTypeError: ``policy`` is not a Policy, or ``days`` not a number.
        SimulationError: ``days`` is not from 0 to 366.
    """
    policy = _policy(policy)
    days = _number(days, "days", 0, 366)
    total = days * DAY
    runs, lock, backoff = policy.lockout_failures, policy.lockout_seconds, policy.backoff_seconds
    if runs:
        offsets, t = [], 0.0
        for k in range(1, runs + 1):
            if t >= total:  # the first run does not end in time
                break
            offsets.append(t)
            t += _wait(k, backoff) if k < runs else 0.0
        cycle = t + max(lock, _wait(runs, backoff))
        full = math.floor(total / cycle) if len(offsets) == runs and math.isfinite(cycle) else 0
        left = total - full * cycle if full else total
        n = full * runs + sum(1 for o in offsets if o < left)
    elif not backoff:
        n = math.ceil(total)
    else:
        n, t = 0, 0.0
        while t < total:
            n += 1
            t += _wait(n, backoff)
    cap = policy.code_failure_cap
    return min(n, cap) if cap else n


def codes_accepted_at_once(policy: Policy) -> tuple[int, int]:
    """``(w, w_max)``: app codes accepted at one moment, and the most while a
    learned drift is in use (twice the window with drift learning)."""
    policy = _policy(policy)
    window = policy.window_back + policy.window_forward + 1
    return window, 2 * window if policy.drift_learning else window


def guessing_chance(policy: Policy, days: float = THIRTY_DAYS, codes: int | None = None) -> float:
    """Chance (0 to 1) that online guessing over ``days`` succeeds:
    1 − (1 − w/10^digits)^n, with ``codes`` = w (default: the window, no
    drift) and n = :func:`online_guesses`.

    Raises:
        InputTypeError: ``policy`` is not a Policy, or ``days`` or ``codes``
            not a number.
        SimulationError: ``days`` outside 0 to 366, ``codes`` outside 1 to
            10^digits.
    """
    policy = _policy(policy)
    w = codes_accepted_at_once(policy)[0] if codes is None else codes
    w = _number(w, "codes", 1, 10 ** policy.digits)
    n = online_guesses(policy, days)
    return -math.expm1(n * math.log1p(-w / 10 ** policy.digits))


def _percent(p: float) -> str:
    return f"{100 * p:.3g}%"


def _guessing(policy: Policy) -> str:
    n = online_guesses(policy)
    w, w_max = codes_accepted_at_once(policy)
    text = (f"{n:,} guesses in 30 days at one a second; {w} code{'s' if w != 1 else ''} accepted at once: "
            f"chance of success {_percent(guessing_chance(policy, codes=w))}")
    if w_max != w:
        text += f" ({_percent(guessing_chance(policy, codes=w_max))} with {w_max} while a learned drift is in use)"
    return text


def _throttle(policy: Policy) -> str:
    lock = (f"lock for {policy.lockout_seconds:,} s after {policy.lockout_failures} failures"
            if policy.lockout_failures else "no lockout")
    backoff = f"backoff {policy.backoff_seconds:g} s doubling" if policy.backoff_seconds else "no backoff"
    cap = f"cap {policy.code_failure_cap}" if policy.code_failure_cap else "no cap"
    return f"{cap}; {lock}; {backoff}"


def _daily_texts(policy: Policy) -> str:
    if policy.sms_per_account_per_day:
        return "one number can be texted from any number of accounts"
    hourly = policy.sms_per_account_per_hour
    return f"up to {24 * hourly:,} texts a day per account" if hourly else "no limit on texts per account"


def _findings(policy: Policy) -> list[tuple[str, str, str, object, str]]:
    """``(rule id, finding, setting, value, consequence)`` for each rule broken."""
    facts = policy.facts()
    out = []
    if not policy.replay_protection:
        out.append(("replay-allowed", "A code that was just used is accepted again (by a shoulder-surfer or "
                    "a phishing relay) while it is in the window.", "replay_protection", False,
                    f"one code opens {codes_accepted_at_once(policy)[0] * policy.period} s of sign-ins"))
    n = online_guesses(policy)
    if n > NIST_FAILURE_LIMIT:
        out.append(("failures-over-100", f"Up to {n:,} consecutive wrong codes are checked in 30 days; the "
                    "standard allows at most 100.", "code_failure_cap", _throttle(policy), _guessing(policy)))
    secret_bits = _fact(facts, "secret_bits", (int,), policy.secret_bits)
    if secret_bits < 128:
        out.append(("secret-under-128-bits", f"The TOTP secret has {secret_bits} bits; RFC 4226 requires 128.",
                    "secret_bits (described)", secret_bits, ""))
    stored = _fact(facts, "backup_codes_stored", (str,), "salted hash")
    bits = _fact(facts, "backup_code_bits", (int, float), policy.backup_code_length * BITS_PER_SYMBOL)
    setting = "backup_code_bits (described)" if "backup_code_bits" in facts else "backup_code_length"
    if stored.lower() == "plaintext":
        out.append(("backup-codes-plaintext", "Backup codes are stored in plaintext: whoever reads the "
                    "database can sign in as any user.", "backup_codes_stored (described)", stored, ""))
    elif "unsalted" in stored.lower() and bits < 112:
        out.append(("backup-codes-unsalted", f"Backup codes of {bits:.0f} bits are stored with an unsalted hash; "
                    "under 112 bits they need a salted password hash.", "backup_codes_stored (described)",
                    stored, ""))
    if bits < 20:
        out.append(("backup-codes-under-20-bits", f"A backup code carries {bits:.1f} bits; at least 20 are needed.",
                    setting, f"{policy.backup_code_length} symbols" if setting == "backup_code_length" else bits,
                    f"{policy.backup_code_count} codes: one guess in {2 ** bits / policy.backup_code_count:,.0f} hits"))
    back, ahead = policy.window_back, policy.window_forward
    if back > 1 or ahead > 1:
        out.append(("window-wider-than-one-step", f"Codes from {back} step(s) behind to {ahead} ahead are accepted; "
                    "RFC 6238 recommends at most one step.", "window_back, window_forward", f"{back}, {ahead}",
                    _guessing(policy)))
    elif back == 1 and ahead == 1:
        w, w_max = codes_accepted_at_once(policy)
        drift = f"; with drift learning up to {w_max} codes at once" if w_max != w else ""
        out.append(("window-one-step-each-way", f"A code is accepted for {w * policy.period} s (one step each way)"
                    f"{drift}.", "window_back, window_forward", "1, 1", _guessing(policy)))
    if _fact(facts, "sms_offered", (bool,), True):
        seconds = _fact(facts, "sms_code_seconds", (int,), policy.sms_code_seconds)
        if seconds > 600:
            out.append(("sms-code-over-10-minutes", f"An SMS code stays valid {seconds:,} s, more than 10 minutes.",
                        "sms_code_seconds", seconds, ""))
        if policy.sms_code_digits < 6:
            out.append(("sms-code-under-6-digits", f"SMS codes have {policy.sms_code_digits} digits, fewer than 6.",
                        "sms_code_digits", policy.sms_code_digits, ""))
        if _fact(facts, "sms_only", (bool,), False):
            out.append(("sms-only-second-factor", "SMS is the only second factor: no unrestricted alternative is "
                        "offered.", "sms_only (described)", True, ""))
        per_number, per_account = policy.sms_per_number_per_day, policy.sms_per_account_per_day
        if not per_number or not per_account:
            out.append(("no-daily-sms-cap", "Nothing caps SMS sends over a day; waiting out the hourly limits "
                        "keeps texts (and their cost) coming.", "sms_per_number_per_day, sms_per_account_per_day",
                        f"{per_number}, {per_account}", _daily_texts(policy)))
    if not policy.disable_reauth.needs_code:
        out.append(("disable-2fa-without-code", "2FA can be turned off without a second-factor code.",
                    "disable_reauth", policy.disable_reauth.value,
                    "a hijacked session or a known password is enough to remove the second factor"))
    if policy.lockout_failures and policy.lockout_seconds:
        n, seconds = policy.lockout_failures, policy.lockout_seconds
        out.append(("lockout-locks-out-the-owner", f"After {n} failures the account is locked for {seconds:,} s, "
                    "for its owner too: anyone who knows a login can keep its user out with wrong passwords. "
                    "The simulated portal's \"too many failed attempts\" answer also tells them the login exists "
                    "(an unknown login is only \"incorrect\").", "lockout_failures, lockout_seconds", f"{n}, {seconds}",
                    f"{n} wrong passwords every {seconds:,} s keep one user out "
                    f"({n * DAY / seconds:,.0f} a day)"))
    if policy.remember_device_seconds > 30 * DAY:
        days = policy.remember_device_seconds / DAY
        out.append(("remember-device-over-30-days", f"\"Remember this device\" lasts {days:g} days, more than 30.",
                    "remember_device_seconds", policy.remember_device_seconds,
                    f"a stolen remember token skips the code for {days:g} days"))
    if policy.simulation_only:
        out.append(("simulation-only", "A simulation-only policy (short codes for analytic cross-checks), not a "
                    "real portal's.", "simulation_only", True, ""))
    return out


def check_policy(policy: Policy):
    """Findings of ``policy`` against the standards, as a pandas DataFrame.

    One row per rule broken, most severe first (rule table order within a
    severity), with the columns :data:`COLUMNS`: ``severity`` (see
    :data:`~twofa_sim.standards.SEVERITIES`), ``rule`` (a rule id from
    :data:`RULES`), ``finding`` (plain words), ``clause``, ``setting`` (the
    Policy field or described attribute), ``value`` (as text) and
    ``consequence`` (a derived figure where there is one, else ""). No secret
    appears: only the rules' own attributes are read, never other facts.
    A compliant policy gives an empty table with the same columns.

    Raises:
        InputTypeError: ``policy`` is not a Policy, or a described attribute
            the check reads has the wrong type.
    """
    import pandas as pd

    rows = []
    for rule_id, finding, setting, value, consequence in _findings(_policy(policy)):
        rule = RULES_BY_ID[rule_id]
        rows.append({"severity": rule.severity, "rule": rule_id, "finding": finding, "clause": rule.clause,
                     "setting": setting, "value": str(value), "consequence": consequence})
    order = {rule.id: i for i, rule in enumerate(RULES)}
    rows.sort(key=lambda r: (SEVERITIES.index(r["severity"]), order[r["rule"]]))
    return pd.DataFrame(rows, columns=list(COLUMNS))
