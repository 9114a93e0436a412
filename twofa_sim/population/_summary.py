"""Tables and the summary of a population run, from its pieces' results
(merged in the order of the pieces, so they are the same for any executor)."""

from __future__ import annotations

import numpy as np

from ._records import COUNTERS, FACTORS, FAILED, METHODS, OUTCOMES, REASONS, ROW_FIELDS, STEPS

#: Phone kinds, as the per-user table names them.
PHONE_CLOCKS = ("synced", "hand-set", "far off")

#: Columns of the per-login table, in order.
LOGIN_COLUMNS = tuple(name for name, _ in ROW_FIELDS)

#: Columns of the per-user table, in order.
USER_COLUMNS = ("user",) + COUNTERS + ("sms_cost", "sms_user", "remembers", "keeps_backup_codes", "phone_clock",
                                       "clock_offset_s", "clock_ppm", "sign_ins_per_day", "phone_losses")

_LABELS = {"step": STEPS, "method": METHODS, "factor": FACTORS, "outcome": tuple(o.value for o in OUTCOMES),
           "reason": tuple(r.value for r in REASONS)}


def _categorical(codes: np.ndarray, labels: tuple[str, ...]):
    import pandas as pd

    return pd.Categorical.from_codes(codes.astype(np.int64), categories=list(labels))


def logins_frame(pieces: list[dict]):
    """One row per answer, users numbered across the population (pandas DataFrame)."""
    import pandas as pd

    columns = {name: np.concatenate([piece["rows"][name] for piece in pieces]) for name in LOGIN_COLUMNS}
    frame = {}
    for name in LOGIN_COLUMNS:
        frame[name] = _categorical(columns[name], _LABELS[name]) if name in _LABELS else columns[name]
    return pd.DataFrame(frame, columns=list(LOGIN_COLUMNS))


def users_frame(pieces: list[dict], sms_price: float):
    """One row per user: counters, SMS cost and traits (pandas DataFrame).

    Takes the counters and traits out of ``pieces`` as it goes, so that a
    large run holds each column once (in the pieces, then in the table).
    """
    import pandas as pd

    counters = {name: np.concatenate([piece["counters"].pop(name) for piece in pieces]) for name in COUNTERS}
    traits = {name: np.concatenate([piece["traits"].pop(name) for piece in pieces])
              for name in list(pieces[0]["traits"])}
    frame = {"user": np.arange(len(counters["sign_ins"]), dtype=np.int64), **counters,
             "sms_cost": counters["sms_sent"] * sms_price, **traits}
    frame["phone_clock"] = _categorical(traits["phone_clock"], PHONE_CLOCKS)
    return pd.DataFrame(frame, columns=list(USER_COLUMNS), copy=False)


def summary(pieces: list[dict], users, days: float, sms_price: float, region_cap: int) -> dict:
    """The run in figures (see :class:`~twofa_sim.population.PopulationResult`)."""
    answers = sum(piece["answers"] for piece in pieces)
    per_hour = sum(piece["sends_per_hour"] for piece in pieces)
    failed = answers[:, list(FAILED), :].sum(axis=(0, 1))
    total = {name: int(users[name].sum()) for name in COUNTERS}
    prompts, sign_ins = total["code_prompts"], total["sign_ins"]
    return {
        "users": len(users),
        "days": days,
        "sign_ins": sign_ins,
        "signed_in": total["signed_in"],
        "sign_in_failure_rate": (sign_ins - total["signed_in"]) / sign_ins if sign_ins else 0.0,
        "code_prompts": prompts,
        "first_try_failures": total["first_try_failures"],
        "first_try_failure_rate": total["first_try_failures"] / prompts if prompts else 0.0,
        "failures_by_reason": {REASONS[r].value: int(failed[r]) for r in range(len(REASONS)) if failed[r]},
        "gave_up": total["gave_up"],
        "lockouts": total["lockouts"],
        "users_locked_out": int((users["lockouts"] > 0).sum()),
        "support_resets": total["support_resets"],
        "backup_codes_used": total["backup_codes_used"],
        "prompts_saved_by_remembered_devices": total["remembered"],
        "sms_sent": total["sms_sent"],
        "sms_price": sms_price,
        "sms_cost": round(total["sms_sent"] * sms_price, 2),
        "sms_busiest_hour": int(per_hour.max(initial=0)),
        "sms_region_cap": region_cap,
        "hours_over_region_cap": int((per_hour > region_cap).sum()) if region_cap else 0,
    }
