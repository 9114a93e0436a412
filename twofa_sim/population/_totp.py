"""The app factor's verdict on arrays, for the fast path.

:meth:`TotpDevice.verify <twofa_sim.factors.totp.TotpDevice.verify>` tries
the candidate steps in order (:func:`._state.candidate_offsets`) and
accepts the first fresh step whose code equals the typed one. The fast path
knows the phone's step, so it decides by arithmetic on steps (the phone's
code is the code of the phone's step). Wherever a coincidence could change
an answer (another step's code equal to the typed one: about 3 in a
million per step compared), real codes are computed
(:class:`._keys.PieceCodes`):

* for every SMS code, against every step tried;
* for every app code the arithmetic refuses, against every step tried
  but the phone's;
* for the fresh steps tried before the phone's step of an accepted app
  code ("unsure": the engine marks an earlier step if its code is the
  same), only once the user's next code could depend on which step was
  marked (:meth:`TotpChecks._settles`, :meth:`TotpChecks._resolve`).
"""

from __future__ import annotations

import numpy as np

from ..outcomes import Reason
from ._keys import PieceCodes
from ._records import R
from ._state import State, candidate_offsets

#: An offset that makes a column of the candidate table no step (negative).
_ABSENT = -(1 << 62)

#: Widest range of learned drifts looked up in one table (beyond it, by each distinct drift).
_TABLE_SPAN = 64

_ACCEPTED, _REPLAYED, _OLDER, _WRONG = (R[r] for r in (Reason.ACCEPTED, Reason.REPLAYED, Reason.OLDER_STEP,
                                                        Reason.WRONG_CODE))


class _Candidates:
    """The steps tried for a few learned drifts, as offsets from the
    portal's step, one row per drift.

    Attributes:
        offsets: ``(drifts, width)`` offsets in the order tried, :data:`_ABSENT` after the last.
        lowest: each row's lowest offset.
        single: one row only.
    """

    def __init__(self, rows: list[tuple[int, ...]]) -> None:
        self.offsets = np.full((len(rows), max(map(len, rows))), _ABSENT, dtype=np.int64)
        for i, row in enumerate(rows):
            self.offsets[i, :len(row)] = row
        self.lowest = np.array([min(row) for row in rows], dtype=np.int64)
        self.single = len(rows) == 1
        self._low = int(self.lowest.min())
        span = max(max(row) for row in rows) - self._low + 1
        self._column = np.full((len(rows), span), -1, dtype=np.int64)
        for i, row in enumerate(rows):
            self._column[i, np.array(row) - self._low] = np.arange(len(row))

    def of(self, row, which: np.ndarray) -> np.ndarray:
        """The offsets tried for the users ``which`` (places in a call whose
        drifts are in the rows ``row``), one row each (or one for all)."""
        return self.offsets[row if self.single else row[which]]

    def column_of(self, row, offset: np.ndarray) -> np.ndarray:
        """Where ``offset`` is tried in each ``row`` (a column), or -1."""
        k = offset - self._low
        inside = (k >= 0) & (k < self._column.shape[1])
        return np.where(inside, self._column[row, np.where(inside, k, 0)], -1)


class TotpChecks:
    """The verdict of the app factor on the codes of a piece's users, and
    the acceptances it left unsure.

    Args:
        job: the piece's :class:`~twofa_sim.population._pieces.Job`.
        state: the piece's :class:`._state.State`.
    """

    def __init__(self, job, state: State) -> None:
        policy = job.policy
        n = job.hi - job.lo
        self.state = state
        self.policy = policy
        self._window = np.array(list(policy.window_steps()), dtype=np.int64)
        self.codes = PieceCodes(job.seed, job.lo, n, policy.secret_bits, policy.algorithm, policy.digits)
        width = 2 * len(self._window)  # the most steps tried at once
        self._offsets: dict[int, tuple[int, ...]] = {}
        self._tables: dict[tuple[int, int], _Candidates] = {}
        # An accepted app code whose phone step was not the first fresh step
        # tried: the engine marks an earlier step instead if its code is the
        # same (a coincidence). Decided when it can matter (see _settled_verdict).
        self.pending = np.zeros(n, dtype=bool)
        self.pend_steps = np.full((n, width), -1, dtype=np.int64)
        self.pend_typed = np.zeros(n, dtype=np.int64)
        self.pend_portal = np.zeros(n, dtype=np.int64)

    def new_secrets(self, users: np.ndarray) -> None:
        """``users`` enrolled a new secret: nothing unsure remains."""
        self.pending[users] = False

    # ------------------------------------------------------------ the verdict

    def totp_verdict(self, users, t, typed_step=None, typed_code=None):
        """``TotpDevice.verify`` of the code of ``typed_step`` (the phone's
        step) or of the number ``typed_code`` (an SMS code) at ``t``, on the
        state as it stands (nothing is changed).

        An app code accepted by arithmetic is taken as matched at the phone's
        step; the fresh steps tried before it (``unsure``) are not compared,
        and :meth:`_defer` keeps them until it matters. Other codes are
        compared step by step (:meth:`_compared`).

        Returns:
            (accepted, the step matched, reason code, the portal's step, the
            unsure steps: (the rows of acceptances that left some, their
            ``(rows, 2 * window)`` steps tried before the phone's, fresh
            ones in the order tried, -1 for the others)).
        """
        st, policy = self.state, self.policy
        n = len(users)
        portal = np.floor(t / policy.period).astype(np.int64)
        last = st.last_step[users]
        row, table = self._candidates(st.drift[users])
        width = self.pend_steps.shape[1]
        unsure = (np.zeros(0, dtype=np.int64), np.zeros((0, width), dtype=np.int64))
        if typed_code is None:
            column = table.column_of(row, typed_step - portal)
            sure = column >= 0
            if policy.replay_protection:
                sure &= typed_step > last
            accepted, step, why = sure.copy(), typed_step.copy(), np.where(sure, _ACCEPTED, _WRONG)
            early = (sure & (column > 0)).nonzero()[0]
            if len(early):
                steps = portal[early, None] + table.of(row, early)
                before = (steps >= 0) & (np.arange(steps.shape[1]) < column[early, None])
                if policy.replay_protection:
                    before &= steps > last[early, None]
                some = before.any(axis=1)
                tried = np.full((int(some.sum()), width), -1, dtype=np.int64)
                tried[:, :steps.shape[1]] = np.where(before[some], steps[some], -1)
                unsure = (early[some], tried)
            rest = (~sure).nonzero()[0]
        else:
            accepted, step, why = np.zeros(n, dtype=bool), np.zeros(n, dtype=np.int64), np.full(n, _WRONG)
            rest = np.arange(n)
        if len(rest):
            found = self._compared(users[rest], portal[rest], last[rest], table.of(row, rest),
                                   None if typed_step is None else typed_step[rest],
                                   None if typed_code is None else typed_code[rest])
            accepted[rest], step[rest], why[rest] = found
        return accepted, step, why, portal, unsure

    def _compared(self, users, portal, last, offsets, typed_step, typed_code):
        """The verdict on codes compared with the code of every step tried
        (real codes where the arithmetic cannot tell): (accepted, the step
        matched, reason code)."""
        steps = portal[:, None] + offsets
        valid = steps >= 0
        fresh = valid & (steps > last[:, None]) if self.policy.replay_protection else valid
        if typed_code is None:
            matched = steps == typed_step[:, None]
            check = valid & ~matched
        else:
            matched = np.zeros(steps.shape, dtype=bool)
            check = valid
        rows = check.any(axis=1).nonzero()[0]
        if len(rows):
            self._compare(users, rows, steps, check, matched, typed_step, typed_code)
        hit = matched & fresh
        accepted = hit.any(axis=1)
        step = steps[np.arange(len(steps)), np.where(accepted, hit.argmax(axis=1), matched.argmax(axis=1))]
        why = np.where(accepted, _ACCEPTED, np.where(matched.any(axis=1), np.where(step == last, _REPLAYED, _OLDER),
                                                     _WRONG))
        return accepted, step, why

    def offsets(self, drift: int) -> tuple[int, ...]:
        """The steps tried with a learned ``drift``, as offsets from the
        portal's step (:func:`._state.candidate_offsets`, kept per run)."""
        found = self._offsets.get(drift)
        if found is None:
            found = self._offsets[drift] = candidate_offsets(self.policy, drift)
        return found

    def _candidates(self, drift: np.ndarray):
        """The :class:`_Candidates` of each learned ``drift``: (each drift's
        row, the table; the row is 0 when all drifts are the same)."""
        if not np.count_nonzero(drift):
            low = high = 0
        else:
            low, high = int(drift.min()), int(drift.max())
        if high - low <= _TABLE_SPAN:
            table = self._tables.get((low, high))
            if table is None:
                table = self._tables[(low, high)] = _Candidates([self.offsets(d) for d in range(low, high + 1)])
            return (drift - low if high > low else 0), table
        kinds, where = np.unique(drift, return_inverse=True)
        return where, _Candidates([self.offsets(d) for d in kinds.tolist()])

    # -------------------------------------------------------- real codes

    def _compare(self, users, rows, steps, check, matched, typed_step, typed_code) -> None:
        """Set ``matched`` where the real code of a step to ``check`` equals the typed code."""
        r, j = check.nonzero()
        if typed_code is not None:
            u = users[r]
            matched[r, j] = self._codes(u, self.state.version[u], steps[r, j]) == typed_code[r]
            return
        u = np.concatenate([users[r], users[rows]])
        codes = self._codes(u, self.state.version[u], np.concatenate([steps[r, j], typed_step[rows]]))
        typed = np.zeros(len(users), dtype=np.int64)
        typed[rows] = codes[len(r):]
        matched[r, j] = codes[:len(r)] == typed[r]

    def _codes(self, users, versions, steps) -> np.ndarray:
        """The real codes of ``steps`` for ``users``' secrets of ``versions``."""
        return self.codes.values(users, versions, steps)

    # ------------------------------------------------ unsure acceptances

    def _settled_verdict(self, users, t, typed_step=None, typed_code=None):
        """:meth:`totp_verdict`, after settling any earlier unsure acceptance
        of these users: kept when this verdict is the same whichever step
        was marked (:meth:`_settles`), else decided (:meth:`_resolve`) and
        the verdict taken again."""
        verdict = self.totp_verdict(users, t, typed_step, typed_code)
        rows = self.pending[users].nonzero()[0]
        if len(rows):
            accepted, step, _, portal, _ = verdict
            again = rows[~self._settles(users[rows], accepted[rows], step[rows], portal[rows])]
            self.pending[users[rows]] = False
            if len(again):
                self._resolve(users[again])
                redo = self.totp_verdict(users[again], t[again], None if typed_step is None else typed_step[again],
                                         None if typed_code is None else typed_code[again])
                for whole, part in zip(verdict[:4], redo[:4]):
                    whole[again] = part
                (kept, steps), (new, new_steps) = verdict[4], redo[4]
                redone = np.zeros(len(users), dtype=bool)
                redone[again] = True
                other = ~redone[kept]
                verdict = verdict[:4] + ((np.concatenate([kept[other], again[new]]),
                                          np.concatenate([steps[other], new_steps])),)
        return verdict

    def _settles(self, users, accepted, step, portal) -> np.ndarray:
        """Whether this verdict (of a code checked at ``portal``, before
        anything changed) is the engine's whichever step the earlier unsure
        acceptance marked: every step tried now (with either learned drift)
        is newer than every step it may have marked, and, with drift
        learning, the code was accepted inside the look-around window (the
        window comes first in either order, and sets the same drift)."""
        policy = self.policy
        if policy.drift_learning:
            offset = step - portal
            out = accepted & (offset >= self._window[0]) & (offset <= self._window[-1])
        else:
            out = np.ones(len(users), dtype=bool)
        if policy.replay_protection:
            marks = np.concatenate([self.pend_steps[users], self.pend_typed[users][:, None]], axis=1)
            marked = marks >= 0
            oldest_tried = self._oldest(self.state.drift[users], portal)
            if policy.drift_learning:
                drifts = marks - self.pend_portal[users][:, None]
                none = np.iinfo(np.int64).max
                drifted = np.full(marks.shape, none)
                drifted[marked] = self._oldest(drifts[marked], np.repeat(portal, marked.sum(axis=1)))
                oldest_tried = np.minimum(oldest_tried, drifted.min(axis=1))
            newest_mark = np.where(marked, marks, -1).max(axis=1)
            out &= oldest_tried > newest_mark
        return out

    def _oldest(self, drift, portal) -> np.ndarray:
        """The oldest step tried at ``portal`` with a learned ``drift`` (the
        largest int64 when none is a step)."""
        row, table = self._candidates(drift)
        oldest = portal + table.lowest[row]
        before = (oldest < 0).nonzero()[0]  # at the epoch: the oldest step that exists
        if len(before):
            steps = portal[before, None] + table.of(row, before)
            oldest[before] = np.where(steps >= 0, steps, np.iinfo(np.int64).max).min(axis=1)
        return oldest

    def _resolve(self, users) -> None:
        """Compare the codes an unsure acceptance left aside: the engine
        marked the first earlier step whose code equals the typed one."""
        st = self.state
        earlier = self.pend_steps[users]
        r, j = (earlier >= 0).nonzero()
        version = st.version[users]
        typed = self._codes(users, version, self.pend_typed[users])
        same = np.zeros(earlier.shape, dtype=bool)
        same[r, j] = self._codes(users[r], version[r], earlier[r, j]) == typed[r]
        found = same.any(axis=1)
        u = users[found]
        marked = earlier[found, same[found].argmax(axis=1)]
        st.last_step[u] = marked
        if self.policy.drift_learning:
            st.drift[u] = marked - self.pend_portal[u]

    def _defer(self, users, unsure, typed_step, portal) -> None:
        """Keep the unsure steps of these acceptances (the verdict's) until
        the user's next code is checked (:meth:`_settled_verdict`)."""
        rows, steps = unsure
        u = users[rows]
        self.pending[u] = True
        self.pend_steps[u] = steps
        self.pend_typed[u] = typed_step[rows]
        self.pend_portal[u] = portal[rows]
