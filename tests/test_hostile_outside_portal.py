"""Hostile input outside the portal: one test for each case found, and
properties for their kinds (the sweep over every callable is in
test_hostile_everywhere.py)."""

import io
import time
import unicodedata
from datetime import datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from twofa_sim import Browser, DeviceClock, Portal, SeededEntropy, VirtualClock
from twofa_sim.errors import (ClockError, InputTypeError, PolicyError, ProvisioningURIError, QRCodeError,
                              SecretError, TwofaSimError, UnknownUserError, UserDetailsError)
from twofa_sim.gateway import SmsGateway
from twofa_sim.hashing import HashCost
from twofa_sim.provisioning import Provisioning, build_uri
from twofa_sim.qr import decode_png, render_png
from twofa_sim.secret import import_secret, new_secret

RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
START = 1_767_603_600
URI = build_uri(Provisioning(import_secret(RFC_SECRET), "Example Co", "alice@example.com"))


def quick(call, limit=2.0):
    started = time.perf_counter()
    try:
        call()
    finally:
        assert time.perf_counter() - started < limit


def test_build_uri_refuses_wrong_types_with_typed_errors():
    for bad in (dict(issuer=None), dict(account=5), dict(digits="6"), dict(period=True), dict(period=1.5),
                dict(algorithm=["SHA1"]), dict(secret=RFC_SECRET)):
        fields = dict(secret=import_secret(RFC_SECRET), issuer="Example Co", account="alice") | bad
        with pytest.raises(TwofaSimError):
            build_uri(Provisioning(**fields))
    with pytest.raises(InputTypeError):
        build_uri(None)


def test_render_png_bounds_the_image_before_drawing_it():
    with pytest.raises(QRCodeError):
        quick(lambda: render_png(URI, box_size=123456))
    with pytest.raises(QRCodeError):
        quick(lambda: render_png(URI, border=10**9))
    for bad in (None, b"otpauth://", 5):
        with pytest.raises(InputTypeError):
            render_png(bad)
    with pytest.raises(InputTypeError):
        render_png(URI, box_size="6")
    with pytest.raises(QRCodeError):
        quick(lambda: render_png("7" * 10**6))


def _image(size, fmt):
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", size, 255).save(out, format=fmt)
    return out.getvalue()


def test_decode_png_refuses_a_long_thin_png_and_other_formats():
    with pytest.raises(QRCodeError):
        quick(lambda: decode_png(_image((65536, 1), "PNG")))
    from PIL import Image

    qr = Image.open(io.BytesIO(render_png(URI)))
    for fmt in ("GIF", "BMP", "JPEG", "TIFF"):
        out = io.BytesIO()
        qr.convert("L").save(out, format=fmt)
        with pytest.raises(QRCodeError):
            decode_png(out.getvalue())
    assert decode_png(render_png(URI)) == URI


@pytest.mark.parametrize("iterations", [2**31 - 1, 10**12, 0, -1, True, 1.5, "1000"])
def test_hash_cost_refuses_counts_that_hang_or_make_no_sense(iterations):
    with pytest.raises(PolicyError):
        quick(lambda: HashCost("custom", iterations))


def test_a_datetime_is_not_a_clock():
    moment = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
    with pytest.raises(InputTypeError):
        Portal(moment, SeededEntropy(1))
    portal = Portal(VirtualClock(START), SeededEntropy(1))
    portal.add_user("alice@example.com", "pw", "Alice")
    assert list(portal.audit.to_frame().user) == ["alice@example.com"]


INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e", "\u202d", "\u2066", "\u00ad", "\x00",
             "\x1b", "\t", "\n"]


@pytest.mark.parametrize("ch", INVISIBLE)
def test_a_login_that_only_looks_like_alices_is_refused(ch):
    portal = Portal.simulated(seed=1, start=START)
    portal.add_user("alice@example.com", "pw", "Alice")
    events = len(portal.audit)
    with pytest.raises(UserDetailsError):
        portal.add_user(f"alice{ch}@example.com", "pw", "Mallory")
    with pytest.raises(UserDetailsError):
        portal.add_user("mallory@example.com", "pw", f"Alice{ch}")
    with pytest.raises(ProvisioningURIError):
        Portal.simulated(seed=1, issuer=f"Client{ch}Portal")
    assert portal.users() == ["alice@example.com"] and len(portal.audit) == events


invisible_chars = st.characters(categories=("Cc", "Cf"))
visible_text = st.text(st.characters(blacklist_categories=("Cc", "Cf", "Cs"), blacklist_characters=":"),
                       min_size=1, max_size=20)


@given(before=visible_text, ch=invisible_chars, after=visible_text)
def test_any_control_or_format_character_in_a_login_name_or_issuer_is_refused(before, ch, after):
    assert unicodedata.category(ch) in ("Cc", "Cf")
    portal = Portal.simulated(seed=2, start=START)
    with pytest.raises(UserDetailsError):
        portal.add_user(before + ch + after, "pw", "Name")
    with pytest.raises(UserDetailsError):
        portal.add_user("x@example.com", "pw", before + ch + after)
    with pytest.raises(ProvisioningURIError):
        Portal.simulated(seed=2, issuer=before + ch + after)
    assert portal.users() == [] and len(portal.audit) == 0


def test_out_of_range_numbers_give_typed_errors():
    phone = DeviceClock(VirtualClock(START))
    with pytest.raises(ClockError):
        phone.set_offset(10**400)
    assert phone.offset == 0.0
    with pytest.raises(SecretError):
        quick(lambda: new_secret(SeededEntropy(1), bits=10**100))
    from twofa_sim.sweeps import clock_offset_sweep

    with pytest.raises(InputTypeError):
        clock_offset_sweep(None)


def test_a_price_for_a_region_that_is_not_a_region_changes_nothing():
    gateway = SmsGateway(VirtualClock(START), SeededEntropy(1))
    prices = dict(gateway.prices)
    with pytest.raises(InputTypeError):
        gateway.set_price(region=["IT"], price=0.1)
    with pytest.raises(TwofaSimError):
        gateway.set_price(region="Italy", price=0.1)
    assert gateway.prices == prices


def test_an_unknown_login_is_not_echoed_in_the_error():
    portal = Portal.simulated(seed=3, start=START)
    typed = "hunter2-my-password"
    with pytest.raises(UnknownUserError) as info:
        portal.user(typed)
    assert typed not in str(info.value) and f"{len(typed)} characters" in str(info.value)
    with pytest.raises(UnknownUserError) as info:
        portal.view(typed)
    assert typed not in str(info.value)


def test_a_browser_refuses_ids_and_cookies_that_are_not_text():
    with pytest.raises(InputTypeError):
        Browser(b"laptop")
    browser = Browser("laptop")
    with pytest.raises(InputTypeError):
        browser.set_cookie("remember-2fa", ["alice"], "token")
    assert browser.cookie("remember-2fa", "alice") is None
