"""The project's URLs: django-two-factor-auth's own (login and setup wizards,
backup tokens, disable, phone registration), Django's sign-out and password
change, and a page to land on after signing in.

The backup-tokens page is django-two-factor-auth's view with the number of
tokens read from the ``TWOFA_SIM_BACKUP_TOKENS`` setting (the package's
documented way to change it is a subclass setting ``number_of_tokens``).
"""

from django.conf import settings
from django.contrib.auth.views import LogoutView, PasswordChangeDoneView, PasswordChangeView
from django.http import HttpResponse
from django.urls import include, path
from two_factor.urls import urlpatterns as two_factor_urls
from two_factor.views import BackupTokensView


class BackupTokens(BackupTokensView):
    """django-two-factor-auth's backup-tokens page, ``number_of_tokens`` from the settings."""

    @property
    def number_of_tokens(self):
        return getattr(settings, "TWOFA_SIM_BACKUP_TOKENS", 10)


def signed_in(request):
    """Where a sign-in lands (``LOGIN_REDIRECT_URL``)."""
    return HttpResponse("signed in" if request.user.is_authenticated else "not signed in")


urlpatterns = [
    path("account/two_factor/backup/tokens/", BackupTokens.as_view(), name="backup_tokens"),
    path("", include(two_factor_urls)),
    path("account/logout/", LogoutView.as_view(), name="logout"),
    path("account/password_change/", PasswordChangeView.as_view(success_url="/account/password_change/done/"),
         name="password_change"),
    path("account/password_change/done/", PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("account/signed-in/", signed_in, name="signed_in"),
]
