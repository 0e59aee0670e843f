"""The joint targets' API in a town's workspace, under /m/<slug>/api/v1/
(api/urls_workspace.py): the town's inventory and its indicator values."""

from django.urls import path

from api.targets import views

urlpatterns = [
    path("procedures/", views.TownProcedureListApi.as_view(), name="procedure-list"),
    path("procedures/import/", views.TownProcedureImportApi.as_view(),
         name="procedure-import"),
    path("indicators/", views.TownIndicatorListApi.as_view(), name="indicator-list"),
]
