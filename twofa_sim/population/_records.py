"""What a population run records, in one shape for both paths.

* Rows: one per answer the portal gave a simulated person (a password
  step, an SMS send, a code, a support reset, an enrolment), with the
  engine's own outcome and reason values, kept as small integer codes
  until the table is built.
* Sign-ins: one per sign-in (first attempt or repeat), saying whether the
  person was asked for a code, signed in, failed at the first try, or gave up.

:func:`tally` turns both into per-user counters, the same way for the engine
path and the fast path.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..outcomes import Outcome, Reason

#: Which answer a row is.
STEPS = ("password", "send", "code", "support", "enrol")
PASSWORD, SEND, CODE, SUPPORT, ENROL = range(len(STEPS))

#: The person's way through a sign-in, chosen when it begins: the app, SMS
#: codes, a backup code (phone lost), a support reset (phone lost, no
#: backup code left), or none (2FA off after a support reset).
METHODS = ("app", "sms", "backup", "support", "none")
APP, SMS, BACKUP, HELP, NONE = range(len(METHODS))

#: The factor the portal's answer names ("" when none, as the engine says it).
FACTORS = ("", "password", "remembered", "totp", "sms", "backup", "totp/sms")
F_NONE, F_PASSWORD, F_REMEMBERED, F_TOTP, F_SMS, F_BACKUP, F_TOTP_SMS = range(len(FACTORS))

OUTCOMES = tuple(Outcome)
REASONS = tuple(Reason)
OUTCOME_CODE = {o: i for i, o in enumerate(OUTCOMES)}
REASON_CODE = {r: i for i, r in enumerate(REASONS)}
FACTOR_CODE = {f: i for i, f in enumerate(FACTORS)}
OK, CODE_REQUIRED, REFUSED, LOCKED, EXPIRED = (OUTCOME_CODE[o] for o in (
    Outcome.OK, Outcome.CODE_REQUIRED, Outcome.REFUSED, Outcome.LOCKED, Outcome.EXPIRED))
R = {reason: REASON_CODE[reason] for reason in Reason}

#: Row columns, in order, and their numpy types.
ROW_FIELDS = (("user", np.int64), ("sign_in", np.int64), ("time", np.float64), ("step", np.int8),
              ("method", np.int8), ("try", np.int8), ("factor", np.int8), ("outcome", np.int8), ("reason", np.int8))

#: Per-user counters a piece returns, in order.
COUNTERS = ("sign_ins", "signed_in", "code_prompts", "first_try_failures", "gave_up", "remembered", "refused",
            "locked", "expired", "sms_sent", "backup_codes_used", "support_resets", "enrolments", "lockouts")

#: Failed sign-in outcomes: the answers counted by reason.
FAILED = (REFUSED, LOCKED, EXPIRED)


def _counted_as() -> np.ndarray:
    """Which per-user counter an answer adds to, by (step, outcome, reason,
    factor): its place in :data:`COUNTERS`, or -1 (each answer adds to one at most)."""
    table = np.full((len(STEPS), len(OUTCOMES), len(REASONS), len(FACTORS)), -1, dtype=np.int8)
    place = {name: i for i, name in enumerate(COUNTERS)}
    table[:, :, R[Reason.REMEMBERED_DEVICE], :] = place["remembered"]
    table[CODE, REFUSED] = place["refused"]
    table[:, LOCKED] = place["locked"]
    table[:, EXPIRED] = place["expired"]
    table[SEND, OK] = place["sms_sent"]
    table[CODE, OK, :, F_BACKUP] = place["backup_codes_used"]
    table[SUPPORT, OK] = place["support_resets"]
    table[ENROL, OK] = place["enrolments"]
    return table


COUNTED_AS = _counted_as()


@dataclass
class Ledger:
    """Counts every answer and sign-in of one piece as it is recorded, and
    keeps the rows when asked to.

    Args:
        users: users in the piece (their places 0 .. users - 1).
        hours: clock hours in the run, from ``start`` (UTC epoch seconds).
        keep_rows: keep the rows for a per-login table.

    Attributes:
        counters: per-user counters (:data:`COUNTERS`, except "lockouts",
            which the throttle keeps), int64 arrays.
        answers: answers by (step, outcome, reason), an int64 array.
        sends_per_hour: SMS sent in each clock hour of the run.
    """

    users: int
    hours: int
    start: float
    keep_rows: bool = True
    counters: dict = field(init=False)
    answers: np.ndarray = field(init=False)
    sends_per_hour: np.ndarray = field(init=False)
    rows: list = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self._counts = np.zeros((len(COUNTERS), self.users), dtype=np.int64)
        self.counters = {name: self._counts[i] for i, name in enumerate(COUNTERS)}
        self.answers = np.zeros((len(STEPS), len(OUTCOMES), len(REASONS)), dtype=np.int64)
        self.sends_per_hour = np.zeros(max(self.hours, 1), dtype=np.int64)

    def row(self, user, sign_in, time, step, method, tries, factor, outcome, reason) -> None:
        """Record answers: each argument an array over the answering users,
        or a scalar for all of them."""
        n = len(user)
        if not n:
            return
        chunk = tuple(np.broadcast_to(np.asarray(v, dtype=t), (n,))
                      for v, (_, t) in zip((user, sign_in, time, step, method, tries, factor, outcome, reason),
                                           ROW_FIELDS))
        user, _, time, step, _, _, factor, outcome, reason = chunk
        np.add.at(self.answers, (step, outcome, reason), 1)
        counter = COUNTED_AS[step, outcome, reason, factor]
        counted = counter >= 0
        np.add.at(self._counts, (counter[counted], user[counted]), 1)
        sent = (step == SEND) & (outcome == OK)
        if sent.any():
            hour = np.clip(((time[sent] - self.start) // 3600).astype(np.int64), 0, len(self.sends_per_hour) - 1)
            np.add.at(self.sends_per_hour, hour, 1)
        if self.keep_rows:
            self.rows.append(tuple(np.array(v) for v in chunk))

    def sign_in(self, user, prompted, signed_in, first_try_failed, gave_up) -> None:
        """Count finished sign-ins (arrays over the users, or scalars)."""
        n = len(user)
        if not n:
            return
        c = self.counters
        np.add.at(c["sign_ins"], user, 1)
        for name, where in (("signed_in", signed_in), ("code_prompts", prompted),
                            ("first_try_failures", first_try_failed), ("gave_up", gave_up)):
            where = np.broadcast_to(np.asarray(where, dtype=bool), (n,))
            if where.any():
                np.add.at(c[name], np.asarray(user)[where], 1)

    def row_arrays(self) -> dict[str, np.ndarray]:
        """Every row kept, one array per column, ordered by user, then sign-in,
        then time (stable: answers at the same time stay in recording order)."""
        if not self.rows:
            return {name: np.zeros(0, dtype=t) for name, t in ROW_FIELDS}
        columns = {name: np.concatenate([chunk[i] for chunk in self.rows]) for i, (name, _) in enumerate(ROW_FIELDS)}
        order = np.lexsort((columns["time"], columns["sign_in"], columns["user"]))
        return {name: column[order] for name, column in columns.items()}
