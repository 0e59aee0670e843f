"""The town's procurement pages, mounted under /m/<slug>/ by
kyodo/urls_workspace.py (names are in the `workspace` namespace)."""

from django.urls import path

from procurement.views import town

workspace_patterns = [
    path("procurement/", town.town_list, name="procurement_list"),
    path("procurement/<int:pk>/", town.town_detail, name="procurement_detail"),
]
