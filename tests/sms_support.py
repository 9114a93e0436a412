"""Shared set-up for the SMS tests: Alice with a cell phone on file, a
lossless gateway, and reading codes from her phone's inbox.

Everything goes through the public API (Demo.create, set_cell_phone,
begin_login, send_sms_code, the gateway's inbox and configure). Time comes from the
portal's VirtualClock and randomness from SeededEntropy.
"""

from __future__ import annotations

import re

from twofa_sim import Outcome
from twofa_sim.demo import PHONE_COUNTRY, PHONE_E164, PHONE_TYPED, Demo
from twofa_sim.entropy import SeededEntropy
from twofa_sim.gateway import SmsGateway
from twofa_sim.policy import Policy
from twofa_sim.presets import SEED_PORTAL

__all__ = ["PHONE_E164", "RecordingEntropy", "alice_with_phone", "code_in", "deliver_all", "lossless",
           "newest_code", "save_cell_phone", "sign_in"]

_CODE = re.compile(r"code: (\d+)\.")


def lossless(portal, **settings) -> SmsGateway:
    """Make ``portal``'s network lose nothing (other settings as given),
    through the gateway's one documented call."""
    portal.gateway.configure(**{"loss_rate": 0.0, **settings})
    return portal.gateway


def save_cell_phone(portal, login: str, country: str, typed: str, password: str | None = None,
                    code: str | None = None):
    """Save a cell phone on the Team page and confirm it as a person does:
    wait for the confirmation text on that phone and type its code back.
    Returns the confirmation's result."""
    saved = portal.set_cell_phone(login, country, typed, password=password, code=code)
    assert saved.outcome is Outcome.CODE_REQUIRED, saved
    number = dict(portal.audit[-1].details)["to"]
    for _ in range(3):  # a text lost in the network: ask for a new one after the cooldown
        while (when := portal.gateway.next_delivery(number)) is not None:
            portal.clock.set(when)
        if portal.gateway.inbox(number):
            break
        portal.clock.advance(portal.policy.sms_resend_cooldown_seconds)
        assert portal.resend_phone_confirmation(login).outcome is Outcome.CODE_REQUIRED
    texts = portal.gateway.inbox(number)
    assert texts, f"no confirmation text reached {number}"
    confirmed = portal.confirm_cell_phone(login, texts[-1].code)
    assert confirmed.ok, confirmed
    return confirmed


def alice_with_phone(seed: int = 2026, policy: Policy = SEED_PORTAL, **gateway_settings) -> Demo:
    """Alice, enrolled a day ago, with her Italian mobile saved on the Team
    page (proved with her app's code), on a lossless gateway. The clock is
    then moved one period on, so her app shows a code not yet used."""
    demo = Demo.create(seed, policy, enrolled=True)
    lossless(demo.portal, **gateway_settings)
    save_cell_phone(demo.portal, demo.login, PHONE_COUNTRY, PHONE_TYPED, password=demo.password,
                    code=demo.app.code())
    demo.clock.advance(policy.period)
    return demo


def sign_in(demo: Demo):
    """The password step for Alice; returns the pending attempt."""
    result = demo.portal.begin_login(demo.login, demo.password, demo.browser)
    assert result.outcome is Outcome.CODE_REQUIRED, result
    return result.attempt


def deliver_all(portal) -> None:
    """Move the clock until every pending text has arrived."""
    while (when := portal.gateway.next_delivery()) is not None:
        portal.clock.set(when)


def code_of(message) -> str:
    """The code a delivered text carries (the phone side reads it as a field)."""
    assert message.code, f"no code in {message.message_id}"
    return message.code


def code_in(text: str) -> str:
    """The code in an SMS text ("Client Portal code: 123456. ...")."""
    found = _CODE.search(text)
    assert found, f"no code in {text!r}"
    return found.group(1)


def newest_code(demo: Demo) -> str:
    """Deliver pending texts and read the code in the newest one on Alice's phone."""
    deliver_all(demo.portal)
    texts = demo.portal.gateway.inbox(demo.phone_number)
    assert texts, "no text arrived"
    return code_of(texts[-1])


class RecordingEntropy(SeededEntropy):
    """SeededEntropy that also records each ``randbelow(n)`` call and result,
    so a test can see which draw became a code."""

    def __init__(self, seed: int) -> None:
        super().__init__(seed)
        self.draws: list[tuple[int, int]] = []

    def randbelow(self, n: int) -> int:
        value = super().randbelow(n)
        self.draws.append((n, value))
        return value
