"""The joint targets' prefecture and open-data pages, mounted at /targets/ by kyodo/urls.py."""

from django.urls import path

from joint_targets.views import prefecture as views
from joint_targets.views import public

app_name = "targets"

urlpatterns = [
    path("progress/", views.progress, name="progress"),
    path("progress/download/", views.progress_download, name="progress_download"),
    path("polarisation/", views.polarisation_view, name="polarisation"),
    path("needs-support/", views.needs_support, name="needs_support"),
    path("needs-support/<int:pk>/suggest/", views.suggest, name="suggest"),
    path("bands/", public.bands, name="bands"),
    path("bands/download/", public.bands_download, name="bands_download"),
    path("bands/trends/download/", public.bands_trends_download,
         name="bands_trends_download"),
]
