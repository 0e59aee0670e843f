"""URLs of a town's workspace, mounted under /m/<slug>/ by the path routing."""

from django.urls import include, path

from joint_targets import urls_workspace as targets_urls
from kyodo.accounts import member_views
from kyodo.invitations import urls as invitation_urls
from procurement import urls_workspace as procurement_urls
from shared_services import urls_workspace as catalog_urls
from talent_pool import urls_workspace as talent_urls
from tenants.workspace import views

workspace_patterns = [
    path("", views.home, name="home"),
    path("profile/edit/", views.profile_edit, name="profile_edit"),
    *invitation_urls.workspace_patterns,
    path("members/<int:pk>/role/", member_views.workspace_member_role, name="member_role"),
    path("members/<int:pk>/remove/", member_views.workspace_member_remove,
         name="member_remove"),
    *catalog_urls.workspace_patterns,
    *procurement_urls.workspace_patterns,
    *targets_urls.workspace_patterns,
    *talent_urls.workspace_patterns,
]

urlpatterns = [
    path("", include((workspace_patterns, "workspace"))),
    path("api/", include(("api.urls_workspace", "town-api"))),
]
