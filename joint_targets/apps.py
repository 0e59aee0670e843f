from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JointTargetsConfig(AppConfig):
    """Joint DX targets: the indicators, the prefecture's targets and the values each town
    publishes. Its tables live in the public schema; the evidence behind the values stays
    in each town's schema (joint_targets.workspace)."""

    name = "joint_targets"
    verbose_name = _("DX共同目標")

    def ready(self):
        from joint_targets.adoptions import publish_after_subscriptions_change
        from shared_services.signals import subscriptions_changed

        subscriptions_changed.connect(publish_after_subscriptions_change,
                                      dispatch_uid="joint_targets.adoptions")
