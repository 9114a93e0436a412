"""A reviewer's analysis of one policy, in one call: the findings against the
standards, honest users' acceptance over phone clock offset × typing delay,
and online guessing over time beside the NIST limit.

Everything here is computed by the engine (:mod:`~twofa_sim.policy_check`,
:mod:`~twofa_sim.sweeps`); pages and notebooks only show it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .bounds import check_flag, shown
from .errors import InputTypeError, PolicyError
from .policy import Policy
from .policy_check import check_policy, codes_accepted_at_once, guessing_chance, online_guesses
from .presets import PRESETS

#: Horizons of the guessing timeline: label → days.
HORIZONS = {"1 hour": 1 / 24, "1 day": 1.0, "30 days": 30.0, "1 year": 365.0}

#: NIST SP 800-63B-4 §3.2.2 (rev 3 §5.2.2): at most 100 consecutive failed attempts.
NIST_MOST_FAILURES = 100

#: The knobs a reviewer turns, with their ranges: setting → (low, high).
KNOBS = {"window_back": (0, 10), "window_forward": (0, 10), "lockout_failures": (0, 100),
         "lockout_seconds": (0, 86_400), "code_failure_cap": (0, 10_000), "digits": (6, 10)}


@dataclass(frozen=True)
class Review:
    """One policy reviewed.

    Attributes:
        policy: the policy.
        findings: :func:`~twofa_sim.policy_check.check_policy`'s table.
        acceptance: percent of honest logins accepted, rows phone offset (s),
            columns typing delay (s) (:func:`~twofa_sim.sweeps.acceptance_grid`),
            or None when not asked for.
        guessing: one row per horizon: guesses the throttling lets through at
            one a second, the chance one of them succeeds with the window
            alone and while a drift is learned, and the chance at the NIST
            limit of 100 guesses.
    """

    policy: Policy
    findings: object
    acceptance: object | None
    guessing: object


def policy_of(preset: str, **overrides) -> Policy:
    """The preset named ``preset`` with ``overrides`` applied (validated).

    Raises:
        PolicyError: an unknown preset, an unknown setting or a value out of range.
    """
    if not isinstance(preset, str) or preset not in PRESETS:
        raise PolicyError(f"unknown preset {shown(preset)}; known: {', '.join(PRESETS)}")
    base = PRESETS[preset]
    return base.replace(**overrides) if overrides else base


def guessing_timeline(policy: Policy):
    """Online guessing of app codes at one guess a second over
    :data:`HORIZONS`, as a pandas DataFrame: horizon, guesses allowed,
    chance (%) with the window, chance (%) while a drift is learned, chance
    (%) at the NIST limit of 100 guesses (RFC 4226 §6 and §7.3)."""
    import pandas as pd

    if not isinstance(policy, Policy):
        raise InputTypeError(f"policy must be a Policy, not {type(policy).__name__}")
    window, widest = codes_accepted_at_once(policy)
    rows = []
    for label, days in HORIZONS.items():
        n = online_guesses(policy, days)
        rows.append({"horizon": label, "days": days, "guesses allowed": n,
                     "chance (%)": round(100 * guessing_chance(policy, days), 4),
                     "chance with drift (%)": round(100 * guessing_chance(policy, days, widest), 4),
                     "chance at the NIST limit (%)": round(100 * (1 - (1 - window / 10**policy.digits)
                                                                  ** min(n, NIST_MOST_FAILURES)), 4)})
    return pd.DataFrame(rows, columns=["horizon", "days", "guesses allowed", "chance (%)", "chance with drift (%)",
                                       "chance at the NIST limit (%)"])


def review(policy: Policy, acceptance: bool = True) -> Review:
    """Review ``policy``: findings, (with ``acceptance``) the acceptance grid
    over phone offsets −60..60 s × typing delays 0..16 s, and the guessing
    timeline.

    Raises:
        InputTypeError: not a Policy, or ``acceptance`` not True or False.
    """
    from .sweeps import acceptance_grid

    if not isinstance(policy, Policy):
        raise InputTypeError(f"policy must be a Policy, not {type(policy).__name__}")
    grid = acceptance_grid(policy) if check_flag(acceptance, "acceptance") else None
    return Review(policy, check_policy(policy), grid, guessing_timeline(policy))


def compare(presets=None):
    """Presets side by side as a pandas DataFrame: the main settings, the
    number of findings by severity, and the 30-day guessing chance.

    Args:
        presets: name → Policy (default: every preset in
            :data:`~twofa_sim.presets.PRESETS`).

    Raises:
        InputTypeError: ``presets`` is not a dict of names to Policies.
    """
    import pandas as pd

    if presets is not None and (not isinstance(presets, dict) or not all(
            isinstance(k, str) and isinstance(v, Policy) for k, v in presets.items())):
        raise InputTypeError("presets must map names to Policies")
    rows = []
    for name, policy in (presets or PRESETS).items():
        findings = check_policy(policy)
        counts = findings["severity"].value_counts()
        rows.append({"preset": name, "window": f"-{policy.window_back}/+{policy.window_forward}",
                     "replay protection": policy.replay_protection, "lockout": (
                         f"{policy.lockout_failures} → {policy.lockout_seconds} s" if policy.lockout_failures else "none"),
                     "cap": policy.code_failure_cap or "none",
                     "high": int(counts.get("high", 0)), "medium": int(counts.get("medium", 0)),
                     "low": int(counts.get("low", 0)),
                     "30-day guessing chance (%)": round(100 * guessing_chance(policy, 30.0), 4)})
    return pd.DataFrame(rows).set_index("preset")
