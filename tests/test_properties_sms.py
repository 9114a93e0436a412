"""Hypothesis properties of the SMS half: codes never outlive their lifetime
nor work twice; no run of presses beats the hourly send limits in any
sliding hour; every saved example mobile number round-trips to its E.164."""

from collections import defaultdict

import phonenumbers
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sms_support import code_in, lossless, save_cell_phone
from support import enrol_known_secret
from twofa_sim import Browser, Outcome, Portal, Reason, Reauth
from twofa_sim.presets import SEED_PORTAL
from twofa_sim.phone import parse_cell_phone
from twofa_sim.sms_limits import WINDOW_SECONDS

PASSWORD = "pw"
NUMBERS = ["+393123456789", "+393201234567", "+393471234567", "+447400123456"]


def portal_with(policy, logins_and_numbers, seed=0, **gateway):
    """A portal (phone changes need no proof) with each login enrolled and
    given its cell phone; the gateway loses nothing."""
    portal = Portal.simulated(seed=seed, policy=policy.replace(phone_change_reauth=Reauth.NONE))
    lossless(portal, **gateway)
    for login, number in logins_and_numbers:
        enrol_known_secret(portal, login, PASSWORD)
        assert save_cell_phone(portal, login, "IT", number).ok
        portal.clock.advance(86_400)  # each confirmation text leaves every window before the next
    return portal


def begin(portal, login):
    first = portal.begin_login(login, PASSWORD, Browser(f"{login}-browser"))
    assert first.outcome is Outcome.CODE_REQUIRED, first
    return first.attempt


# ------------------------------------------- (a) lifetime and single use

#: A submit time after the send: anywhere in 0..800 s, or right at the lifetime ± 2 s.
offsets = st.one_of(st.floats(min_value=0, max_value=800, allow_nan=False),
                    st.integers(min_value=0, max_value=800),
                    st.integers(min_value=-2, max_value=2).map(lambda d: ("lifetime", d)))


@settings(max_examples=100)
@given(lifetime=st.integers(min_value=1, max_value=600),
       submits=st.lists(st.tuples(offsets, st.booleans()), min_size=1, max_size=6),
       seed=st.integers(min_value=0, max_value=2**16))
def test_an_sms_code_is_accepted_at_most_once_and_only_before_expiry(lifetime, submits, seed):
    policy = SEED_PORTAL.replace(sms_code_seconds=lifetime, login_step_seconds=10_000, lockout_failures=0)
    # texts arrive at once, so the code can be read at any submit time
    portal = portal_with(policy, [("alice@example.com", NUMBERS[0])], seed,
                         median_delay_seconds=0.01, delay_spread=0.0)
    login = "alice@example.com"
    sender = begin(portal, login)
    issued = portal.clock.now()
    assert portal.send_sms_code(sender).ok
    code = code_in(portal.gateway.inbox(NUMBERS[0])[-1].body)
    expires = issued + lifetime

    times = sorted(issued + (lifetime + o[1] if isinstance(o, tuple) else o) for o, _ in submits)
    outcomes = []  # (time, in the sending attempt?, result)
    for when, (_, in_sender) in zip(times, submits):
        portal.clock.set(max(when, portal.clock.now()))
        attempt = sender if in_sender else begin(portal, login)
        outcomes.append((portal.clock.now(), attempt is sender, portal.submit_code(attempt, code)))

    accepted = [(t, mine) for t, mine, r in outcomes if r.signed_in]
    assert len(accepted) <= 1
    for t, mine in accepted:
        assert t < expires and mine
    # liveness: the first try in the sign-in it was sent for works if, and only if, it is in time
    first_mine = next(((t, r) for t, mine, r in outcomes if mine), None)
    if first_mine is not None and first_mine[0] < expires:
        assert first_mine[1].signed_in and first_mine[1].factor == "sms"
    else:
        assert accepted == []
    refused = {r.reason for _, _, r in outcomes if not r.signed_in}
    assert refused <= {Reason.SMS_EXPIRED, Reason.SMS_USED, Reason.OTHER_ATTEMPT, Reason.ATTEMPT_FINISHED}
    # and never again, in a fresh sign-in, whatever the time
    assert not portal.submit_code(begin(portal, login), code).signed_in


# ------------------------------------------------- (b) send limits

gaps = st.one_of(st.integers(min_value=0, max_value=120), st.integers(min_value=0, max_value=4000),
                 st.sampled_from([60, 61, 3599, 3600]))
#: None: press Send SMS Code; an int: change the cell phone to NUMBERS[i] first.
actions = st.sampled_from([None, None, None, 0, 1, 2, 3])


@settings(max_examples=100)
@given(per_number=st.integers(min_value=1, max_value=4),
       per_account=st.integers(min_value=1, max_value=6),
       per_region=st.integers(min_value=1, max_value=8),
       cooldown=st.sampled_from([0, 30, 60]),
       phones=st.lists(st.integers(min_value=0, max_value=3), min_size=1, max_size=3),
       presses=st.lists(st.tuples(gaps, st.integers(min_value=0, max_value=2), actions), min_size=1, max_size=40))
def test_no_sliding_hour_ever_has_more_sends_than_a_limit_allows(per_number, per_account, per_region, cooldown,
                                                                 phones, presses):
    policy = SEED_PORTAL.replace(sms_per_number_per_hour=per_number, sms_per_account_per_hour=per_account,
                                 sms_per_region_per_hour=per_region, sms_resend_cooldown_seconds=cooldown,
                                 sms_per_number_per_day=0, sms_per_account_per_day=0)  # the hourly limits alone
    logins = [f"user{i}@example.com" for i in range(len(phones))]
    portal = portal_with(policy, [(login, NUMBERS[p]) for login, p in zip(logins, phones)])
    limits = {"number": per_number, "account": per_account, "region": per_region}
    attempts = {}
    stops = []  # (time, kind, key) of each rate-limit refusal
    for gap, who, action in presses:
        portal.clock.advance(gap)
        login = logins[who % len(logins)]
        if action is not None:  # switch number: a confirmation text, itself limited
            saved = portal.set_cell_phone(login, "IT", NUMBERS[action])
            assert saved.reason in (Reason.PHONE_CODE_SENT, Reason.RESEND_COOLDOWN, Reason.RATE_LIMITED), saved
            if saved.outcome is Outcome.CODE_REQUIRED:
                assert portal.confirm_cell_phone(login, portal.gateway.sent()[-1].code).ok
            continue
        now = portal.clock.now()
        attempt = attempts.get(login)
        if attempt is None or now >= attempt.started_at + policy.login_step_seconds:
            attempt = attempts[login] = begin(portal, login)
        result = portal.send_sms_code(attempt)
        assert result.reason in (Reason.SMS_SENT, Reason.RESEND_COOLDOWN, Reason.RATE_LIMITED), result
        if result.reason is Reason.RATE_LIMITED:
            phone = portal.user(login).cell_phone
            kind = dict(portal.audit[-1].details)["limit"]
            stops.append((now, kind, {"number": phone.e164, "account": login, "region": phone.region}[kind]))

    # what the gateway really sent, grouped by number, account and region
    account_of = {dict(e.details)["message"]: e.user for e in portal.audit
                  if e.action in ("sms.send", "phone.confirm_code") and e.outcome == "ok"}
    receipts = portal.gateway.receipts_frame()
    assert len(receipts) == len(account_of)
    sent = defaultdict(list)
    for row in receipts.itertuples():
        at = row.sent.timestamp()
        for kind, key in (("number", row.to), ("account", account_of[row.message]), ("region", row.region)):
            sent[(kind, key)].append(at)
    for (kind, key), times in sent.items():
        times.sort()
        for i, start in enumerate(times):
            in_hour = sum(1 for t in times[i:] if t < start + WINDOW_SECONDS)
            assert in_hour <= limits[kind], (kind, key, times)
    # and no stop without cause: that limit's hour was full
    for now, kind, key in stops:
        recent = [t for t in sent.get((kind, key), []) if now - WINDOW_SECONDS < t <= now]
        assert len(recent) >= limits[kind], (now, kind, key)


# --------------------------------------------- (c) phone number round trip

FORMATS = {"national": phonenumbers.PhoneNumberFormat.NATIONAL,
           "international": phonenumbers.PhoneNumberFormat.INTERNATIONAL,
           "e164": phonenumbers.PhoneNumberFormat.E164}
SPACING = {"as is": lambda s: s, "double spaces": lambda s: s.replace(" ", "  "),
           "hyphens": lambda s: s.replace(" ", "-"), "padded": lambda s: f"  {s} "}


@settings(max_examples=100)
@given(region=st.sampled_from(sorted(phonenumbers.SUPPORTED_REGIONS)), form=st.sampled_from(sorted(FORMATS)),
       spacing=st.sampled_from(sorted(SPACING)))
def test_a_saved_example_mobile_number_round_trips_to_its_e164(region, form, spacing):
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    assume(example is not None)
    expected = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
    typed = SPACING[spacing](phonenumbers.format_number(example, FORMATS[form]))
    saved = parse_cell_phone(region, typed)
    assert saved.e164 == expected
    assert parse_cell_phone(region, saved.e164).e164 == expected
