from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JointTargetsWorkspaceConfig(AppConfig):
    """The evidence a town keeps for its DX indicators. Its tables live in each
    municipality's schema and never leave it: only computed values are published."""

    name = "joint_targets.workspace"
    label = "joint_targets_workspace"
    verbose_name = _("DX共同目標（市町村の記録）")
