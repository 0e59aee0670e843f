"""The joint targets' pages in a town's workspace, mounted at /m/<slug>/targets/."""

from django.urls import path

from joint_targets.views import workspace as views

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
]
