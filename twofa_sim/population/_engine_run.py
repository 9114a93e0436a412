"""The engine path: one piece of a population run through the real Portal.

Every user of the piece is an account of one portal on a virtual clock.
Set-up (two days before the run): each user is created, SMS users save
and confirm their cell phone, and everyone enrols the secret drawn for
them (:func:`._keys.secret_key`) with the code of the portal's step. Then
each user is a person (a generator) who acts at the times of their draws:
the scheduler moves the portal's clock to the earliest pending action,
across users, so the clock never goes back.

The person reads the app (:func:`twofa_sim.otp.totp` of a
:class:`~twofa_sim.clock.DeviceClock` with the user's offset and drift) and
types the code after the typing delay; asks for SMS codes and types the
code the text carries; types backup codes from the list enrolment showed;
asks support for a reset when nothing else is left. Every answer becomes a row.

The portal's randomness is its own (salts, backup codes, tokens), except
the SMS codes: :class:`_ScriptedEntropy` hands the portal the code the
population drew for each text, so the fast path knows every code typed.
"""

from __future__ import annotations

import heapq

import numpy as np

from ..audit import AuditTrail
from ..browser import Browser
from ..clock import DeviceClock, VirtualClock
from ..entropy import SeededEntropy, derived_seed
from ..errors import SimulationError
from ..gateway import SmsGateway
from ..otp import totp
from ..outcomes import Outcome
from ..portal import Portal
from ._events import draw_rounds, draw_traits, generator
from ._keys import base32, secret_key
from ._records import (APP, BACKUP, CODE, ENROL, FACTOR_CODE, HELP, NONE, OUTCOME_CODE, PASSWORD, REASON_CODE,
                       SEND, SMS, SUPPORT, Ledger)
from .model import SIGN_IN_LIMIT_SECONDS

#: The region every simulated cell phone is in, and its numbers: +39 320 and seven digits.
REGION = "IT"


def login_of(user: int) -> str:
    """The login of user number ``user``."""
    return f"user{user:08d}@example.com"


def phone_of(user: int) -> str:
    """The cell phone of user number ``user`` (E.164, unique below 10,000,000 users)."""
    return f"+39320{user:07d}"


class _ScriptedEntropy(SeededEntropy):
    """Seeded randomness, except for the next SMS code when one is given
    (a draw of ``randbelow(10 ** sms digits)``)."""

    def __init__(self, seed: int, modulus: int) -> None:
        super().__init__(seed)
        self._modulus = modulus
        self._next: int | None = None

    def script(self, code: int | None) -> None:
        self._next = code

    def randbelow(self, n: int) -> int:
        if self._next is not None and n == self._modulus:
            code, self._next = self._next, None
            return code
        return super().randbelow(n)


class _Gateway(SmsGateway):
    """The SMS network, keeping the last text (the person reads its code)."""

    last = None

    def send(self, to: str, body: str, code: str = ""):
        self.last = super().send(to, body, code)
        return self.last


class EnginePiece:
    """One piece (a block of users) through a Portal.

    Args:
        job: the piece's :class:`~twofa_sim.population._pieces.Job`.
        ledger: where answers and sign-ins are counted.
    """

    def __init__(self, job, ledger: Ledger) -> None:
        self.job = job
        self.policy = p = job.policy
        self.pop = job.population
        self.ledger = ledger
        self.n = job.hi - job.lo
        rng = generator(job.seed, job.block)
        self.traits = draw_traits(rng, self.pop, self.n, job.start, job.end)
        self.sessions: list[list] = [[] for _ in range(self.n)]
        for rnd in draw_rounds(rng, self.pop, self.traits, job.start, job.end, p.sms_code_digits):
            for i, u in enumerate(rnd.users.tolist()):
                self.sessions[u].append((rnd, i))
        clock = VirtualClock(job.setup)
        self.entropy = _ScriptedEntropy(derived_seed(job.seed, job.block), 10**p.sms_code_digits)
        self.gateway = _Gateway(clock, self.entropy)
        self.gateway.configure(loss_rate=0.0)  # deliveries are the population's draws
        self.portal = Portal(clock, self.entropy, p, gateway=self.gateway, audit=AuditTrail(keep_events=False))
        self.rows: list[tuple] = []
        self.sign_ins: list[tuple] = []

    def run(self) -> None:
        """Set every user up, then play every action in time order."""
        codes = [self._set_up(u) for u in range(self.n)]
        self.portal.clock.set(self.job.start)
        queue = []
        for u in range(self.n):
            person = self._person(u, codes[u])
            first = next(person, None)
            if first is not None:
                queue.append((first, u, person))
        heapq.heapify(queue)
        clock = self.portal.clock
        while queue:
            when, u, person = heapq.heappop(queue)
            clock.set(when)
            later = next(person, None)
            if later is not None:
                heapq.heappush(queue, (later, u, person))
        self._flush()

    def lockouts(self) -> np.ndarray:
        """How many times each user's account was locked (the portal's throttle)."""
        return np.array([self.portal.user(login_of(self.job.lo + u)).throttle.lockouts for u in range(self.n)],
                        dtype=np.int64)

    # --------------------------------------------------------------- set-up

    def _set_up(self, u: int) -> list[str]:
        portal, p, g = self.portal, self.policy, self.job.lo + u
        login = login_of(g)
        portal.add_user(login, f"password-{g}", f"User {g}")
        if self.traits.sms[u]:
            saved = portal.set_cell_phone(login, REGION, phone_of(g), password=f"password-{g}")
            confirmed = portal.confirm_cell_phone(login, self.gateway.last.code) if saved.outcome is \
                Outcome.CODE_REQUIRED else saved
            if not confirmed.ok:
                raise SimulationError(f"the cell phone of user {g} could not be set up: {confirmed.reason.value}")
        key = secret_key(self.job.seed, g, 0, p.secret_bits)
        portal.start_enrolment(login, secret=base32(key))
        enrolled = portal.confirm_enrolment(login, totp(key, portal.clock.now(), p.period, p.digits, p.algorithm))
        if not enrolled.ok:
            raise SimulationError(f"user {g} could not enrol: {enrolled.reason.value}")
        return list(enrolled.backup_codes)

    # --------------------------------------------------------------- a person

    def _person(self, u: int, codes: list[str]):
        """User ``u`` through every sign-in: yields the time of each next action."""
        portal, p, pop, tr, g = self.portal, self.policy, self.pop, self.traits, self.job.lo + u
        me = _Me(u, g, login_of(g), f"password-{g}", Browser(f"browser-{g}"),
                 DeviceClock(portal.clock, float(tr.offset[u]), float(tr.ppm[u])), codes,
                 secret_key(self.job.seed, g, 0, p.secret_bits))
        for rnd, i in self.sessions[u]:
            start = float(rnd.start[i])
            limit = start + SIGN_IN_LIMIT_SECONDS
            yield start
            if not me.two_factor:
                signed, end = yield from self._sign_in(me, rnd, i, 0, start, limit)
                if signed and not self._no_phone(u, start):
                    self._enrol(me)
                continue
            signed, end = yield from self._sign_in(me, rnd, i, 0, start, limit)
            gap = float(rnd.repeat_gap[i])
            if signed and rnd.repeat[i] and end + gap < limit:
                yield end + gap
                yield from self._sign_in(me, rnd, i, 1, end + gap, limit)

    def _sign_in(self, me, rnd, i, phase, t0, limit):
        """One sign-in from ``t0``; returns (signed in, when)."""
        pop, tr, u = self.pop, self.traits, me.u
        me.number += 1
        if not me.two_factor:
            method = NONE
        elif self._no_phone(u, t0):
            method = BACKUP if tr.keeps_backup[u] and me.codes else HELP
        else:
            method = SMS if tr.sms[u] else APP
        first = self.portal.begin_login(me.login, me.password, me.browser)
        self._row(me, PASSWORD, method, 0, first.factor, first)
        signed, end, first_ok, gave_up = first.signed_in, t0, False, False
        prompted = first.outcome is Outcome.CODE_REQUIRED
        if prompted:
            flow = {APP: self._app, SMS: self._sms, BACKUP: self._backup, HELP: self._support}[method]
            signed, end, first_ok, gave_up = yield from flow(me, first.attempt, rnd, i, phase, t0, limit)
        self.sign_ins.append((u, prompted, signed, prompted and not first_ok, gave_up))
        return signed, end

    def _app(self, me, attempt, rnd, i, phase, t0, limit):
        p, pop = self.policy, self.pop
        read = t0 + pop.reaction_seconds
        for k in range(pop.max_tries):
            sub = read + float(rnd.typing[i, phase, k])
            if sub >= limit:
                return False, t0, False, True
            yield read
            code = totp(me.key, me.device.now(), p.period, p.digits, p.algorithm)
            yield sub
            answer = self.portal.submit_code(attempt, code, bool(self.traits.remember[me.u]))
            self._row(me, CODE, APP, k + 1, answer.factor, answer)
            if answer.signed_in:
                return True, sub, k == 0, False
            if answer.outcome is not Outcome.REFUSED:
                return False, t0, False, False
            read = sub + pop.retry_pause_seconds
        return False, t0, False, True

    def _sms(self, me, attempt, rnd, i, phase, t0, limit):
        p, pop = self.policy, self.pop
        at = t0 + pop.reaction_seconds
        wait_again = max(pop.sms_patience_seconds, p.sms_resend_cooldown_seconds)
        for k in range(pop.sms_sends):
            if at >= limit:
                return False, t0, False, True
            yield at
            self.entropy.script(int(rnd.sms_code[i, phase, k]))
            self.gateway.last = None
            sent = self.portal.send_sms_code(attempt)
            self.entropy.script(None)
            self._row(me, SEND, SMS, k + 1, "sms", sent)
            if not sent.ok:
                return False, t0, False, False
            text = self.gateway.last
            if text is None or text.code != str(int(rnd.sms_code[i, phase, k])).zfill(p.sms_code_digits):
                raise SimulationError("the portal texted a code the population did not draw")
            delay = float(rnd.sms_delay[i, phase, k])
            if rnd.sms_lost[i, phase, k] or delay > pop.sms_patience_seconds:
                at = at + wait_again
                continue
            sub = at + delay + float(rnd.typing[i, phase, k])
            if sub >= limit:
                return False, t0, False, True
            yield sub
            answer = self.portal.submit_code(attempt, text.code, bool(self.traits.remember[me.u]))
            self._row(me, CODE, SMS, k + 1, answer.factor, answer)
            if answer.signed_in:
                return True, sub, k == 0, False
            if answer.outcome is not Outcome.REFUSED:
                return False, t0, False, False
            at = max(sub + pop.retry_pause_seconds, at + p.sms_resend_cooldown_seconds)
        return False, t0, False, True

    def _backup(self, me, attempt, rnd, i, phase, t0, limit):
        sub = t0 + self.pop.reaction_seconds + float(rnd.typing[i, phase, 0])
        if sub >= limit:
            return False, t0, False, True
        yield sub
        answer = self.portal.submit_code(attempt, me.codes[0], bool(self.traits.remember[me.u]))
        self._row(me, CODE, BACKUP, 1, answer.factor, answer)
        if answer.signed_in:
            me.codes.pop(0)
            if answer.backup_codes:
                me.codes = list(answer.backup_codes)
        return answer.signed_in, sub, answer.signed_in, False

    def _support(self, me, attempt, rnd, i, phase, t0, limit):
        t = t0 + self.pop.reaction_seconds
        yield t
        reset = self.portal.support_reset(me.login, "support", True, f"T-{me.g}-{me.number}")
        self._row(me, SUPPORT, HELP, 0, "", reset)
        me.two_factor, me.codes = False, []
        again = self.portal.begin_login(me.login, me.password, me.browser)
        self._row(me, PASSWORD, HELP, 0, again.factor, again)
        return again.signed_in, t, False, False

    def _enrol(self, me) -> None:
        """Turn 2FA on again with the next secret (the code of the portal's step)."""
        p = self.policy
        key = secret_key(self.job.seed, me.g, me.version + 1, p.secret_bits)
        self.portal.start_enrolment(me.login, secret=base32(key))
        answer = self.portal.confirm_enrolment(me.login, totp(key, self.portal.clock.now(), p.period, p.digits,
                                                              p.algorithm))
        self._row(me, ENROL, NONE, 0, "totp", answer)
        if answer.ok:
            me.version, me.key, me.two_factor, me.codes = me.version + 1, key, True, list(answer.backup_codes)

    def _no_phone(self, u: int, t: float) -> bool:
        return bool(self.traits.no_phone(np.array([u]), np.array([t]))[0])

    def _row(self, me, step, method, tries, factor, answer) -> None:
        self.rows.append((me.u, me.number, self.portal.clock.now(), step, method, tries, FACTOR_CODE[factor],
                          OUTCOME_CODE[answer.outcome], REASON_CODE[answer.reason]))

    def _flush(self) -> None:
        if self.rows:
            columns = list(zip(*self.rows))
            self.ledger.row(*(np.array(c) for c in columns))
        if self.sign_ins:
            u, prompted, signed, failed, gave = (np.array(c) for c in zip(*self.sign_ins))
            self.ledger.sign_in(u, prompted.astype(bool), signed.astype(bool), failed.astype(bool), gave.astype(bool))


class _Me:
    """What a person knows: who they are, their browser and phone, their
    backup codes, their key, whether their 2FA is on, and their sign-ins so far."""

    __slots__ = ("u", "g", "login", "password", "browser", "device", "codes", "key", "version", "two_factor",
                 "number")

    def __init__(self, u, g, login, password, browser, device, codes, key) -> None:
        self.u, self.g, self.login, self.password, self.browser = u, g, login, password, browser
        self.device, self.codes, self.key = device, codes, key
        self.version, self.two_factor, self.number = 0, True, 0
