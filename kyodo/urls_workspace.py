"""URLs of a town's workspace, mounted under /m/<slug>/ by the path routing."""

from django.urls import include, path

from tenants.workspace import views

workspace_patterns = [
    path("", views.home, name="home"),
    path("profile/edit/", views.profile_edit, name="profile_edit"),
]

urlpatterns = [path("", include((workspace_patterns, "workspace")))]
