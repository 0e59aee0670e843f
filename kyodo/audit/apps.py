from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "kyodo.audit"
    label = "audit"
    verbose_name = _("監査ログ")

    def ready(self):
        from kyodo.audit import checks  # noqa: F401  (registers the deploy check)
