"""Path routing: `/m/<slug>/…` is a town's workspace, everything else the prefecture.

`MunicipalityPathMiddleware` does what django-tenants' subfolder middleware does,
with three differences: a town's URLs come from the workspace URLConf (not the
prefecture's); an unknown slug gets the platform's own 404 page; and Django's URL
caches are left alone. django-tenants clears them on every request, which made every
`reverse()` rebuild the prefecture's resolver (admin and allauth included): about
40 ms a request. Here each town's URLConf is one cached module, so the resolver
caches stay correct without clearing. `WorkspaceMembershipMiddleware` then closes
every workspace URL to anyone who is not a member of that town.

A town's API (`/m/<slug>/api/…`) answers in the API's own terms: an unknown town is
the API's 404, and membership is checked by `WorkspaceMember`, a default permission
class of the API, because only DRF knows who an API token acts for. A token issued
for a membership elsewhere does not open a town its user also belongs to.
"""

import functools
import re
from importlib import import_module
from types import ModuleType

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.shortcuts import render
from django.urls import include, path, set_urlconf
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import get_subfolder_prefix
from rest_framework.permissions import BasePermission

from kyodo.accounts.policy import can_enter_workspace
from tenants.models import Municipality
from tenants.routing import municipality_for_slug, prefecture

# What a town's slug can look like (Municipality.slug: a SlugField of at most 60). Anything
# else is no town, answered before the database is asked: PostgreSQL refuses a NUL byte
# in a query with an error, which used to be a 500 for anyone at `/m/%00/`.
SLUG_SHAPE = re.compile(
    rf"[-a-zA-Z0-9_]{{1,{Municipality._meta.get_field('slug').max_length}}}")
# Where a town's API lives inside its workspace (kyodo/urls_workspace.py mounts it).
WORKSPACE_API = "api/"


def is_workspace_api(request) -> bool:
    """Is this a request for a town's API, `/m/<slug>/api/…`?"""
    prefix = f"/{get_subfolder_prefix()}/"
    rest = request.path[len(prefix):].partition("/")[2] if request.path.startswith(prefix) else ""
    return rest.startswith(WORKSPACE_API)


def _no_such_town(request, context: dict | None = None):
    """The 404 for a path naming no town: the API's own (JSON) for its addresses."""
    if is_workspace_api(request):
        from api.views import NotFoundApi  # the API's 404; the API depends on tenants

        response = NotFoundApi.as_view()(request).render()  # no view follows to render it
        del response["Allow"]  # no resource here, so no methods to offer
        return response
    return render(request, "404.html", context, status=404)


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


class MunicipalityPathMiddleware:
    """Keep it before every middleware that reads the database: it sets the schema.

    The municipality comes from the worker's memory (tenants.routing), and setting it
    on a connection that already has its search path sends nothing (kyodo.db_backend).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = f"/{get_subfolder_prefix()}/"

    def __call__(self, request):
        if request.path.startswith(self.prefix):
            slug = request.path[len(self.prefix):].split("/", 1)[0]
            if not SLUG_SHAPE.fullmatch(slug):
                connection.set_schema_to_public()
                return _no_such_town(request)
            tenant = municipality_for_slug(slug)
            if tenant is None:
                connection.set_schema_to_public()
                return _no_such_town(request, {"unknown_slug": slug})
            tenant.domain_subfolder = slug
            request.urlconf = workspace_urlconf(slug)
        else:
            tenant = prefecture()
            request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
        request.tenant = tenant
        connection.set_tenant(tenant)
        set_urlconf(request.urlconf)
        return self.get_response(request)


class WorkspaceMembershipMiddleware:
    """Anonymous visitors of a workspace sign in first; non-members get 403.

    The town's API views are left to `WorkspaceMember`; anything else served under the
    town's api/ path (there should be nothing) is checked here, as every page is.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_workspace_api(request):
            refusal = self._refusal(request)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if is_workspace_api(request) and not hasattr(view_func, "cls"):
            return self._refusal(request)
        return None

    @staticmethod
    def _refusal(request):
        tenant = getattr(request, "tenant", None)
        if tenant is not None and not tenant.is_public:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if not can_enter_workspace(request.user, tenant):
                raise PermissionDenied
        return None


class WorkspaceMember(BasePermission):
    """The membership rule for the API views of a town (a default permission class of
    the API): only the town's members, and with a token only a token issued for a
    membership in that town. Anywhere else (the prefecture's API) it lets everyone by."""

    message = _("この市町村のワークスペースには、その市町村の所属の方だけが入れます。")

    def has_permission(self, request, view) -> bool:
        tenant = getattr(request, "tenant", None)
        if tenant is None or tenant.is_public:
            return True
        return can_enter_workspace(request.user, tenant)
