"""What a population run records, in one shape for both paths.

* Rows: one per answer the portal gave a simulated person (a password
  step, an SMS send, a code, a support reset, an enrolment), with the
  engine's own outcome and reason values, kept as small integer codes
  until the table is built.
* Sign-ins: one per sign-in (first attempt or repeat), saying whether the
  person was asked for a code, signed in, failed at the first try, or gave up.

A :class:`Ledger` turns both into per-user counters, the same way for the
engine path and the fast path; it holds an answer's step, outcome, reason
and factor as one number (:func:`answer_key`) until it counts them or
builds the table.
"""

from __future__ import annotations

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

#: An answer is counted by one number, its key:
#: ``((step * outcomes + outcome) * reasons + reason) * factors + factor``.
_KEYS = (len(STEPS), len(OUTCOMES), len(REASONS), len(FACTORS))
_COUNTED_BY_KEY = COUNTED_AS.astype(np.int64).ravel()
_SIGN_IN_COUNTERS = tuple(COUNTERS.index(name) for name in
                          ("sign_ins", "signed_in", "code_prompts", "first_try_failures", "gave_up"))

#: Answers and sign-ins held before they are counted (counting many at once is cheaper).
_HELD = 1 << 18


def answer_key(step, outcome, reason, factor):
    """The key of answers (each argument an integer array or a scalar)."""
    _, outcomes, reasons, factors = _KEYS
    wide = np.int64
    return ((step * outcomes + np.asarray(outcome, wide)) * reasons + np.asarray(reason, wide)) * factors \
        + np.asarray(factor, wide)


def _column(value, n: int, dtype) -> np.ndarray:
    """``value`` (an array, or a scalar for all) as a new array of ``n`` values of ``dtype``."""
    if np.ndim(value):
        return np.array(value, dtype=dtype)
    return np.full(n, value, dtype=dtype)


class Ledger:
    """Counts every answer and sign-in of one piece, and keeps the rows when
    asked to. Answers and sign-ins are held and counted many at once: the
    arrays given must not change afterwards.

    Args:
        users: users in the piece (their places 0 .. users - 1).
        hours: clock hours in the run, from ``start`` (UTC epoch seconds).
        keep_rows: keep the rows for a per-login table.

    Attributes (read them after the last answer):
        counters: per-user counters (:data:`COUNTERS`, except "lockouts",
            which the throttle keeps), int64 arrays.
        answers: answers by (step, outcome, reason), an int64 array.
        sends_per_hour: SMS sent in each clock hour of the run.
    """

    def __init__(self, users: int, hours: int, start: float, keep_rows: bool = True) -> None:
        self.users, self.hours, self.start, self.keep_rows = users, hours, start, keep_rows
        self._counts = np.zeros((len(COUNTERS), users), dtype=np.int64)
        self._answers = np.zeros(_KEYS[0] * _KEYS[1] * _KEYS[2], dtype=np.int64)
        self._sends_per_hour = np.zeros(max(hours, 1), dtype=np.int64)
        self._held_answers: list[tuple] = []
        self._held_sign_ins: list[tuple] = []
        self._held = 0
        self.rows: list[tuple] = []

    @property
    def counters(self) -> dict:
        self._count()
        return {name: self._counts[i] for i, name in enumerate(COUNTERS)}

    @property
    def answers(self) -> np.ndarray:
        self._count()
        return self._answers.reshape(_KEYS[:3])

    @property
    def sends_per_hour(self) -> np.ndarray:
        return self._sends_per_hour

    def row(self, user, sign_in, time, step, method, tries, factor, outcome, reason) -> None:
        """Record answers: each argument an array over the answering users,
        or a scalar for all of them (``sign_in`` and ``method`` are read
        only when rows are kept)."""
        n = len(user)
        if not n:
            return
        key = answer_key(step, outcome, reason, factor)
        self._held_answers.append((user, key))
        self._hold(n)
        if not isinstance(step, int) or step == SEND:
            sent = _column((np.asarray(step) == SEND) & (np.asarray(outcome) == OK), n, bool)
            at = _column(time, n, np.float64)[sent]
            if len(at):
                hour = np.clip(((at - self.start) // 3600).astype(np.int64), 0, len(self._sends_per_hour) - 1)
                np.add.at(self._sends_per_hour, hour, 1)
        if self.keep_rows:
            self.rows.append((n, user, sign_in, time, key, method, tries))

    def sign_in(self, user, prompted, signed_in, first_try_failed, gave_up) -> None:
        """Count finished sign-ins (arrays over the users)."""
        n = len(user)
        if n:
            self._held_sign_ins.append((user, signed_in, prompted, first_try_failed, gave_up))
            self._hold(n)

    def _hold(self, n: int) -> None:
        self._held += n
        if self._held >= _HELD:
            self._count()

    def _count(self) -> None:
        """Count what is held."""
        counts = self._counts.reshape(-1)
        places = []
        if self._held_answers:
            held = self._held_answers
            user = np.concatenate([u for u, _ in held])
            key = np.concatenate([k if np.ndim(k) else np.full(len(u), k) for u, k in held])
            self._answers += np.bincount(key, minlength=len(_COUNTED_BY_KEY)).reshape(-1, _KEYS[3]).sum(axis=1)
            counter = _COUNTED_BY_KEY[key]
            counted = counter >= 0
            places.append(counter[counted] * self.users + user[counted])
        if self._held_sign_ins:
            held = list(zip(*self._held_sign_ins))
            user = np.concatenate(held[0])
            places.append(_SIGN_IN_COUNTERS[0] * self.users + user)
            for place, flags in zip(_SIGN_IN_COUNTERS[1:], held[1:]):
                places.append(place * self.users + user[np.concatenate(flags)])
        if places:
            counts += np.bincount(np.concatenate(places), minlength=len(counts))
        self._held_answers, self._held_sign_ins, self._held = [], [], 0

    def row_arrays(self) -> dict[str, np.ndarray]:
        """Every row kept, one array per column (:data:`ROW_FIELDS`), ordered
        by user, then sign-in, then time (stable: answers at the same time
        stay in recording order)."""
        types = dict(ROW_FIELDS)
        if not self.rows:
            return {name: np.zeros(0, dtype=t) for name, t in ROW_FIELDS}
        held = list(zip(*self.rows))
        sizes = held[0]
        user, sign_in, time, key, method, tries = (
            np.concatenate([_column(v, n, dtype) for v, n in zip(values, sizes)])
            for values, dtype in zip(held[1:], (np.int64, np.int64, np.float64, np.int64, types["method"],
                                                types["try"])))
        _, outcomes, reasons, factors = _KEYS
        columns = {"user": user, "sign_in": sign_in, "time": time,
                   "step": key // (factors * reasons * outcomes), "method": method, "try": tries,
                   "factor": key % factors, "outcome": key // (factors * reasons) % outcomes,
                   "reason": key // factors % reasons}
        # by user and sign-in (stable), then by time where a sign-in's answers were not recorded in time order
        group = user * (int(sign_in.max()) + 1) + sign_in
        order = np.argsort(group, kind="stable")
        grouped, at = group[order], time[order]
        if np.count_nonzero((grouped[1:] == grouped[:-1]) & (at[1:] < at[:-1])):
            order = np.lexsort((time, sign_in, user))
        return {name: columns[name][order].astype(t, copy=False) for name, t in ROW_FIELDS}
