"""The catalog's pages in a town's workspace, mounted at /m/<slug>/catalog/."""

from django.urls import path

from shared_services.lifecycle import TRANSITIONS, Side
from shared_services.views import workspace as views

workspace_patterns = [
    path("catalog/", views.catalog, name="catalog"),
    path("catalog/<int:pk>/", views.system_detail, name="catalog_system"),
    path("catalog/<int:pk>/estimate/", views.system_estimate, name="catalog_estimate"),
    path("catalog/<int:pk>/specifications/<int:document_pk>/", views.system_specification,
         name="catalog_specification"),
    path("catalog/requests/", views.requests_list, name="catalog_requests"),
    path("catalog/requests/new/", views.request_new, name="catalog_request_new"),
    path("catalog/requests/<int:pk>/", views.request_detail, name="catalog_request"),
    path("catalog/requests/<int:pk>/edit/", views.request_edit, name="catalog_request_edit"),
    # One address per lifecycle action the town takes (shared_services.lifecycle).
    *[path(f"catalog/requests/<int:pk>/{action}/", views.request_act, {"action": action},
           name=f"catalog_request_{action}")
      for action, transition in TRANSITIONS.items() if transition.side == Side.TOWN],
    path("catalog/requests/<int:pk>/comments/", views.request_comment,
         name="catalog_request_comment"),
    path("catalog/requests/<int:pk>/attachments/", views.request_attach,
         name="catalog_request_attach"),
    path("catalog/requests/<int:pk>/attachments/<int:attachment_pk>/",
         views.request_attachment, name="catalog_request_attachment"),
    path("catalog/charges/", views.charges, name="catalog_charges"),
    path("catalog/charges/download/", views.charges_download, name="catalog_charges_download"),
]
