"""The joint targets' pages in a town's workspace, mounted at /m/<slug>/targets/."""

from django.urls import path

from joint_targets.views import records
from joint_targets.views import workspace as views


def _record_patterns(page: records.RecordPage) -> list:
    """A record page's list (and add), edit-in-place and remove addresses."""
    prefix, name, kwargs = f"targets/{page.name}/", f"targets_{page.name}", {"page": page}
    return [
        path(prefix, records.record_list, kwargs, name=name),
        path(f"{prefix}<int:pk>/edit/", records.record_edit, kwargs, name=f"{name}_edit"),
        path(f"{prefix}<int:pk>/remove/", records.record_remove, kwargs,
             name=f"{name}_remove"),
    ]


workspace_patterns = [
    path("targets/", views.dashboard, name="targets"),
    path("targets/organisation/", views.organisation, name="targets_organisation"),
    path("targets/procedures/", views.procedures, name="targets_procedures"),
    path("targets/procedures/<int:pk>/edit/", views.procedure_edit,
         name="targets_procedure_edit"),
    path("targets/procedures/<int:pk>/remove/", views.procedure_remove,
         name="targets_procedure_remove"),
    path("targets/procedures/import/", views.procedures_upload,
         name="targets_procedures_import"),
    path("targets/procedures/template/", views.procedures_template,
         name="targets_procedures_template"),
    *[pattern for page in (records.AUTOMATION, records.APPROVALS, records.SURVEYS,
                           records.ROADMAP) for pattern in _record_patterns(page)],
]
