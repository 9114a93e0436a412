"""The fast path: one piece of a population run, vectorised over users with
numpy, round by round of sign-ins.

It follows the behaviour :func:`~twofa_sim.population.simulate_population`
describes, step for step as :mod:`._engine_run` does through the Portal,
on the arrays of :class:`._state.State`. A code is accepted or refused by
arithmetic on time steps (the phone's code is the code of the phone's
step); wherever a coincidence could change the answer (a code of another
step equal to the typed one: about 3 in a million per step compared), real
codes are computed with :class:`._keys.PieceCodes`: for every SMS code, for
every app code the arithmetic would refuse, and for the steps tried before
the phone's own step.
"""

from __future__ import annotations

import numpy as np

from ..clock import MAX_EPOCH
from ..outcomes import Reason
from ._events import Round, Traits, draw_rounds, draw_traits, generator
from ._keys import PieceCodes
from ._records import (APP, BACKUP, CODE, CODE_REQUIRED, ENROL, EXPIRED, F_BACKUP, F_NONE, F_PASSWORD, F_REMEMBERED,
                       F_SMS, F_TOTP, F_TOTP_SMS, HELP, LOCKED, NONE, OK, PASSWORD, REFUSED, SEND, SMS, SUPPORT,
                       Ledger, R)
from ._state import State, candidate_offsets
from .model import SIGN_IN_LIMIT_SECONDS

_SIGNED, _PROMPTED, _STOPPED = 1, 2, 0


class FastPiece:
    """One piece (a block of users) computed with arrays.

    Args:
        job: the piece's :class:`~twofa_sim.population._pieces.Job`.
        ledger: where answers and sign-ins are counted.
    """

    def __init__(self, job, ledger: Ledger) -> None:
        self.job = job
        self.policy = job.policy
        self.pop = job.population
        self.ledger = ledger
        n = job.hi - job.lo
        self.rng = generator(job.seed, job.block)
        self.traits: Traits = draw_traits(self.rng, self.pop, n, job.start, job.end)
        self.state = State(n, job.policy, int(job.setup // job.policy.period), job.ring)
        self.number = np.zeros(n, dtype=np.int64)
        self.codes = PieceCodes(job.seed, job.lo, n, job.policy.secret_bits, job.policy.algorithm, job.policy.digits)
        self._round_codes: dict[int, int] = {}
        self._step_bits = (int(MAX_EPOCH) // job.policy.period).bit_length()
        self._offsets: dict[int, tuple[int, ...]] = {}
        # An accepted app code whose phone step was not the first fresh step
        # tried: the engine marks an earlier step instead if its code is the
        # same (a coincidence). Decided when it can matter (see _settled_verdict).
        width = 2 * len(job.policy.window_steps())
        self.pending = np.zeros(n, dtype=bool)
        self.pend_steps = np.full((n, width), -1, dtype=np.int64)
        self.pend_typed = np.zeros(n, dtype=np.int64)
        self.pend_portal = np.zeros(n, dtype=np.int64)

    def run(self) -> None:
        """Every round of sign-ins, in order."""
        for rnd in draw_rounds(self.rng, self.pop, self.traits, self.job.start, self.job.end,
                               self.policy.sms_code_digits):
            self._round_codes.clear()
            self.session(rnd)

    # ----------------------------------------------------------- a session

    def session(self, rnd: Round) -> None:
        """Each user's sign-in of this round (and a repeat after a success);
        a user whose 2FA was reset signs in with the password and enrols
        again once the phone is back."""
        pos = np.arange(len(rnd.users))
        users, start = rnd.users, rnd.start
        limit = start + SIGN_IN_LIMIT_SECONDS
        off = ~self.state.two_factor[users]
        if off.any():
            p = pos[off]
            signed, end = self.sign_in(p, users[p], start[p], limit[p], rnd, 0)
            back = signed & ~self.traits.no_phone(users[p], start[p])
            self.enrol(users[p][back], end[back])
        p = pos[~off]
        signed, end = self.sign_in(p, users[p], start[p], limit[p], rnd, 0)
        again = signed & rnd.repeat[p] & (end + rnd.repeat_gap[p] < limit[p])
        p = p[again]
        self.sign_in(p, users[p], end[again] + rnd.repeat_gap[p], limit[p], rnd, 1)

    def sign_in(self, pos, users, t0, limit, rnd: Round, phase: int):
        """One sign-in of each of ``users`` from ``t0``; returns (signed in, when)."""
        st, tr = self.state, self.traits
        self.number[users] += 1
        no_phone = tr.no_phone(users, t0)
        method = np.where(~st.two_factor[users], NONE,
                          np.where(no_phone, np.where(tr.keeps_backup[users] & (st.backup_left[users] > 0), BACKUP,
                                                      HELP), np.where(tr.sms[users], SMS, APP))).astype(np.int8)
        answer = self.password_step(users, t0, method)
        signed = answer == _SIGNED
        prompted = answer == _PROMPTED
        end = t0.copy()
        first_ok = np.zeros(len(users), dtype=bool)
        gave_up = np.zeros(len(users), dtype=bool)
        for kind, flow in ((APP, self.app_flow), (SMS, self.sms_flow), (BACKUP, self.backup_flow),
                           (HELP, self.support_flow)):
            k = np.flatnonzero(prompted & (method == kind))
            if len(k):
                ok, when, first, gave = flow(pos[k], users[k], t0[k], limit[k], rnd, phase)
                signed[k], end[k], first_ok[k], gave_up[k] = ok, np.where(ok, when, end[k]), first, gave
        self.ledger.sign_in(users, prompted, signed, prompted & ~first_ok, gave_up)
        return signed, end

    def password_step(self, users, t, method) -> np.ndarray:
        """``SignIn.begin`` with the right password: _STOPPED (locked),
        _SIGNED (2FA off, or a remembered browser) or _PROMPTED."""
        st = self.state
        answer = np.full(len(users), _PROMPTED, dtype=np.int8)
        blocked = st.blocked(users, t)
        locked = blocked >= 0
        self._row(users, t, PASSWORD, method, 0, F_PASSWORD, LOCKED, blocked, locked)
        answer[locked] = _STOPPED
        off = ~locked & ~st.two_factor[users]
        remembered = ~locked & ~off & st.remembered(users, t)
        st.record_success(users[off | remembered])
        self._row(users, t, PASSWORD, method, 0, F_PASSWORD, OK, R[Reason.NO_SECOND_FACTOR], off)
        self._row(users, t, PASSWORD, method, 0, F_REMEMBERED, OK, R[Reason.REMEMBERED_DEVICE], remembered)
        answer[off | remembered] = _SIGNED
        asked = answer == _PROMPTED
        self._row(users, t, PASSWORD, method, 0, F_PASSWORD, CODE_REQUIRED, R[Reason.PASSWORD_OK], asked)
        return answer

    # --------------------------------------------------------------- flows

    def app_flow(self, pos, users, t0, limit, rnd, phase):
        """Read the app, type its code; after a refusal read it again, up to ``max_tries``."""
        n = len(users)
        signed, end, first_ok, gave_up = (np.zeros(n, bool), t0.copy(), np.zeros(n, bool), np.zeros(n, bool))
        active = np.ones(n, dtype=bool)
        read = t0 + self.pop.reaction_seconds
        for i in range(self.pop.max_tries):
            a = np.flatnonzero(active)
            sub = read[a] + rnd.typing[pos[a], phase, i]
            late = sub >= limit[a]
            gave_up[a[late]], active[a[late]] = True, False
            a, sub = a[~late], sub[~late]
            if not len(a):
                break
            typed = self.phone_step(users[a], read[a])
            answer = self.submit(users[a], sub, t0[a], APP, i + 1, typed_step=typed)
            ok = answer == OK
            signed[a[ok]], end[a[ok]] = True, sub[ok]
            if i == 0:
                first_ok[a[ok]] = True
            refused = answer == REFUSED
            read[a[refused]] = sub[refused] + self.pop.retry_pause_seconds
            active[a[~refused]] = False
        gave_up |= active
        return signed, end, first_ok, gave_up

    def sms_flow(self, pos, users, t0, limit, rnd, phase):
        """Press "Send SMS Code", wait for the text (asking again after
        ``sms_patience_seconds`` or the cooldown), type its code; up to ``sms_sends`` texts."""
        pop, policy = self.pop, self.policy
        n = len(users)
        signed, end, first_ok, gave_up = (np.zeros(n, bool), t0.copy(), np.zeros(n, bool), np.zeros(n, bool))
        active = np.ones(n, dtype=bool)
        at = t0 + pop.reaction_seconds
        wait_again = max(pop.sms_patience_seconds, policy.sms_resend_cooldown_seconds)
        for i in range(pop.sms_sends):
            a = np.flatnonzero(active)
            late = at[a] >= limit[a]
            gave_up[a[late]], active[a[late]] = True, False
            a = a[~late]
            if not len(a):
                break
            sent = self.send(users[a], at[a], t0[a], rnd.sms_code[pos[a], phase, i], i + 1) == OK
            active[a[~sent]] = False
            a = a[sent]
            delay = rnd.sms_delay[pos[a], phase, i]
            missing = rnd.sms_lost[pos[a], phase, i] | (delay > pop.sms_patience_seconds)
            at[a[missing]] = at[a[missing]] + wait_again
            a, delay = a[~missing], delay[~missing]
            sub = at[a] + delay + rnd.typing[pos[a], phase, i]
            late = sub >= limit[a]
            gave_up[a[late]], active[a[late]] = True, False
            a, sub = a[~late], sub[~late]
            answer = self.submit(users[a], sub, t0[a], SMS, i + 1)
            ok = answer == OK
            signed[a[ok]], end[a[ok]] = True, sub[ok]
            if i == 0:
                first_ok[a[ok]] = True
            refused = answer == REFUSED
            r = a[refused]
            at[r] = np.maximum(sub[refused] + pop.retry_pause_seconds, at[r] + policy.sms_resend_cooldown_seconds)
            active[a[~refused]] = False
        gave_up |= active
        return signed, end, first_ok, gave_up

    def backup_flow(self, pos, users, t0, limit, rnd, phase):
        """The phone is lost: type the next backup code."""
        n = len(users)
        sub = t0 + self.pop.reaction_seconds + rnd.typing[pos, phase, 0]
        late = sub >= limit
        signed = np.zeros(n, dtype=bool)
        a = np.flatnonzero(~late)
        signed[a] = self.submit(users[a], sub[a], t0[a], BACKUP, 1) == OK
        return signed, sub, signed.copy(), late

    def support_flow(self, pos, users, t0, limit, rnd, phase):
        """The phone is lost and no backup code is left: support resets 2FA,
        then the person signs in with the password alone."""
        t = t0 + self.pop.reaction_seconds
        self.state.support_reset(users)
        self.pending[users] = False
        self._row(users, t, SUPPORT, HELP, 0, F_NONE, OK, R[Reason.ACCEPTED])
        signed = self.password_step(users, t, np.full(len(users), HELP, dtype=np.int8)) == _SIGNED
        return signed, t, np.zeros(len(users), dtype=bool), np.zeros(len(users), dtype=bool)

    # ------------------------------------------------------- portal answers

    def send(self, users, t, started, codes, tries) -> np.ndarray:
        """``SmsSending.send``: closed sign-in, lock, cooldown, limits, else a text."""
        st = self.state
        outcome = np.full(len(users), OK, dtype=np.int8)
        reason = np.full(len(users), R[Reason.SMS_SENT], dtype=np.int8)
        expired = st.expired(started, t)
        outcome[expired], reason[expired] = EXPIRED, R[Reason.LOGIN_STEP_EXPIRED]
        blocked = np.where(expired, -1, st.blocked(users, t))
        outcome[blocked >= 0], reason[blocked >= 0] = LOCKED, blocked[blocked >= 0]
        refused = np.where(outcome == OK, st.send_refusal(users, t), -1)
        outcome[refused >= 0], reason[refused >= 0] = LOCKED, refused[refused >= 0]
        sent = outcome == OK
        st.record_send(users[sent], t[sent], codes[sent])
        self._row(users, t, SEND, SMS, tries, F_SMS, outcome, reason)
        return outcome

    def submit(self, users, t, started, kind, tries, typed_step=None) -> np.ndarray:
        """``SignIn.submit`` of an app code (the code of ``typed_step``), the
        newest SMS code, or the next backup code; returns outcome codes."""
        st, policy = self.state, self.policy
        n = len(users)
        outcome = np.full(n, -1, dtype=np.int8)
        reason = np.zeros(n, dtype=np.int8)
        factor = np.full(n, F_NONE, dtype=np.int8)
        expired = st.expired(started, t)
        outcome[expired], reason[expired] = EXPIRED, R[Reason.LOGIN_STEP_EXPIRED]
        blocked = np.where(expired, -1, st.blocked(users, t))
        outcome[blocked >= 0], reason[blocked >= 0] = LOCKED, blocked[blocked >= 0]
        same_length = policy.digits == policy.sms_code_digits
        names = {APP: F_TOTP, SMS: F_TOTP_SMS if same_length else F_SMS, BACKUP: F_BACKUP}[kind]
        capped = (outcome < 0) & (st.capped_backup(users) if kind == BACKUP else st.capped_codes(users))
        outcome[capped], reason[capped], factor[capped] = LOCKED, R[Reason.CODES_CAPPED], names
        c = np.flatnonzero(outcome < 0)
        u, now = users[c], t[c]
        if kind == BACKUP:
            accepted = np.ones(len(c), dtype=bool)
            why, by = np.full(len(c), R[Reason.ACCEPTED]), np.full(len(c), F_BACKUP)
        else:
            if kind == APP:
                totp_ok, step, totp_why, portal, unsure = self._settled_verdict(u, now, typed_step=typed_step[c])
                accepted, why, by = totp_ok, totp_why, np.full(len(c), F_TOTP)
            else:
                fresh_sms = now < st.sms_expires_at[u]
                if same_length:
                    totp_ok, step, totp_why, portal, unsure = self._settled_verdict(u, now, typed_code=st.sms_code[u])
                else:
                    totp_ok = np.zeros(len(c), dtype=bool)
                    step = portal = np.zeros(len(c), dtype=np.int64)
                    totp_why = np.full(len(c), R[Reason.WRONG_CODE])
                accepted = totp_ok | fresh_sms
                telling = totp_why != R[Reason.WRONG_CODE]  # a replayed step before an expired SMS code
                why = np.where(accepted, R[Reason.ACCEPTED], np.where(telling, totp_why, R[Reason.SMS_EXPIRED]))
                by = np.where(totp_ok | (~accepted & telling), F_TOTP, F_SMS)
            moved = u[totp_ok]
            st.last_step[moved] = step[totp_ok]
            if policy.drift_learning:
                st.drift[moved] = step[totp_ok] - portal[totp_ok]
            if kind == APP:
                self._defer(u, totp_ok, unsure, typed_step[c], portal)
        outcome[c] = np.where(accepted, OK, REFUSED)
        reason[c], factor[c] = why, by
        st.record_failure(u[~accepted], now[~accepted], by[~accepted])
        st.record_success(u[accepted])
        if kind == BACKUP:
            st.use_backup(u[accepted])
        keep = accepted & self.traits.remember[u]
        st.remember(u[keep], now[keep])
        self._row(users, t, CODE, kind, tries, factor, outcome, reason)
        return outcome

    def totp_verdict(self, users, t, typed_step=None, typed_code=None):
        """``TotpDevice.verify`` of the code of ``typed_step`` (the phone's
        step) or of the number ``typed_code`` (an SMS code) at ``t``, on the
        state as it stands (nothing is changed).

        An app code accepted by arithmetic is taken as matched at the phone's
        step; the fresh steps tried before it (``unsure``) are not compared,
        and :meth:`_defer` keeps them until it matters.

        Returns:
            (accepted, the step matched, reason code, the portal's step,
            the unsure steps (in the order tried, -1 after them), the steps tried).
        """
        st, policy = self.state, self.policy
        n = len(users)
        portal = np.floor(t / policy.period).astype(np.int64)
        if not n:
            nothing = np.zeros((0, self.pend_steps.shape[1]), dtype=np.int64)
            return np.zeros(0, dtype=bool), portal, np.zeros(0, dtype=np.int64), portal, nothing, nothing
        drift = st.drift[users]
        patterns = {d: self.offsets(d) for d in np.unique(drift).tolist()}
        width = max(len(o) for o in patterns.values())
        steps = np.zeros((n, width), dtype=np.int64)
        valid = np.zeros((n, width), dtype=bool)
        for d, offsets in patterns.items():
            rows = np.flatnonzero(drift == d)
            steps[rows, :len(offsets)] = portal[rows, None] + np.array(offsets, dtype=np.int64)
            valid[rows, :len(offsets)] = True
        valid &= steps >= 0
        steps[~valid] = -1
        last = st.last_step[users][:, None]
        fresh = valid & (steps > last) if policy.replay_protection else valid
        if typed_code is None:
            matched = valid & (steps == typed_step[:, None])
            sure = (matched & fresh).any(axis=1)
            before = np.arange(width)[None, :] < np.argmax(matched, axis=1)[:, None]
            unsure = np.where(sure[:, None], before & fresh, False)
            check = valid & ~matched & ~sure[:, None]
        else:
            matched = np.zeros((n, width), dtype=bool)
            unsure = np.zeros((n, width), dtype=bool)
            check = valid
        rows = np.flatnonzero(check.any(axis=1))
        if len(rows):
            self._compare(users, rows, steps, check, matched, typed_step, typed_code)
        keep = np.argsort(~unsure, axis=1, kind="stable")  # the unsure steps first, in the order tried
        unsure_steps = np.where(np.take_along_axis(unsure, keep, axis=1), np.take_along_axis(steps, keep, axis=1), -1)
        pad = self.pend_steps.shape[1] - width
        unsure_steps = np.pad(unsure_steps, ((0, 0), (0, pad)), constant_values=-1) if pad > 0 else unsure_steps
        hit = matched & fresh
        accepted = hit.any(axis=1)
        step = steps[np.arange(n), np.argmax(hit, axis=1)]
        first = steps[np.arange(n), np.argmax(matched, axis=1)]
        why = np.where(accepted, R[Reason.ACCEPTED], np.where(
            matched.any(axis=1), np.where(first == st.last_step[users], R[Reason.REPLAYED], R[Reason.OLDER_STEP]),
            R[Reason.WRONG_CODE]))
        return accepted, np.where(accepted, step, first), why, portal, unsure_steps, steps

    def offsets(self, drift: int) -> tuple[int, ...]:
        """The steps tried with a learned ``drift``, as offsets from the
        portal's step (:func:`._state.candidate_offsets`, kept per run)."""
        found = self._offsets.get(drift)
        if found is None:
            found = self._offsets[drift] = candidate_offsets(self.policy, drift)
        return found

    def _settled_verdict(self, users, t, typed_step=None, typed_code=None):
        """:meth:`totp_verdict`, after settling any earlier unsure acceptance
        of these users: kept when this verdict is the same whichever step
        was marked (:meth:`_settles`), else decided (:meth:`_resolve`) and
        the verdict taken again; returns the verdict and the unsure steps."""
        accepted, step, why, portal, unsure, steps = self.totp_verdict(users, t, typed_step, typed_code)
        rows = np.flatnonzero(self.pending[users])
        if len(rows):
            again = rows[~self._settles(users[rows], accepted[rows], step[rows], portal[rows], steps[rows])]
            self.pending[users[rows]] = False
            if len(again):
                self._resolve(users[again])
                redo = self.totp_verdict(users[again], t[again], None if typed_step is None else typed_step[again],
                                         None if typed_code is None else typed_code[again])
                for whole, part in zip((accepted, step, why, portal), redo[:4]):
                    whole[again] = part
                unsure[again] = redo[4]
        return accepted, step, why, portal, unsure

    def _settles(self, users, accepted, step, portal, steps) -> np.ndarray:
        """Whether this verdict is the engine's whichever step the earlier
        unsure acceptance marked: every step tried now (with either learned
        drift) is newer than every step it may have marked, and, with drift
        learning, the code was accepted inside the look-around window (the
        window comes first in either order, and sets the same drift)."""
        policy = self.policy
        if policy.drift_learning:
            out = accepted & np.isin(step - portal, np.array(list(policy.window_steps())))
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
        r, j = np.nonzero(earlier >= 0)
        version = st.version[users]
        typed = self._codes(users, version, self.pend_typed[users])
        same = np.zeros(earlier.shape, dtype=bool)
        same[r, j] = self._codes(users[r], version[r], earlier[r, j]) == typed[r]
        found = same.any(axis=1)
        u = users[found]
        marked = earlier[found, np.argmax(same[found], axis=1)]
        st.last_step[u] = marked
        if self.policy.drift_learning:
            st.drift[u] = marked - self.pend_portal[u]

    def _defer(self, users, accepted, unsure, typed_step, portal) -> None:
        """Keep the unsure steps of these acceptances until the user's next
        code is checked (:meth:`_settled_verdict`)."""
        rows = np.flatnonzero(accepted & (unsure >= 0).any(axis=1))
        if not len(rows):
            return
        u = users[rows]
        self.pending[u] = True
        self.pend_steps[u] = unsure[rows]
        self.pend_typed[u] = typed_step[rows]
        self.pend_portal[u] = portal[rows]

    def _compare(self, users, rows, steps, check, matched, typed_step, typed_code) -> None:
        """Set ``matched`` where the real code of a step to ``check`` equals the typed code."""
        r, j = np.nonzero(check)
        u = users[r]
        version = self.state.version[u]
        codes = self._codes(u, version, steps[r, j])
        if typed_code is not None:
            typed = typed_code[r]
        else:
            u_rows = users[rows]
            by_row = np.zeros(len(users), dtype=np.int64)
            by_row[rows] = self._codes(u_rows, self.state.version[u_rows], typed_step[rows])
            typed = by_row[r]
        matched[r, j] = codes == typed

    def _codes(self, users, versions, steps) -> np.ndarray:
        """The real codes of ``steps`` for ``users``' secrets of ``versions``
        (kept for the round by user and step: retries look at the same
        steps; :meth:`enrol`, which changes a secret, forgets them)."""
        cache = self._round_codes
        keys = (users << self._step_bits) | steps
        found = np.array([cache.get(k, -1) for k in keys.tolist()], dtype=np.int64)
        missing = np.flatnonzero(found < 0)
        if len(missing):
            new, first, back = np.unique(keys[missing], return_index=True, return_inverse=True)
            m = missing[first]
            codes = self.codes.values(users[m], versions[m], steps[m])
            found[missing] = codes[back]
            cache.update(zip(new.tolist(), codes.tolist()))
        return found

    def enrol(self, users, t) -> None:
        """``start_enrolment`` with the next secret, then ``confirm_enrolment``
        with the code of the portal's step (refused only while locked)."""
        st = self.state
        blocked = st.blocked(users, t)
        locked = blocked >= 0
        self._row(users, t, ENROL, NONE, 0, F_TOTP, np.where(locked, LOCKED, OK),
                  np.where(locked, blocked, R[Reason.ACCEPTED]))
        st.enrol(users[~locked], np.floor(t[~locked] / self.policy.period).astype(np.int64))
        self.pending[users[~locked]] = False
        self._round_codes.clear()

    def phone_step(self, users, t) -> np.ndarray:
        """The time step the phone shows at ``t``: :class:`~twofa_sim.clock.DeviceClock`'s
        ``reference + (offset + ppm * 1e-6 * (reference - t_set))``, kept within
        1970 .. 9999, set at the start of the run."""
        tr = self.traits
        phone = np.minimum(float(MAX_EPOCH), np.maximum(
            0.0, t + (tr.offset[users] + tr.ppm[users] * 1e-6 * (t - self.job.start))))
        return np.floor(phone / self.policy.period).astype(np.int64)

    def _row(self, users, t, step, method, tries, factor, outcome, reason, where=None) -> None:
        if where is not None:
            users, t = users[where], t[where]
            method, factor, outcome, reason = (v[where] if np.ndim(v) else v
                                               for v in (method, factor, outcome, reason))
        self.ledger.row(users, self.number[users], t, step, method, tries, factor, outcome, reason)
