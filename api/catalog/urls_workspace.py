"""The catalog's API in a town's workspace, under /m/<slug>/api/v1/ (api/urls_workspace.py):
the town's own adoption requests."""

from django.urls import path

from api.catalog import views

urlpatterns = [
    path("adoption-requests/", views.TownAdoptionRequestListApi.as_view(),
         name="adoption-request-list"),
    path("adoption-requests/<int:pk>/", views.TownAdoptionRequestDetailApi.as_view(),
         name="adoption-request-detail"),
    path("adoption-requests/<int:pk>/submit/", views.SubmitApi.as_view(),
         name="adoption-request-submit"),
    path("adoption-requests/<int:pk>/withdraw/", views.WithdrawApi.as_view(),
         name="adoption-request-withdraw"),
]
