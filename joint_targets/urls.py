"""The joint targets' prefecture pages, mounted at /targets/ by kyodo/urls.py."""

from django.urls import path

from joint_targets.views import prefecture as views

app_name = "targets"

urlpatterns = [
    path("progress/", views.progress, name="progress"),
    path("progress/download/", views.progress_download, name="progress_download"),
]
