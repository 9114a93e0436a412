"""A scenario's policy as the target's settings, or why it cannot be one.

Configurable (the Django setting or model field each becomes):

* ``window_back`` = ``window_forward`` → the TOTP device's ``tolerance``
  (django-otp looks the same number of steps each way);
* ``drift_learning`` → ``OTP_TOTP_SYNC``;
* ``backoff_seconds`` → ``OTP_TOTP_THROTTLE_FACTOR``,
  ``OTP_STATIC_THROTTLE_FACTOR`` and ``TWO_FACTOR_PHONE_THROTTLE_FACTOR``
  (django-otp waits factor × 2^(n-1) s after the n-th failure, per device);
* ``remember_device_seconds`` → ``TWO_FACTOR_REMEMBER_COOKIE_AGE`` (0: unset);
* ``login_step_seconds`` → ``TWO_FACTOR_LOGIN_TIMEOUT``;
* ``backup_code_count`` → the backup-tokens page's ``number_of_tokens``.

Fixed in the target (:data:`FIXED`): 6 digits (``TWO_FACTOR_TOTP_DIGITS`` is
read when ``two_factor.forms`` is imported, so one process has one value),
30 s steps and SHA1 (the setup wizard's ``TOTPDeviceForm``), replay
protection (django-otp's ``last_t``), no lockout and no cap on failures,
remembered browsers ending at a password change or when the device is
removed (the cookie is signed with the password hash and the device). Any
other setting a scenario overrides has no counterpart in the target.
"""

from __future__ import annotations

from ...scenarios.adapter import NotSupported

#: Settings whose value the target cannot change, with the value it has.
FIXED = {"digits": 6, "period": 30, "algorithm": "SHA1", "replay_protection": True, "lockout_failures": 0,
         "code_failure_cap": 0, "forget_on_password_change": True, "forget_on_2fa_change": True,
         "secret_bits": 160, "simulation_only": False}
#: Settings the target can be configured to.
CONFIGURABLE = ("window_back", "window_forward", "drift_learning", "backoff_seconds", "remember_device_seconds",
                "login_step_seconds", "backup_code_count")


def target_settings(policy, overridden: frozenset[str] | set[str]) -> tuple[dict, int]:
    """The Django settings for ``policy`` and the TOTP device's tolerance.

    Args:
        policy: the :class:`~twofa_sim.policy.Policy` both adapters run under.
        overridden: the names of the settings the scenario overrides.

    Raises:
        NotSupported: a setting the target cannot be configured to, named
            with its value (all of them, in one message).
    """
    problems = [f"{key}={getattr(policy, key)!r} (it has {value!r})"
                for key, value in FIXED.items() if getattr(policy, key) != value]
    if policy.window_back != policy.window_forward:
        problems.append(f"window_back={policy.window_back} with window_forward={policy.window_forward} "
                        "(django-otp's tolerance looks the same number of steps each way)")
    problems += [f"{key} (no setting of the target)" for key in sorted(overridden)
                 if key not in CONFIGURABLE and key not in FIXED]
    if problems:
        raise NotSupported("the target cannot be configured to " + "; ".join(problems))
    factor = policy.backoff_seconds
    settings = {
        "OTP_TOTP_SYNC": policy.drift_learning,
        "OTP_TOTP_THROTTLE_FACTOR": factor,
        "OTP_STATIC_THROTTLE_FACTOR": factor,
        "TWO_FACTOR_PHONE_THROTTLE_FACTOR": factor,
        "TWO_FACTOR_REMEMBER_COOKIE_AGE": policy.remember_device_seconds or None,
        "TWO_FACTOR_LOGIN_TIMEOUT": policy.login_step_seconds,
        "TWOFA_SIM_BACKUP_TOKENS": policy.backup_code_count,
    }
    return settings, policy.window_back
