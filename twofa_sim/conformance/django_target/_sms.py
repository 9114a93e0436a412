"""Texts from django-two-factor-auth's ``two_factor.gateways.fake.Fake`` gateway.

The Fake gateway "sends" a text by logging ``Fake SMS to <number>: "Your
token is: <token>"`` on the ``two_factor.gateways.fake`` logger. While a
call runs, :func:`capture` listens on that logger and collects each
(number, token); the adapter then hands them to the world's SMS network
(:class:`~twofa_sim.gateway.SmsGateway`: delay, loss), so a text arrives
on the phone as it does in the engine's world.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

LOGGER = "two_factor.gateways.fake"


class _Texts(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.sent: list[tuple[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if str(record.msg).startswith("Fake SMS") and isinstance(record.args, tuple) and len(record.args) == 2:
            self.sent.append((str(record.args[0]), str(record.args[1])))


@contextmanager
def capture():
    """Collect the texts the Fake gateway sends inside the ``with`` block, as
    a list of (E.164 number, token); the logger's own settings come back after."""
    logger = logging.getLogger(LOGGER)
    handler = _Texts()
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.INFO)
    logger.propagate = False
    logger.addHandler(handler)
    try:
        yield handler.sent
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


#: The target's loggers muted while a call runs (a crash is reported in the
#: step's answer, not printed): Django's request and security logs, the package's own.
MUTED = ("django.request", "django.security", "two_factor")


@contextmanager
def muted():
    """Silence :data:`MUTED` inside the ``with`` block (the Fake gateway's
    logger, a child of ``two_factor``, still reaches :func:`capture`)."""
    loggers = [logging.getLogger(name) for name in MUTED]
    before = [(logger.propagate, list(logger.handlers)) for logger in loggers]
    null = logging.NullHandler()
    for logger in loggers:
        logger.propagate = False
        logger.handlers = [null]
    try:
        yield
    finally:
        for logger, (propagate, handlers) in zip(loggers, before):
            logger.propagate, logger.handlers = propagate, handlers
