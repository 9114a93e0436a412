"""The authenticator-app factor: TOTP codes with a look-around window, a
replay guard and drift learning (RFC 6238 §5.2 and §6; django-otp's TOTPDevice)."""

from __future__ import annotations

from functools import cache, lru_cache
from math import floor

from ..normalise import Typed
from ..otp import HotpKey, time_step
from ..outcomes import Reason, Verdict
from ..clock import check_epoch
from ..policy import Policy, require_policy
from ..secret import SharedSecret
from .base import Context

FACTOR = "totp"

#: The refusal of a code no step of the window has (one value, shared).
_WRONG = Verdict(False, Reason.WRONG_CODE, FACTOR)


@cache
def _nearest_first(back: int, forward: int) -> tuple[int, ...]:
    """The look-around window's offsets from ``-back`` to ``forward`` steps,
    nearest first and, at equal distance, the earlier first:
    ``_nearest_first(1, 1) == (0, -1, 1)``."""
    return tuple(sorted(range(-back, forward + 1), key=lambda k: (abs(k), k)))


@lru_cache(maxsize=256)
def _window_offsets(back: int, forward: int, drift: int) -> tuple[tuple[int, ...], int]:
    """The steps tried, as offsets from the portal's own step, and the lowest
    of them: the look-around window nearest first, then (with a learned
    ``drift``, in steps) the window around the drifted step, nearest it
    first, less the offsets already there:
    ``_window_offsets(1, 1, 3) == ((0, -1, 1, 3, 2, 4), -1)``."""
    own = _nearest_first(back, forward)
    if not drift:
        return own, -back
    return own + tuple(drift + k for k in own if drift + k not in own), min(-back, drift - back)


class TotpDevice:
    """One user's enrolled (or enrolling) authenticator app, as the portal keeps it.

    Implements :class:`~twofa_sim.factors.base.Factor`.

    Args:
        secret: the shared key.
        digits, period, algorithm: fixed at enrolment from the policy.

    Attributes:
        last_step: the last accepted time step (replay guard), or None.
        drift: learned offset in steps between the phone and the portal.
    """

    __slots__ = ("secret", "digits", "period", "algorithm", "last_step", "drift", "_keyed")
    name = FACTOR

    def __init__(self, secret: SharedSecret, digits: int, period: int, algorithm: str) -> None:
        self.secret = secret
        self.digits = digits
        self.period = period
        self.algorithm = algorithm
        self.last_step: int | None = None
        self.drift = 0
        self._keyed: tuple[SharedSecret, int, str, HotpKey] | None = None

    def candidate_steps(self, now: float, policy: Policy) -> list[int]:
        """Steps tried at ``now`` (UTC epoch s): the look-around window around
        the portal's own step, nearest first, then (with drift learning and a
        learned drift) the window around the drifted step, nearest it first.

        A learned drift widens where the portal looks; it never takes away
        the window around the portal's own step, so a phone whose clock was
        corrected is still accepted (RFC 6238 §6 asks for resynchronisation,
        not for locking out a correct clock). Steps before the epoch
        (negative) do not exist and are left out.
        """
        return self._window(time_step(now, self.period), policy)

    def _window(self, portal_step: int, policy: Policy) -> list[int]:
        offsets = self._offsets(portal_step, policy)
        return [portal_step + k for k in offsets]

    def _offsets(self, portal_step: int, policy: Policy) -> tuple[int, ...]:
        """:meth:`candidate_steps` as offsets from ``portal_step``."""
        offsets, lowest = _window_offsets(policy.window_back, policy.window_forward,
                                          self.drift if policy.drift_learning else 0)
        return offsets if portal_step + lowest >= 0 else tuple(k for k in offsets if portal_step + k >= 0)

    def codes_accepted_at_once(self, now: float, policy: Policy) -> int:
        """How many time steps' codes the portal accepts at ``now`` (UTC epoch
        seconds): the window, or up to twice as many while a drift is learned.

        Raises:
            InputTypeError: ``policy`` is not a Policy or ``now`` not a time.
        """
        return len(self.candidate_steps(check_epoch(now), require_policy(policy)))

    def acceptance(self, now: float, policy: Policy, margin: int = 2) -> list[dict]:
        """Which steps around ``now`` a code would be accepted from, and why not.

        Returns one row per step from ``margin`` steps before the window to
        ``margin`` after it: ``step``, ``offset`` from the portal's step,
        ``accepted`` (bool) and ``why`` ("in window", "outside window",
        "already used"). No codes and no secret.
        """
        portal_step = time_step(now, self.period)
        window = set(self.candidate_steps(now, policy))
        low, high = min(window, default=portal_step), max(window, default=portal_step)
        rows = []
        for step in range(max(0, low - margin), high + margin + 1):
            used = policy.replay_protection and self.last_step is not None and step <= self.last_step
            if step not in window:
                why = "outside window"
            elif used:
                why = "already used" if step == self.last_step else "older than last used"
            else:
                why = "in window"
            rows.append({"step": step, "offset": step - portal_step, "accepted": why == "in window", "why": why})
        return rows

    def verify(self, typed: Typed, context: Context) -> Verdict:
        """Check an app code (``typed.code``, already of the right shape) at
        ``context.now``.

        Accepted when it equals the value of a step in the look-around
        window that is newer than :attr:`last_step` (with replay protection
        on). On acceptance :attr:`last_step` and (with drift learning)
        :attr:`drift` move; on refusal nothing changes.

        Returns:
            A :class:`Verdict`; ``step`` is the matched step when one matched
            (also for ``REPLAYED`` and ``OLDER_STEP`` refusals).
        """
        policy = context.policy
        portal_step = floor(context.now / self.period)  # step_of written out: the portal's clock and period, checked
        keyed = self._keyed
        if keyed is None or keyed[0] is not self.secret or keyed[1] != self.digits or keyed[2] != self.algorithm:
            keyed = self._rekey()
        offsets, lowest = _window_offsets(policy.window_back, policy.window_forward,
                                          self.drift if policy.drift_learning else 0)
        if portal_step + lowest < 0:  # the window reaches before the epoch: as candidate_steps
            offsets = self._offsets(portal_step, policy)
        matched = keyed[3].matching_checked(typed.code, offsets, portal_step)
        if not matched:
            return _WRONG
        fresh = [s for s in matched if not policy.replay_protection or self.last_step is None or s > self.last_step]
        if fresh:
            step = fresh[0]
            self.mark_used(step, step - portal_step if policy.drift_learning else self.drift)
            return Verdict(True, Reason.ACCEPTED, FACTOR, step, (("offset_steps", step - portal_step),))
        step = matched[0]
        reason = Reason.REPLAYED if step == self.last_step else Reason.OLDER_STEP
        return Verdict(False, reason, FACTOR, step, (("offset_steps", step - portal_step),))

    def _rekey(self) -> tuple[SharedSecret, int, str, HotpKey]:
        """The secret's HMAC keyed once (RFC 2104 §4), made at the first check
        and made again if the secret, digits or algorithm were replaced
        (:meth:`verify` keeps it in ``_keyed`` and checks it is current)."""
        keyed = self._keyed = (self.secret, self.digits, self.algorithm,
                               HotpKey(self.secret.key, self.digits, self.algorithm))
        return keyed

    def mark_used(self, step: int, drift: int) -> None:
        """Record ``step`` as the last accepted one and the learned ``drift``
        (steps). The caller holds the user's lock from check to here."""
        self.last_step = step
        self.drift = drift

    def issue(self, context: Context) -> None:
        """Nothing: the app makes its codes from the shared secret."""
        return None

    def __repr__(self) -> str:
        return (f"TotpDevice({self.digits} digits, {self.period} s, {self.algorithm}, "
                f"last_step={self.last_step}, drift={self.drift}, secret hidden)")
