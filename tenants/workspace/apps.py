from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """The town's own workspace. Its tables live in each municipality's schema."""

    name = "tenants.workspace"
    label = "workspace"
    verbose_name = _("市町村ワークスペース")
