"""Pieces of a population run: a block of users each, computed on its own by
either path and handed to :func:`twofa_sim.executors.run_pieces`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..policy import Policy
from ._events import DAY
from ._records import Ledger
from .model import SIGN_IN_LIMIT_SECONDS, Population

#: Set-up (users created, phones confirmed, apps enrolled) happens this long
#: before the run starts, so its texts fall outside every send-limit window.
SET_UP_BEFORE_SECONDS = 2 * DAY


@dataclass(frozen=True)
class Job:
    """Everything one piece needs (picklable, for any executor).

    Attributes:
        path: "engine" or "fast".
        policy: the policy the portal runs (already prepared: region limit lifted, hash cost chosen).
        population: who the users are.
        seed: the run's seed.
        block, lo, hi: the block of draws and its users ``lo .. hi - 1``.
        start, end: the run's first and last second (UTC epoch seconds).
        keep_rows: keep one row per answer.
    """

    path: str
    policy: Policy
    population: Population
    seed: int
    block: int
    lo: int
    hi: int
    start: float
    end: float
    keep_rows: bool

    @property
    def setup(self) -> float:
        """When users are set up (UTC epoch seconds)."""
        return self.start - SET_UP_BEFORE_SECONDS

    @property
    def hours(self) -> int:
        """Clock hours in the run."""
        return max(1, int(np.ceil((self.end - self.start) / 3600)))

    @property
    def ring(self) -> int:
        """SMS send times to keep per user: the largest per-number or
        per-account limit, or the most sends one person can make in a day
        (sign-ins at least an hour apart, a repeat each, ``sms_sends`` texts
        each) when that is fewer."""
        p = self.policy
        reachable = (int(DAY // SIGN_IN_LIMIT_SECONDS) + 1) * 2 * self.population.sms_sends
        largest = max(p.sms_per_number_per_hour, p.sms_per_account_per_hour, p.sms_per_number_per_day,
                      p.sms_per_account_per_day)
        return min(largest, reachable)


def run_piece(job: Job) -> dict:
    """Compute one piece; returns its per-user counters and traits, its
    answers by (step, outcome, reason), its sends per clock hour, and its
    rows when kept (users numbered across the whole population)."""
    from ._engine_run import EnginePiece
    from ._fast import FastPiece

    ledger = Ledger(job.hi - job.lo, job.hours, job.start, job.keep_rows)
    if job.path == "engine":
        piece = EnginePiece(job, ledger)
        piece.run()
        lockouts = piece.lockouts()
    else:
        piece = FastPiece(job, ledger)
        piece.run()
        lockouts = piece.state.lockouts
    counters = dict(ledger.counters)
    counters["lockouts"] = lockouts
    rows = ledger.row_arrays() if job.keep_rows else None
    if rows is not None:
        rows["user"] = rows["user"] + job.lo
    tr = piece.traits
    traits = {"sms_user": tr.sms, "remembers": tr.remember, "keeps_backup_codes": tr.keeps_backup,
              "phone_clock": tr.kind, "clock_offset_s": tr.offset, "clock_ppm": tr.ppm,
              "sign_ins_per_day": tr.rate, "phone_losses": tr.losses()}
    return {"counters": counters, "traits": traits, "answers": ledger.answers,
            "sends_per_hour": ledger.sends_per_hour, "rows": rows}
