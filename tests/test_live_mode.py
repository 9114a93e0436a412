"""Live mode: real time and OS randomness, so a real phone can enrol."""

import time

import pyotp

from twofa_sim import Portal, RealClock, SystemEntropy
from twofa_sim.provisioning import parse_uri
from twofa_sim.qr import decode_png
from twofa_sim.ui import live_workbench


def test_live_portal_uses_real_time_and_system_randomness():
    portal = Portal.live()
    assert isinstance(portal.clock, RealClock) and isinstance(portal.entropy, SystemEntropy)
    assert not portal.entropy.seeded
    assert abs(portal.clock.now() - time.time()) < 5


def test_two_live_portals_draw_different_secrets():
    secrets = set()
    for _ in range(2):
        portal = Portal.live()
        portal.add_user("you@example.com", "pw", "You")
        secrets.add(portal.start_enrolment("you@example.com").provisioning.secret)
    assert len(secrets) == 2


def test_live_workbench_qr_enrols_with_a_code_computed_from_real_time():
    bench = live_workbench()
    page, login_page = bench.two_factor, bench.login_page
    page.switch.value = True
    secret = parse_uri(decode_png(page.qr_png)).secret
    page.code.value = pyotp.TOTP(secret.base32).now()
    page.update.click()
    assert page.state == "on", page.message
    assert len(page.backup_codes) == 10
    login_page.login.value, login_page.password.value = "you@example.com", "live demo password"
    login_page.continue_button.click()
    assert login_page.step == "code"


def test_real_time_with_a_seeded_generator_is_refused():
    import pytest

    from twofa_sim import SeededEntropy
    from twofa_sim.errors import InputTypeError

    with pytest.raises(InputTypeError):
        Portal(RealClock(), SeededEntropy(1))
