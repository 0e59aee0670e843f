"""Second factors: prefecture staff must have one, and every change to one is audited.

A prefecture coordinator or operator (`policy.requires_mfa`) whose account has neither
an authenticator app (TOTP) nor a security key or passkey (WebAuthn) reaches only what
it needs to sign in, sign out and set one up: allauth's own pages under /accounts/ and
the language switch (static files are served before any middleware). Recovery codes do
not count: allauth issues them with a first authenticator, as its stand-in. The demo
accounts, whose password is published, are let off while DEBUG is on.

Web pages redirect to the MFA setup page with a message (`SecondFactorRequiredMiddleware`).
The API answers 403 `mfa_required` in its error shape from `SecondFactorEnrolled`, one
of its default permission classes: only DRF knows the user of a token, and its
exception handler writes the error shape.
"""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name
from rest_framework.permissions import BasePermission

from kyodo.accounts.demo import DEMO_EMAILS
from kyodo.accounts.policy import requires_mfa
from kyodo.audit.services import audit_record
from kyodo.errors import DomainError, ErrorCode

SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
# Views an account without its second factor may still use: allauth's (sign-in, the
# second-factor step, sign-out, MFA setup, reauthentication) and the language switch.
OPEN_VIEW_MODULES = ("allauth.", "django.views.i18n")


def second_factor_missing(user) -> bool:
    """Must this signed-in account set up a second factor before it goes on?"""
    if user is None or not user.is_authenticated:
        return False
    if settings.DEBUG and user.email in DEMO_EMAILS:
        return False
    return requires_mfa(user) and not is_mfa_enabled(user, SECOND_FACTORS)


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # DRF's as_view() marks its views with `cls`; the API applies SecondFactorEnrolled.
        module = getattr(view_func, "__module__", "") or ""
        if module.startswith(OPEN_VIEW_MODULES) or hasattr(view_func, "cls"):
            return None
        if not second_factor_missing(request.user):
            return None
        messages.warning(request, _(
            "県のコーディネーターと運用担当者のアカウントには多要素認証が必要です。"
            "認証アプリまたはセキュリティキーを登録してください。"
        ))
        return redirect("mfa_index")


class SecondFactorEnrolled(BasePermission):
    """The same rule for the API, whether the caller came by session or by token."""

    def has_permission(self, request, view) -> bool:
        if second_factor_missing(request.user):
            raise DomainError(
                ErrorCode.MFA_REQUIRED,
                _("多要素認証を設定するまで、このアカウントではAPIを利用できません。"),
                status=403,
            )
        return True


def _audit(action: str, *, user, authenticator, before=None, after=None) -> None:
    audit_record(actor=user, action=action, target=authenticator, before=before, after=after,
                 tenant_schema=get_public_schema_name())


def audit_authenticator_added(sender, *, user, authenticator, **kwargs) -> None:
    _audit("mfa.authenticator_added", user=user, authenticator=authenticator,
           after={"type": authenticator.type})


def audit_authenticator_removed(sender, *, user, authenticator, **kwargs) -> None:
    """allauth has deleted the row already, so the event carries its type and name only."""
    _audit("mfa.authenticator_removed", user=user, authenticator=authenticator,
           before={"type": authenticator.type})


def audit_authenticator_reset(sender, *, user, authenticator, **kwargs) -> None:
    """Recovery codes regenerated: `authenticator` holds the new set; the old one is gone."""
    _audit("mfa.authenticator_reset", user=user, authenticator=authenticator,
           after={"type": authenticator.type})
