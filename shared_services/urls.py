"""The catalog's prefecture pages, mounted at /catalog/ by kyodo/urls.py."""

from django.urls import path

from shared_services.lifecycle import TRANSITIONS, Side
from shared_services.views import prefecture as views

app_name = "catalog"

urlpatterns = [
    path("", views.catalog, name="list"),
    path("new/", views.system_new, name="system_new"),
    path("<int:pk>/", views.system_detail, name="system"),
    path("<int:pk>/edit/", views.system_edit, name="system_edit"),
    path("<int:pk>/status/", views.system_status, name="system_status"),
    path("<int:pk>/specifications/new/", views.specification_new, name="specification_new"),
    path("<int:pk>/specifications/<int:document_pk>/", views.specification,
         name="specification"),
    path("requests/", views.queue, name="queue"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    # One address per lifecycle action the prefecture takes (shared_services.lifecycle).
    *[path(f"requests/<int:pk>/{action}/", views.request_act, {"action": action},
           name=f"request_{action}")
      for action, transition in TRANSITIONS.items() if transition.side == Side.PREFECTURE],
    path("requests/<int:pk>/comments/", views.request_comment, name="request_comment"),
    path("requests/<int:pk>/attachments/<int:attachment_pk>/", views.request_attachment,
         name="request_attachment"),
    path("charges/", views.charges, name="charges"),
]
