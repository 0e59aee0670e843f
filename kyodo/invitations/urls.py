"""This app's URLs, mounted by kyodo/urls.py (prefecture) and kyodo/urls_workspace.py (towns)."""

from django.urls import path

from kyodo.invitations import vendor_views, views

public_patterns = [
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("vendors/register/", vendor_views.register, name="vendor_register"),
    path("vendors/register/done/", vendor_views.register_done, name="vendor_register_done"),
]

console_patterns = [
    path("invitations/", views.console_invitations, name="invitations"),
    path("invitations/<int:pk>/revoke/", views.console_invitation_revoke,
         name="invitation_revoke"),
    path("vendors/", vendor_views.console_vendors, name="vendors"),
    path("vendors/<int:pk>/approve/", vendor_views.console_vendor_approve, name="vendor_approve"),
    path("vendors/<int:pk>/reject/", vendor_views.console_vendor_reject, name="vendor_reject"),
    path("vendors/<int:pk>/suspend/", vendor_views.console_vendor_suspend, name="vendor_suspend"),
    path("vendors/<int:pk>/reinstate/", vendor_views.console_vendor_reinstate,
         name="vendor_reinstate"),
]

workspace_patterns = [
    path("members/", views.workspace_members, name="members"),
    path("members/invitations/<int:pk>/revoke/", views.workspace_invitation_revoke,
         name="invitation_revoke"),
]
