from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api import views
from api.catalog import urls as catalog
from api.procurement import urls as procurement
from api.talent import urls as talent
from api.targets import urls as targets

v1_patterns = [
    path("me/", views.MeApi.as_view(), name="me"),
    path("municipalities/", views.MunicipalityListApi.as_view(), name="municipality-list"),
    path("municipalities/<str:lg_code>/", views.MunicipalityDetailApi.as_view(),
         name="municipality-detail"),
    *catalog.urlpatterns,
    *procurement.urlpatterns,
    *talent.urlpatterns,
    *targets.urlpatterns,
]

urlpatterns = [
    path("v1/", include((v1_patterns, "v1"))),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file (?script), so the
    # page runs under the Content-Security-Policy without inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(
        url_name="api-schema", template_name="api/swagger_ui.html"), name="api-docs"),
    # Last: any other address under /api/ is a 404 in the API's error shape.
    re_path(r"^", views.NotFoundApi.as_view(), name="api-not-found"),
]
