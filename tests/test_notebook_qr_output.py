"""The QR code saved in the enrolment notebook is one an app can really use.

Decode the PNG output committed in notebooks/01_enrolment.ipynb, compute a
code from the decoded secret with pyotp, and have a portal built from the
notebook's seed accept it.
"""

import base64
import json
from datetime import datetime, timezone
from pathlib import Path

import pyotp

from twofa_sim.demo import Demo
from twofa_sim.provisioning import parse_uri
from twofa_sim.qr import decode_png

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "01_enrolment.ipynb"


def saved_pngs() -> list[bytes]:
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    return [
        base64.b64decode(output["data"]["image/png"])
        for cell in notebook["cells"]
        for output in cell.get("outputs", [])
        if "image/png" in output.get("data", {})
    ]


def test_saved_qr_decodes_to_a_provisioning_uri_a_portal_accepts_codes_for():
    pngs = saved_pngs()
    assert pngs, "the enrolment notebook has no saved PNG output (was it committed executed?)"
    uri = decode_png(pngs[0])
    assert uri.startswith("otpauth://totp/Client%20Portal:alice%40example.com?")
    provisioning = parse_uri(uri)

    demo = Demo.create(seed=2026)
    start = demo.portal.start_enrolment(demo.login)
    assert start.uri == uri, "the notebook's QR is not what its seed produces"

    now = datetime.fromtimestamp(demo.clock.now(), tz=timezone.utc)
    code = pyotp.TOTP(provisioning.secret.base32, digits=provisioning.digits, interval=provisioning.period).at(now)
    result = demo.portal.confirm_enrolment(demo.login, code)
    assert result.ok, result.reason
