"""URLs of the prefecture (public schema). Town workspaces live in urls_workspace."""

from django.contrib import admin
from django.urls import include, path

from kyodo import views
from kyodo.accounts import views as account_views
from tenants import views as tenant_views

console_patterns = [path("", tenant_views.console_home, name="home")]

urlpatterns = [
    path("", views.home, name="home"),
    path("console/", include((console_patterns, "console"))),
    path("vendors/<int:pk>/", account_views.vendor_portal, name="vendor_portal"),
    path("specialist/", account_views.specialist_home, name="specialist_home"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
]
