from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharedServicesConfig(AppConfig):
    """The common-system catalog, adoption requests, subscriptions and cost shares.
    Its tables live in the public schema: the prefecture curates, every town reads."""

    name = "shared_services"
    verbose_name = _("共通システム")
