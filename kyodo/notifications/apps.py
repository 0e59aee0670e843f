from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "kyodo.notifications"
    label = "notifications"
    verbose_name = _("お知らせ")

    def ready(self) -> None:
        """Register every module's notification kinds: each installed app's `notices.py`
        declares its own (kyodo.notifications.kinds)."""
        autodiscover_modules("notices")
