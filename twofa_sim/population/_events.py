"""Drawing each user's traits and sign-ins from the run's seed.

Users come in fixed blocks of :data:`BLOCK_USERS` (the last one shorter);
block ``b`` draws everything from ``numpy.random.default_rng([seed, b])``,
first the traits of its users, then their sign-ins round by round (round
``k`` holds every user's ``k``-th sign-in; a user whose next sign-in falls
after the end of the run drops out). What is drawn never depends on what
the portal answers, so the engine path and the fast path read the same
draws, and a block's draws do not depend on how blocks are spread over
pieces of work.

Every sign-in draws whether a repeat follows it, then for the first
attempt and (when one follows) the repeat, index 0 and 1 of the second
axis: typing delays (one per code entry), and for SMS users, per text
asked for, its delivery delay, whether it is lost, and its code (zero
where nothing is drawn).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import numpy as np

from .model import MAX_SIGN_INS_PER_DAY, MAX_TYPING_SECONDS, MIN_SIGN_INS_PER_DAY, SIGN_IN_LIMIT_SECONDS, Population

#: Users per block of draws (and most users one piece of work computes).
BLOCK_USERS = 65_536

DAY = 86_400.0

#: Phone kinds.
SYNCED, HAND_SET, FAR_OFF = 0, 1, 2


def blocks(users: int) -> list[tuple[int, int, int]]:
    """``(block, first user, end)`` for every block of a population of ``users``."""
    return [(b, lo, min(lo + BLOCK_USERS, users)) for b, lo in enumerate(range(0, users, BLOCK_USERS))]


@dataclass
class Traits:
    """One block's users, each array indexed by the user's place in the block.

    Attributes:
        kind: SYNCED, HAND_SET or FAR_OFF phone.
        offset: phone clock offset at the start of the run, seconds (ahead > 0).
        ppm: phone clock rate error, parts per million.
        rate: mean sign-ins a day.
        remember: ticks "Remember this device".
        sms: asks for SMS codes instead of using the app.
        keeps_backup: kept the backup codes.
        loss_start, loss_end: ``(users, losses)`` windows without a phone
            (UTC epoch seconds; +inf where a user has fewer losses).
    """

    kind: np.ndarray
    offset: np.ndarray
    ppm: np.ndarray
    rate: np.ndarray
    remember: np.ndarray
    sms: np.ndarray
    keeps_backup: np.ndarray
    loss_start: np.ndarray
    loss_end: np.ndarray

    def no_phone(self, users: np.ndarray, at: np.ndarray) -> np.ndarray:
        """Whether each of ``users`` is without a phone at ``at`` (seconds)."""
        t = at[:, None]
        return ((self.loss_start[users] <= t) & (t < self.loss_end[users])).any(axis=1)

    def losses(self) -> np.ndarray:
        """Phone losses of each user during the run."""
        return np.isfinite(self.loss_start).sum(axis=1)


@dataclass
class Round:
    """Round ``k``: the ``k``-th sign-in of every user who has one.

    Attributes:
        users: places in the block, ascending.
        start: when each sign-in begins (the password step), UTC epoch seconds.
        typing: ``(users, 2, entries)`` seconds from reading a code to submitting it.
        sms_delay: ``(users, 2, sends)`` delivery delay of each SMS, seconds.
        sms_lost: ``(users, 2, sends)`` whether each SMS is lost.
        sms_code: ``(users, 2, sends)`` each SMS code's value.
        repeat: whether a successful sign-in is followed by a second one.
        repeat_gap: seconds from the success to the second sign-in.
    """

    users: np.ndarray
    start: np.ndarray
    typing: np.ndarray
    sms_delay: np.ndarray
    sms_lost: np.ndarray
    sms_code: np.ndarray
    repeat: np.ndarray
    repeat_gap: np.ndarray


def generator(seed: int, block: int) -> np.random.Generator:
    """The generator of block ``block`` of a run seeded ``seed``."""
    return np.random.default_rng([seed, block])


def draw_traits(rng: np.random.Generator, pop: Population, n: int, start: float, end: float) -> Traits:
    """The traits of ``n`` users (drawn in a fixed order)."""
    kind_draw = rng.random(n)
    kind = np.where(kind_draw < pop.far_off_share, FAR_OFF,
                    np.where(kind_draw < pop.far_off_share + pop.hand_set_share, HAND_SET, SYNCED)).astype(np.int8)
    normal = rng.standard_normal(n)
    far = pop.far_off_min_seconds + (pop.far_off_max_seconds - pop.far_off_min_seconds) * rng.random(n)
    sign = np.where(rng.random(n) < 0.5, -1.0, 1.0)
    offset = np.where(kind == SYNCED, normal * pop.synced_sd_seconds,
                      np.where(kind == HAND_SET, normal * pop.hand_set_sd_seconds, sign * far))
    ppm = np.where(kind == SYNCED, 0.0, rng.standard_normal(n) * pop.drift_ppm_sd)
    rate = np.clip(pop.sign_ins_per_day * np.exp(pop.sign_ins_sigma * rng.standard_normal(n)),
                   MIN_SIGN_INS_PER_DAY, MAX_SIGN_INS_PER_DAY)
    remember = rng.random(n) < pop.remember_share
    sms = rng.random(n) < pop.sms_share
    keeps_backup = rng.random(n) < pop.backup_kept_share
    count = rng.poisson(pop.phone_loss_per_month * (end - start) / (30 * DAY), n)
    most = int(count.max(initial=0))
    lost_at = start + (end - start) * rng.random((n, most))
    back_at = lost_at + rng.exponential(pop.replacement_days * DAY, (n, most))
    have = np.arange(most)[None, :] < count[:, None]
    return Traits(kind, offset, ppm, rate, remember, sms, keeps_backup,
                  np.where(have, lost_at, np.inf), np.where(have, back_at, np.inf))


def draw_rounds(rng: np.random.Generator, pop: Population, traits: Traits, start: float, end: float,
                sms_digits: int) -> Iterator[Round]:
    """Every round of sign-ins of a block, drawn as they are asked for.

    The first sign-in of a user is an exponential wait after ``start``, the
    next ones an exponential wait apart, at least
    :data:`~twofa_sim.population.model.SIGN_IN_LIMIT_SECONDS`; a user drops
    out once a sign-in would begin at or after ``end``.
    """
    mean_gap = DAY / traits.rate
    upcoming = start + rng.exponential(1.0, len(mean_gap)) * mean_gap
    entries = max(pop.max_tries, pop.sms_sends)
    sends = pop.sms_sends
    users = np.arange(len(upcoming))
    while True:
        users = users[upcoming[users] < end]  # a user who drops out never comes back
        if not len(users):
            return
        m = len(users)
        repeat = rng.random(m) < pop.repeat_share
        repeat_gap = pop.repeat_within_seconds * rng.random(m)
        gap = np.maximum(rng.exponential(1.0, m) * mean_gap[users], SIGN_IN_LIMIT_SECONDS)
        typing = np.zeros((m, 2, entries))
        delay = np.zeros((m, 2, sends))
        lost = np.zeros((m, 2, sends), dtype=bool)
        code = np.zeros((m, 2, sends), dtype=np.int64)
        sms = traits.sms[users]
        for phase, rows in ((0, slice(None)), (1, repeat.nonzero()[0])):
            typing[rows, phase] = _typing(rng, pop, (m if phase == 0 else len(rows), entries))
            texting = sms.nonzero()[0] if phase == 0 else rows[sms[rows]]
            k = (len(texting), sends)
            delay[texting, phase] = np.round(pop.sms_median_delay_seconds
                                             * np.exp(pop.sms_delay_spread * rng.standard_normal(k)), 1)
            lost[texting, phase] = rng.random(k) < pop.sms_loss_rate
            code[texting, phase] = rng.integers(0, 10**sms_digits, k, dtype=np.int64)
        start_at = upcoming[users]
        yield Round(users, start_at, typing, delay, lost, code, repeat, repeat_gap)
        upcoming[users] = start_at + gap


def _typing(rng: np.random.Generator, pop: Population, shape: tuple[int, int]) -> np.ndarray:
    """Typing delays: log-normal, plus an exponential wait for the distracted share, at most
    :data:`~twofa_sim.population.model.MAX_TYPING_SECONDS`."""
    typing = pop.typing_median_seconds * np.exp(pop.typing_sigma * rng.standard_normal(shape))
    distracted = (rng.random(shape) < pop.distracted_share).ravel().nonzero()[0]
    typing.ravel()[distracted] += rng.exponential(pop.distracted_mean_seconds, len(distracted))
    return np.minimum(typing, MAX_TYPING_SECONDS)
