"""Path routing: `/m/<slug>/…` is a town's workspace, everything else the prefecture.

`MunicipalityPathMiddleware` is django-tenants' subfolder middleware with two
changes: a town's URLs come from the workspace URLConf (not the prefecture's), and an
unknown slug gets the platform's own 404 page. `WorkspaceMembershipMiddleware` then
closes every workspace URL to anyone who is not a member of that town.
"""

import functools
from importlib import import_module
from types import ModuleType

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import include, path
from django_tenants.middleware.subfolder import TenantSubfolderMiddleware
from django_tenants.utils import get_subfolder_prefix

from kyodo.accounts.policy import can_enter_workspace


@functools.lru_cache(maxsize=4096)
def workspace_urlconf(slug: str) -> ModuleType:
    """The workspace URLConf mounted under `/m/<slug>/`."""
    workspace = import_module(settings.KYODO_WORKSPACE_URLCONF)
    prefix = f"{get_subfolder_prefix()}/{slug}/"

    class WorkspaceUrlConf(ModuleType):
        urlpatterns = [path(prefix, include(workspace.urlpatterns))]

        def __getattr__(self, attr):
            return getattr(workspace, attr)

    return WorkspaceUrlConf(f"{settings.KYODO_WORKSPACE_URLCONF}_{slug}")


class MunicipalityPathMiddleware(TenantSubfolderMiddleware):
    @staticmethod
    def get_urlconf(tenant):
        return workspace_urlconf(tenant.domain_subfolder)

    def no_tenant_found(self, request, hostname):
        return render(request, "404.html", {"unknown_slug": hostname}, status=404)


class WorkspaceMembershipMiddleware:
    """Anonymous visitors of a workspace sign in first; non-members get 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tenant = getattr(request, "tenant", None)
        if tenant is not None and not tenant.is_public:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if not can_enter_workspace(request.user, tenant):
                raise PermissionDenied
        return self.get_response(request)
