"""Hostile, impossible and tampered input: a typed error with a message, and
nothing changed (found by trying to break the package)."""

import dataclasses
import math

import pytest

from twofa_sim import Portal, SEED_PORTAL, VirtualClock, DeviceClock, AuthenticatorApp
from twofa_sim.demo import Demo
from twofa_sim.errors import (AmbiguousLabelError, AppError, ClockError, InputTypeError, PolicyError,
                              ProvisioningURIError, QRCodeError, UserDetailsError)
from twofa_sim.outcomes import Outcome, Reason
from twofa_sim.provisioning import parse_uri
from twofa_sim.qr import decode_png, render_png
from twofa_sim.ui import PortalShell, TwoFactorPage

SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


def test_a_login_attempt_handle_cannot_be_changed_or_forged():
    demo = Demo.create(seed=41, enrolled=True)
    attempt = demo.portal.begin_login(demo.login, demo.password, demo.browser).attempt
    with pytest.raises(dataclasses.FrozenInstanceError):
        attempt.login = "someone-else@example.com"
    forged = dataclasses.replace(attempt, started_at=attempt.started_at + 3600)
    with pytest.raises(InputTypeError):
        demo.portal.submit_code(forged, demo.app.code())
    assert demo.portal.submit_code(attempt, demo.app.code()).signed_in


def test_the_qr_leaves_the_page_once_enrolment_ends():
    demo = Demo.create(seed=42)
    page = TwoFactorPage(demo.portal, demo.login)
    page.switch.value = True
    assert page.qr.value
    page.switch.value = False  # cancel
    assert not page.qr.value
    page.switch.value = True
    demo.app.scan(page.qr_png)
    page.code.value = demo.app.code()
    page.submit()
    assert page.state == "on" and not page.qr.value


def test_support_reset_lifts_a_lockout():
    demo = Demo.create(seed=43, enrolled=True)
    for _ in range(SEED_PORTAL.lockout_failures):
        demo.portal.begin_login(demo.login, "wrong", demo.browser)
    assert demo.portal.begin_login(demo.login, demo.password, demo.browser).outcome is Outcome.LOCKED
    assert demo.portal.support_reset(demo.login, "sam", True, "T-1").ok
    assert demo.portal.begin_login(demo.login, demo.password, demo.browser).signed_in


def test_enrolment_codes_count_toward_the_throttle_and_wait_out_a_lock():
    demo = Demo.create(seed=44)
    demo.app.scan(demo.portal.start_enrolment(demo.login).qr_png())
    wrong = "000000" if demo.app.code() != "000000" else "111111"
    for _ in range(SEED_PORTAL.lockout_failures):
        assert demo.portal.confirm_enrolment(demo.login, wrong).outcome is Outcome.REFUSED
    locked = demo.portal.confirm_enrolment(demo.login, demo.app.code())
    assert locked.outcome is Outcome.LOCKED and demo.portal.status(demo.login).two_factor == "enrolling"
    demo.clock.advance(SEED_PORTAL.lockout_seconds)
    assert demo.portal.confirm_enrolment(demo.login, demo.app.code()).ok


@pytest.mark.parametrize("uri", [
    f"otpauth://totp/AC%FFME:alice?secret={SECRET}",
    f"otpauth://totp/ACME:alice?secret={SECRET}&issuer=ACM%FF",
    "otpauth://[::1/x?secret=A",
    f"otpauth://totp/a:b?secret={SECRET}&digits=" + "9" * 5000,
    f"otpauth://totp/a:b?secret={SECRET}&digits=0000006",
])
def test_hostile_uris_are_refused_with_a_typed_error(uri):
    with pytest.raises(ProvisioningURIError):
        parse_uri(uri)
    app = AuthenticatorApp(DeviceClock(VirtualClock(0)))
    with pytest.raises(AppError):
        app.scan(uri)


def test_an_issuer_param_with_a_colon_is_ambiguous():
    with pytest.raises(AmbiguousLabelError):
        parse_uri(f"otpauth://totp/alice?secret={SECRET}&issuer=A:B")


@pytest.mark.parametrize("issuer", ["A:B", "", None])
def test_an_issuer_that_cannot_be_a_label_is_refused_up_front(issuer):
    with pytest.raises((ProvisioningURIError, InputTypeError)):
        Portal.simulated(issuer=issuer)


def test_a_login_that_cannot_be_an_account_name_is_refused_and_draws_nothing():
    portal, twin = Portal.simulated(seed=5), Portal.simulated(seed=5)
    for p in (portal, twin):
        p.add_user("bob", "pw", "Bob")
    with pytest.raises(UserDetailsError):
        portal.add_user("a:b", "pw", "Colon")
    with pytest.raises(UserDetailsError):
        portal.add_user("x" * 300, "pw", "Long")
    with pytest.raises(UserDetailsError):
        portal.add_user("carol", "pw", "  ")
    assert portal.start_enrolment("bob").provisioning.secret == twin.start_enrolment("bob").provisioning.secret


@pytest.mark.parametrize("bad", [10**400, float("nan"), -1, "5", None])
def test_impossible_times_are_clock_errors(bad):
    with pytest.raises((ClockError, InputTypeError)):
        VirtualClock(bad)
    clock = VirtualClock(1_000_000)
    app = AuthenticatorApp(DeviceClock(clock))
    app.scan(f"otpauth://totp/ACME:alice?secret={SECRET}")
    with pytest.raises(ClockError):
        app.code_at(bad)


@pytest.mark.parametrize("offset, ppm", [(1e12, 0), (0, 1e15), (math.inf, 0)])
def test_a_phone_clock_cannot_be_set_beyond_reason(offset, ppm):
    phone = DeviceClock(VirtualClock(1_000_000))
    with pytest.raises(ClockError):
        phone.set_offset(offset, ppm)
    assert phone.offset == 0 and phone.ppm == 0


def test_clocks_and_apps_need_real_collaborators():
    with pytest.raises(InputTypeError):
        DeviceClock(None)
    with pytest.raises(InputTypeError):
        AuthenticatorApp(None)


@pytest.mark.parametrize("call", ["begin_login", "add_user", "change_password"])
def test_lone_surrogates_are_refused_as_text(call):
    demo = Demo.create(seed=45, enrolled=True)
    events = len(demo.portal.audit)
    with pytest.raises(InputTypeError):
        if call == "begin_login":
            demo.portal.begin_login(demo.login, "\ud800", demo.browser)
        elif call == "add_user":
            demo.portal.add_user("x@example.com", "\ud800", "X")
        else:
            demo.portal.change_password(demo.login, demo.password, "\ud800")
    assert len(demo.portal.audit) == events


def test_qr_edge_cases_are_qr_errors():
    with pytest.raises(QRCodeError):
        render_png("x" * 5000)
    png = render_png("otpauth://totp/a:b?secret=" + SECRET)
    assert decode_png(memoryview(png)).startswith("otpauth://")
    from io import BytesIO

    from PIL import Image

    big = BytesIO()
    Image.new("1", (5000, 5000)).save(big, format="PNG")
    with pytest.raises(QRCodeError):
        decode_png(big.getvalue())


@pytest.mark.parametrize("changes", [dict(secret_bits="x"), dict(secret_bits=None), dict(algorithm=["SHA1"]),
                                     dict(name=None), dict(backoff_seconds=math.inf)])
def test_policy_changes_of_the_wrong_type_are_policy_errors(changes):
    with pytest.raises(PolicyError):
        SEED_PORTAL.replace(**changes)


def test_the_menu_escapes_the_users_name():
    portal = Portal.simulated()
    portal.add_user("eve@example.com", "pw", "<img src=x onerror=alert(1)>")
    shell = PortalShell(portal, "eve@example.com", {})
    assert "<img" not in shell.dashboard.value and "&lt;img" in shell.dashboard.value


def test_an_expired_device_cannot_be_revoked_again():
    demo = Demo.create(seed=46, enrolled=True)
    demo.portal.login(demo.login, demo.password, demo.app.code(), demo.browser, remember=True)
    demo.clock.advance(31 * 86_400)
    result = demo.portal.revoke_device(demo.login, "device-1")
    assert result.reason is Reason.TOKEN_UNKNOWN
    assert demo.portal.devices_frame(demo.login).state.tolist() == ["expired"]


def test_audit_filters_are_checked_and_match_logins_like_the_portal():
    demo = Demo.create(seed=47, enrolled=True)
    with pytest.raises(InputTypeError):
        demo.portal.audit.to_frame(last=-1)
    assert len(demo.portal.audit.to_frame(user="ALICE@example.com ")) == len(demo.portal.audit.to_frame(user=demo.login))


def test_the_demo_repr_hides_the_password():
    demo = Demo.create(seed=48)
    assert demo.password not in repr(demo)


def test_support_reset_needs_an_agent_and_a_ticket():
    demo = Demo.create(seed=49, enrolled=True)
    for agent, ticket in (("", "T-1"), ("sam", "  ")):
        with pytest.raises(UserDetailsError):
            demo.portal.support_reset(demo.login, agent, True, ticket)
    assert demo.portal.status(demo.login).two_factor == "on"


def test_what_is_typed_as_an_unknown_login_is_not_recorded():
    demo = Demo.create(seed=50, enrolled=True)
    typed = demo.backup_codes[0]
    result = demo.portal.begin_login(typed, "whatever", demo.browser)
    assert result.reason is Reason.UNKNOWN_USER
    event = demo.portal.audit[-1]
    assert event.user == "" and typed not in repr(event) and dict(event.details) == {"typed_chars": len(typed)}
    assert demo.portal.begin_login("x" * 10_000, "pw", demo.browser).reason is Reason.UNKNOWN_USER


def test_a_password_change_ends_open_sign_ins():
    demo = Demo.create(seed=51, enrolled=True)
    attempt = demo.portal.begin_login(demo.login, demo.password, demo.browser).attempt
    assert demo.portal.change_password(demo.login, demo.password, "a new passphrase").ok
    assert demo.portal.submit_code(attempt, demo.app.code()).outcome is Outcome.EXPIRED


def test_the_failure_that_locks_says_so():
    demo = Demo.create(seed=52, enrolled=True)
    attempt = demo.portal.begin_login(demo.login, demo.password, demo.browser).attempt
    wrong = "000000" if demo.app.code() != "000000" else "111111"
    results = [demo.portal.submit_code(attempt, wrong) for _ in range(SEED_PORTAL.lockout_failures)]
    assert results[-2].message.startswith("That code didn't work")
    assert results[-1].message == "Too many failed attempts. Try again in 10 minutes."


def test_simulations_run_under_any_valid_policy_and_refuse_nonsense():
    from twofa_sim.attacks import online_guessing, replay_same_code
    from twofa_sim.errors import EnrolmentError, SimulationError
    from twofa_sim.sweeps import acceptance_grid

    unusual = SEED_PORTAL.replace(algorithm="SHA256", digits=8, period=60)
    assert replay_same_code(unusual)["second"] == "refused"
    assert acceptance_grid(unusual, offsets=[0], delays=[0]).loc[0, 0] == 100
    for bad in (dict(per_second=0), dict(hours=-1), dict(hours=math.nan), dict(hours=10**400)):
        with pytest.raises(SimulationError):
            online_guessing(unusual, **bad)
    with pytest.raises(InputTypeError):  # not a number at all
        online_guessing(unusual, hours="1")
    from twofa_sim import GOOGLE_AUTHENTICATOR
    with pytest.raises(EnrolmentError):
        Demo.create(seed=1, policy=SEED_PORTAL.replace(digits=8), profile=GOOGLE_AUTHENTICATOR, enrolled=True)


def test_a_damaged_png_is_a_qr_error():
    png = bytearray(render_png("otpauth://totp/a:b?secret=" + SECRET))
    png[8:12] = (8).to_bytes(4, "big")  # IHDR length field
    with pytest.raises(QRCodeError):
        decode_png(bytes(png))


def test_devices_remembered_near_the_end_of_time_still_list():
    portal = Portal.simulated(seed=1, start=253_402_300_799 - 86_400)
    portal.add_user("a@example.com", "pw", "A")
    start = portal.start_enrolment("a@example.com")
    app = AuthenticatorApp(DeviceClock(portal.clock))
    app.scan(start.uri)
    portal.confirm_enrolment("a@example.com", app.code())
    from twofa_sim import Browser
    portal.clock.advance(30)
    assert portal.login("a@example.com", "pw", app.code(), Browser("b"), remember=True).signed_in
    assert portal.devices_frame("a@example.com").state.tolist() == ["active"]


def test_audit_user_filter_must_be_a_login():
    with pytest.raises(InputTypeError):
        Demo.create(seed=53).portal.audit.to_frame(user=5)
