"""The API's single error shape.

Every error the API returns looks like this, whatever raised it:

    {"error": {"code": "validation_error",
               "message": "入力内容に誤りがあります。",
               "details": [{"field": "band", "code": "invalid_choice",
                            "message": "…"}]}}

`code` is stable (kyodo.errors.ErrorCode); `details` names each field at fault with
its own stable code (DRF's and Django's validator codes). `ErrorResponseSerializer`
describes the shape in the OpenAPI schema (api.schema adds it to every operation).
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from kyodo.errors import DomainError, ErrorCode

CODES_BY_EXCEPTION = [
    (exceptions.ValidationError, ErrorCode.VALIDATION_ERROR),
    (exceptions.NotAuthenticated, ErrorCode.NOT_AUTHENTICATED),
    (exceptions.AuthenticationFailed, ErrorCode.AUTHENTICATION_FAILED),
    (exceptions.PermissionDenied, ErrorCode.PERMISSION_DENIED),
    (exceptions.NotFound, ErrorCode.NOT_FOUND),
    (exceptions.MethodNotAllowed, ErrorCode.METHOD_NOT_ALLOWED),
    (exceptions.NotAcceptable, ErrorCode.NOT_ACCEPTABLE),
    (exceptions.UnsupportedMediaType, ErrorCode.UNSUPPORTED_MEDIA_TYPE),
    (exceptions.Throttled, ErrorCode.THROTTLED),
]


ERROR_CODES = [code.value for code in ErrorCode]


@extend_schema_field({"type": "string", "enum": ERROR_CODES})
class ErrorCodeField(serializers.CharField):
    """One of kyodo.errors.ErrorCode: the schema's `ErrorCodeEnum` lists them all."""


class ErrorDetailSerializer(serializers.Serializer):
    field = serializers.CharField(
        help_text="The input at fault: a query or path parameter, a body field "
                  "(`items[0].name` for nested ones), or `non_field_errors`.")
    code = serializers.CharField(
        help_text="A stable code for what is wrong with it, such as `invalid_choice`, "
                  "`blank`, `min_value` or `lg_code_check_digit`.")
    message = serializers.CharField(help_text="The same, for a person to read.")


class ErrorSerializer(serializers.Serializer):
    code = ErrorCodeField(help_text="Stable: clients and tests branch on it.")
    message = serializers.CharField(help_text="For a person to read, in the request's "
                                              "language (Japanese unless switched).")
    details = ErrorDetailSerializer(many=True, help_text="Each input at fault; often empty.")


class ErrorResponseSerializer(serializers.Serializer):
    """Every error the API returns, whatever its status."""

    error = ErrorSerializer()


def error_body(code: str, message: str, details: list[dict] | None = None) -> dict:
    return {"error": {"code": str(code), "message": str(message), "details": details or []}}


def _field_details(detail, prefix: str = "") -> list[dict]:
    """Flatten DRF's nested error detail into [{field, code, message}]."""
    if isinstance(detail, dict):
        items = []
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(key, int):  # a list's item, as DRF reports them: {index: errors}
                name = f"{prefix}[{key}]"
            if key == "non_field_errors":
                name = prefix or "non_field_errors"
            items.extend(_field_details(value, name))
        return items
    if isinstance(detail, list):
        items = []
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):
                items.extend(_field_details(value, f"{prefix}[{index}]"))
            else:
                items.extend(_field_details(value, prefix))
        return items
    return [{"field": prefix or "non_field_errors", "code": getattr(detail, "code", "invalid"),
             "message": str(detail)}]


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return Response(error_body(exc.code, exc.message, exc.details), status=exc.status)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = next((code for kind, code in CODES_BY_EXCEPTION if isinstance(exc, kind)), None)
    if code is None:
        code = ErrorCode.SERVER_ERROR if response.status_code >= 500 else ErrorCode.BAD_REQUEST
    if isinstance(exc, exceptions.ValidationError):
        body = error_body(code, _("入力内容に誤りがあります。"), _field_details(exc.detail))
    else:
        body = error_body(code, exc.detail if hasattr(exc, "detail") else str(exc))
    response.data = body
    return response

