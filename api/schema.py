"""How /api/schema/ describes Kyodo's API (the auth schemes load with ApiConfig.ready).

Every operation documents every status it can answer with, each error in the one
shape of api/errors.py. `KyodoAutoSchema` (DRF's DEFAULT_SCHEMA_CLASS) adds the
statuses that follow from how a view is built, so a new module's views get them
without writing anything:

| status | when | added to |
| --- | --- | --- |
| 400 | the input is invalid | operations with parameters or a body |
| 401 | no credentials, or a token or session that fails | operations with security |
| 403 | the role may not, or a coordinator lacks a second factor | the same, if not optional |
| 404 | no such object, or one the caller may not see | operations with path parameters |
| 406 | the `Accept` header asks for something other than JSON | every operation |
| 415 | the body is not JSON | operations with a body |
| 429 | too many requests | views with throttles |

What only the view knows (a 409 when a state forbids the change, …) it declares
itself: `@extend_schema(responses={200: Output, 409: error_response("…")})`.

A town's endpoints (the workspace URLConf's API views, served under /m/<slug>/api/)
are in the same document as /m/{slug}/api/…: `town_endpoints`, a preprocessing hook,
adds them, and their views declare `TOWN_SLUG_PARAMETER`.
"""

from importlib import import_module

from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path
from django_tenants.utils import get_subfolder_prefix
from drf_spectacular.extensions import (
    OpenApiAuthenticationExtension,
    OpenApiSerializerFieldExtension,
)
from drf_spectacular.generators import EndpointEnumerator
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse

from api.errors import ErrorResponseSerializer

ERROR_MEDIA_TYPE = "application/json"

# 地方公共団体コード: its shape as a pattern, and its check digit, which a pattern cannot
# say, as the named format `lg-code` (tests/api/test_schemathesis.py generates it).
LG_CODE_SCHEMA = {
    "type": "string",
    "pattern": "^[0-9]{6}$",
    "format": "lg-code",
    "description": "地方公共団体コード: five digits and the check digit 総務省 defines "
                   "(e.g. 442020 for 別府市).",
}
LG_CODE_PARAMETER = OpenApiParameter(
    "lg_code", LG_CODE_SCHEMA, OpenApiParameter.PATH, required=True,
    description=LG_CODE_SCHEMA["description"] + " Six digits with a wrong check digit are a "
    "400 (`lg_code_check_digit`); a valid code of no municipality here is a 404.",
)

# A town's slug as its workspace URL spells it (tenants.middleware.SLUG_SHAPE): the
# format `town-slug` lets tests/api/test_schemathesis.py generate the test towns' slugs.
TOWN_SLUG_PARAMETER = OpenApiParameter(
    "slug", {"type": "string", "pattern": "^[-a-zA-Z0-9_]{1,60}$", "format": "town-slug"},
    OpenApiParameter.PATH, required=True,
    examples=[OpenApiExample("姫島村", value="himeshima")],
    description="The town's slug, as in its workspace URL (`workspace_url` in GET /api/v1/me/, "
    "e.g. `himeshima`). Only the town's members get in: anyone else gets 403, and a token "
    "acts here only if it was issued for a membership in this town. An unknown slug is a 404.",
)

# An object's id in a path (`/…/<int:pk>/`).
ID_PARAMETER = OpenApiParameter("id", int, OpenApiParameter.PATH, required=True,
                                description="The object's id.")

STANDARD_ERRORS = {
    "400": "The input is invalid: `validation_error`, and `details` names each parameter "
           "or field at fault with its own code.",
    "401": "No credentials or credentials that do not work. `not_authenticated`: the request "
           "carries neither a token nor a session (every anonymous request). "
           "`authentication_failed`: the token is malformed, unknown, revoked or expired, or "
           "its account is deactivated (or is a demo account, on a server not in DEBUG). "
           "`WWW-Authenticate` names the Bearer scheme.",
    "403": "`mfa_required`: the account is a prefecture coordinator's or operator's and has "
           "no second factor yet (set one up at /accounts/2fa/). `permission_denied`: the "
           "caller's role may not do this, or a session request that changes something came "
           "without its CSRF token.",
    "404": "`not_found`: there is no such object (or town), or the caller may not see it; the "
           "two are answered alike, so an identifier tells nothing to someone who may not see "
           "it.",
    "406": "`not_acceptable`: the `Accept` header asks for a format other than JSON.",
    "415": "`unsupported_media_type`: the request body is not JSON.",
    "429": "`throttled`: too many requests; `Retry-After` says how many seconds to wait.",
}


def error_response(description: str) -> OpenApiResponse:
    """An error an operation declares itself, in the API's error shape."""
    return OpenApiResponse(ErrorResponseSerializer, description=description)


class KyodoAutoSchema(AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        error = self.resolve_serializer(ErrorResponseSerializer, "response").ref
        responses = operation["responses"]
        for status in self._standard_error_statuses(operation):
            responses.setdefault(status, {
                "description": STANDARD_ERRORS[status],
                "content": {ERROR_MEDIA_TYPE: {"schema": error}},
            })
        if "401" in responses:
            responses["401"].setdefault("headers", {"WWW-Authenticate": {
                "schema": {"type": "string"}, "description": "`Bearer realm=\"api\"`"}})
        if "429" in responses:
            responses["429"].setdefault("headers", {"Retry-After": {
                "schema": {"type": "integer"}, "description": "Seconds to wait."}})
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _standard_error_statuses(self, operation: dict) -> list[str]:
        has_body = "requestBody" in operation
        statuses = ["406"]
        if operation.get("parameters") or has_body:
            statuses.append("400")
        if operation.get("security"):
            statuses.append("401")  # credentials that do not work
            if {} not in operation["security"]:  # an open operation refuses nobody
                statuses.append("403")
        if any(parameter["in"] == "path" for parameter in operation.get("parameters", [])):
            statuses.append("404")
        if has_body:
            statuses.append("415")
        if self.view.get_throttles():
            statuses.append("429")
        return statuses


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "kyodo_<prefix>_<secret>",
            "description": (
                "An API token issued at /accounts/tokens/, sent as "
                "`Authorization: Bearer kyodo_<prefix>_<secret>`. The token acts for the one "
                "organisation and role it was issued for. `Authorization: Token …` is "
                "accepted too. A header naming either scheme with a key that does not work "
                "is a 401, never a fall-back to the session."
            ),
        }


class SessionScheme(OpenApiAuthenticationExtension):
    """The browser's session, as signed in at /accounts/login/ (DRF's SessionAuthentication)."""

    target_class = "rest_framework.authentication.SessionAuthentication"
    name = "cookieAuth"
    priority = 1  # over drf-spectacular's own, to say how it behaves here

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": (
                "The session of someone signed in to Kyodo in the browser (Swagger UI at "
                "/api/docs/ uses it). It acts for all of that person's memberships. Requests "
                "that change something must also send the CSRF token in `X-CSRFToken`."
            ),
        }


def town_endpoints(endpoints: list) -> list:
    """drf-spectacular's preprocessing hook (SPECTACULAR_SETTINGS): the API views of a
    town's workspace URLConf, mounted as they are served, under /m/<slug>/.

    The schema generator reads only the prefecture's URLConf; the workspace's is served
    under each town's prefix by tenants.middleware, so its operations are added here with
    the slug as a path parameter.
    """
    enumerator = EndpointEnumerator(patterns=[])
    workspace = import_module(settings.KYODO_WORKSPACE_URLCONF)
    mounted = [path(f"{get_subfolder_prefix()}/<slug>/", include(workspace.urlpatterns))]
    return [*endpoints, *_endpoints_in(enumerator, mounted, "")]


def _endpoints_in(enumerator: EndpointEnumerator, patterns, prefix: str):
    for pattern in patterns:
        path_regex = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _endpoints_in(enumerator, pattern.url_patterns, path_regex)
        elif isinstance(pattern, URLPattern):
            route = enumerator.get_path_from_regex(path_regex)
            if enumerator.should_include_endpoint(route, pattern.callback):
                for method in enumerator.get_allowed_methods(pattern.callback):
                    yield route, path_regex, method, pattern.callback


class ListLengthExtension(OpenApiSerializerFieldExtension):
    """A nested list serializer's `min_length` and `max_length` (DRF checks both) stated as
    `minItems` and `maxItems`, which drf-spectacular leaves out."""

    target_class = "rest_framework.serializers.ListSerializer"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if self.target.min_length is not None:
            schema["minItems"] = self.target.min_length
        if self.target.max_length is not None:
            schema["maxItems"] = self.target.max_length
        return schema


class TextFieldExtension(OpenApiSerializerFieldExtension):
    """api.fields.TextField's rule (no NUL; for a required text, not only white space)
    stated as its pattern. The field checks the rule itself (api.fields.TextRule, with a
    code for each failure); where a text may be empty, drf-spectacular adds the empty
    string as the other branch of a `oneOf`."""

    target_class = "api.fields.TextField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        schema["pattern"] = self.target.rule.pattern
        return schema
