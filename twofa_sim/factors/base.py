"""The one factor interface: every second factor answers the same question
the same way (like django-otp's ``Device.verify_token``).

* ``verify(typed, context) -> Verdict``: given what was presented (already
  normalised once, as :class:`~twofa_sim.normalise.Typed`) at
  ``context.now`` for this user, do you accept it, and if not, why? An
  acceptance marks single-use material as used in the same call; the caller
  holds the user's lock around it, so two concurrent calls never both win.
* ``issue(context)``: make new material where the factor has any (an SMS
  code, a set of backup codes, a remembered-device token) and return what
  goes to the person; the authenticator app issues nothing (its codes come
  from the shared secret), so it returns None.

The code field (:mod:`twofa_sim.code_field`) checks the input's shape
before a factor sees it, so factors do not check shapes again.
"""

from __future__ import annotations

from typing import NamedTuple, Protocol, runtime_checkable

from ..entropy import Entropy
from ..normalise import Typed
from ..outcomes import Verdict
from ..policy import Policy


class Context(NamedTuple):
    """Everything a factor may use besides the presented input (an immutable
    named tuple: quick to make, one per check).

    Attributes:
        now: the portal's time, UTC epoch seconds.
        policy: the portal's policy.
        entropy: where new material is drawn from.
        attempt_id: the sign-in the input belongs to (SMS codes are bound to
            it), or None outside a sign-in (re-authentication).
        browser_id: the browser presenting a remembered-device token.
    """

    now: float
    policy: Policy
    entropy: Entropy
    attempt_id: int | None = None
    browser_id: str = ""


@runtime_checkable
class Factor(Protocol):
    """A second factor of one user.

    Attributes:
        name: the factor's name in results and the audit trail ("totp",
            "sms", "backup", "remembered").
    """

    name: str

    def verify(self, typed: Typed, context: Context) -> Verdict:
        """Accept or refuse ``typed`` at ``context.now``; accepting marks it used."""
        ...

    def issue(self, context: Context) -> object:
        """New material for the person (codes or a token), or None."""
        ...
