"""twofa_sim: a simulator and executable specification of a web client
portal's two-factor authentication (TOTP enrolment by QR code, login with app
codes, backup codes, remembered devices).

Importing the package loads no heavy dependency: pandas, qrcode/PIL,
zxing-cpp and ipywidgets load only where they are used (numpy too: a
population run, :func:`simulate_population`, loads it).
"""

from .app import AEGIS, DUO_MOBILE, GOOGLE_AUTHENTICATOR, AuthenticatorApp
from .browser import Browser
from .clock import DeviceClock, RealClock, VirtualClock
from .entropy import SeededEntropy, SystemEntropy
from .errors import TwofaSimError
from .outcomes import Outcome, Reason
from .policy import Policy, Reauth
from .population import Population, simulate_population
from .portal import Portal
from .presets import PRESETS, SEED_PORTAL

__all__ = [
    "AEGIS", "DUO_MOBILE", "GOOGLE_AUTHENTICATOR", "AuthenticatorApp", "Browser", "DeviceClock",
    "RealClock", "VirtualClock", "SeededEntropy", "SystemEntropy", "TwofaSimError", "Outcome",
    "Reason", "Policy", "Reauth", "Portal", "PRESETS", "SEED_PORTAL", "Population", "simulate_population",
]
