"""The joint targets' API under /api/v1/targets/ (mounted by api/urls.py)."""

from django.urls import path

from api.targets import views

urlpatterns = [
    path("targets/indicators/", views.IndicatorListApi.as_view(), name="target-indicator-list"),
    path("targets/progress/", views.ProgressApi.as_view(), name="target-progress"),
    path("targets/bands/", views.BandsApi.as_view(), name="target-bands"),
]
