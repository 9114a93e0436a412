"""Simulating a population under a policy: who fails to sign in, who gets
locked out, who needs support, what SMS costs.

:func:`simulate_population` runs every user's sign-ins for a number of days,
through the real :class:`~twofa_sim.portal.Portal` (``path="engine"``, the
reference) or through numpy arrays that give the same answer to every
sign-in (``path="fast"``, for millions of users).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..bounds import check_flag, number
from ..entropy import check_seed
from ..errors import InputTypeError, SimulationError
from ..executors import require_executor, run_pieces
from ..gateway import DEFAULT_PRICES
from ..hashing import HashCost
from ..policy import Policy
from ..portal import DEFAULT_START
from .model import Population

#: PBKDF2 with one iteration: hashing is not what a population run is about
#: (its answers do not depend on the cost; tests check that).
CHEAP_HASHING = HashCost("cheap", 1)

#: The default price of one text (EUR), the gateway's illustrative price for Italy.
DEFAULT_SMS_PRICE = DEFAULT_PRICES["IT"]

#: Longest run, in days.
MAX_DAYS = 3650

PATHS = ("engine", "fast")

#: Most user-days (users × days) one run may take, so a run ends in minutes,
#: not days, and its per-login table fits in memory: through the engine
#: (about 3 minutes on one core), through the fast path with the per-login
#: table (a few million rows), and through the fast path with per-user
#: tables only (about 3 minutes on two cores).
MAX_USER_DAYS = {"engine": 1_000_000, "fast, per login": 3_000_000, "fast": 100_000_000}


@dataclass(frozen=True)
class PopulationResult:
    """What a population run found.

    Attributes:
        logins: pandas DataFrame, one row per answer the portal gave a
            simulated person, ordered by user, sign-in and time (None when
            run with ``per_login=False``). Columns: ``user`` (0 ..
            users - 1), ``sign_in`` (the user's sign-in number, from 1; a
            repeat sign-in has its own), ``time`` (UTC epoch seconds),
            ``step`` ("password", "send" for Send SMS Code, "code",
            "support" for a support reset, "enrol" for turning 2FA on again),
            ``method`` (the person's way this sign-in: "app", "sms",
            "backup", "support", "none" while 2FA is off), ``try`` (the code
            entry or text number within the sign-in, from 1; 0 for other
            steps), ``factor`` (the factor the portal's answer names, as the
            engine says it: "password", "remembered", "totp", "sms",
            "backup", "totp/sms" or ""), ``outcome`` and ``reason`` (the
            engine's :class:`~twofa_sim.outcomes.Outcome` and
            :class:`~twofa_sim.outcomes.Reason` values).
        users: pandas DataFrame, one row per user: ``sign_ins``,
            ``signed_in``, ``code_prompts`` (sign-ins that asked for a code),
            ``first_try_failures`` (prompts where the first code typed or
            text asked for did not sign the person in), ``gave_up``,
            ``remembered`` (code prompts saved by a remembered browser),
            ``refused`` (refused codes), ``locked`` and ``expired`` (answers),
            ``sms_sent``, ``backup_codes_used``, ``support_resets``,
            ``enrolments`` (after a support reset), ``lockouts`` (times the
            account was locked), ``sms_cost``; and the traits drawn:
            ``sms_user``, ``remembers``, ``keeps_backup_codes``,
            ``phone_clock`` ("synced", "hand-set", "far off"),
            ``clock_offset_s``, ``clock_ppm``, ``sign_ins_per_day``,
            ``phone_losses``.
        summary: a dict: ``users``, ``days``, ``sign_ins``, ``signed_in``,
            ``sign_in_failure_rate``, ``code_prompts``, ``first_try_failures``,
            ``first_try_failure_rate`` (of code prompts; 0 without prompts),
            ``failures_by_reason`` (reason value → refused, locked or expired
            answers, every step), ``gave_up``, ``lockouts``,
            ``users_locked_out``, ``support_resets``, ``backup_codes_used``,
            ``prompts_saved_by_remembered_devices``, ``sms_sent``,
            ``sms_price``, ``sms_cost``, ``sms_busiest_hour`` (texts in the
            busiest clock hour), ``sms_region_cap`` (the policy's
            ``sms_per_region_per_hour``) and ``hours_over_region_cap`` (clock
            hours whose texts exceed it).
        policy, population, days, seed, path: what was run.
    """

    logins: object
    users: object
    summary: dict
    policy: Policy
    population: Population
    days: float
    seed: int
    path: str


def simulate_population(policy: Policy, population: Population, days: float, seed: int, executor=None,
                        path: str = "engine", per_login: bool = True, sms_price: float = DEFAULT_SMS_PRICE,
                        hash_cost: HashCost | None = CHEAP_HASHING) -> PopulationResult:
    """Every user of ``population`` signs in under ``policy`` for ``days`` days.

    The run starts on :data:`~twofa_sim.portal.DEFAULT_START` (UTC). Two days
    before, every user is created and enrols an authenticator app with a
    secret drawn from ``seed`` (SMS users first save and confirm their cell
    phone, +39 320 and seven digits). Each sign-in then goes:

    1. the password step (always the right password): locked out or in
       backoff ends it; a remembered browser signs in at once;
    2. asked for a code, the person (``reaction_seconds`` later)
       * with the app: reads the phone (its clock off by the user's offset
         and drift), types the code after the typing delay; after a refused
         code pauses ``retry_pause_seconds`` and reads again, up to
         ``max_tries`` codes;
       * with SMS: presses Send SMS Code; a text that is lost or slower than
         ``sms_patience_seconds`` is asked for again (after the longer of
         the patience and the policy's resend cooldown); an arrived code is
         typed after the typing delay; a refused code brings a new text;
         up to ``sms_sends`` texts;
       * without a phone (lost, not yet replaced): types the next backup
         code when the person kept them and has one left; otherwise support
         resets 2FA at once and the person signs in with the password alone,
         and enrols a new secret at the first sign-in once the phone is back;
    3. any answer other than a refused code (locked, expired, capped, a
       refused send) ends the sign-in; so does running out of tries or
       texts, or the hour a person allows a sign-in
       (:data:`~twofa_sim.population.model.SIGN_IN_LIMIT_SECONDS`);
    4. a share of successful sign-ins is followed by a second one in the
       same browser shortly after.

    Under a preset of a system that offers no SMS (``("sms_offered", False)``
    in the policy's ``described``), the population's SMS users use the app
    instead; the summary's ``sms_offered`` says which applied.

    Users who tick "Remember this device" tick it at every code. Deliveries
    (delay, loss) and SMS codes are the population's draws; the engine's
    gateway is lossless, and the portal is given each drawn code.

    Independence and pieces: users are split into blocks of 65,536, each
    drawing from its own generator seeded by ``(seed, block)``; each block is a piece for
    :func:`~twofa_sim.executors.run_pieces` (one portal per piece on the
    engine path), and results are merged in block order, so any executor
    gives identical tables. Users share no portal state with one another,
    except for one rule: the per-region hourly SMS limit
    (``sms_per_region_per_hour``) counts every user's texts together, which
    would couple the users of a piece and make results depend on how users
    are split. Both paths therefore run the policy with that limit lifted
    (0), and the summary reports the busiest clock hour's texts and the
    hours over the policy's cap instead (a sliding hour can hold more).

    Hashing: the engine path runs with ``hash_cost`` (default
    :data:`CHEAP_HASHING`, PBKDF2 with one iteration): hashes decide nothing
    here (every typed code or password is the right one or an app code),
    and the answers are the same at any cost; ``None`` keeps the policy's.

    Args:
        policy: the portal's rules.
        population: who signs in.
        days: how long, in days (above 0, at most :data:`MAX_DAYS`; any
            real number, NumPy's included).
        seed: the run's seed, a whole number from 0 to 2**63 - 1 (NumPy's
            integers included; :func:`~twofa_sim.entropy.check_seed`): the
            same seed gives identical tables.
        executor: ``None`` (one piece after another, here) or any
            :class:`concurrent.futures.Executor`.
        path: "engine" (through the Portal, the reference) or "fast" (numpy;
            the same answers, for large populations).
        per_login: build the per-login table (``False`` for millions of users).
        sms_price: what one text costs (0 to 1000, EUR by default).
        hash_cost: the engine path's hashing cost, or ``None`` for the policy's.

    Returns:
        A :class:`PopulationResult`.

    Raises:
        InputTypeError: an argument of the wrong type.
        SimulationError: ``days``, ``seed``, ``path`` or ``sms_price`` out of
            range, or more user-days than :data:`MAX_USER_DAYS` allows.
        PolicyError: never for a valid Policy (the lifted limit is in range).
    """
    days, seed, sms_price = _check(policy, population, days, seed, executor, path, per_login, sms_price, hash_cost)
    given = population
    from ._events import blocks
    from ._pieces import Job, run_piece
    from ._summary import logins_frame, summary, users_frame

    sms_offered = dict(policy.described).get("sms_offered", True) is not False
    if not sms_offered:  # a preset of a system without SMS: those users use the app instead
        population = population.replace(sms_share=0.0, name=population.name)
    prepared = policy.replace(sms_per_region_per_hour=0, name=policy.name)
    if hash_cost is not None:
        prepared = prepared.replace(hash_cost=hash_cost, name=policy.name)
    start = float(DEFAULT_START)
    end = start + days * 86_400.0
    jobs = [Job(path, prepared, population, seed, block, lo, hi, start, end, per_login)
            for block, lo, hi in blocks(population.users)]
    pieces = run_pieces(run_piece, jobs, executor)
    users = users_frame(pieces, sms_price)
    figures = summary(pieces, users, days, sms_price, policy.sms_per_region_per_hour)
    figures["sms_offered"] = sms_offered
    return PopulationResult(
        logins=logins_frame(pieces) if per_login else None,
        users=users, summary=figures,
        policy=policy, population=given, days=days, seed=seed, path=path)


def _check(policy, population, days, seed, executor, path, per_login, sms_price,
           hash_cost) -> tuple[int | float, int, int | float]:
    """Every argument checked; ``days``, ``seed`` and ``sms_price`` as plain Python numbers."""
    if not isinstance(policy, Policy):
        raise InputTypeError(f"policy must be a Policy, not {type(policy).__name__}")
    if not isinstance(population, Population):
        raise InputTypeError(f"population must be a Population (such as TYPICAL), not {type(population).__name__}")
    for name, value in (("days", days), ("sms_price", sms_price)):
        if number(value) is None:
            raise InputTypeError(f"{name} must be a number, not {type(value).__name__}")
    days, sms_price = number(days), number(sms_price)
    if not 0 < days <= MAX_DAYS or not math.isfinite(days):
        raise SimulationError(f"days must be above 0 and at most {MAX_DAYS}")
    if not 0 <= sms_price <= 1000 or not math.isfinite(sms_price):
        raise SimulationError("sms_price must be a number from 0 to 1000")
    seed = check_seed(seed)
    require_executor(executor)
    if not isinstance(path, str):
        raise InputTypeError(f"path must be text, \"engine\" or \"fast\", not {type(path).__name__}")
    if path not in PATHS:
        raise SimulationError(f"path must be \"engine\" or \"fast\", got {path[:20]!r}")
    per_login = check_flag(per_login, "per_login")
    kind = "fast, per login" if path == "fast" and per_login else path
    if population.users * days > MAX_USER_DAYS[kind]:
        raise SimulationError(
            f"{population.users:,} users for {days:g} days is {population.users * days:,.0f} user-days; a run "
            f"{'through the ' + path + ' path' if kind != 'fast, per login' else 'with the per-login table'} "
            f"takes at most {MAX_USER_DAYS[kind]:,} (path=\"fast\" and per_login=False take the most)")
    if hash_cost is not None and not isinstance(hash_cost, HashCost):
        raise InputTypeError(f"hash_cost must be a HashCost or None, not {type(hash_cost).__name__}")
    return days, seed, sms_price
