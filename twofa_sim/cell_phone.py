"""The Team page's Cell Phone (SMS-3): saving a number, after the proof
:mod:`twofa_sim.reauth` names. Numbers are parsed only in :mod:`twofa_sim.phone`."""

from __future__ import annotations

from .accounts import Accounts
from .guard import Guard
from .normalise import require_text
from .outcomes import Outcome, Reason
from .phone import PhoneNumberError, parse_cell_phone
from .reauth import PHONE, Reauthentication
from .results import ActionResult


class CellPhoneSettings:
    """Saving a user's cell phone.

    Args:
        accounts, guard: the portal's users and guard.
        reauth: checks the proof a phone change needs.
    """

    def __init__(self, accounts: Accounts, guard: Guard, reauth: Reauthentication) -> None:
        self._accounts = accounts
        self._guard = guard
        self._reauth = reauth

    def set(self, login: str, country: str, typed: str, password: str | None = None,
            code: str | None = None) -> ActionResult:
        """Save the Cell Phone: a country (ISO region) and the number as typed.

        A typed ``+`` and calling code wins over ``country``. A refused number
        leaves the stored one unchanged; the result's message says why and
        its ``kind`` names the kind of refusal. Then the proof the policy asks
        for is checked (see :func:`~twofa_sim.reauth.required_proof`).

        Raises:
            InputTypeError: a non-text argument.
        """
        user = self._accounts.get(login)
        require_text(country, "country")
        require_text(typed, "cell phone number")
        guard = self._guard
        with guard.hold(user):
            try:
                phone = parse_cell_phone(country, typed)
            except PhoneNumberError as exc:
                guard.record(user.login, PHONE, Outcome.MALFORMED, Reason.PHONE_REFUSED, "",
                             (("country", country), ("why", exc.kind)))
                return ActionResult(Outcome.MALFORMED, Reason.PHONE_REFUSED, str(exc), kind=exc.kind)
            refused = self._reauth.check(user, PHONE, password, code)
            if refused:
                return refused.action_result()
            previous = user.cell_phone.e164 if user.cell_phone else ""
            user.cell_phone = phone
            guard.record(user.login, PHONE, Outcome.OK, Reason.ACCEPTED, "",
                         (("from", previous or "none"), ("to", phone.e164), ("type", phone.number_type.lower())))
        return ActionResult(Outcome.OK, Reason.ACCEPTED, f"Cell phone saved: {phone.international}.", warning=phone.warning)
