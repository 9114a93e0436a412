"""The minimal Django project the target runs in, built once per process.

Django's settings are process-wide and can be configured once, so this
module configures them the first time a world is opened (``settings.configure``
with :data:`SETTINGS`, then ``django.setup()``) and refuses to run when
another project configured them first. What changes per world (the remember
cookie's age, the login-step timeout, the throttle factors) is applied with
``override_settings`` around each call, never by reconfiguring.

The database is one in-memory SQLite database shared by the process's
threads (``mode=memory&cache=shared``), kept alive by one connection held
here; its schema is built once with ``migrate``, and every new world empties
its tables (:func:`wipe`). One lock serialises every call into the project,
and the generation counter tells an adapter that another world has been
opened since its own.
"""

from __future__ import annotations

import importlib
import sqlite3
import threading

from ..errors import TargetUnavailable

#: The in-memory database every thread of the process shares.
DATABASE = "file:twofa_sim_conformance?mode=memory&cache=shared"
#: The project's URL configuration (a module of this package).
URLCONF = "twofa_sim.conformance.django_target._urls"
#: The packages the target needs, by import name and distribution name.
PACKAGES = (("django", "Django"), ("two_factor", "django-two-factor-auth"), ("django_otp", "django-otp"),
            ("time_machine", "time-machine"), ("formtools", "django-formtools"),
            ("phonenumber_field", "django-phonenumber-field"))

#: Settings of the project (the per-world ones are overridden around each call).
SETTINGS = {
    "DEBUG": False,
    "SECRET_KEY": "twofa-sim conformance project: not a secret, nothing real is signed with it",
    "ALLOWED_HOSTS": ["testserver"],
    "USE_TZ": True,
    "TIME_ZONE": "UTC",
    "INSTALLED_APPS": [
        "django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions",
        "django.contrib.messages", "formtools",
        "django_otp", "django_otp.plugins.otp_static", "django_otp.plugins.otp_totp",
        "two_factor", "two_factor.plugins.phonenumber",
    ],
    "MIDDLEWARE": [
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django_otp.middleware.OTPMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
    ],
    "ROOT_URLCONF": URLCONF,
    "TEMPLATES": [{
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request",
                                           "django.contrib.auth.context_processors.auth",
                                           "django.contrib.messages.context_processors.messages"]},
    }],
    "DATABASES": {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": DATABASE}},
    "DEFAULT_AUTO_FIELD": "django.db.models.AutoField",
    # a fast hasher: the password's hash only has to change when the password does
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "AUTH_PASSWORD_VALIDATORS": [],
    "LOGIN_URL": "two_factor:login",
    "LOGIN_REDIRECT_URL": "/account/signed-in/",
    "LOGOUT_REDIRECT_URL": "/account/login/",
    # the account-settings browser stays signed in for the whole scenario
    "SESSION_COOKIE_AGE": 10 * 366 * 86_400,
    "TWO_FACTOR_SMS_GATEWAY": "two_factor.gateways.fake.Fake",
    "TWO_FACTOR_TOTP_DIGITS": 6,
    "TWO_FACTOR_REMEMBER_COOKIE_AGE": None,
    "LOGGING_CONFIG": None,
}

_LOCK = threading.RLock()
_STATE: dict[str, object] = {"keeper": None, "generation": 0}


def lock() -> threading.RLock:
    """The lock every call into the project holds (Django, the clock and the
    database are process-wide)."""
    return _LOCK


def require_packages() -> None:
    """Import the target's packages.

    Raises:
        TargetUnavailable: one is missing (install ``twofa-sim[conformance]``).
    """
    missing = []
    for module, distribution in PACKAGES:
        try:
            importlib.import_module(module)
        except ImportError:
            missing.append(distribution)
    if missing:
        raise TargetUnavailable(f"the django target needs {', '.join(missing)}: "
                                "pip install 'twofa-sim[conformance]'")


def ensure_ready() -> None:
    """Configure Django for the project once per process and build its schema.

    Raises:
        TargetUnavailable: the packages are missing, or Django is already
            configured in this process for another project.
    """
    with _LOCK:
        require_packages()
        import django
        from django.conf import settings

        if not settings.configured:
            settings.configure(**SETTINGS)
        elif getattr(settings, "ROOT_URLCONF", None) != URLCONF:
            raise TargetUnavailable("Django is already configured in this process for another project "
                                    f"(ROOT_URLCONF={getattr(settings, 'ROOT_URLCONF', None)!r}); run the "
                                    "conformance check in a process of its own")
        from django.apps import apps

        if not apps.ready:
            django.setup()
        _ensure_schema()


def _ensure_schema() -> None:
    """Open the connection that keeps the shared in-memory database alive,
    and migrate it when its tables are missing (once per process)."""
    from django.core.management import call_command
    from django.db import connection

    if _STATE["keeper"] is None:
        _STATE["keeper"] = sqlite3.connect(DATABASE, uri=True, check_same_thread=False)
    if "two_factor_phonedevice" not in connection.introspection.table_names():
        call_command("migrate", verbosity=0, interactive=False)


def wipe() -> int:
    """Empty every table the project's models use (users, devices, tokens,
    sessions; the content types and permissions stay) and restart their ids;
    returns the new world's generation number."""
    from django.core.management.color import no_style
    from django.db import connection

    with _LOCK:
        keep = {"django_content_type", "auth_permission"}
        tables = [t for t in connection.introspection.django_table_names(only_existing=True) if t not in keep]
        with connection.constraint_checks_disabled(), connection.cursor() as cursor:
            for statement in connection.ops.sql_flush(no_style(), tables, reset_sequences=True):
                cursor.execute(statement)
        _STATE["generation"] = int(_STATE["generation"]) + 1
        return int(_STATE["generation"])


def generation() -> int:
    """The generation number of the world opened last in this process."""
    return int(_STATE["generation"])
