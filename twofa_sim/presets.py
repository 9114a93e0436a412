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
#: Described: its static tokens (``plugins/otp_static``) are 8 base32
#: characters (40 bits) kept in plaintext in a ``CharField``; SMS is not in
#: its core (a plugin, django-otp-twilio).
DJANGO_OTP = Policy(
    name="django-otp 1.7.0",
    lockout_failures=0,
    backoff_seconds=1,
    code_failure_cap=0,
    described=(("backup_codes_stored", "plaintext"), ("backup_code_bits", 40), ("sms_offered", False)),
)

#: Keycloak (OTPPolicy.DEFAULT_POLICY; brute-force detection switched on with
#: realm defaults): look-around 1, no drift learning, 30 failures then 60 s
#: waits (the simulator keeps one fixed lock of 60 s), 12 recovery codes of 12
#: characters, and no "remember this device" (not in Keycloak's core: a
#: trusted-device authenticator is an open request, keycloak issue #8742).
#: Described: ``HmacOTP.generateSecret(20)`` makes 20 alphanumerics (about
#: 119 bits, TotpBean); recovery codes are 12 characters of 34 symbols
#: (about 61 bits) stored as unsalted SHA-512 (``RecoveryAuthnCodesUtils``);
#: no SMS is built in (community extensions only).
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
    described=(("secret_bits", 119), ("backup_code_bits", 61), ("backup_codes_stored", "SHA-512, unsalted"),
               ("sms_offered", False)),
)

#: Authelia 4.x: skew 1, no drift learning, regulation 3 failures → 5 min ban,
#: 256-bit secrets, 10 recovery codes. Described: recovery codes kept as
#: HMAC-SHA256 with a per-deployment pepper (docs second-factor/recovery-codes);
#: no SMS (TOTP, WebAuthn and Duo push only).
AUTHELIA = Policy(
    name="Authelia 4",
    drift_learning=False,
    lockout_failures=3,
    lockout_seconds=300,
    code_failure_cap=0,
    secret_bits=256,
    described=(("backup_codes_stored", "HMAC-SHA256 with a pepper"), ("sms_offered", False)),
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

#: GitLab self-managed defaults (devise-two-factor underneath):
#: look-around ``otp_allowed_drift`` 30 s each way and ``consumed_timestep``
#: against replay, no drift learning (devise-two-factor
#: ``two_factor_authenticatable.rb``); 10 failed attempts lock the account
#: for 10 minutes, 2FA failures counting (docs security/unlock_user;
#: gitlab-ce MR 6668), with no cap across locks; 10 recovery codes
#: (``app/models/user.rb`` ``otp_number_of_backup_codes: 10``) of 16 hex
#: characters, 64 bits (docs user/profile/account/two_factor_authentication;
#: modelled as 13 engine symbols, 63.8 bits), each kept as a bcrypt hash
#: (``Devise::Encryptor``, devise-two-factor ``two_factor_backupable.rb``);
#: the current password to regenerate codes or turn 2FA off (same docs
#: page); an admin resets 2FA for a user who has lost everything (docs
#: security/two_factor_authentication); no "remember this device" and no
#: SMS for web sign-in (email OTP is a separate, later feature). The secret
#: keeps the devise-two-factor default of 20 bytes (160 bits); a GitLab
#: override is not documented.
GITLAB = Policy(
    name="GitLab (self-managed)",
    drift_learning=False,
    code_failure_cap=0,
    backup_code_count=10,
    backup_code_length=13,
    remember_device_seconds=0,
    reauth=Reauth.PASSWORD,
    disable_reauth=Reauth.PASSWORD,
    described=(("backup_code_bits", 64), ("backup_codes_stored", "bcrypt"), ("sms_offered", False)),
)

#: GitHub.com, what its docs make public: 16 recovery codes
#: (``configuring-two-factor-authentication-recovery-methods.md``); an
#: 80-bit TOTP secret "for compatibility with older" Google Authenticator
#: (``about-mandatory-two-factor-authentication.md``), a described attribute
#: since the engine refuses secrets under 128 bits (it runs 160); SMS in
#: listed countries only (same page); sudo mode: "you can authenticate with
#: your password" (a passkey, security key, GitHub Mobile or 2FA code
#: optional) and sensitive actions then need no proof for 2 hours, the timer
#: reset by each (``sudo-mode.md``; its examples are email, third-party
#: apps, SSH keys and tokens, and turning 2FA off or regenerating recovery
#: codes are taken to be sensitive actions too), so ``disable_reauth`` and
#: ``reauth`` are PASSWORD, the least proof accepted; no "remember this device"
#: box: a verified device (``_device_id`` cookie) is asked again on a new
#: device or sign-out (``accessing-github-using-two-factor-authentication.md``).
#: Not public, so the seed portal's values stand: the TOTP window and
#: replay handling, throttling and its cap, recovery-code format and
#: storage, and SMS lifetime and limits.
GITHUB = Policy(
    name="GitHub.com",
    backup_code_count=16,
    remember_device_seconds=0,
    reauth=Reauth.PASSWORD,
    disable_reauth=Reauth.PASSWORD,
    described=(("secret_bits", 80), ("sudo_mode_seconds", 7200)),
)

#: The stricter reading of NIST SP 800-63B-4 (2025) at AAL2, with rev 3 where
#: it is stricter:
#: app codes accepted once (§3.1.4.2) from the current step or one behind
#: (RFC 6238 §5.2: at most one step of network delay), no learned drift, so
#: at most 2 codes are open at once; at most 100 consecutive failures
#: (§3.2.2), with waits "up to an hour" as the count grows (the same
#: section's example), here 10 failures lock for 3,600 s; secrets of 160
#: bits (RFC 4226 §4 recommends 160; §3.1.4.1 asks 112); saved recovery
#: codes of at least 64 bits (§4.2.1.1), 14 symbols = 68.7 bits, hashed and
#: salted (§3.1.2.2); a remembered device for 12 hours: AAL2's overall
#: reauthentication timeout is 24 hours (§2.2.3) and was 12 hours in rev 3
#: (§4.2.3); SMS codes of 6 digits valid 10 minutes (§3.1.3.2, the ceiling
#: itself), daily caps as the seed portal's (no figure in the standard);
#: binding a phone number or removing a factor and new recovery codes
#: need the account's AAL, password and second factor (§4.1.2.1, §3.1.3.3).
NIST_AAL2 = Policy(
    name="NIST SP 800-63B-4 AAL2",
    window_back=1,
    window_forward=0,
    drift_learning=False,
    lockout_failures=10,
    lockout_seconds=3600,
    code_failure_cap=100,
    backup_code_length=14,
    remember_device_seconds=12 * 3600,
    sms_code_seconds=600,
    phone_change_reauth=Reauth.PASSWORD_AND_SECOND_FACTOR,
    reauth=Reauth.PASSWORD_AND_SECOND_FACTOR,
    disable_reauth=Reauth.PASSWORD_AND_SECOND_FACTOR,
)

#: Deliberately weak, for teaching only: no real system's. No replay
#: protection, no lockout, backoff or cap, a window of 5 steps each way
#: (with drift learning, up to 22 codes open at once), the password alone
#: to turn 2FA off, and no daily SMS cap (hourly limits only).
WEAK_TEACHING = Policy(
    name="weak (teaching only)",
    window_back=5,
    window_forward=5,
    replay_protection=False,
    lockout_failures=0,
    code_failure_cap=0,
    disable_reauth=Reauth.PASSWORD,
    sms_per_number_per_day=0,
    sms_per_account_per_day=0,
)

PRESETS = {p.name: p for p in (SEED_PORTAL, DJANGO_OTP, KEYCLOAK, AUTHELIA, PYOTP_BARE, GITLAB, GITHUB,
                               NIST_AAL2, WEAK_TEACHING)}
