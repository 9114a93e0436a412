"""QR codes: what the portal renders can be read back (as a phone would),
and images without a QR code are refused."""

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from twofa_sim import AEGIS, AuthenticatorApp, DeviceClock, Portal
from twofa_sim.errors import AppError, InputTypeError, QRCodeError
from twofa_sim.provisioning import Provisioning, build_uri, parse_uri
from twofa_sim.qr import decode_png, render_png
from twofa_sim.secret import import_secret

RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
URI = build_uri(Provisioning(import_secret(RFC_SECRET), "Example Co", "alice@example.com"))


def test_render_then_decode_gives_the_uri():
    png = render_png(URI)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert decode_png(png) == URI


# Any name a label may hold: no colon, no leading space, no control, format or surrogate character.
names = st.text(st.characters(blacklist_categories=("Cc", "Cf", "Cs"), blacklist_characters=":"),
                min_size=1, max_size=40).filter(lambda s: not s.startswith(" "))


@settings(max_examples=15)
@given(issuer=names, account=names)
def test_any_enrolment_uri_survives_the_qr_round_trip(issuer, account):
    uri = build_uri(Provisioning(import_secret(RFC_SECRET), issuer, account))
    decoded = decode_png(render_png(uri, box_size=3))
    assert decoded == uri
    assert parse_uri(decoded).account == account


def test_portal_qr_scanned_by_app():
    portal = Portal.simulated(seed=3)
    portal.add_user("bob@example.com", "pw", "Bob")
    enrolment = portal.start_enrolment("bob@example.com")
    app = AuthenticatorApp(DeviceClock(portal.clock), AEGIS)
    assert app.scan(enrolment.qr_png()) == "Client Portal:bob@example.com"
    assert decode_png(enrolment.qr_png(box_size=2)) == enrolment.uri


@pytest.mark.parametrize("garbage", [b"", b"not an image", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, bytes(range(256))])
def test_garbage_bytes_raise_qr_code_error(garbage):
    with pytest.raises(QRCodeError):
        decode_png(garbage)


def test_image_without_a_qr_code_raises_qr_code_error():
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (120, 120), "white").save(out, format="PNG")
    with pytest.raises(QRCodeError):
        decode_png(out.getvalue())


def test_decode_refuses_non_bytes():
    with pytest.raises(InputTypeError):
        decode_png(URI)


def test_app_reports_unreadable_qr_as_app_error():
    app = AuthenticatorApp(DeviceClock(Portal.simulated().clock), AEGIS)
    with pytest.raises(AppError):
        app.scan(b"not an image")
    with pytest.raises(AppError):
        app.scan(render_png("https://example.com/not-an-otpauth-uri"))
    assert app.accounts() == []
