"""What only the target's database shows: the TOTP device's last accepted
step (``last_t``), its learned ``drift`` and each device's count of
consecutive failures; the backup tokens shown on the backup-tokens page; the
user's phones. Read through django-otp's and django-two-factor-auth's models.
"""

from __future__ import annotations


def user(login: str):
    """The Django user with ``login`` as username, or None."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username=login).first()


def totp_device(login: str):
    """The user's TOTP device (django-otp ``TOTPDevice``), or None."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user__username=login).order_by("id").last()


def static_device(login: str):
    """The user's backup-token device (``StaticDevice``), or None."""
    from django_otp.plugins.otp_static.models import StaticDevice

    return StaticDevice.objects.filter(user__username=login).order_by("id").last()


def phones(login: str) -> list:
    """The user's phone devices (``PhoneDevice``), oldest first."""
    from two_factor.plugins.phonenumber.models import PhoneDevice

    return list(PhoneDevice.objects.filter(user__username=login).order_by("id"))


def backup_tokens(login: str) -> tuple[str, ...]:
    """The backup tokens the backup-tokens page lists, in its order."""
    device = static_device(login)
    if device is None:
        return ()
    return tuple(device.token_set.order_by("id").values_list("token", flat=True))


def devices(login: str) -> list:
    """Every device of the user (TOTP, backup tokens, phones)."""
    return [d for d in (totp_device(login), static_device(login)) if d is not None] + phones(login)


def allowed(device) -> bool:
    """True when django-otp lets ``device`` verify now (not throttled)."""
    return bool(device.verify_is_allowed()[0])


def state(login: str) -> str:
    """One line of what the database holds about the user's devices (no
    secret, no token): ``TOTP last_t 58713432, drift -1, failures 0; backup
    tokens 10, failures 0; phone failures 0``."""
    parts = []
    totp = totp_device(login)
    if totp is not None:
        parts.append(f"TOTP last_t {totp.last_t}, drift {totp.drift}, failures {totp.throttling_failure_count}")
    static = static_device(login)
    if static is not None:
        parts.append(f"backup tokens {static.token_set.count()}, failures {static.throttling_failure_count}")
    for phone in phones(login):
        parts.append(f"phone ({phone.name}) failures {phone.throttling_failure_count}")
    return "; ".join(parts) if parts else "no device"
