"""The joint targets' API in a town's workspace, under /m/<slug>/api/v1/
(api/urls_workspace.py): the town's inventory, its registers and roadmap, and its
indicator values."""

from django.urls import path

from api.targets import views

urlpatterns = [
    path("procedures/", views.TownProcedureListApi.as_view(), name="procedure-list"),
    path("procedures/import/", views.TownProcedureImportApi.as_view(),
         name="procedure-import"),
    path("indicators/", views.TownIndicatorListApi.as_view(), name="indicator-list"),
    path("automated-processes/", views.TownAutomatedProcessListApi.as_view(),
         name="automated-process-list"),
    path("approval-months/", views.TownApprovalMonthListApi.as_view(),
         name="approval-month-list"),
    path("resident-surveys/", views.TownResidentSurveyListApi.as_view(),
         name="resident-survey-list"),
    path("milestones/", views.TownMilestoneListApi.as_view(), name="milestone-list"),
]
