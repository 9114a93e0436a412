"""The ranges a setting may take, defined once: :class:`~twofa_sim.policy.Policy`
validates against them and so does parsing a provisioning URI.

Each bound is ``(lowest, highest)``, inclusive.
"""

from __future__ import annotations

#: Code length in digits: RFC 4226 §5.3 asks for at least 6; dynamic
#: truncation yields 31 bits, so no more than 10 digits carry information.
DIGITS = (6, 10)

#: Code length allowed only in a policy marked ``simulation_only``: short
#: codes let a guessing simulation be checked against its analytic value.
SIMULATION_DIGITS = (3, 10)

#: Time step X in seconds: RFC 6238 §5.2 recommends 30; two minutes is the
#: longest step a person could still type a code within.
PERIOD_SECONDS = (1, 120)

#: SMS code length in digits: NIST SP 800-63B §5.1.3.2 asks for at least 6.
SMS_CODE_DIGITS = (6, 10)

#: SMS code lifetime in seconds: NIST SP 800-63B §5.1.3.2 caps it at 10 minutes.
SMS_CODE_SECONDS = (1, 600)

#: Most sends one SMS send limit may allow in its window (0 = no limit).
SMS_SENDS = (0, 1_000_000)


def within(value: object, bound: tuple[int, int]) -> bool:
    """True when ``value`` is a whole number (not a bool) inside ``bound``."""
    return not isinstance(value, bool) and isinstance(value, int) and bound[0] <= value <= bound[1]
