from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    name = "procurement"
    verbose_name = _("共同調達")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from kyodo.audit.visibility import register_sealed_events
        from procurement import notices  # noqa: F401  (registers the notification kinds)
        from procurement.selectors import sealed_bid_events

        register_sealed_events(sealed_bid_events)
