"""The population: who the simulated users are, as seedable distributions.

A :class:`Population` is a frozen value, like a :class:`~twofa_sim.policy.Policy`:
change a field with :meth:`Population.replace`, which validates the result.
Each user's traits (phone clock, habits) are drawn once from these
distributions, then each sign-in's details (typing delays, SMS delivery) as
it happens; :func:`~twofa_sim.population.simulate_population` describes what
a user does with them.

The figures of :data:`TYPICAL` and :data:`CARELESS` are assumptions for
simulation, not measurements; a product team replaces them with what it
knows of its users.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..bounds import check_number, check_whole
from ..errors import InputTypeError, SimulationError

#: Most users one population holds.
MAX_USERS = 10_000_000

#: Longest a sign-in may take, in seconds: a person who has not signed in
#: this long after the password step gives up (the next sign-in starts at
#: least this long after the previous one, so one person's sign-ins never overlap).
SIGN_IN_LIMIT_SECONDS = 3600.0

#: Most sign-ins a day a user may average (they are at least
#: :data:`SIGN_IN_LIMIT_SECONDS` apart).
MAX_SIGN_INS_PER_DAY = 20.0

#: Least sign-ins a day a user may average (about one a year).
MIN_SIGN_INS_PER_DAY = 1 / 365

#: Longest typing delay, in seconds (a distracted person comes back within 20 minutes or not at all).
MAX_TYPING_SECONDS = 1200.0

_DAY = 86_400.0


@dataclass(frozen=True)
class Population:
    """Who signs in, and how: every distribution a population run draws from.

    Times are in seconds, rates per day or per month (30 days), shares from 0 to 1.

    Size:
        users: how many users (1 to :data:`MAX_USERS`).

    Phone clocks (the authenticator app reads its phone's clock; RFC 6238 §6
    expects drift): a share of phones is set by hand, a share far off, the
    rest synced by the network. ``offset = N(0, sd)`` seconds for synced
    and hand-set phones; far-off phones are ``far_off_min_seconds`` to
    ``far_off_max_seconds`` off (uniform, either way). Phones not synced by
    the network also run fast or slow by ``N(0, drift_ppm_sd)`` parts per
    million from the start of the run (synced phones are corrected
    continually, so they do not drift).

        hand_set_share: share of phones set by hand (default 0.05).
        far_off_share: share of phones far off, such as a wrong time zone
            set by hand (default 0.005).
        synced_sd_seconds: spread of a network-synced phone's offset (default 0.5).
        hand_set_sd_seconds: spread of a hand-set phone's offset (default 90).
        far_off_min_seconds, far_off_max_seconds: how far off a far-off
            phone is (defaults 300 and 43,200: five minutes to twelve hours).
        drift_ppm_sd: spread of a phone's rate error, ppm (default 20: about
            1.7 s a day).

    Typing (each code entry draws its own delay):
        reaction_seconds: from the page asking for a code to reading the app
            or pressing "Send SMS Code" (default 3).
        typing_median_seconds, typing_sigma: the delay from reading a code
            to submitting it is log-normal with this median and sigma
            (defaults 7 s and 0.5).
        distracted_share, distracted_mean_seconds: a share of code entries
            is interrupted, adding an exponential wait of this mean (defaults
            0.02 and 180 s). A delay is at most :data:`MAX_TYPING_SECONDS`.
        retry_pause_seconds: after a refused code, the pause before reading
            the app again (default 2).
        max_tries: app codes a person types in one sign-in before giving up
            (default 3).

    Sign-ins:
        sign_ins_per_day: the median user's sign-ins a day (default 1); each
            user's own rate is log-normal around it with ``sign_ins_sigma``
            (default 0.7), kept within :data:`MIN_SIGN_INS_PER_DAY` and
            :data:`MAX_SIGN_INS_PER_DAY`; the times between sign-ins are
            exponential, at least :data:`SIGN_IN_LIMIT_SECONDS`.
        repeat_share, repeat_within_seconds: a share of successful sign-ins
            is followed by a second one in the same browser within this many
            seconds (signed out by mistake, a second tab; defaults 0.02 and 30).
        remember_share: share of users who tick "Remember this device"
            (default 0.5).
        sms_share: share of users who ask for SMS codes instead of using the
            app (default 0.1).

    Lost phones:
        phone_loss_per_month: phones lost per user and month of 30 days
            (default 0.01). A lost phone takes the app and the SIM with it.
        backup_kept_share: share of users who kept their backup codes
            (default 0.6); they sign in with one while the phone is lost,
            the others (and anyone out of codes) need a support reset.
        replacement_days: mean days until a lost phone is replaced
            (exponential; default 2). A replaced phone restores the same
            authenticator; after a support reset the user enrols anew.

    The SMS network (the world's, not the portal's):
        sms_median_delay_seconds, sms_delay_spread: delivery delay, log-normal
            (defaults 6 s and 0.8, as the gateway's assumed figures).
        sms_loss_rate: share of texts never delivered (default 0.02).
        sms_patience_seconds: how long a person waits for a text before
            pressing "Send SMS Code" again (default 90).
        sms_sends: texts a person asks for in one sign-in before giving up
            (default 3).

    name: a label for tables.

    Raises:
        InputTypeError: a field of the wrong type (a bool or text for a number).
        SimulationError: a number out of range, or phone shares adding up to more than 1.
    """

    users: int = 1000

    hand_set_share: float = 0.05
    far_off_share: float = 0.005
    synced_sd_seconds: float = 0.5
    hand_set_sd_seconds: float = 90.0
    far_off_min_seconds: float = 300.0
    far_off_max_seconds: float = 43_200.0
    drift_ppm_sd: float = 20.0

    reaction_seconds: float = 3.0
    typing_median_seconds: float = 7.0
    typing_sigma: float = 0.5
    distracted_share: float = 0.02
    distracted_mean_seconds: float = 180.0
    retry_pause_seconds: float = 2.0
    max_tries: int = 3

    sign_ins_per_day: float = 1.0
    sign_ins_sigma: float = 0.7
    repeat_share: float = 0.02
    repeat_within_seconds: float = 30.0
    remember_share: float = 0.5
    sms_share: float = 0.1

    phone_loss_per_month: float = 0.01
    backup_kept_share: float = 0.6
    replacement_days: float = 2.0

    sms_median_delay_seconds: float = 6.0
    sms_delay_spread: float = 0.8
    sms_loss_rate: float = 0.02
    sms_patience_seconds: float = 90.0
    sms_sends: int = 3

    name: str = "custom"

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise InputTypeError(f"name must be text (str), not {type(self.name).__name__}")
        if len(self.name) > 200:
            raise SimulationError(f"name must be at most 200 characters, got {len(self.name)}")
        _whole(self, "users", 1, MAX_USERS)
        _whole(self, "max_tries", 1, 10)
        _whole(self, "sms_sends", 1, 10)
        for name in ("hand_set_share", "far_off_share", "distracted_share", "repeat_share", "remember_share",
                     "sms_share", "backup_kept_share", "sms_loss_rate"):
            _number(self, name, 0.0, 1.0)
        if self.hand_set_share + self.far_off_share > 1:
            raise SimulationError("hand_set_share and far_off_share add up to more than 1")
        for name, low, high in (
                ("synced_sd_seconds", 0.0, 60.0), ("hand_set_sd_seconds", 0.0, _DAY),
                ("far_off_min_seconds", 0.0, 30 * _DAY), ("far_off_max_seconds", 0.0, 30 * _DAY),
                ("drift_ppm_sd", 0.0, 1000.0), ("reaction_seconds", 0.0, 600.0),
                ("typing_median_seconds", 0.1, 600.0), ("typing_sigma", 0.0, 3.0),
                ("distracted_mean_seconds", 0.0, MAX_TYPING_SECONDS), ("retry_pause_seconds", 0.0, 600.0),
                ("sign_ins_per_day", MIN_SIGN_INS_PER_DAY, MAX_SIGN_INS_PER_DAY), ("sign_ins_sigma", 0.0, 3.0),
                ("repeat_within_seconds", 0.0, 600.0), ("phone_loss_per_month", 0.0, 30.0),
                ("replacement_days", 0.0, 365.0), ("sms_median_delay_seconds", 0.1, 3600.0),
                ("sms_delay_spread", 0.0, 3.0), ("sms_patience_seconds", 1.0, 3600.0)):
            _number(self, name, low, high)
        if self.far_off_min_seconds > self.far_off_max_seconds:
            raise SimulationError("far_off_min_seconds must not be above far_off_max_seconds")

    def replace(self, **changes) -> "Population":
        """A copy with ``changes`` applied and validated (a renamed copy
        unless ``name`` is given, or only ``users`` changes: the same kind of
        people, more or fewer of them).

        Raises:
            SimulationError: an unknown field, or a value out of range.
            InputTypeError: a value of the wrong type.
        """
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise SimulationError(f"unknown population field(s): {', '.join(sorted(unknown))}")
        if set(changes) - {"users"}:
            changes.setdefault("name", self.name if self.name.endswith("(modified)") else f"{self.name} (modified)")
        return dataclasses.replace(self, **changes)

    def settings(self) -> dict:
        """Every field as a plain dict (for tables)."""
        return dataclasses.asdict(self)


def _whole(population: Population, name: str, low: int, high: int) -> None:
    object.__setattr__(population, name, check_whole(getattr(population, name), name, (low, high)))


def _number(population: Population, name: str, low: float, high: float) -> None:
    object.__setattr__(population, name, check_number(getattr(population, name), name, (low, high)))


#: Assumed figures for a general user base: most phones synced, one in
#: twenty set by hand, half the users remember their browser, one in ten on SMS.
TYPICAL = Population(name="typical")

#: A careless user base: more phones set by hand or far off, more
#: interruptions, fewer backup codes kept, more phones lost.
CARELESS = Population(
    name="careless",
    hand_set_share=0.15,
    far_off_share=0.03,
    hand_set_sd_seconds=150.0,
    distracted_share=0.08,
    remember_share=0.7,
    backup_kept_share=0.3,
    phone_loss_per_month=0.04,
    sms_share=0.2,
)

#: The named populations.
POPULATIONS = {p.name: p for p in (TYPICAL, CARELESS)}
