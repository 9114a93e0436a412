"""The simulated SMS gateway: seeded delivery delays, loss, unsupported
regions, the phone's inbox, delivery receipts and the cost table."""

import math
import statistics

import pandas as pd
import pytest

from sms_support import PHONE_E164, alice_with_phone, code_in, deliver_all, sign_in
from support import last_event
from twofa_sim import Outcome, Reason, VirtualClock
from twofa_sim.clock import to_datetime
from twofa_sim.demo import Demo
from twofa_sim.entropy import SeededEntropy
from twofa_sim.gateway import GatewayError, GatewaySettings, SmsGateway
from twofa_sim.portal import DEFAULT_START

IT, GB, US = "+393123456789", "+447400123456", "+12015550123"


def gateway(seed=1, prices=None, **settings) -> SmsGateway:
    return SmsGateway(VirtualClock(DEFAULT_START), SeededEntropy(seed), GatewaySettings(**settings), prices)


def delays(gw: SmsGateway, count: int, to: str = IT) -> list[float]:
    """Send ``count`` texts now; each delivered one's delay in seconds."""
    sent = [gw.send(to, f"text {i}") for i in range(count)]
    return [m.deliver_at - m.sent_at for m in sent if m.deliver_at is not None]


# ------------------------------------------------------------------ delays


def test_the_same_seed_gives_the_same_delays_and_losses():
    first, second = gateway(seed=5, loss_rate=0.2), gateway(seed=5, loss_rate=0.2)
    a = [(m.deliver_at, m.failed_reason) for m in (first.send(IT, "x") for _ in range(50))]
    b = [(m.deliver_at, m.failed_reason) for m in (second.send(IT, "x") for _ in range(50))]
    assert a == b
    other = gateway(seed=6, loss_rate=0.2)
    assert [(m.deliver_at, m.failed_reason) for m in (other.send(IT, "x") for _ in range(50))] != a


@pytest.mark.parametrize("median", [6.0, 20.0])
def test_the_median_delay_is_roughly_honoured(median):
    observed = delays(gateway(seed=3, loss_rate=0.0, median_delay_seconds=median), 2001)
    assert len(observed) == 2001
    assert all(d >= 0 for d in observed)
    assert median / 1.25 <= statistics.median(observed) <= median * 1.25


def test_the_spread_spreads_the_delays():
    narrow = delays(gateway(seed=4, loss_rate=0.0, delay_spread=0.0), 200)
    assert set(narrow) == {6.0}  # no spread: every text takes the median
    wide = delays(gateway(seed=4, loss_rate=0.0, delay_spread=0.8), 200)
    assert max(wide) > 2 * 6.0 and min(wide) < 6.0 / 2


@pytest.mark.parametrize("bad", [dict(median_delay_seconds=0), dict(delay_spread=-1), dict(loss_rate=1.5),
                                 dict(loss_rate=-0.1), dict(failure_report_seconds=0)])
def test_impossible_settings_are_refused(bad):
    with pytest.raises(GatewayError):
        GatewaySettings(**bad)


# ------------------------------------------------------------------- loss


def test_loss_rate_one_loses_everything():
    gw = gateway(loss_rate=1.0)
    sent = [gw.send(IT, "x") for _ in range(30)]
    assert all(m.deliver_at is None and m.failed_reason == "lost in the network" for m in sent)
    gw.clock.advance(86_400)
    assert gw.inbox(IT) == []
    assert set(gw.receipts_frame()["status"]) == {"failed"}


def test_loss_rate_zero_loses_nothing():
    gw = gateway(loss_rate=0.0)
    sent = [gw.send(IT, "x") for _ in range(300)]
    assert all(m.deliver_at is not None and m.failed_reason == "" for m in sent)
    gw.clock.advance(86_400)
    assert len(gw.inbox(IT)) == 300


def test_a_loss_rate_loses_about_that_share():
    gw = gateway(seed=8, loss_rate=0.25)
    sent = [gw.send(IT, "x") for _ in range(2000)]
    lost = sum(m.deliver_at is None for m in sent) / len(sent)
    assert 0.2 <= lost <= 0.3


# ------------------------------------------------------------- the inbox


def test_a_text_appears_in_the_inbox_only_when_the_clock_passes_its_delivery_time():
    gw = gateway(loss_rate=0.0)
    message = gw.send(IT, "hello")
    assert message.deliver_at > message.sent_at
    assert gw.next_delivery(IT) == message.deliver_at
    assert gw.inbox(IT) == []
    gw.clock.set(message.deliver_at - 0.1)
    assert gw.inbox(IT) == []
    gw.clock.set(message.deliver_at)
    assert [m.body for m in gw.inbox(IT)] == ["hello"]
    assert gw.next_delivery(IT) is None
    assert gw.inbox(GB) == []  # other numbers see nothing


def test_the_inbox_keeps_the_order_texts_were_sent_in():
    gw = gateway(seed=2, loss_rate=0.0)
    for i in range(5):
        gw.send(IT, f"text {i}")
        gw.clock.advance(1)
    gw.clock.advance(3600)
    assert [m.body for m in gw.inbox(IT)] == [f"text {i}" for i in range(5)]


def test_only_e164_numbers_are_taken():
    gw = gateway()
    for bad in ["3123456789", "+99912345", "", None]:
        with pytest.raises(GatewayError):
            gw.send(bad, "x")
    assert len(gw) == 0


# --------------------------------------------------- unsupported regions


def test_an_unsupported_region_fails_at_once_and_is_not_billed():
    gw = gateway(loss_rate=0.0, unsupported_regions=frozenset({"GB"}))
    assert not gw.supports("GB") and gw.supports("IT")
    message = gw.send(GB, "x")
    assert message.deliver_at is None and message.failed_reason == "region not supported"
    receipt = gw.receipts_frame().iloc[0]
    assert receipt["status"] == "failed"
    assert receipt["reported"] == to_datetime(message.sent_at)  # at once
    cost = gw.cost_frame().set_index("region")
    assert cost.loc["GB", "texts"] == 1 and cost.loc["GB", "failed"] == 1
    assert cost.loc["GB", "cost (EUR)"] == 0
    assert cost.loc["total", "cost (EUR)"] == 0


def test_the_portal_refuses_to_send_to_an_unsupported_region():
    demo = alice_with_phone(21)
    before = len(demo.portal.gateway)
    demo.portal.gateway.configure(unsupported_regions=frozenset({"IT"}))  # the provider stops serving Italy
    attempt = sign_in(demo)
    result = demo.portal.send_sms_code(attempt)
    assert (result.outcome, result.reason) == (Outcome.REFUSED, Reason.REGION_UNSUPPORTED)
    assert "can't be sent" in result.message
    assert len(demo.portal.gateway) == before  # nothing handed to the network, nothing billed
    event = last_event(demo.portal, demo.login)
    assert (event.action, event.reason) == ("sms.send", Reason.REGION_UNSUPPORTED.value)
    assert dict(event.details)["region"] == "IT"


# ------------------------------------------------------------- receipts


def test_receipts_go_from_sent_to_delivered_with_the_delivery_time():
    gw = gateway(loss_rate=0.0)
    message = gw.send(IT, "x")
    before = gw.receipts_frame().iloc[0]
    assert (before["message"], before["to"], before["region"], before["status"]) == ("sms-1", IT, "IT", "sent")
    assert before["sent"] == to_datetime(message.sent_at)
    assert pd.isna(before["reported"])
    gw.clock.set(message.deliver_at)
    after = gw.receipts_frame().iloc[0]
    assert after["status"] == "delivered"
    assert after["reported"] == to_datetime(message.deliver_at)
    assert after["failure"] == ""


def test_a_lost_text_reads_sent_until_the_failure_report_then_failed():
    gw = gateway(loss_rate=1.0, failure_report_seconds=300)
    message = gw.send(IT, "x")
    gw.clock.advance(299)
    assert gw.receipts_frame().iloc[0]["status"] == "sent"
    gw.clock.advance(1)
    receipt = gw.receipts_frame().iloc[0]
    assert receipt["status"] == "failed"
    assert receipt["reported"] == to_datetime(message.sent_at + 300)
    assert receipt["failure"] == "lost in the network"


# ------------------------------------------------------------------ cost


def test_cost_counts_and_prices_each_region_with_a_total():
    gw = gateway(loss_rate=0.0)
    for to in (IT, IT, IT, GB, GB, US):
        gw.send(to, "x")
    gw.clock.advance(3600)
    cost = gw.cost_frame().set_index("region")
    assert list(cost.index) == ["GB", "IT", "US", "total"]
    assert cost.loc["IT", "texts"] == 3 and cost.loc["IT", "delivered"] == 3
    assert cost.loc["IT", "price (EUR)"] == 0.07 and cost.loc["IT", "cost (EUR)"] == pytest.approx(0.21)
    assert cost.loc["GB", "cost (EUR)"] == pytest.approx(0.08)
    assert cost.loc["US", "cost (EUR)"] == pytest.approx(0.01)
    assert cost.loc["total", "texts"] == 6
    assert cost.loc["total", "cost (EUR)"] == pytest.approx(0.30)
    assert math.isnan(cost.loc["total", "price (EUR)"])


def test_lost_texts_are_still_billed():
    gw = gateway(loss_rate=1.0)
    gw.send(IT, "x")
    gw.clock.advance(3600)
    cost = gw.cost_frame().set_index("region")
    assert cost.loc["IT", "failed"] == 1 and cost.loc["IT", "cost (EUR)"] == pytest.approx(0.07)


def test_set_price_bills_later_texts_at_the_new_price():
    gw = gateway(loss_rate=0.0, prices={"IT": 0.05})
    gw.send(IT, "x")
    gw.send(IT, "x")
    assert gw.cost_frame().set_index("region").loc["IT", "cost (EUR)"] == pytest.approx(0.10)
    gw.set_price("IT", 0.12)
    assert gw.price_of("IT") == 0.12
    cost = gw.cost_frame().set_index("region")
    assert cost.loc["IT", "price (EUR)"] == 0.12
    assert cost.loc["total", "cost (EUR)"] == pytest.approx(0.10)
    gw.send(IT, "x")
    assert gw.cost_frame().set_index("region").loc["total", "cost (EUR)"] == pytest.approx(0.22)


def test_what_if_prices_reprice_every_billed_text():
    gw = gateway(loss_rate=0.0, prices={"IT": 0.05}, unsupported_regions=frozenset({"GB"}))
    gw.send(IT, "x")
    gw.send(IT, "x")
    gw.send("+447400123456", "x")
    cost = gw.cost_frame(what_if={"IT": 0.5, "GB": 9.0}).set_index("region")
    assert cost.loc["IT", "cost (EUR)"] == pytest.approx(1.0)
    assert cost.loc["GB", "cost (EUR)"] == 0.0
    assert gw.cost_frame().set_index("region").loc["total", "cost (EUR)"] == pytest.approx(0.10)


def test_a_region_without_a_price_uses_the_default_price():
    gw = gateway(loss_rate=0.0, prices={}, default_price=0.5)
    gw.send(IT, "x")
    assert gw.cost_frame().set_index("region").loc["IT", "cost (EUR)"] == pytest.approx(0.5)


@pytest.mark.parametrize("price", [-0.01, float("nan"), float("inf"), True, "0.05"])
def test_impossible_prices_are_refused(price):
    gw = gateway()
    with pytest.raises(GatewayError):
        gw.set_price("IT", price)
    assert gw.price_of("IT") == 0.07


# ---------------------------------------------- no text or code in tables


@pytest.mark.parametrize("seed", [31, 32, 33])
def test_receipts_cost_and_counters_never_contain_a_text_or_code(seed):
    demo = alice_with_phone(seed)
    portal = demo.portal
    bodies = []
    for _ in range(3):
        attempt = sign_in(demo)
        assert portal.send_sms_code(attempt).ok
        deliver_all(portal)
        bodies.append(portal.gateway.inbox(PHONE_E164)[-1].body)
        demo.clock.advance(portal.policy.sms_resend_cooldown_seconds)
    codes = [code_in(body) for body in bodies]
    assert len(set(codes)) == 3
    tables = [portal.gateway.receipts_frame(), portal.gateway.cost_frame(), portal.sms_counters()]
    for table in tables:
        assert not table.empty
        text = table.to_csv() + repr(table)
        for body, code in zip(bodies, codes):
            assert body not in text
            assert code not in text
    for text in (repr(portal.gateway), repr(portal.gateway.inbox(PHONE_E164)[0])):
        assert not any(code in text for code in codes)


def test_a_number_in_an_unsupported_region_cannot_be_saved():
    demo = Demo.create(22, enrolled=True)
    demo.portal.gateway.configure(loss_rate=0.0, unsupported_regions=frozenset({"IT"}))
    result = demo.portal.set_cell_phone(demo.login, "IT", "312 345 6789", password=demo.password,
                                        code=demo.app.code())
    assert (result.outcome, result.reason) == (Outcome.REFUSED, Reason.REGION_UNSUPPORTED)
    view = demo.portal.view(demo.login)
    assert (view.cell_phone, view.pending_cell_phone, len(demo.portal.gateway)) == ("", "", 0)


def test_send_sms_code_is_not_offered_where_the_gateway_cannot_send():
    demo = alice_with_phone(23)
    demo.portal.gateway.configure(unsupported_regions=frozenset({"IT"}))
    assert demo.portal.sms_available(sign_in(demo)) is False
