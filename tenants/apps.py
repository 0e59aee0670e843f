from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = _("市町村")

    def ready(self) -> None:
        from tenants.models import Domain, Municipality
        from tenants.routing import forget_routing_on_change

        # Workers keep the municipalities they route to (tenants.routing); a change to
        # one, or to its routing name, must reach every worker.
        for model in (Municipality, Domain):
            post_save.connect(forget_routing_on_change, sender=model,
                              dispatch_uid=f"forget_routing_{model.__name__}")
            post_delete.connect(forget_routing_on_change, sender=model,
                                dispatch_uid=f"forget_routing_delete_{model.__name__}")
