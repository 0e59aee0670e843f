"""The request id, client address and tenant of the work in progress.

A middleware sets them per request; Celery tasks run under the tenant they were sent
with. The log filter adds them to every log line, and the audit log records them.
"""

import contextvars
import ipaddress
import re
import uuid

from django.conf import settings
from django.db import connection

_request_id = contextvars.ContextVar("request_id", default="")
_ip_address = contextvars.ContextVar("ip_address", default=None)
REQUEST_ID_HEADER = "X-Request-ID"
_ACCEPTABLE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_id() -> str:
    return _request_id.get()


def current_ip_address() -> str | None:
    return _ip_address.get()


def client_address(request) -> str | None:
    """The client's IP address, as seen through KYODO_TRUSTED_PROXY_COUNT proxies.

    Each trusted proxy (nginx, the ingress) appends the address it was connected from to
    X-Forwarded-For, so with N of them the client is the N-th entry from the right.
    Entries further left were written by the client and prove nothing. Without trusted
    proxies, or with a header that does not fit, the connecting address is used.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.KYODO_TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                 if part.strip()]
    if len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def current_tenant_schema() -> str:
    return getattr(connection, "schema_name", "") or "-"


class RequestContextMiddleware:
    """Give every request an id (the caller's X-Request-ID if it is sane) and echo it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if _ACCEPTABLE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        # Set, not reset afterwards: Django logs 4xx/5xx responses after the middleware
        # has returned, and those lines should carry the id too. The next request on
        # this thread sets its own; under ASGI each request has its own context.
        _request_id.set(request_id)
        _ip_address.set(client_address(request))
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response


class ClientErrorWithoutTraceback:
    """A 403 or 404 is logged as one line: the traceback of the PermissionDenied or
    Http404 that produced it says nothing an operator needs. 5xx keep theirs."""

    def filter(self, record) -> bool:
        if record.name == "django.request" and getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True


class RequestContextFilter:
    """Adds `tenant` and `request_id` to each log record."""

    def filter(self, record) -> bool:
        record.tenant = current_tenant_schema()
        record.request_id = current_request_id() or "-"
        return True
