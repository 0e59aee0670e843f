from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kyodo.accounts"
    label = "accounts"
    verbose_name = _("アカウント")

    def ready(self) -> None:
        from allauth.mfa import signals as mfa_signals

        from kyodo.accounts import mfa

        mfa_signals.authenticator_added.connect(
            mfa.audit_authenticator_added, dispatch_uid="kyodo.audit.mfa.added")
        mfa_signals.authenticator_removed.connect(
            mfa.audit_authenticator_removed, dispatch_uid="kyodo.audit.mfa.removed")
        mfa_signals.authenticator_reset.connect(
            mfa.audit_authenticator_reset, dispatch_uid="kyodo.audit.mfa.reset")
