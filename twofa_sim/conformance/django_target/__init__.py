"""django-two-factor-auth with django-otp as a target of the scenario files.

:class:`~.adapter.DjangoAdapter` drives the package's login and setup
wizards in-process through Django's test client, in the minimal project of
``_project.py`` (settings built once per process) and ``_urls.py``; the
other private modules hold the wizard driver (``_wizard.py``), the browser
that honours cookie expiry (``_cookies.py``), the database reads
(``_database.py``), the policy-to-settings map (``_settings_map.py``) and the
Fake SMS gateway's texts (``_sms.py``). Django is imported only when a world
is opened.
"""

from .adapter import DjangoAdapter

__all__ = ["DjangoAdapter"]
