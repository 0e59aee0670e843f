"""A town's API, /m/<slug>/api/: only the town's members get in, however they come, and
the OpenAPI document describes it beside the prefecture's."""

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from api.views import NotFoundApi
from tenants.middleware import WorkspaceMember

pytestmark = pytest.mark.django_db

HIMESHIMA = "/m/himeshima/api/v1/adoption-requests/"


def api_views(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from api_views(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and route.startswith("api/"):
            yield route, pattern.callback


def test_every_view_of_a_towns_api_admits_only_the_towns_members():
    views = list(api_views(get_resolver(settings.KYODO_WORKSPACE_URLCONF).url_patterns))

    assert len(views) > 1
    for route, callback in views:
        view = getattr(callback, "cls", None)
        assert view is not None, f"{route} is not an API view"
        if view is NotFoundApi:
            continue
        assert WorkspaceMember in view().permission_classes, route


def test_a_signed_in_person_of_another_town_gets_the_apis_403(client, beppu_staff):
    client.force_login(beppu_staff)

    response = client.get(HIMESHIMA)

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_a_towns_member_signed_in_in_the_browser_uses_it_too(client, himeshima_staff):
    client.force_login(himeshima_staff)

    assert client.get(HIMESHIMA).status_code == 200


def test_the_towns_endpoints_are_documented_under_its_slug(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()

    operation = schema["paths"]["/m/{slug}/api/v1/adoption-requests/"]["post"]
    slug = next(parameter for parameter in operation["parameters"]
                if parameter["name"] == "slug")
    assert slug["in"] == "path" and slug["schema"]["format"] == "town-slug"
    assert {"201", "403", "404", "409"} <= set(operation["responses"])
