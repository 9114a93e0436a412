"""A population run's figures as tables a product team reads: how many
users fail to sign in, get locked out, need support or cost SMS money, and
two policies side by side for the same users.

Every figure is :func:`~twofa_sim.population.simulate_population`'s own
(its ``summary``, see :class:`~twofa_sim.population.PopulationResult`),
under a label in plain words with its unit; shares are shown as
percentages (the summary's share × 100, two decimals). Nothing here
simulates or judges: pages and notebooks show these tables.
"""

from __future__ import annotations

from .errors import InputTypeError, SimulationError
from .population import PopulationResult

#: The summary's figures: summary key → label (with the unit; "(%)": a share × 100).
SUMMARY_FIGURES = {
    "users": "users",
    "days": "days",
    "sign_ins": "sign-ins",
    "signed_in": "signed in",
    "sign_in_failure_rate": "sign-ins that failed (%)",
    "code_prompts": "code prompts",
    "first_try_failures": "first-try failures",
    "first_try_failure_rate": "first-try failure rate (%)",
    "gave_up": "gave up",
    "lockouts": "lockouts",
    "users_locked_out": "users locked out",
    "support_resets": "support resets",
    "backup_codes_used": "backup codes used",
    "prompts_saved_by_remembered_devices": "code prompts saved by remembered devices",
}

#: What the run costs: summary key → label (EUR unless the run's SMS price was in another currency).
COST_FIGURES = {
    "sms_sent": "SMS sent",
    "sms_price": "price of one SMS (EUR)",
    "sms_cost": "SMS cost (EUR)",
    "sms_busiest_hour": "SMS in the busiest hour",
    "sms_region_cap": "SMS limit per region and hour",
    "hours_over_region_cap": "hours over that limit",
    "support_resets": "support resets",
}

#: The derived cost figure's label: SMS cost per user and month of 30 days.
COST_PER_USER_MONTH = "SMS cost per user and month (EUR)"

#: Columns of :func:`failures_table`.
FAILURE_COLUMNS = ["reason", "answers", "per 1,000 sign-ins"]

_SHARES = {"sign_in_failure_rate", "first_try_failure_rate"}


def _run(result: object, name: str = "result") -> PopulationResult:
    if not isinstance(result, PopulationResult):
        raise InputTypeError(f"{name} must be a PopulationResult (what simulate_population returns), "
                             f"not {type(result).__name__}")
    return result


def _value(summary: dict, key: str):
    value = summary[key]
    return round(100 * value, 2) if key in _SHARES else value


def _figures(result: PopulationResult, figures: dict, extra: dict | None = None):
    import pandas as pd

    summary = result.summary
    values = {label: _value(summary, key) for key, label in figures.items()}
    values.update(extra or {})
    return pd.DataFrame({result.policy.name: list(values.values())},
                        index=pd.Index(list(values), name="figure"), dtype=object)


def summary_table(result: PopulationResult):
    """The run in figures: users, days, sign-ins, failures at the first try,
    lockouts, support resets, backup codes used, code prompts saved by
    remembered devices.

    Args:
        result: what :func:`~twofa_sim.population.simulate_population` returned.

    Returns:
        A pandas DataFrame indexed by ``figure`` (the labels of
        :data:`SUMMARY_FIGURES`, in that order), one column named after the
        run's policy; whole numbers stay whole, shares are percentages.

    Raises:
        InputTypeError: ``result`` is not a PopulationResult.
    """
    return _figures(_run(result), SUMMARY_FIGURES)


def costs_table(result: PopulationResult):
    """What the run costs: SMS sent, the price of one, their cost, the
    cost per user and month of 30 days, the busiest hour's texts against the
    policy's hourly limit per region, and support resets.

    Args:
        result: what :func:`~twofa_sim.population.simulate_population` returned.

    Returns:
        A pandas DataFrame indexed by ``figure`` (the labels of
        :data:`COST_FIGURES`, then :data:`COST_PER_USER_MONTH`), one
        column named after the run's policy.

    Raises:
        InputTypeError: ``result`` is not a PopulationResult.
    """
    run = _run(result)
    summary = run.summary
    per_user_month = round(summary["sms_cost"] / summary["users"] * 30 / summary["days"], 4)
    return _figures(run, COST_FIGURES, {COST_PER_USER_MONTH: per_user_month})


def failures_table(result: PopulationResult):
    """The portal's refusals of the run by reason (refused, locked or
    expired answers at every step), most frequent first.

    Args:
        result: what :func:`~twofa_sim.population.simulate_population` returned.

    Returns:
        A pandas DataFrame with the columns of :data:`FAILURE_COLUMNS`:
        ``reason`` (the engine's :class:`~twofa_sim.outcomes.Reason`
        value), ``answers`` and ``per 1,000 sign-ins`` (two decimals); no
        rows when nothing was refused.

    Raises:
        InputTypeError: ``result`` is not a PopulationResult.
    """
    import pandas as pd

    summary = _run(result).summary
    sign_ins = summary["sign_ins"]
    by_reason = sorted(summary["failures_by_reason"].items(), key=lambda item: -item[1])  # stable: ties keep order
    rows = [[reason, count, round(1000 * count / sign_ins, 2) if sign_ins else 0.0] for reason, count in by_reason]
    return pd.DataFrame(rows, columns=FAILURE_COLUMNS)


def comparison_table(first: PopulationResult, second: PopulationResult):
    """Two policies side by side for the same users: every figure of
    :func:`summary_table` and :func:`costs_table` for each run, and the
    difference (second − first).

    Args:
        first, second: runs of the same population for the same days with
            the same seed (so the users and what they do are the same draws;
            only the policy differs).

    Returns:
        A pandas DataFrame indexed by ``figure``, columns: the first run's
        policy name, the second's (with " (second run)" added when the
        names are the same) and ``difference``.

    Raises:
        InputTypeError: ``first`` or ``second`` is not a PopulationResult.
        SimulationError: the runs differ in population, days or seed.
    """
    import pandas as pd

    a, b = _run(first, "first"), _run(second, "second")
    for what in ("population", "days", "seed"):
        if getattr(a, what) != getattr(b, what):
            raise SimulationError(f"compare runs of the same users: the two runs differ in {what}")
    left = pd.concat([summary_table(a), costs_table(a).drop(index=SUMMARY_FIGURES["support_resets"])])
    right = pd.concat([summary_table(b), costs_table(b).drop(index=SUMMARY_FIGURES["support_resets"])])
    names = [a.policy.name, b.policy.name if b.policy.name != a.policy.name else f"{b.policy.name} (second run)"]
    difference = [round(y - x, 4) for x, y in zip(left.iloc[:, 0], right.iloc[:, 0])]
    return pd.DataFrame({names[0]: list(left.iloc[:, 0]), names[1]: list(right.iloc[:, 0]), "difference": difference},
                        index=left.index, dtype=object)
