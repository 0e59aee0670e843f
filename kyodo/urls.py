"""URLs of the prefecture (public schema). Town workspaces live in urls_workspace."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from api import pages as api_pages
from kyodo import views
from kyodo.accounts import member_views
from kyodo.accounts import views as account_views
from kyodo.invitations import urls as invitation_urls
from kyodo.invitations import vendor_views
from talent_pool.views import specialist as specialist_views
from tenants import views as tenant_views

handler400 = "kyodo.request_shape.bad_request"

# The admin signs in through allauth, second factor included, never with its own form.
admin.site.login = secure_admin_login(admin.site.login)

console_patterns = [
    path("", tenant_views.console_home, name="home"),
    path("towns/<str:lg_code>/", tenant_views.console_town, name="town"),
    path("members/<int:pk>/role/", member_views.console_member_role, name="member_role"),
    path("members/<int:pk>/remove/", member_views.console_member_remove, name="member_remove"),
    *invitation_urls.console_patterns,
]

urlpatterns = [
    path("", views.home, name="home"),
    path("console/", include((console_patterns, "console"))),
    path("catalog/", include("shared_services.urls")),
    path("procurement/", include("procurement.urls")),
    path("open-data/ocds/", include("procurement.urls_open_data")),
    path("targets/", include("joint_targets.urls")),
    path("talent/", include("talent_pool.urls")),
    path("vendors/<int:pk>/", account_views.vendor_portal, name="vendor_portal"),
    path("vendors/<int:pk>/edit/", vendor_views.vendor_edit, name="vendor_edit"),
    path("vendors/<int:pk>/qualifications/new/", vendor_views.vendor_qualification_new,
         name="vendor_qualification_new"),
    path("vendors/<int:pk>/members/invite/", vendor_views.vendor_member_invite,
         name="vendor_member_invite"),
    path("vendors/members/<int:pk>/role/", member_views.vendor_member_role,
         name="vendor_member_role"),
    path("vendors/members/<int:pk>/remove/", member_views.vendor_member_remove,
         name="vendor_member_remove"),
    path("specialist/", specialist_views.home, name="specialist_home"),
    path("notifications/", include("kyodo.notifications.urls")),
    *invitation_urls.public_patterns,
    path("accounts/tokens/", api_pages.tokens, name="api_tokens"),
    path("accounts/tokens/<int:pk>/revoke/", api_pages.token_revoke, name="api_token_revoke"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    # Pages name their icon; the admin does not, so browsers still ask for this one.
    path("favicon.ico", views.favicon, name="favicon"),
]
