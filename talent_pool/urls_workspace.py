"""The town's pool pages, mounted under /m/<slug>/ by kyodo/urls_workspace.py (names are
in the `workspace` namespace)."""

from django.urls import path

from talent_pool.views import town

workspace_patterns = [
    path("talent/", town.request_list, name="talent_requests"),
    path("talent/new/", town.request_edit, name="talent_request_new"),
    path("talent/<int:pk>/", town.request_detail, name="talent_request"),
    path("talent/<int:pk>/edit/", town.request_edit, name="talent_request_edit"),
    path("talent/<int:pk>/submit/", town.submit, name="talent_request_submit"),
    path("talent/<int:pk>/withdraw/", town.withdraw, name="talent_request_withdraw"),
    path("talent/<int:pk>/rate/", town.rate, name="talent_request_rate"),
    path("talent/consultations/", town.consultations, name="talent_consultations"),
    path("talent/consultations/<int:pk>/book/", town.book, name="talent_book"),
    path("talent/bookings/<int:pk>/cancel/", town.cancel_booking, name="talent_booking_cancel"),
]
