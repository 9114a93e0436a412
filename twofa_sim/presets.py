"""Named policies: the seed portal's defaults and those of well-known systems.

Each preset cites where its numbers come from, so a reviewer can compare the
portal with what real systems do.
"""

from __future__ import annotations

from .policy import Policy, Reauth

#: The seed portal (a hosting provider's Client Portal): 6-digit SHA1 codes
#: every 30 s from an authenticator app, backup codes, "Remember this device
#: for 30 days". What its article leaves open is filled with the sources cited
#: on each :class:`~twofa_sim.policy.Policy` default.
SEED_PORTAL = Policy(name="seed portal")

#: django-otp 1.7.0 defaults: tolerance 1, OTP_TOTP_SYNC on, exponential
#: backoff 1, 2, 4, 8... s (OTP_TOTP_THROTTLE_FACTOR=1) and no lockout.
#: None of the presets of real systems caps consecutive failures across
#: lockouts (``code_failure_cap=0``), as the systems themselves.
DJANGO_OTP = Policy(name="django-otp 1.7.0", lockout_failures=0, backoff_seconds=1, code_failure_cap=0)

#: Keycloak (OTPPolicy.DEFAULT_POLICY; brute-force detection switched on with
#: realm defaults): look-around 1, no drift learning, 30 failures then 60 s
#: waits (the simulator keeps one fixed lock of 60 s), 12 recovery codes of 12
#: characters, and no "remember this device" (not in Keycloak's core: a
#: trusted-device authenticator is an open request, keycloak issue #8742).
KEYCLOAK = Policy(
    name="Keycloak 26",
    drift_learning=False,
    lockout_failures=30,
    lockout_seconds=60,
    code_failure_cap=0,
    remember_device_seconds=0,
    backup_code_count=12,
    backup_code_length=12,
    backup_code_group=4,
)

#: Authelia 4.x: skew 1, no drift learning, regulation 3 failures → 5 min ban,
#: 256-bit secrets, 10 recovery codes.
AUTHELIA = Policy(
    name="Authelia 4",
    drift_learning=False,
    lockout_failures=3,
    lockout_seconds=300,
    code_failure_cap=0,
    secret_bits=256,
)

#: pyotp used bare: valid_window=0 (current step only), no replay check,
#: no throttling. What a hand-rolled integration gets by default.
PYOTP_BARE = Policy(
    name="pyotp bare",
    window_back=0,
    window_forward=0,
    replay_protection=False,
    drift_learning=False,
    lockout_failures=0,
    code_failure_cap=0,
    reauth=Reauth.NONE,
    disable_reauth=Reauth.NONE,
)

PRESETS = {p.name: p for p in (SEED_PORTAL, DJANGO_OTP, KEYCLOAK, AUTHELIA, PYOTP_BARE)}
