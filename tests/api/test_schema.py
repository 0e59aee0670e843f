"""The OpenAPI schema documents every status an operation can answer, in one error shape."""

import pytest
from django.urls import path
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from api.schema import STANDARD_ERRORS, error_response
from kyodo.errors import ErrorCode

pytestmark = pytest.mark.django_db

ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}
# Open data, for anyone without credentials (docs/joint_targets.md): no 401 nor 403.
OPEN_OPERATIONS = {"GET /api/v1/targets/bands/"}


@pytest.fixture
def schema(client) -> dict:
    return client.get("/api/schema/", {"format": "json"}).json()


def operations(schema):
    for path_, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path_}", operation


def test_every_operation_documents_anonymous_refusal_forbidden_and_not_acceptable(schema):
    for label, operation in operations(schema):
        if label in OPEN_OPERATIONS:
            continue
        for status in ("401", "403", "406"):
            assert operation["responses"][status]["content"] == ERROR, (label, status)
        assert "WWW-Authenticate" in operation["responses"]["401"]["headers"], label


def test_operations_with_input_document_400_and_with_an_identifier_404(schema):
    for label, operation in operations(schema):
        locations = {parameter["in"] for parameter in operation.get("parameters", [])}
        responses = operation["responses"]
        assert ("400" in responses) == bool(locations or "requestBody" in operation), label
        standard_404 = responses.get("404", {}).get("description") == STANDARD_ERRORS["404"]
        assert standard_404 == ("path" in locations), label


def test_the_error_shape_lists_every_stable_code(schema):
    components = schema["components"]["schemas"]

    assert components["ErrorResponse"]["required"] == ["error"]
    assert components["Error"]["required"] == ["code", "details", "message"]
    assert components["ErrorCodeEnum"]["enum"] == [code.value for code in ErrorCode]
    assert components["ErrorDetail"]["required"] == ["code", "field", "message"]


def test_lg_code_is_six_digits_with_a_check_digit(schema):
    operation = schema["paths"]["/api/v1/municipalities/{lg_code}/"]["get"]
    (lg_code,) = operation["parameters"]

    assert lg_code["schema"]["pattern"] == "^[0-9]{6}$"
    assert lg_code["schema"]["format"] == "lg-code"


def test_list_parameters_are_closed_sets_and_bounded_numbers(schema):
    operation = schema["paths"]["/api/v1/municipalities/"]["get"]
    parameters = {parameter["name"]: parameter["schema"] for parameter in operation["parameters"]}

    assert "大分県" in parameters["prefecture"]["enum"]
    assert "" not in parameters["prefecture"]["enum"]
    assert "town_village_small" in parameters["band"]["enum"]
    assert parameters["kind"]["enum"] == ["city", "town", "village", "special_ward"]
    assert (parameters["limit"]["minimum"], parameters["limit"]["maximum"]) == (1, 1000)
    assert parameters["offset"]["minimum"] == 0


def test_both_ways_in_are_documented(schema):
    schemes = schema["components"]["securitySchemes"]

    assert schemes["apiToken"]["scheme"] == "bearer"
    assert schemes["cookieAuth"]["in"] == "cookie"
    assert "CSRF" in schemes["cookieAuth"]["description"]
    for label, operation in operations(schema):
        if label in OPEN_OPERATIONS:
            continue
        assert operation["security"] == [{"apiToken": []}, {"cookieAuth": []}], label


def test_open_data_is_documented_as_needing_no_credentials(schema):
    found = {label: operation for label, operation in operations(schema)
             if label in OPEN_OPERATIONS}

    assert set(found) == OPEN_OPERATIONS
    for label, operation in found.items():
        # credentials are optional ({}); ones that do not work are still a 401
        assert operation["security"] == [{"apiToken": []}, {"cookieAuth": []}, {}], label
        assert "403" not in operation["responses"], label
        for status in ("401", "406"):
            assert operation["responses"][status]["content"] == ERROR, (label, status)


class TenAMinute(SimpleRateThrottle):
    rate = "10/min"

    def get_cache_key(self, request, view):
        return "example"


class ExampleInput(serializers.Serializer):
    name = serializers.CharField(max_length=20)


class ExampleOutput(serializers.Serializer):
    id = serializers.IntegerField()


class ExampleCreateApi(APIView):
    """A module's write, as a module would declare it."""

    throttle_classes = [TenAMinute]

    @extend_schema(request=ExampleInput, responses={
        201: ExampleOutput, 409: error_response("`conflict`: already there.")})
    def post(self, request):
        raise NotImplementedError


def test_a_modules_write_gets_the_standard_errors_and_keeps_its_own():
    generated = SchemaGenerator(patterns=[path("api/v1/examples/", ExampleCreateApi.as_view())])

    responses = generated.get_schema(request=None, public=True)[
        "paths"]["/api/v1/examples/"]["post"]["responses"]

    assert list(responses) == ["201", "400", "401", "403", "406", "409", "415", "429"]
    assert responses["409"]["description"] == "`conflict`: already there."
    for status in ("400", "409", "415", "429"):
        assert responses[status]["content"] == ERROR, status
    assert "Retry-After" in responses["429"]["headers"]
