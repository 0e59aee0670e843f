"""URLs of a town's workspace, mounted under /m/<slug>/ by the path routing."""

from django.urls import include, path

from kyodo.accounts import views as account_views
from kyodo.invitations import urls as invitation_urls
from tenants.workspace import views

workspace_patterns = [
    path("", views.home, name="home"),
    path("profile/edit/", views.profile_edit, name="profile_edit"),
    *invitation_urls.workspace_patterns,
    path("members/<int:pk>/remove/", account_views.workspace_member_remove,
         name="member_remove"),
]

urlpatterns = [path("", include((workspace_patterns, "workspace")))]
