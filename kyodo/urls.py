"""URLs of the prefecture (public schema). Town workspaces live in urls_workspace."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from api import pages as api_pages
from kyodo import views
from kyodo.accounts import views as account_views
from kyodo.invitations import urls as invitation_urls
from tenants import views as tenant_views

handler400 = "kyodo.request_shape.bad_request"

# The admin signs in through allauth, second factor included, never with its own form.
admin.site.login = secure_admin_login(admin.site.login)

console_patterns = [
    path("", tenant_views.console_home, name="home"),
    *invitation_urls.console_patterns,
]

urlpatterns = [
    path("", views.home, name="home"),
    path("console/", include((console_patterns, "console"))),
    path("vendors/<int:pk>/", account_views.vendor_portal, name="vendor_portal"),
    path("specialist/", account_views.specialist_home, name="specialist_home"),
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
