"""A simulated SMS gateway: delay, loss, unsupported regions, receipts and cost.

Texts to an E.164 number are delivered after a delay drawn from a log-normal
distribution (median and spread), a share is lost, and some regions can be
marked unsupported. A message appears in the phone's inbox only once the
clock passes its delivery time. Receipts, counters and cost tables never
contain a message's text.

The default network figures are assumptions for simulation, not
measurements: change them in :class:`GatewaySettings`.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

from .bounds import check_number, kind, number, shown
from .clock import Clock, check_clock, check_epoch, to_datetime
from .entropy import Entropy
from .errors import InputTypeError, TwofaSimError
from .normalise import require_text
from .phone import region_of


class GatewayError(TwofaSimError):
    """A send the gateway cannot take (not an E.164 number), or a gateway
    setting, price or region that makes no sense."""


#: Longest text one send takes (a concatenated SMS of 10 parts is about 1,600 characters).
MAX_BODY_CHARS = 1_600


def _region(region: object) -> str:
    """``region`` if it is an ISO 3166-1 alpha-2 code such as "IT"."""
    if not isinstance(region, str):
        raise InputTypeError(f"region must be an ISO region code (str), not {type(region).__name__}")
    if len(region) != 2 or not (region.isascii() and region.isalpha() and region.isupper()):
        raise GatewayError(f"region must be a two-letter ISO region code such as 'IT', got {region[:10]!r}")
    return region


def _price(price: object, what: str = "a price") -> float:
    real = number(price)
    if real is None or not 0 <= real <= 1_000:  # NaN fails the comparison too; an int is compared exactly
        raise GatewayError(f"{what} must be a number from 0 to 1000, got {type(price).__name__}")
    return float(real)


def _prices(prices: object, what: str) -> dict[str, float]:
    if not isinstance(prices, dict):
        raise InputTypeError(f"{what} must be a dict of region -> price, not {type(prices).__name__}")
    if len(prices) > 1_000:
        raise GatewayError(f"{what} holds {len(prices)} regions; there are fewer than 300")
    return {_region(region): _price(price, f"the price for {region}") for region, price in prices.items()}


@dataclass(frozen=True)
class GatewaySettings:
    """How the simulated network behaves.

    Attributes:
        median_delay_seconds: median delivery delay in seconds (assumed 6 s).
        delay_spread: log-normal sigma of the delay (assumed 0.8: a tenth of
            texts take over ~17 s).
        loss_rate: share of texts never delivered, 0..1 (assumed 0.02).

    The assumed figures are for simulation, not measurements (no public
    figures were found). Change them on a running gateway with
    :meth:`SmsGateway.configure`.
        failure_report_seconds: when a lost text's receipt turns "failed".
        unsupported_regions: ISO regions the gateway can't send to.
        currency: the price table's currency.
        default_price: price of one text to a region not in the price table.
    """

    median_delay_seconds: float = 6.0
    delay_spread: float = 0.8
    loss_rate: float = 0.02
    failure_report_seconds: float = 300.0
    unsupported_regions: frozenset[str] = frozenset()
    currency: str = "EUR"
    default_price: float = 0.08

    def __post_init__(self) -> None:
        for name, low, high in (("median_delay_seconds", 0.001, 86_400), ("delay_spread", 0, 10),
                                ("loss_rate", 0, 1), ("failure_report_seconds", 0.001, 86_400),
                                ("default_price", 0, 1_000)):
            value = getattr(self, name)
            if number(value) is None:
                raise GatewayError(f"{name} must be a number, not {kind(value)}")
            # a plain int or float, whatever was passed
            object.__setattr__(self, name, check_number(value, name, (low, high), GatewayError))
        if not isinstance(self.unsupported_regions, frozenset) or not isinstance(self.currency, str):
            raise GatewayError("unsupported_regions must be a frozenset of ISO regions and currency a text")
        for region in self.unsupported_regions:
            _region(region)
        if not (len(self.currency) == 3 and self.currency.isascii() and self.currency.isalpha()):
            raise GatewayError(f"currency must be a three-letter ISO 4217 code such as 'EUR', got {self.currency[:10]!r}")


#: Illustrative per-text prices (EUR); a product team replaces them with its contract's.
DEFAULT_PRICES = {"GB": 0.04, "IT": 0.07, "US": 0.01, "DE": 0.08, "FR": 0.07, "IN": 0.03}


@dataclass
class SmsMessage:
    """One text handed to the gateway.

    Attributes:
        message_id: "sms-1", "sms-2", ...
        to: the E.164 number.
        region: its ISO region.
        sent_at: UTC epoch seconds.
        deliver_at: when it reaches the phone (None when lost or refused).
        failed_reason: why it failed ("" when it did not).
        price: what sending it cost (0 when refused), at the price of the day it was sent.
        code: the one-time code the text carries ("" for other texts), so the
            phone side can read it without parsing the text.
    """

    message_id: str
    to: str
    region: str
    body: str = field(repr=False)
    sent_at: float = 0.0
    deliver_at: float | None = None
    failed_reason: str = ""
    report_at: float = 0.0
    price: float = 0.0
    code: str = field(default="", repr=False)

    def status(self, now: float) -> str:
        """"sent", "delivered" or "failed" as the gateway reports it at ``now``
        (UTC epoch seconds).

        Raises:
            ClockError: ``now`` is not a valid time.
        """
        now = check_epoch(now, "now")
        if self.deliver_at is not None:
            return "delivered" if now >= self.deliver_at else "sent"
        return "failed" if now >= self.report_at else "sent"


class SmsGateway:
    """The simulated SMS provider the portal sends codes through.

    Args:
        clock: the portal's clock.
        entropy: where delays and losses are drawn from.
        settings: network behaviour.
        prices: region → price per text (a copy is kept; change it with :meth:`set_price`).

    Raises:
        InputTypeError: a clock without ``now()``, entropy without
            ``random()`` and ``gauss()``, settings that are not
            :class:`GatewaySettings`, or prices that are not a dict.
        ClockError: the clock does not give a valid time.
        GatewayError: a price table with a bad region or price.
    """

    def __init__(self, clock: Clock, entropy: Entropy, settings: GatewaySettings = GatewaySettings(),
                 prices: dict[str, float] | None = None) -> None:
        check_clock(clock)
        if not all(callable(getattr(entropy, m, None)) for m in ("random", "gauss")):
            raise InputTypeError(f"entropy must have random() and gauss() methods, not {type(entropy).__name__}")
        if not isinstance(settings, GatewaySettings):
            raise InputTypeError(f"settings must be GatewaySettings, not {type(settings).__name__}")
        self.clock = clock
        self.entropy = entropy
        self.settings = settings
        self.prices = dict(DEFAULT_PRICES) if prices is None else _prices(prices, "prices")
        self._messages: list[SmsMessage] = []

    def configure(self, **changes) -> GatewaySettings:
        """Change the network's conditions from now on (the one way to slow
        the network, lose texts or restore it); returns the previous settings.

        Args:
            changes: :class:`GatewaySettings` fields, e.g.
                ``median_delay_seconds=360, delay_spread=0.0`` or ``loss_rate=0.0``.

        Raises:
            GatewayError: an unknown setting or a value out of range (the
                settings stay as they were).
        """
        known = {f.name for f in dataclasses.fields(GatewaySettings)}
        unknown = set(changes) - known
        if unknown:
            raise GatewayError(f"unknown gateway setting(s): {', '.join(sorted(unknown))}")
        previous = self.settings
        try:
            self.settings = dataclasses.replace(previous, **changes)
        except TypeError as exc:
            raise GatewayError(f"gateway settings must be numbers: {exc}") from None
        return previous

    def supports(self, region: str) -> bool:
        """True when texts to ``region`` (an ISO region code) can be sent.

        Raises:
            InputTypeError, GatewayError: ``region`` is not a two-letter ISO code.
        """
        return _region(region) not in self.settings.unsupported_regions

    def set_price(self, region: str, price: float) -> None:
        """Set the price of one text to ``region`` (a two-letter ISO code), in
        ``settings.currency`` (0 to 1000).

        Raises:
            InputTypeError: ``region`` is not text.
            GatewayError: not a two-letter region code, or the price is not a
                finite number from 0 to 1000 (nothing changes).
        """
        region = _region(region)
        self.prices[region] = _price(price)

    def send(self, to: str, body: str, code: str = "") -> SmsMessage:
        """Hand a text to the network now; returns its record (with the message id).

        Args:
            to: an E.164 number.
            body: the text.
            code: the one-time code in the text, if any (readable on the phone side).

        Raises:
            GatewayError: ``to`` is not an E.164 number, or ``body`` is
                longer than :data:`MAX_BODY_CHARS`.
            InputTypeError: ``body`` or ``code`` is not text.
        """
        require_text(body, "body")
        require_text(code, "code")
        if len(body) > MAX_BODY_CHARS or len(code) > 32:
            raise GatewayError(f"a text is at most {MAX_BODY_CHARS} characters and its code at most 32")
        region = region_of(to) if isinstance(to, str) and to.startswith("+") and len(to) <= 32 else ""
        if not region:
            raise GatewayError(f"not an E.164 number: {shown(to)}")
        now = self.clock.now()
        message = SmsMessage(f"sms-{len(self._messages) + 1}", to, region, body, now, code=code)
        if not self.supports(region):
            message.failed_reason, message.report_at = "region not supported", now
            self._messages.append(message)
            return message
        message.price = self.price_of(region)
        if self.entropy.random() < self.settings.loss_rate:
            message.failed_reason = "lost in the network"
            message.report_at = now + self.settings.failure_report_seconds
        else:
            s = self.settings
            message.deliver_at = now + round(s.median_delay_seconds * math.exp(self.entropy.gauss(0.0, s.delay_spread)), 1)
        self._messages.append(message)
        return message

    def sent(self) -> list[SmsMessage]:
        """Every text handed to the network, oldest first (the operator's log)."""
        return list(self._messages)

    def inbox(self, number: str) -> list[SmsMessage]:
        """Texts delivered to ``number`` (E.164 text) by now, oldest first (what the phone shows).

        Raises:
            InputTypeError: ``number`` is not text.
        """
        require_text(number, "number")
        now = self.clock.now()
        return [m for m in self._messages if m.to == number and m.deliver_at is not None and now >= m.deliver_at]

    def next_delivery(self, number: str | None = None) -> float | None:
        """When the next pending text (to ``number``, if given) arrives
        (UTC epoch seconds), or None.

        Raises:
            InputTypeError: ``number`` is neither None nor text.
        """
        if number is not None:
            require_text(number, "number")
        now = self.clock.now()
        pending = [m.deliver_at for m in self._messages
                   if m.deliver_at is not None and m.deliver_at > now and (number is None or m.to == number)]
        return min(pending, default=None)

    def price_of(self, region: str) -> float:
        """The price of one text to ``region`` (a two-letter ISO code).

        Raises:
            InputTypeError, GatewayError: ``region`` is not a two-letter ISO code.
        """
        return self.prices.get(_region(region), self.settings.default_price)

    def receipts_frame(self):
        """Delivery receipts as a pandas DataFrame (no message text)."""
        import pandas as pd

        now = self.clock.now()
        rows = []
        for m in self._messages:
            status = m.status(now)
            when = m.deliver_at if status == "delivered" else (m.report_at if status == "failed" else None)
            rows.append({"message": m.message_id, "to": m.to, "region": m.region, "status": status,
                         "sent": to_datetime(m.sent_at), "reported": to_datetime(when) if when is not None else None,
                         "failure": m.failed_reason if status == "failed" else ""})
        return pd.DataFrame(rows, columns=["message", "to", "region", "status", "sent", "reported", "failure"])

    def cost_frame(self, what_if: dict[str, float] | None = None):
        """Texts and cost per region as a pandas DataFrame, with a total row.

        Every text handed to the network is billed at the price of the time it
        was sent, delivered or not; texts to unsupported regions are refused
        and free. The price column is today's price.

        Args:
            what_if: region → price to re-price every billed text with
                instead (to estimate spend under another price table).

        Raises:
            InputTypeError, GatewayError: ``what_if`` is not a dict of
                region codes to prices from 0 to 1000.
        """
        import pandas as pd

        if what_if is not None:
            what_if = _prices(what_if, "what_if")

        now = self.clock.now()
        rows: dict[str, dict] = {}
        for m in self._messages:
            price = what_if.get(m.region, self.price_of(m.region)) if what_if is not None else self.price_of(m.region)
            row = rows.setdefault(m.region, {"region": m.region, "texts": 0, "delivered": 0, "failed": 0,
                                             "price": price, "cost": 0.0})
            row["texts"] += 1
            status = m.status(now)
            row["delivered"] += status == "delivered"
            row["failed"] += status == "failed"
            row["cost"] += (price if m.price else 0.0) if what_if is not None else m.price
        table = pd.DataFrame(sorted(rows.values(), key=lambda r: r["region"]),
                             columns=["region", "texts", "delivered", "failed", "price", "cost"])
        total = {"region": "total", "texts": int(table["texts"].sum()), "delivered": int(table["delivered"].sum()),
                 "failed": int(table["failed"].sum()), "price": float("nan"), "cost": round(float(table["cost"].sum()), 2)}
        table = pd.concat([table, pd.DataFrame([total])], ignore_index=True)
        table["cost"] = table["cost"].round(2)
        return table.rename(columns={"price": f"price ({self.settings.currency})", "cost": f"cost ({self.settings.currency})"})

    def __len__(self) -> int:
        return len(self._messages)

    def __repr__(self) -> str:
        return f"SmsGateway({len(self._messages)} text(s), bodies hidden)"
