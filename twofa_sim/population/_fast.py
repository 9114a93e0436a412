"""The fast path: one piece of a population run, vectorised over users with
numpy, round by round of sign-ins.

It follows the behaviour :func:`~twofa_sim.population.simulate_population`
describes, step for step as :mod:`._engine_run` does through the Portal,
on the arrays of :class:`._state.State`; the app factor's verdict, with
the real codes computed where a coincidence could change an answer, is
:class:`._totp.TotpChecks`.

Each step works on the users still at it, and skips what concerns none of
them (a round late in a run holds few users: the cost of a round is its
numpy calls).
"""

from __future__ import annotations

import numpy as np

from ..clock import MAX_EPOCH
from ..outcomes import Reason
from ._events import Round, Traits, draw_rounds, draw_traits, generator
from ._records import (APP, BACKUP, CODE, CODE_REQUIRED, ENROL, EXPIRED, F_BACKUP, F_NONE, F_PASSWORD, F_REMEMBERED,
                       F_SMS, F_TOTP, F_TOTP_SMS, HELP, LOCKED, NONE, OK, PASSWORD, REFUSED, SEND, SMS, SUPPORT,
                       Ledger, R)
from ._state import State
from ._totp import TotpChecks
from .model import SIGN_IN_LIMIT_SECONDS

_WRONG_CODE, _ACCEPTED = R[Reason.WRONG_CODE], R[Reason.ACCEPTED]


class FastPiece(TotpChecks):
    """One piece (a block of users) computed with arrays.

    Args:
        job: the piece's :class:`~twofa_sim.population._pieces.Job`.
        ledger: where answers and sign-ins are counted.
    """

    def __init__(self, job, ledger: Ledger) -> None:
        self.job = job
        self.pop = job.population
        self.ledger = ledger
        n = job.hi - job.lo
        self.rng = generator(job.seed, job.block)
        self.traits: Traits = draw_traits(self.rng, self.pop, n, job.start, job.end)
        super().__init__(job, State(n, job.policy, int(job.setup // job.policy.period), job.ring))
        self.number = np.zeros(n, dtype=np.int64)  # each user's sign-ins so far, kept for the rows
        self._may_lose = np.isfinite(self.traits.loss_start).any(axis=1)
        self._ppm = self.traits.ppm * 1e-6

    def run(self) -> None:
        """Every round of sign-ins, in order."""
        for rnd in draw_rounds(self.rng, self.pop, self.traits, self.job.start, self.job.end,
                               self.policy.sms_code_digits):
            self.session(rnd)

    # ----------------------------------------------------------- a session

    def session(self, rnd: Round) -> None:
        """Each user's sign-in of this round (and a repeat after a success);
        a user whose 2FA was reset signs in with the password and enrols
        again once the phone is back."""
        users, start = rnd.users, rnd.start
        limit = start + SIGN_IN_LIMIT_SECONDS
        off = ~self.state.two_factor[users]
        if np.count_nonzero(off):
            p = off.nonzero()[0]
            signed, end = self.sign_in(p, users[p], start[p], limit[p], rnd, 0)
            back = signed & ~self.no_phone(users[p], start[p])
            self.enrol(users[p][back], end[back])
            p = (~off).nonzero()[0]
            users, start, limit = users[p], start[p], limit[p]
        else:
            p = np.arange(len(users))
        if not len(p):
            return
        signed, end = self.sign_in(p, users, start, limit, rnd, 0)
        again = signed & rnd.repeat[p] & (end + rnd.repeat_gap[p] < limit)
        if np.count_nonzero(again):
            k = again.nonzero()[0]
            self.sign_in(p[k], users[k], end[k] + rnd.repeat_gap[p[k]], limit[k], rnd, 1)

    def sign_in(self, pos, users, t0, limit, rnd: Round, phase: int):
        """One sign-in of each of ``users`` from ``t0``; returns (signed in, when)."""
        st, tr = self.state, self.traits
        if self.ledger.keep_rows:
            self.number[users] += 1
        method = np.where(tr.sms[users], SMS, APP)
        lost = self.no_phone(users, t0)
        if np.count_nonzero(lost):
            method[lost] = np.where(tr.keeps_backup[users[lost]] & (st.backup_left[users[lost]] > 0), BACKUP, HELP)
        two_factor = st.two_factor[users]
        if np.count_nonzero(two_factor) < len(two_factor):
            method[~two_factor] = NONE
        signed, prompted = self.password_step(users, t0, method, two_factor)
        end = t0.copy()
        first_ok = np.zeros(len(users), dtype=bool)
        gave_up = np.zeros(len(users), dtype=bool)
        if np.count_nonzero(prompted):
            asked = np.where(prompted, method, -1)
            for kind, flow in ((APP, self.app_flow), (SMS, self.sms_flow), (BACKUP, self.backup_flow),
                               (HELP, self.support_flow)):
                k = (asked == kind).nonzero()[0]
                if len(k):
                    ok, when, first, gave = flow(pos[k], users[k], t0[k], limit[k], rnd, phase)
                    signed[k], end[k], first_ok[k], gave_up[k] = ok, np.where(ok, when, end[k]), first, gave
        self.ledger.sign_in(users, prompted, signed, prompted & ~first_ok, gave_up)
        return signed, end

    def no_phone(self, users, t) -> np.ndarray:
        """Whether each of ``users`` is without a phone at ``t`` (:meth:`._events.Traits.no_phone`,
        asked only of users who lose one during the run)."""
        lost = np.zeros(len(users), dtype=bool)
        k = self._may_lose[users].nonzero()[0]
        if len(k):
            lost[k] = self.traits.no_phone(users[k], t[k])
        return lost

    def password_step(self, users, t, method, two_factor):
        """``SignIn.begin`` with the right password (``two_factor``: whether
        each user's 2FA is on); returns (signed in: 2FA off or a remembered
        browser, asked for a code). Neither when locked."""
        st = self.state
        blocked = st.blocked(users, t)
        locked = blocked >= 0
        remembered = two_factor & ~locked & st.remembered(users, t)
        signed = ~locked & ~two_factor | remembered
        st.record_success(users[signed])
        prompted = ~locked & ~signed
        outcome = np.where(locked, LOCKED, np.where(signed, OK, CODE_REQUIRED))
        reason = np.where(locked, blocked, np.where(remembered, R[Reason.REMEMBERED_DEVICE], np.where(
            two_factor, R[Reason.PASSWORD_OK], R[Reason.NO_SECOND_FACTOR])))
        self._row(users, t, PASSWORD, method, 0, np.where(remembered, F_REMEMBERED, F_PASSWORD), outcome, reason)
        return signed, prompted

    # --------------------------------------------------------------- flows

    def app_flow(self, pos, users, t0, limit, rnd, phase):
        """Read the app, type its code; after a refusal read it again, up to ``max_tries``."""
        n = len(users)
        signed, end, first_ok, gave_up = (np.zeros(n, bool), t0.copy(), np.zeros(n, bool), np.zeros(n, bool))
        read = t0 + self.pop.reaction_seconds
        a = np.arange(n)  # still typing
        for i in range(self.pop.max_tries):
            sub = read[a] + rnd.typing[pos[a], phase, i]
            late = sub >= limit[a]
            if np.count_nonzero(late):
                gave_up[a[late]] = True
                a, sub = a[~late], sub[~late]
            if not len(a):
                break
            typed = self.phone_step(users[a], read[a])
            answer = self.submit(users[a], sub, t0[a], APP, i + 1, typed_step=typed)
            ok = answer == OK
            signed[a[ok]], end[a[ok]] = True, sub[ok]
            if i == 0:
                first_ok[:] = signed
            refused = answer == REFUSED
            a = a[refused]
            read[a] = sub[refused] + self.pop.retry_pause_seconds
        gave_up[a] = True
        return signed, end, first_ok, gave_up

    def sms_flow(self, pos, users, t0, limit, rnd, phase):
        """Press "Send SMS Code", wait for the text (asking again after
        ``sms_patience_seconds`` or the cooldown), type its code; up to ``sms_sends`` texts."""
        pop, policy = self.pop, self.policy
        n = len(users)
        signed, end, first_ok, gave_up = (np.zeros(n, bool), t0.copy(), np.zeros(n, bool), np.zeros(n, bool))
        at = t0 + pop.reaction_seconds
        wait_again = max(pop.sms_patience_seconds, policy.sms_resend_cooldown_seconds)
        a = np.arange(n)  # still asking
        for i in range(pop.sms_sends):
            late = at[a] >= limit[a]
            if np.count_nonzero(late):
                gave_up[a[late]] = True
                a = a[~late]
            if not len(a):
                break
            sent = self.send(users[a], at[a], t0[a], rnd.sms_code[pos[a], phase, i], i + 1) == OK
            a = a[sent]
            delay = rnd.sms_delay[pos[a], phase, i]
            missing = rnd.sms_lost[pos[a], phase, i] | (delay > pop.sms_patience_seconds)
            at[a[missing]] += wait_again
            waiting, a, delay = a[missing], a[~missing], delay[~missing]
            sub = at[a] + delay + rnd.typing[pos[a], phase, i]
            late = sub >= limit[a]
            if np.count_nonzero(late):
                gave_up[a[late]] = True
                a, sub = a[~late], sub[~late]
            answer = self.submit(users[a], sub, t0[a], SMS, i + 1)
            ok = answer == OK
            signed[a[ok]], end[a[ok]] = True, sub[ok]
            if i == 0:
                first_ok[:] = signed
            refused = answer == REFUSED
            r = a[refused]
            at[r] = np.maximum(sub[refused] + pop.retry_pause_seconds, at[r] + policy.sms_resend_cooldown_seconds)
            a = np.concatenate([waiting, r])
        gave_up[a] = True
        return signed, end, first_ok, gave_up

    def backup_flow(self, pos, users, t0, limit, rnd, phase):
        """The phone is lost: type the next backup code."""
        n = len(users)
        sub = t0 + self.pop.reaction_seconds + rnd.typing[pos, phase, 0]
        late = sub >= limit
        signed = np.zeros(n, dtype=bool)
        a = (~late).nonzero()[0]
        signed[a] = self.submit(users[a], sub[a], t0[a], BACKUP, 1) == OK
        return signed, sub, signed.copy(), late

    def support_flow(self, pos, users, t0, limit, rnd, phase):
        """The phone is lost and no backup code is left: support resets 2FA,
        then the person signs in with the password alone."""
        t = t0 + self.pop.reaction_seconds
        self.state.support_reset(users)
        self.pending[users] = False
        self._row(users, t, SUPPORT, HELP, 0, F_NONE, OK, _ACCEPTED)
        signed, _ = self.password_step(users, t, HELP, np.zeros(len(users), dtype=bool))
        return signed, t, np.zeros(len(users), dtype=bool), np.zeros(len(users), dtype=bool)

    # ------------------------------------------------------- portal answers

    def send(self, users, t, started, codes, tries) -> np.ndarray:
        """``SmsSending.send``: closed sign-in, lock, cooldown, limits, else a text."""
        st = self.state
        reason = st.blocked(users, t)
        outcome = np.where(reason >= 0, LOCKED, OK)
        expired = st.expired(started, t)
        if np.count_nonzero(expired):
            outcome[expired], reason[expired] = EXPIRED, R[Reason.LOGIN_STEP_EXPIRED]
        refusal = st.send_refusal(users, t)
        refused = (refusal >= 0) & (outcome == OK)
        if np.count_nonzero(refused):
            outcome[refused], reason[refused] = LOCKED, refusal[refused]
        sent = outcome == OK
        reason[sent] = R[Reason.SMS_SENT]
        st.record_send(users[sent], t[sent], codes[sent])
        self._row(users, t, SEND, SMS, tries, F_SMS, outcome, reason)
        return outcome

    def submit(self, users, t, started, kind, tries, typed_step=None) -> np.ndarray:
        """``SignIn.submit`` of an app code (the code of ``typed_step``), the
        newest SMS code, or the next backup code; returns outcome codes."""
        st, policy = self.state, self.policy
        n = len(users)
        if not n:
            return np.zeros(0, dtype=np.int64)
        reason = st.blocked(users, t)
        outcome = np.where(reason >= 0, LOCKED, -1)
        expired = st.expired(started, t)
        if np.count_nonzero(expired):
            outcome[expired], reason[expired] = EXPIRED, R[Reason.LOGIN_STEP_EXPIRED]
        same_length = policy.digits == policy.sms_code_digits
        names = {APP: F_TOTP, SMS: F_TOTP_SMS if same_length else F_SMS, BACKUP: F_BACKUP}[kind]
        factor = np.zeros(n, dtype=np.int64) + F_NONE
        capped = (outcome < 0) & (st.capped_backup(users) if kind == BACKUP else st.capped_codes(users))
        if np.count_nonzero(capped):
            outcome[capped], reason[capped], factor[capped] = LOCKED, R[Reason.CODES_CAPPED], names
        c = (outcome < 0).nonzero()[0]
        u, now = (users, t) if len(c) == n else (users[c], t[c])
        if kind == BACKUP:
            accepted = np.ones(len(c), dtype=bool)
            why, by = _ACCEPTED, F_BACKUP
        else:
            if kind == APP:
                totp_ok, step, totp_why, portal, unsure = self._settled_verdict(u, now, typed_step=typed_step[c])
                accepted, why, by = totp_ok, totp_why, F_TOTP
            elif same_length:
                totp_ok, step, totp_why, portal, _ = self._settled_verdict(u, now, typed_code=st.sms_code[u])
                accepted = totp_ok | (now < st.sms_expires_at[u])
                telling = totp_why != _WRONG_CODE  # a replayed step before an expired SMS code
                why = np.where(accepted, _ACCEPTED, np.where(telling, totp_why, R[Reason.SMS_EXPIRED]))
                by = np.where(totp_ok | (~accepted & telling), F_TOTP, F_SMS)
            else:
                totp_ok = np.zeros(len(c), dtype=bool)
                accepted = now < st.sms_expires_at[u]
                why, by = np.where(accepted, _ACCEPTED, R[Reason.SMS_EXPIRED]), F_SMS
            if np.count_nonzero(totp_ok):
                moved = u[totp_ok]
                st.last_step[moved] = step[totp_ok]
                if policy.drift_learning:
                    st.drift[moved] = step[totp_ok] - portal[totp_ok]
                if kind == APP:
                    self._defer(u, unsure, typed_step[c], portal)
        outcome[c] = np.where(accepted, OK, REFUSED)
        reason[c], factor[c] = why, by
        refused = ~accepted
        if np.count_nonzero(refused):
            st.record_failure(u[refused], now[refused], by[refused] if np.ndim(by) else by)
        st.record_success(u[accepted])
        if kind == BACKUP:
            st.use_backup(u[accepted])
        keep = accepted & self.traits.remember[u]
        st.remember(u[keep], now[keep])
        self._row(users, t, CODE, kind, tries, factor, outcome, reason)
        return outcome

    def enrol(self, users, t) -> None:
        """``start_enrolment`` with the next secret, then ``confirm_enrolment``
        with the code of the portal's step (refused only while locked)."""
        if not len(users):
            return
        st = self.state
        blocked = st.blocked(users, t)
        locked = blocked >= 0
        self._row(users, t, ENROL, NONE, 0, F_TOTP, np.where(locked, LOCKED, OK),
                  np.where(locked, blocked, _ACCEPTED))
        st.enrol(users[~locked], np.floor(t[~locked] / self.policy.period).astype(np.int64))
        self.new_secrets(users[~locked])

    def phone_step(self, users, t) -> np.ndarray:
        """The time step the phone shows at ``t``: :class:`~twofa_sim.clock.DeviceClock`'s
        ``reference + (offset + ppm * 1e-6 * (reference - t_set))``, kept within
        1970 .. 9999, set at the start of the run."""
        phone = np.minimum(float(MAX_EPOCH), np.maximum(
            0.0, t + (self.traits.offset[users] + self._ppm[users] * (t - self.job.start))))
        return np.floor(phone / self.policy.period).astype(np.int64)

    def _row(self, users, t, step, method, tries, factor, outcome, reason) -> None:
        ledger = self.ledger
        ledger.row(users, self.number[users] if ledger.keep_rows else None, t, step, method, tries, factor, outcome,
                   reason)
