"""`import twofa_sim` loads no heavy dependency; they load only when used."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ["pandas", "numpy", "ipywidgets", "jupyterlab", "qrcode", "PIL", "zxingcpp"]


def loaded_after(code: str) -> list[str]:
    program = f"import json, sys\n{code}\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    out = subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_import_twofa_sim_is_light():
    assert loaded_after("import twofa_sim") == []


def test_a_simulated_login_is_light_too():
    code = """
import twofa_sim
from twofa_sim.otp import totp
p = twofa_sim.Portal.simulated()
p.add_user("a", "pw", "A")
e = p.start_enrolment("a")
assert p.confirm_enrolment("a", totp(e.provisioning.secret.key, p.clock.now())).ok
"""
    assert loaded_after(code) == []


def test_the_check_sees_lazy_loads():
    """Control: asking for a table or a QR image does load pandas / qrcode."""
    loaded = loaded_after("import twofa_sim\ntwofa_sim.Portal.simulated().audit.to_frame()\n"
                          "from twofa_sim.qr import render_png\nrender_png('x')")
    assert "pandas" in loaded and "qrcode" in loaded and "PIL" in loaded
