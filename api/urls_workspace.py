"""The API of a town's workspace, /m/<slug>/api/ (mounted by kyodo/urls_workspace.py).

Each module's town-scoped endpoints are included under v1/, as api/urls.py includes
its prefecture-wide ones. The path's town is `request.tenant`, and only its members
get in (tenants.middleware.WorkspaceMember). The OpenAPI schema at /api/schema/
documents these operations as /m/{slug}/api/v1/… (api.schema.town_endpoints).
"""

from django.urls import include, path, re_path

from api import views
from api.catalog import urls_workspace as catalog
from api.procurement import urls_workspace as procurement
from api.talent import urls_workspace as talent
from api.targets import urls_workspace as targets

v1_patterns = [
    *catalog.urlpatterns,
    *procurement.urlpatterns,
    *talent.urlpatterns,
    *targets.urlpatterns,
]

urlpatterns = [
    path("v1/", include((v1_patterns, "v1"))),
    # Last: any other address under /m/<slug>/api/ is a 404 in the API's error shape.
    re_path(r"^", views.NotFoundApi.as_view(), name="api-not-found"),
]
