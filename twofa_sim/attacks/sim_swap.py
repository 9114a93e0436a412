"""SIM swap or SMS interception: from a given time the attacker receives
the victim's texts and, knowing the password, signs in with SMS codes alone.

NIST SP 800-63B §5.1.3.3 calls the PSTN a RESTRICTED authenticator for this
reason. What still limits the attacker: the send limits per hour and per
day (each sign-in needs a text), the cap on code failures, and the app:
changing the cell phone or turning 2FA off needs an app or backup code,
which SMS codes are not.
"""

from __future__ import annotations

from ..bounds import number
from ..browser import Browser
from ..entropy import check_seed
from ..errors import SimulationError
from ..outcomes import Outcome
from ..policy import Policy
from ._world import DAY, _policy, _positive, victim_world

#: Columns of :func:`sim_swap`.
COLUMNS = ("time (s)", "text sent", "text delivered", "refusal of the text", "outcome", "reason")
#: Columns of the actions table (``sim_swap(...).attrs["after sign-in"]``).
ACTION_COLUMNS = ("action", "outcome", "reason")


def sim_swap(policy: Policy, swap_after: float = 3600.0, hours: float = 24.0, every: float = 600.0,
             seed: int = 2026):
    """From ``swap_after`` seconds on, the victim's texts reach the attacker,
    who then tries a sign-in every ``every`` seconds until ``hours`` have
    passed since the start.

    Each try: the password step, Send SMS Code, then the code from the text
    once it is delivered (a text lost in the network is lost to the
    attacker too; no code is typed then, nor when no text was sent).

    Args:
        swap_after: seconds from the start until the number is the attacker's (>= 0).
        hours: length of the attack (above 0, at most 31 days).
        every: seconds between tries (at least 60, the resend cooldown).

    Returns:
        A pandas DataFrame, one row per try, columns :data:`COLUMNS`
        (time from the start of the run, s; the outcome and reason of the
        code step, or of the password step when no code was typed).
        ``frame.attrs["after sign-in"]`` is a DataFrame of what the attacker
        could then do (columns :data:`ACTION_COLUMNS`): change the cell
        phone or turn 2FA off with an SMS code as the proof (refused: those
        need an app or backup code), regenerate backup codes with the
        password only (as the policy's ``reauth`` says).

    Raises:
        InputTypeError: not a Policy, a seed that is not a whole number.
        SimulationError: an argument out of range (the seed as
            :func:`~twofa_sim.entropy.check_seed` says); a policy that sends no texts.
    """
    import pandas as pd

    policy = _policy(policy)
    seed = check_seed(seed)
    hours = _positive(hours, "hours", 31 * 24)
    every = _positive(every, "every", DAY)
    if every < 60:
        raise SimulationError("every must be at least 60 s")
    swap_after = number(swap_after)
    if swap_after is None or not 0 <= swap_after <= hours * 3600:  # NaN fails the comparison too
        raise SimulationError("swap_after must be seconds from 0 to the end of the attack")
    victim = victim_world(policy, seed, phone=True)
    portal, clock, gateway = victim.portal, victim.clock, victim.portal.gateway
    start = clock.now()
    rows, signed_in = [], False
    tries = int((hours * 3600 - swap_after) // every) + 1
    for i in range(tries):
        when = start + swap_after + i * every
        if when >= start + hours * 3600:
            break
        clock.set(max(clock.now(), when))
        step = portal.begin_login(victim.login, victim.password, Browser("attacker"))
        row = {"time (s)": round(clock.now() - start), "text sent": False, "text delivered": False,
               "refusal of the text": "", "outcome": step.outcome.value, "reason": step.reason.value}
        if step.outcome is Outcome.CODE_REQUIRED:
            sent = portal.send_sms_code(step.attempt)
            row["text sent"] = sent.ok
            row["refusal of the text"] = "" if sent.ok else sent.reason.value
            message = gateway.last if sent.ok else None
            if message is not None and message.deliver_at is not None:
                row["text delivered"] = True
                clock.set(max(clock.now(), message.deliver_at))
                result = portal.submit_code(step.attempt, message.code)
                row["outcome"], row["reason"] = result.outcome.value, result.reason.value
                signed_in = signed_in or result.signed_in
        rows.append(row)
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    actions = []
    if signed_in:
        regen = portal.regenerate_backup_codes(victim.login, victim.password, None)
        actions.append({"action": "regenerate backup codes (password only)", "outcome": regen.outcome.value,
                        "reason": regen.reason.value})
        for action, change in (("change the cell phone", lambda code: portal.set_cell_phone(
                                    victim.login, "GB", "07400 123456", password=victim.password, code=code)),
                               ("turn 2FA off", lambda code: portal.disable_two_factor(
                                    victim.login, victim.password, code))):
            code = _fresh_sms_code(victim)
            proof = "an SMS code" if code else "a guess (no text could be sent: the send limits)"
            result = change(code or "0" * policy.sms_code_digits)
            actions.append({"action": f"{action}, proved with {proof}", "outcome": result.outcome.value,
                            "reason": result.reason.value})
    frame.attrs["after sign-in"] = pd.DataFrame(actions, columns=list(ACTION_COLUMNS))
    return frame


def _fresh_sms_code(victim) -> str:
    """An SMS code for a new sign-in, read from the swapped number ("" when none was sent)."""
    portal = victim.portal
    step = portal.begin_login(victim.login, victim.password, Browser("attacker"))
    if step.outcome is not Outcome.CODE_REQUIRED:
        return ""
    portal.clock.advance(portal.policy.sms_resend_cooldown_seconds)
    sent = portal.send_sms_code(step.attempt)
    return portal.gateway.last.code if sent.ok else ""

