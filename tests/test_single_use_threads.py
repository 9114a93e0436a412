"""Single use without the interpreter's lock: with a pause forced between
"check" and "mark used", two threads presenting the same one-time material
never both win (TOTP steps, backup codes, SMS codes, a sign-in's finish).

A control run without the per-user lock shows the pause does open the race,
so the checks can fail."""

from __future__ import annotations

import contextlib
import threading
import time

import pytest

from sms_support import save_cell_phone
from support import enrol_known_secret
from twofa_sim import Browser, Portal
from twofa_sim.attempts import Attempts
from twofa_sim.factors.backup import BackupCodes
from twofa_sim.factors.sms import SmsCodes
from twofa_sim.factors.totp import TotpDevice
from twofa_sim.gateway import GatewaySettings, SmsGateway
from twofa_sim.clock import VirtualClock
from twofa_sim.entropy import SeededEntropy
from twofa_sim.portal import DEFAULT_START

TRIALS = 200
PAUSE = 0.002


def paused(function):
    """``function`` (a "mark used" step) after a pause: the gap between check and mark."""
    def slow(*args, **kwargs):
        time.sleep(PAUSE)
        return function(*args, **kwargs)
    return slow


def race(first, second) -> list:
    """Run both calls at once; their results."""
    results = [None, None]
    start = threading.Barrier(2)

    def run(i, call):
        start.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate((first, second))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def world(seed: int):
    clock, entropy = VirtualClock(DEFAULT_START), SeededEntropy(seed)
    portal = Portal(clock, entropy, gateway=SmsGateway(clock, entropy, GatewaySettings(loss_rate=0.0)))
    user = enrol_known_secret(portal)
    clock.advance(portal.policy.period)
    return user


def open_sign_in(user, name="b"):
    return user.portal.begin_login(user.login, user.password, Browser(name)).attempt


def totp_pair(user):
    code = user.code_at(user.clock.now())
    one, two = open_sign_in(user, "one"), open_sign_in(user, "two")
    return (lambda: user.portal.submit_code(one, code), lambda: user.portal.submit_code(two, code))


def backup_pair(user):
    code = user.backup_codes[0]
    one, two = open_sign_in(user, "one"), open_sign_in(user, "two")
    return (lambda: user.portal.submit_code(one, code), lambda: user.portal.submit_code(two, code))


def sms_pair(user):
    portal = user.portal
    save_cell_phone(portal, user.login, "IT", "312 345 6789", password=user.password,
                    code=user.code_at(user.clock.now()))
    user.clock.advance(portal.policy.period)
    attempt = open_sign_in(user)
    assert portal.send_sms_code(attempt).ok
    portal.clock.set(portal.gateway.next_delivery())
    code = portal.gateway.inbox("+393123456789")[-1].code
    return (lambda: portal.submit_code(attempt, code), lambda: portal.submit_code(attempt, code))


def finish_pair(user):
    """One sign-in, finished twice at once with two different right answers."""
    attempt = open_sign_in(user)
    app_code = user.code_at(user.clock.now())
    return (lambda: user.portal.submit_code(attempt, app_code),
            lambda: user.portal.submit_code(attempt, user.backup_codes[1]))


#: kind → (set-up, the class whose "mark used" step gets the pause, its name)
KINDS = {"totp step": (totp_pair, TotpDevice, "mark_used"),
         "backup code": (backup_pair, BackupCodes, "mark_used"),
         "sms code": (sms_pair, SmsCodes, "mark_used"),
         "sign-in finish": (finish_pair, Attempts, "finish")}


def double_wins(kind: str, monkeypatch, trials: int, unlocked: bool = False) -> int:
    make, owner, name = KINDS[kind]
    original = owner.__dict__[name]
    pausing = paused(original.__func__ if isinstance(original, staticmethod) else original)
    monkeypatch.setattr(owner, name, staticmethod(pausing) if isinstance(original, staticmethod) else pausing)
    both = 0
    for trial in range(trials):
        user = world(trial)
        first, second = make(user)
        if unlocked:
            user.portal.user(user.login).lock = contextlib.nullcontext()
        results = race(first, second)
        both += all(r.signed_in for r in results)
    return both


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_two_threads_never_both_win(kind, monkeypatch):
    assert double_wins(kind, monkeypatch, TRIALS) == 0


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_without_the_user_lock_the_pause_opens_the_race(kind, monkeypatch):
    assert double_wins(kind, monkeypatch, 20, unlocked=True) > 0
