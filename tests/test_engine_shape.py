"""The engine's shape: one policy as the only source of rules, one factor
interface, bounds defined once, bounded open sign-ins, and the API a new
user reaches for (a known secret, any start time, readable drift and SMS
codes, the kind of a refused number)."""

from __future__ import annotations

import inspect

import pytest
from hypothesis import given, strategies as st

from sms_support import save_cell_phone
from support import PASSWORD, RFC_SECRET, enrol_known_secret, rfc_user_at
from twofa_sim import Browser, Outcome, Portal, Reason
from twofa_sim.attempts import MAX_OPEN_PER_USER
from twofa_sim.bounds import DIGITS, PERIOD_SECONDS
from twofa_sim.demo import Demo
from twofa_sim.errors import PolicyError, ProvisioningURIError, SecretError
from twofa_sim.factors.backup import BackupCodes
from twofa_sim.factors.base import Factor
from twofa_sim.factors.remembered import RememberedDevices
from twofa_sim.factors.sms import SmsCodes
from twofa_sim.factors.totp import TotpDevice
from twofa_sim.gateway import GatewayError
from twofa_sim.policy import Policy
from twofa_sim.presets import SEED_PORTAL
from twofa_sim.provisioning import parse_uri

T = 1_234_567_890.0


# ------------------------------------------------------------ the policy

def test_the_policy_cannot_be_reassigned():
    portal = Portal.simulated()
    with pytest.raises(AttributeError):
        portal.policy = SEED_PORTAL.replace(window_back=5)
    assert portal.policy is SEED_PORTAL


def test_send_limits_come_from_the_policy_and_cannot_be_edited():
    policy = SEED_PORTAL.replace(sms_per_number_per_hour=2, sms_per_account_per_hour=3, sms_per_region_per_hour=4)
    portal = Portal.simulated(policy=policy)
    assert dict(portal.sms_limits.limits) == {"number": 2, "account": 3, "region": 4, "number per day": 10,
                                              "account per day": 10}
    with pytest.raises(TypeError):
        portal.sms_limits.limits["number"] = 1000


def test_network_conditions_are_the_gateways_not_the_policys():
    assert not [f for f in Policy.__dataclass_fields__ if "delay" in f or "loss" in f]
    portal = Portal.simulated()
    before = portal.gateway.settings
    previous = portal.gateway.configure(median_delay_seconds=360, delay_spread=0.0)
    assert previous == before and portal.gateway.settings.median_delay_seconds == 360
    portal.gateway.configure(median_delay_seconds=previous.median_delay_seconds, delay_spread=previous.delay_spread)
    assert portal.gateway.settings == before


@pytest.mark.parametrize("changes", [{"loss_rate": 2}, {"loss_rate": "none"}, {"median_delay_seconds": 0},
                                     {"speed": 3}, {"delay_spread": float("nan")}])
def test_a_bad_network_setting_is_refused_and_nothing_changes(changes):
    portal = Portal.simulated()
    before = portal.gateway.settings
    with pytest.raises(GatewayError):
        portal.gateway.configure(**changes)
    assert portal.gateway.settings == before


@pytest.mark.parametrize("setting, bound", [("period", PERIOD_SECONDS), ("digits", DIGITS)])
@given(value=st.integers(min_value=-5, max_value=200))
def test_policy_and_provisioning_share_one_bound(setting, bound, value):
    inside = bound[0] <= value <= bound[1]
    uri = f"otpauth://totp/Client%20Portal:alice?secret={RFC_SECRET}&issuer=Client%20Portal&{setting}={value}"
    try:
        SEED_PORTAL.replace(**{setting: value})
        policy_ok = True
    except PolicyError:
        policy_ok = False
    try:
        parse_uri(uri)
        uri_ok = True
    except ProvisioningURIError:
        uri_ok = False
    assert policy_ok == uri_ok == inside


# ----------------------------------------------------- one factor interface

@pytest.mark.parametrize("factor", [BackupCodes([], 10, T), RememberedDevices(), SmsCodes(),
                                    TotpDevice(None, 6, 30, "SHA1")], ids=lambda f: type(f).__name__)
def test_every_factor_has_the_same_shape(factor):
    assert isinstance(factor, Factor)
    assert list(inspect.signature(factor.verify).parameters) == ["typed", "context"]
    assert list(inspect.signature(factor.issue).parameters) == ["context"]
    assert factor.name in {"totp", "sms", "backup", "remembered"}


# ------------------------------------------------------- open sign-ins

def test_finished_and_abandoned_sign_ins_are_not_kept():
    user = rfc_user_at(T)
    portal = user.portal
    handles = []
    for i in range(500):  # abandoned after the password step, each in its own time step
        handles.append(portal.begin_login(user.login, PASSWORD, Browser(f"b{i}")).attempt)
        portal.clock.advance(portal.policy.period)
    kept = portal._sign_in._attempts  # the store itself: what is kept
    assert len(kept) == MAX_OPEN_PER_USER
    done = portal.begin_login(user.login, PASSWORD, user.browser).attempt
    assert portal.submit_code(done, user.code_at(portal.clock.now())).signed_in
    for handle in (done, handles[0]):
        again = portal.submit_code(handle, "123456")
        assert (again.outcome, again.reason) == (Outcome.EXPIRED, Reason.ATTEMPT_FINISHED)


# ---------------------------------------------------- API a new user needs

def test_a_known_secret_is_enrolled_through_the_same_checks():
    portal = Portal.simulated(start=T - 60)
    portal.add_user("bob@example.com", "pw", "Bob")
    for bad in ("not base32!", "GEZDGNBV"):  # invalid; 40 bits, under 128
        with pytest.raises(SecretError):
            portal.start_enrolment("bob@example.com", secret=bad)
        assert portal.view("bob@example.com").two_factor == "off"  # nothing changed
    start = portal.start_enrolment("bob@example.com", secret=RFC_SECRET.lower())
    assert start.provisioning.secret.base32 == RFC_SECRET


def test_a_demo_starts_at_any_time():
    demo = Demo.create(start=T)
    assert demo.clock.now() == T


def test_learned_drift_and_sms_codes_are_readable_without_parsing_text():
    demo = Demo.create(enrolled=True, policy=SEED_PORTAL.replace(window_back=2))
    demo.app.clock.set_offset(-demo.portal.policy.period * 2)  # the phone runs two steps slow
    assert demo.portal.login(demo.login, demo.password, demo.app.code(), demo.browser).signed_in
    assert demo.portal.status(demo.login).learned_drift == -2 == demo.portal.view(demo.login).learned_drift
    demo.clock.advance(demo.portal.policy.period)
    assert save_cell_phone(demo.portal, demo.login, "IT", "312 345 6789", password=demo.password,
                           code=demo.app.code()).ok
    demo.clock.advance(demo.portal.policy.period)
    attempt = demo.portal.begin_login(demo.login, demo.password, Browser("other")).attempt
    demo.portal.gateway.configure(loss_rate=0.0)
    assert demo.portal.send_sms_code(attempt).ok
    demo.clock.set(demo.portal.gateway.next_delivery())
    confirmation, text = demo.portal.gateway.inbox(demo.phone_number)
    assert confirmation.code and f"is {confirmation.code}." in confirmation.body
    assert text.code.isdigit() and f"code: {text.code}." in text.body and text.code not in repr(text)
    assert demo.portal.submit_code(attempt, text.code).signed_in


def test_the_kind_of_a_refused_number_is_on_the_result():
    user = enrol_known_secret(Portal.simulated())
    result = user.portal.set_cell_phone(user.login, "IT", "06 1234 5678", password=user.password,
                                        code=user.code_at(user.clock.now()))
    assert result.outcome is Outcome.MALFORMED and result.kind == "fixed line"
    letters = user.portal.set_cell_phone(user.login, "IT", "312 abc", password=user.password)
    assert letters.kind == "letters"
