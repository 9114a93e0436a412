"""Theft of a remembered-device token ("Remember this device for 30 days").

A thief who copies the victim's browser profile (the cookie and the
browser it is bound to) and knows the password skips the code step until
the token ends. Each event that should end it is tried in a fresh world:
the thief signs in just before the event and just after it.
"""

from __future__ import annotations

from ..browser import REMEMBER_COOKIE, Browser
from ..entropy import check_seed
from ..errors import SimulationError
from ..outcomes import Reason
from ..policy import Policy
from ._world import _policy, told, victim_world

#: The events tried, in order.
EVENTS = ("none (token still valid)", "cookie copied to another browser", "password changed",
          "2FA turned off", "2FA turned off and on again", "backup codes regenerated", "device revoked",
          "token expired")
#: Columns of :func:`remembered_token_theft`.
COLUMNS = ("event", "thief before", "thief after", "thief after (reason)", "skips the code step", "device state",
           "policy ends it", "victim told")

_NEW_PASSWORD = "a new passphrase after the theft"


def remembered_token_theft(policy: Policy, seed: int = 2026):
    """Can a stolen remembered-device token still skip the code step after
    each event that should end it?

    The victim signs in with "Remember this device" ticked; the thief
    clones her browser (same browser id, same cookie) and knows her current
    password (after a password change, the new one: the worst case). The
    thief tries a sign-in before the event and after it.

    Returns:
        A pandas DataFrame, one row per event of :data:`EVENTS`, columns
        :data:`COLUMNS`: the thief's outcome before and after, the reason
        after, whether the token still skips the code step, the device's
        state in the engine (active, revoked, expired), and whether the
        policy ends the token on that event (``forget_on_*`` flags, the
        lifetime, a revoke; a token copied to another browser is not ended
        but is bound to its browser). With 2FA off the password alone signs
        in, token or not. Under a policy that remembers no device every row
        says so.

    Raises:
        InputTypeError: not a Policy, a seed that is not a whole number.
        SimulationError: a seed outside 0 .. 2**63 − 1 (:func:`~twofa_sim.entropy.check_seed`).
    """
    import pandas as pd

    policy = _policy(policy)
    seed = check_seed(seed)
    expected = {
        "none (token still valid)": False,
        "cookie copied to another browser": False,
        "password changed": policy.forget_on_password_change,
        "2FA turned off": policy.forget_on_2fa_change,
        "2FA turned off and on again": policy.forget_on_2fa_change,
        "backup codes regenerated": policy.forget_on_backup_regeneration,
        "device revoked": True,
        "token expired": True,
    }
    rows = []
    for event in EVENTS:
        if not policy.remembers_devices:
            rows.append({"event": event, "thief before": "no token", "thief after": "no token",
                         "thief after (reason)": "the policy remembers no device", "skips the code step": False,
                         "device state": "", "policy ends it": None, "victim told": ""})
            continue
        victim = victim_world(policy, seed)
        portal, clock = victim.portal, victim.clock
        signed = portal.login(victim.login, victim.password, victim.code(), victim.browser, remember=True)
        if not signed.signed_in:
            raise SimulationError(f"the victim could not sign in ({signed.reason.value})")
        token = victim.browser.cookie(REMEMBER_COOKIE, victim.login)
        thief = Browser("alice-laptop")  # a clone of her browser profile
        thief.set_cookie(REMEMBER_COOKIE, victim.login, token)
        clock.advance(3600)
        before = portal.begin_login(victim.login, victim.password, thief)
        event_time = clock.now()
        password = victim.password
        clock.advance(policy.period)
        if event == "cookie copied to another browser":
            thief = Browser("thief-browser")
            thief.set_cookie(REMEMBER_COOKIE, victim.login, token)
        elif event == "password changed":
            portal.change_password(victim.login, victim.password, _NEW_PASSWORD)
            password = _NEW_PASSWORD
        elif event.startswith("2FA turned off"):
            portal.disable_two_factor(victim.login, victim.password, victim.code())
            if event.endswith("again"):
                clock.advance(policy.period)
                portal.start_enrolment(victim.login)
                _reenrol(victim)
        elif event == "backup codes regenerated":
            portal.regenerate_backup_codes(victim.login, victim.password, victim.code())
        elif event == "device revoked":
            device = portal.devices_frame(victim.login)["device"].iloc[-1]
            portal.revoke_device(victim.login, device)
        elif event == "token expired":
            clock.advance(policy.remember_device_seconds)
        clock.advance(1)
        after = portal.begin_login(victim.login, password, thief)
        states = portal.devices_frame(victim.login)["state"]
        rows.append({"event": event, "thief before": before.outcome.value, "thief after": after.outcome.value,
                     "thief after (reason)": after.reason.value,
                     "skips the code step": after.reason is Reason.REMEMBERED_DEVICE,
                     "device state": states.iloc[0] if len(states) else "",
                     "policy ends it": expected[event],
                     "victim told": told(portal, victim.login, event_time)})
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _reenrol(victim) -> None:
    """Turn 2FA on again with a fresh secret, computing its first code."""
    portal = victim.portal
    pending = portal.pending_enrolment(victim.login)
    victim.key = pending.provisioning.secret.key
    result = portal.confirm_enrolment(victim.login, victim.code())
    if not result.ok:
        raise SimulationError(f"2FA could not be turned on again ({result.reason.value})")
