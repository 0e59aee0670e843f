"""OCDS open data, mounted at /open-data/ocds/ by kyodo/urls.py (public, no sign-in)."""

from django.urls import path

from procurement.views import open_data

app_name = "ocds"

urlpatterns = [
    path("", open_data.package_index, name="index"),
    path("<str:ocid>.json", open_data.package, name="package"),
]
