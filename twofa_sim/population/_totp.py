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
        self._tables: dict[tuple[int, int], np.ndarray] = {}
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
        and :meth:`_defer` keeps them until it matters.

        Returns:
            (accepted, the step matched, reason code, the portal's step, the
            unsure steps (``(users, 2 * window)``, in the order tried, -1
            after them), the steps tried (negative where none)).
        """
        st, policy = self.state, self.policy
        n = len(users)
        portal = np.floor(t / policy.period).astype(np.int64)
        steps = portal[:, None] + self._candidates(st.drift[users])
        width = steps.shape[1]
        valid = steps >= 0
        last = st.last_step[users]
        fresh = valid & (steps > last[:, None]) if policy.replay_protection else valid
        if typed_code is None:
            matched = steps == typed_step[:, None]
            sure = (matched & fresh).any(axis=1)
            check = valid & ~matched & ~sure[:, None]
        else:
            matched = np.zeros((n, width), dtype=bool)
            sure = None
            check = valid
        rows = check.any(axis=1).nonzero()[0]
        if len(rows):
            self._compare(users, rows, steps, check, matched, typed_step, typed_code)
        hit = matched & fresh
        accepted = hit.any(axis=1)
        first = matched.argmax(axis=1)
        step = np.take_along_axis(steps, np.where(accepted, hit.argmax(axis=1), first)[:, None], axis=1)[:, 0]
        why = np.where(accepted, _ACCEPTED, np.where(matched.any(axis=1), np.where(step == last, _REPLAYED, _OLDER),
                                                     _WRONG))
        unsure_steps = np.full((n, self.pend_steps.shape[1]), -1, dtype=np.int64)
        if sure is not None:
            unsure = fresh & (np.arange(width) < first[:, None]) & sure[:, None]
            k = unsure.any(axis=1).nonzero()[0]
            if len(k):
                keep = np.argsort(~unsure[k], axis=1, kind="stable")  # the unsure steps first, in the order tried
                unsure_steps[k, :width] = np.where(np.take_along_axis(unsure[k], keep, axis=1),
                                                   np.take_along_axis(steps[k], keep, axis=1), -1)
        return accepted, step, why, portal, unsure_steps, steps

    def offsets(self, drift: int) -> tuple[int, ...]:
        """The steps tried with a learned ``drift``, as offsets from the
        portal's step (:func:`._state.candidate_offsets`, kept per run)."""
        found = self._offsets.get(drift)
        if found is None:
            found = self._offsets[drift] = candidate_offsets(self.policy, drift)
        return found

    def _candidates(self, drift: np.ndarray) -> np.ndarray:
        """The offsets tried for each learned ``drift`` in order, one row per
        drift (or one row for all when none is learned), :data:`_ABSENT`
        after the last."""
        low, high = (int(drift.min()), int(drift.max())) if len(drift) else (0, 0)
        if high - low <= _TABLE_SPAN:
            return self._table(low, high)[drift - low] if high > low else self._table(low, low)
        kinds, where = np.unique(drift, return_inverse=True)
        return self._table_of(kinds.tolist())[where]

    def _table(self, low: int, high: int) -> np.ndarray:
        table = self._tables.get((low, high))
        if table is None:
            table = self._tables[(low, high)] = self._table_of(range(low, high + 1))
        return table

    def _table_of(self, drifts) -> np.ndarray:
        rows = [self.offsets(d) for d in drifts]
        table = np.full((len(rows), max(map(len, rows))), _ABSENT, dtype=np.int64)
        for i, row in enumerate(rows):
            table[i, :len(row)] = row
        return table

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
        the verdict taken again; returns the verdict and the unsure steps."""
        accepted, step, why, portal, unsure, steps = self.totp_verdict(users, t, typed_step, typed_code)
        rows = self.pending[users].nonzero()[0]
        if len(rows):
            again = rows[~self._settles(users[rows], accepted[rows], step[rows], portal[rows], steps[rows])]
            self.pending[users[rows]] = False
            if len(again):
                self._resolve(users[again])
                redo = self.totp_verdict(users[again], t[again], None if typed_step is None else typed_step[again],
                                         None if typed_code is None else typed_code[again])
                for whole, part in zip((accepted, step, why, portal, unsure), redo[:5]):
                    whole[again] = part
        return accepted, step, why, portal, unsure

    def _settles(self, users, accepted, step, portal, steps) -> np.ndarray:
        """Whether this verdict is the engine's whichever step the earlier
        unsure acceptance marked: every step tried now (with either learned
        drift) is newer than every step it may have marked, and, with drift
        learning, the code was accepted inside the look-around window (the
        window comes first in either order, and sets the same drift)."""
        policy = self.policy
        if policy.drift_learning:
            out = accepted & np.isin(step - portal, self._window)
        else:
            out = np.ones(len(users), dtype=bool)
        if policy.replay_protection:
            marks = np.concatenate([self.pend_steps[users], self.pend_typed[users][:, None]], axis=1)
            marked = marks >= 0
            none = np.iinfo(np.int64).max
            oldest_tried = np.where(steps >= 0, steps, none).min(axis=1)
            if policy.drift_learning:
                drifts = marks - self.pend_portal[users][:, None]
                kinds, where = np.unique(drifts[marked], return_inverse=True)
                lowest = np.full(marks.shape, none)
                lowest[marked] = np.array([min(self.offsets(d)) for d in kinds.tolist()], dtype=np.int64)[where]
                oldest_tried = np.minimum(oldest_tried, np.where(marked, portal[:, None] + lowest, none).min(axis=1))
            newest_mark = np.where(marked, marks, -1).max(axis=1)
            out &= oldest_tried > newest_mark
        return out

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

    def _defer(self, users, accepted, unsure, typed_step, portal) -> None:
        """Keep the unsure steps of these acceptances until the user's next
        code is checked (:meth:`_settled_verdict`)."""
        rows = (accepted & (unsure[:, 0] >= 0)).nonzero()[0]
        if not len(rows):
            return
        u = users[rows]
        self.pending[u] = True
        self.pend_steps[u] = unsure[rows]
        self.pend_typed[u] = typed_step[rows]
        self.pend_portal[u] = portal[rows]
