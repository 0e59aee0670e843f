from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kyodo.accounts"
    label = "accounts"
    verbose_name = _("アカウント")

    def ready(self) -> None:
        from allauth.mfa import signals as mfa_signals
        from django.db.models.signals import post_delete, post_save

        from kyodo.accounts import mfa
        from kyodo.accounts.models import Membership
        from kyodo.accounts.policy import forget_memberships

        # The policy keeps each request's memberships (kyodo.accounts.policy).
        post_save.connect(forget_memberships, sender=Membership,
                          dispatch_uid="kyodo.accounts.memberships.saved")
        post_delete.connect(forget_memberships, sender=Membership,
                            dispatch_uid="kyodo.accounts.memberships.deleted")

        mfa_signals.authenticator_added.connect(
            mfa.audit_authenticator_added, dispatch_uid="kyodo.audit.mfa.added")
        mfa_signals.authenticator_removed.connect(
            mfa.audit_authenticator_removed, dispatch_uid="kyodo.audit.mfa.removed")
        mfa_signals.authenticator_reset.connect(
            mfa.audit_authenticator_reset, dispatch_uid="kyodo.audit.mfa.reset")
