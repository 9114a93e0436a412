"""Drive django-two-factor-auth's form wizards and read what they answer.

The wizards are django-formtools ``SessionWizardView`` subclasses. The
management form's prefix is the view's class name in snake case
(``login_view``, ``setup_view``, ``phone_setup_view``) and each form's fields
are prefixed with its step's name (``auth-username``, ``token-otp_token``).
A POST without ``<prefix>-current_step`` is a 400. A finished wizard
answers a redirect (302); a refused step renders its page again (200) with
the wizard's current step and the form's errors in the template context.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The project's pages.
LOGIN = "/account/login/"
LOGOUT = "/account/logout/"
SETUP = "/account/two_factor/setup/"
PHONE_SETUP = "/account/two_factor/phone/register/"
PHONE_DELETE = "/account/two_factor/phone/unregister/{pk}/"
BACKUP_TOKENS = "/account/two_factor/backup/tokens/"
DISABLE = "/account/two_factor/disable/"
PASSWORD_CHANGE = "/account/password_change/"


@dataclass(frozen=True)
class Page:
    """What one response shows.

    Attributes:
        status: the HTTP status.
        location: where a redirect points ("" when none).
        step: the wizard's current step on a rendered wizard page ("" when none).
        errors: the form's error texts, non-field errors first.
        context: the template context (for the setup wizard's secret), or None.
    """

    status: int
    location: str
    step: str
    errors: tuple[str, ...]
    context: object

    @property
    def redirected(self) -> bool:
        """True for a redirect (a finished wizard, or a page that needs a sign-in first)."""
        return self.status in (301, 302, 303)

    def said(self) -> str:
        """The errors as one line (what the person reads), or "" when none."""
        return " ".join(self.errors)


def prefix(view_class) -> str:
    """The management form's prefix formtools gives ``view_class``."""
    from formtools.wizard.views import normalize_name

    return normalize_name(view_class.__name__)


def step_fields(view_prefix: str, step: str, fields: dict[str, str]) -> dict[str, str]:
    """The POST data for ``step``: the management form's current step and
    ``fields`` prefixed with the step's name."""
    data = {f"{view_prefix}-current_step": step}
    data.update({f"{step}-{name}": value for name, value in fields.items()})
    return data


def read(response) -> Page:
    """The :class:`Page` a test-client ``response`` shows."""
    context = getattr(response, "context", None)
    location = response.get("Location", "") if response.status_code in (301, 302, 303) else ""
    step, errors = "", ()
    if context is not None:
        wizard = _lookup(context, "wizard")
        form = wizard["form"] if wizard else _lookup(context, "form")
        if wizard:
            step = str(wizard["steps"].current)
        if form is not None and hasattr(form, "errors"):
            errors = tuple(str(m) for m in form.non_field_errors()) + tuple(
                str(m) for name, messages in form.errors.items() if name != "__all__" for m in messages)
    return Page(response.status_code, location, step, errors, context)


def _lookup(context, key: str):
    try:
        return context[key]
    except KeyError:
        return None
