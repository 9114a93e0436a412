"""Policy: every knob of the simulated portal in one frozen dataclass.

A :class:`Policy` is a value: change a setting with :meth:`Policy.replace`,
which validates the result. Named presets (the seed portal's defaults and
those of well-known systems) live in :mod:`twofa_sim.presets`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import Enum

from .bounds import (DIGITS, PERIOD_SECONDS, SIMULATION_DIGITS, SMS_CODE_DIGITS, SMS_CODE_SECONDS, SMS_SENDS,
                     check_flag, number, shown, whole, within)
from .errors import PolicyError
from .hashing import SIMULATION_COST, HashCost
from .otp import ALGORITHMS
from .secret import MIN_SECRET_BITS


class Exhaustion(str, Enum):
    """What happens when a user signs in with their last backup code (BAK-2)."""

    #: Sign-in succeeds with a warning; a user with no codes and no phone must
    #: ask support for a reset (GitHub: "support only"; GitLab: admin reset).
    SUPPORT_RESET = "support reset"
    #: Sign-in succeeds and a new set is issued at once, shown once
    #: (Keycloak 26: recovery codes are re-created when all are used).
    REGENERATE = "regenerate at last use"


class Reauth(str, Enum):
    """What a signed-in user must prove again before a sensitive change
    (turning 2FA off, regenerating backup codes)."""

    NONE = "none"
    PASSWORD = "password"
    SECOND_FACTOR = "second factor"
    PASSWORD_AND_SECOND_FACTOR = "password and second factor"

    @property
    def needs_password(self) -> bool:
        """True when the current password must be typed again."""
        return self in (Reauth.PASSWORD, Reauth.PASSWORD_AND_SECOND_FACTOR)

    @property
    def needs_code(self) -> bool:
        """True when a fresh second-factor code (app or backup) must be typed."""
        return self in (Reauth.SECOND_FACTOR, Reauth.PASSWORD_AND_SECOND_FACTOR)


#: Unambiguous upper-case symbols for backup codes: 0, O, 1, I, L and 5 left out,
#: as in Authelia's recovery codes (docs configuration/second-factor/recovery-codes,
#: 2026, which may describe its master branch rather than a release).
BACKUP_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ2346789"


@dataclass(frozen=True)
class Policy:
    """Every setting of the simulated portal. Defaults are the seed portal's.

    TOTP (RFC 6238):
        digits: code length in digits. Default 6: RFC 4226 §5.3 (at least 6
            digits); Google Authenticator Key Uri Format ``digits`` default 6;
            GitHub and GitLab use 6.
        period: time step X in seconds. Default 30: RFC 6238 §5.2 recommends 30.
        algorithm: "SHA1", "SHA256" or "SHA512". Default "SHA1": RFC 6238 §1.2
            (HMAC-SHA-1 as in RFC 4226; SHA-256 and SHA-512 MAY be used); Key Uri
            Format ``algorithm`` default SHA1, and the only one Google
            Authenticator honours.
        window_back, window_forward: look-around window in steps behind and
            ahead of the portal's step. Default 1 and 1: django-otp 1.7.0
            ``tolerance=1``, Keycloak look-around 1; RFC 6238 §5.2 recommends
            at most one step of network delay.
        replay_protection: refuse a step at or before the last accepted one.
            Default True: RFC 6238 §5.2 ("MUST NOT accept the second attempt"),
            NIST SP 800-63B §5.1.4.2; django-otp ``last_t``.
        drift_learning: remember the step offset of the last match and centre
            the window there. Default True: django-otp 1.7.0 ``OTP_TOTP_SYNC=True``;
            RFC 6238 §6 says verifiers SHOULD.
        secret_bits: size of new secrets. Default 160: RFC 4226 §4 R6
            recommends 160; django-otp uses 20 bytes.

    Throttling (per account, all factors and the password together):
        lockout_failures: consecutive failures that lock the account; 0 = never.
            Default 10: GitLab self-managed defaults (docs security/unlock_user,
            "Locked user accounts": 10 failed attempts lock for 10 minutes;
            configurable since GitLab 16.5). NIST SP 800-63B §5.2.2 allows at
            most 100.
        lockout_seconds: how long a lockout lasts. Default 600: the same
            GitLab default.
        code_failure_cap: consecutive second-factor failures (app and SMS
            codes together; backup codes counted apart) after which those
            codes are no longer checked, across lockouts, until a completed
            sign-in; 0 = no cap. Default 100: NIST SP 800-63B §5.2.2 (rev 3)
            "no more than 100 consecutive failed authentication attempts on
            a single subscriber account". A backup code or a support reset
            restores the code step.
        backoff_seconds: if > 0, after the n-th consecutive failure the next
            attempt must wait ``backoff_seconds * 2**(n-1)`` seconds
            (django-otp 1.7.0 ``OTP_TOTP_THROTTLE_FACTOR``, default 1 there).
            Default 0 (off): the seed portal relies on GitLab-style lockout;
            the DJANGO_OTP preset shows backoff instead.

    Backup codes (NIST SP 800-63B §5.1.2 look-up secrets):
        backup_code_count: codes per set. Default 10: GitLab
            ``otp_number_of_backup_codes: 10``, django-two-factor-auth 1.18.1
            ``number_of_tokens = 10``.
        backup_code_length: symbols per code, from :data:`BACKUP_ALPHABET`
            (30 symbols, 4.9 bits each). Default 10 = 49 bits: a simulation
            choice between django-otp 1.7.0's static tokens (8 base32
            characters, 40 bits) and GitLab's 16 hex characters (64 bits),
            well above NIST SP 800-63B §5.1.2.1's 20 bits.
        backup_code_group: symbols between display hyphens. Default 5 (a
            display choice; Authelia groups its codes with hyphens too).
        backup_low_warning: warn when this many or fewer remain. Default 2:
            Authelia's ``users_low`` recovery-code metric counts 1–2 left
            (docs configuration/second-factor/recovery-codes).
        backup_exhausted: what follows the last backup code. Default
            SUPPORT_RESET (the seed portal's article sends users to its
            24-hour support team).

    Remembered devices:
        remember_device_seconds: lifetime of "Remember this device" in
            seconds; 0 turns the option off (no checkbox, no token ever
            issued, every sign-in asks for a code). Default 2,592,000 (30
            days): the seed portal's checkbox; django-two-factor-auth 1.18.1
            ``TWO_FACTOR_REMEMBER_COOKIE_AGE`` example.
        forget_on_password_change, forget_on_2fa_change,
        forget_on_backup_regeneration: what ends remembered devices early.
            Default True each: django-two-factor-auth 1.18.1 signs its remember
            cookie with the password hash and the device
            (``two_factor/views/utils.py``), so a password change or device
            deletion ends it; the seed article leaves this open (REM-2), and
            the safe default ends it on each.

    SMS codes (NIST SP 800-63B §5.1.3: out-of-band via the PSTN, a RESTRICTED authenticator):
        sms_code_digits: length of SMS codes. Default 6: NIST §5.1.3.2 asks
            for at least 20 bits (6 digits); dasniko
            keycloak-2fa-sms-authenticator (``SmsAuthenticatorFactory``, code
            length 6) uses 6.
        sms_code_seconds: lifetime from issue. Default 300: the same
            authenticator's TTL of 300 s and django-otp 1.7.0's email codes
            (``OTP_EMAIL_TOKEN_VALIDITY``); NIST §5.1.3.2 caps it at 10 minutes.
        sms_resend_cooldown_seconds: wait before another code may be sent.
            Default 60: django-otp 1.7.0 ``OTP_EMAIL_COOLDOWN_DURATION``.
        sms_per_number_per_hour, sms_per_account_per_hour,
        sms_per_region_per_hour: send limits over a sliding hour (0 = none).
            Defaults 5, 10 and 200: no public figure found; chosen for the
            simulation (OWASP MFA Cheat Sheet asks only that sends be
            rate-limited).
        sms_per_number_per_day, sms_per_account_per_day: send caps over a
            sliding day (0 = none), so waiting out each hour does not give
            120 texts a day. Defaults 10 and 10: ServiceNow's hardening
            setting ``password_reset.sms.max_per_day`` recommends at most 10
            verification texts per user a day; Huawei Cloud's SMS service
            caps one number at 50 a day (carrier limit), an upper bound.
        phone_change_reauth: proof needed to change the cell phone while 2FA
            is on. Default SECOND_FACTOR: NIST §5.1.3.3 treats a new number as
            binding a new authenticator, which needs an authenticated session
            at the same level (§6.1.2).

        The SMS network's conditions (delivery delay, loss) are the world's,
        not the portal's: they live in
        :class:`~twofa_sim.gateway.GatewaySettings` and change through
        :meth:`~twofa_sim.gateway.SmsGateway.configure`.

    Sessions and sensitive changes:
        reauth: proof needed before regenerating backup codes. Default
            PASSWORD: GitLab asks for the current password to regenerate
            recovery codes (docs user/profile/account/two_factor_authentication).
        disable_reauth: proof needed before turning 2FA off. Default
            PASSWORD_AND_SECOND_FACTOR (a current app code or a backup code):
            removing the second factor needs the second factor, at least as
            much proof as changing the cell phone (OWASP MFA Cheat Sheet:
            require MFA to disable MFA; NIST SP 800-63B §6.1.2.3: an
            authenticator is removed within a session at the same AAL).
        login_step_seconds: time allowed between the password step and the
            code step. Default 600: django-two-factor-auth 1.18.1
            ``TWO_FACTOR_LOGIN_TIMEOUT``.
        hash_cost: password and backup-code hashing cost. Default
            :data:`~twofa_sim.hashing.SIMULATION_COST` (cheap, and named so);
            use ``REALISTIC_COST`` to feel the real price.

    Reviewing and simulating:
        simulation_only: allows app and SMS codes of 3 to 5 digits and backup
            codes of 2 to 5 symbols, so guessing simulations can be checked against
            their analytic values on a short code space. Such a policy is
            never a real portal's: the policy check and the portal's pages
            name it. Default False.
        described: facts of the real system a preset stands for that the
            engine does not model or refuses to run, as ``(name, value)``
            pairs (for example ``("secret_bits", 80)`` or
            ``("backup_codes_stored", "plaintext")``); the policy check reads
            them, the engine ignores them (it still hashes). Default none.

    A whole-number setting takes any integer, NumPy's included, and keeps
    it as a plain ``int``; ``backoff_seconds`` takes any real number
    (:mod:`twofa_sim.bounds`). A float where a whole number is asked, a
    bool, or a value out of range raises :class:`~twofa_sim.errors.PolicyError`.
    """

    digits: int = 6
    period: int = 30
    algorithm: str = "SHA1"
    window_back: int = 1
    window_forward: int = 1
    replay_protection: bool = True
    drift_learning: bool = True
    secret_bits: int = 160

    lockout_failures: int = 10
    lockout_seconds: int = 600
    backoff_seconds: float = 0
    code_failure_cap: int = 100

    backup_code_count: int = 10
    backup_code_length: int = 10
    backup_code_group: int = 5
    backup_low_warning: int = 2
    backup_exhausted: Exhaustion = Exhaustion.SUPPORT_RESET

    remember_device_seconds: int = 30 * 24 * 3600
    forget_on_password_change: bool = True
    forget_on_2fa_change: bool = True
    forget_on_backup_regeneration: bool = True

    sms_code_digits: int = 6
    sms_code_seconds: int = 300
    sms_resend_cooldown_seconds: int = 60
    sms_per_number_per_hour: int = 5
    sms_per_account_per_hour: int = 10
    sms_per_region_per_hour: int = 200
    sms_per_number_per_day: int = 10
    sms_per_account_per_day: int = 10
    phone_change_reauth: Reauth = Reauth.SECOND_FACTOR

    reauth: Reauth = Reauth.PASSWORD
    disable_reauth: Reauth = Reauth.PASSWORD_AND_SECOND_FACTOR
    login_step_seconds: int = 600
    hash_cost: HashCost = field(default=SIMULATION_COST)

    simulation_only: bool = False
    described: tuple[tuple[str, object], ...] = ()

    name: str = "custom"

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise PolicyError(f"name must be text, got {shown(self.name)}")
        object.__setattr__(self, "simulation_only", check_flag(self.simulation_only, "simulation_only", PolicyError))
        _check_int(self, "digits", *(SIMULATION_DIGITS if self.simulation_only else DIGITS))
        _check_int(self, "period", *PERIOD_SECONDS)
        if not isinstance(self.algorithm, str) or self.algorithm not in ALGORITHMS:
            raise PolicyError(f"algorithm must be one of {sorted(ALGORITHMS)}, got {shown(self.algorithm)}")
        _check_int(self, "window_back", 0, 20)
        _check_int(self, "window_forward", 0, 20)
        _check_int(self, "secret_bits", MIN_SECRET_BITS, 4096)
        if self.secret_bits % 8:
            raise PolicyError(f"secret_bits must be a multiple of 8, at least {MIN_SECRET_BITS}")
        _check_int(self, "lockout_failures", 0, 10_000)
        _check_int(self, "lockout_seconds", 0, 10**9)
        _check_int(self, "code_failure_cap", 0, 10_000)
        backoff = number(self.backoff_seconds)
        if backoff is None or not 0 <= backoff <= 86_400:  # also refuses NaN and infinity
            raise PolicyError("backoff_seconds must be a number >= 0")
        object.__setattr__(self, "backoff_seconds", backoff)  # a plain int or float, whatever was passed
        _check_int(self, "backup_code_count", 1, 100)
        _check_int(self, "backup_code_length", 2 if self.simulation_only else 6, 64)
        if (not isinstance(self.described, tuple)
                or not all(isinstance(d, tuple) and len(d) == 2 and isinstance(d[0], str) for d in self.described)):
            raise PolicyError("described must be a tuple of (name, value) pairs")
        _check_int(self, "backup_code_group", 1, 64)
        _check_int(self, "backup_low_warning", 0, 100)
        _check_int(self, "remember_device_seconds", 0, 10**9)
        _check_int(self, "login_step_seconds", 1, 10**9)
        _check_int(self, "sms_code_digits", *(SIMULATION_DIGITS if self.simulation_only else SMS_CODE_DIGITS))
        _check_int(self, "sms_code_seconds", *SMS_CODE_SECONDS)
        _check_int(self, "sms_resend_cooldown_seconds", 0, 3600)
        for limit in ("sms_per_number_per_hour", "sms_per_account_per_hour", "sms_per_region_per_hour",
                      "sms_per_number_per_day", "sms_per_account_per_day"):
            _check_int(self, limit, *SMS_SENDS)
        if not isinstance(self.backup_exhausted, Exhaustion):
            raise PolicyError(f"backup_exhausted must be an Exhaustion, got {shown(self.backup_exhausted)}")
        for name in ("reauth", "disable_reauth", "phone_change_reauth"):
            if not isinstance(getattr(self, name), Reauth):
                raise PolicyError(f"{name} must be a Reauth, got {shown(getattr(self, name))}")
        if not isinstance(self.hash_cost, HashCost):
            raise PolicyError(f"hash_cost must be a HashCost, got {shown(self.hash_cost)}")
        for flag in ("replay_protection", "drift_learning", "forget_on_password_change",
                     "forget_on_2fa_change", "forget_on_backup_regeneration"):
            object.__setattr__(self, flag, check_flag(getattr(self, flag), flag, PolicyError))

    def replace(self, **changes) -> "Policy":
        """A copy with ``changes`` applied and validated.

        Raises:
            PolicyError: an unknown setting or a value out of range.
        """
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise PolicyError(f"unknown policy setting(s): {', '.join(sorted(unknown))}")
        changes.setdefault("name", f"{self.name} (modified)" if not self.name.endswith("(modified)") else self.name)
        return dataclasses.replace(self, **changes)

    def facts(self) -> dict:
        """The described attributes of the real system, as a dict (empty for
        the engine's own policies)."""
        return dict(self.described)

    @property
    def remembers_devices(self) -> bool:
        """True when "Remember this device" is offered (a lifetime above 0)."""
        return self.remember_device_seconds > 0

    def window_steps(self) -> range:
        """Offsets from the portal's step that are tried, e.g. ``range(-1, 2)``."""
        return range(-self.window_back, self.window_forward + 1)

    def settings(self) -> dict:
        """Every setting as a plain dict (for tables)."""
        out = dataclasses.asdict(self)
        out["reauth"] = self.reauth.value
        out["disable_reauth"] = self.disable_reauth.value
        out["phone_change_reauth"] = self.phone_change_reauth.value
        out["backup_exhausted"] = self.backup_exhausted.value
        out["hash_cost"] = f"{self.hash_cost.name} (PBKDF2-SHA256 × {self.hash_cost.iterations:,})"
        out["described"] = ", ".join(f"{k}={v}" for k, v in self.described)
        return out


def _check_int(policy: Policy, name: str, low: int, high: int) -> None:
    """Setting ``name`` kept as a plain int when it is a whole number from ``low`` to ``high``."""
    value = getattr(policy, name)
    if not within(value, (low, high)):
        raise PolicyError(f"{name} must be a whole number from {low} to {high}, got {shown(value)}")
    object.__setattr__(policy, name, whole(value))


def require_policy(value: object) -> Policy:
    """``value`` when it is a :class:`Policy`.

    Raises:
        InputTypeError: anything else.
    """
    if not isinstance(value, Policy):
        from .errors import InputTypeError

        raise InputTypeError(f"policy must be a Policy, not {type(value).__name__}")
    return value
