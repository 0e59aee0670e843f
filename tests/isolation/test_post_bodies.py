"""Where the walk's POST bodies come from, and what happens when there is none."""

import jsonschema
import pytest
from django.shortcuts import redirect
from django.test import override_settings
from django.urls import path
from django.views.decorators.http import require_POST

from kyodo.urls import urlpatterns as prefecture_urlpatterns
from tests.isolation.html_forms import FreshValues
from tests.isolation.walk import all_routes, body_from_schema, survey, targets_of


@require_POST
def close_report(request, pk: int):
    return redirect("/console/")


# The prefecture's URLConf with one route more, as a module might add it.
urlpatterns = [path("console/reports/<int:pk>/close/", close_report, name="close_report"),
               *prefecture_urlpatterns]


@pytest.mark.django_db
@override_settings(PUBLIC_SCHEMA_URLCONF=__name__)
def test_a_new_post_route_without_an_accepted_body_fails_the_walk(world):
    route = next(route for route in all_routes() if route.name == "close_report")
    targets, _ = targets_of(world, [route])

    surveyed = survey(world, targets)

    assert "close_report" in surveyed.post_routes
    assert ("/console/reports/<int:pk>/close/ (close_report) takes a POST, but no body was "
            "accepted from its owner: add what is missing to post_bodies.py"
            in surveyed.problems)

COMPONENTS = {"schemas": {
    "Contact": {
        "type": "object",
        "required": ["email", "name"],
        "properties": {
            "email": {"type": "string", "format": "email"},
            "name": {"type": "string", "maxLength": 8},
            "phone": {"type": "string", "pattern": "^0[0-9-]+$"},
        },
    },
    "Kind": {"enum": ["", "goods", "services"], "type": "string"},
}}
REQUEST = {
    "type": "object",
    "required": ["id", "kind", "amount", "opens_on", "contacts", "sealed"],
    "properties": {
        "id": {"type": "integer", "readOnly": True},
        "kind": {"$ref": "#/components/schemas/Kind"},
        "amount": {"type": "integer", "minimum": 1000},
        "opens_on": {"type": "string", "format": "date"},
        "contacts": {"type": "array", "minItems": 1,
                     "items": {"$ref": "#/components/schemas/Contact"}},
        "sealed": {"type": "boolean"},
        "note": {"type": "string"},
    },
}


def test_an_api_request_body_is_a_minimal_valid_instance_of_its_schema():
    """No API operation takes a body yet; the modules' first ones will rely on this."""
    body = body_from_schema(REQUEST, COMPONENTS, FreshValues())

    document = {"components": COMPONENTS, **{key: value for key, value in REQUEST.items()
                                             if key != "required"},
                "required": [name for name in REQUEST["required"] if name != "id"]}
    jsonschema.validate(body, document, format_checker=jsonschema.FormatChecker())
    assert set(body) == {"kind", "amount", "opens_on", "contacts", "sealed"}
    assert body["kind"] == "goods" and body["amount"] == 1000
    assert "@" in body["contacts"][0]["email"] and len(body["contacts"][0]["name"]) <= 8
