"""Which municipality a request is for, kept in the worker's memory.

Every request needs its tenant: the town named by `/m/<slug>/`, or the prefecture (the
public tenant) for everything else. The rows change a few times a year, so a worker
reads each one once and keeps it, instead of asking the database on every request.

A worker's copies are dropped when a municipality or its routing name changes
(`forget_routing`, connected to their save and delete signals in `tenants.apps`), and
also in every other worker and pod: the change writes a new generation mark into the
`routing` cache (Redis, shared by every process, when configured), and each request
compares it with the one its worker's copies were read under (one cache read, no SQL).
Slugs that name no town are not kept, so an unknown slug cannot fill the memory.
"""

import copy
import threading
import uuid

from django.core.cache import caches
from django.db import connection, transaction
from django_tenants.utils import get_public_schema_name

from tenants.models import Domain, Municipality

ROUTING_CACHE = "routing"
GENERATION_KEY = "kyodo:tenant-routing-generation"

_lock = threading.Lock()
_kept: dict[str, Municipality] = {}
_generation: list = [None]  # the mark the kept rows were read under


def _current(key: str, read) -> Municipality | None:
    mark = caches[ROUTING_CACHE].get(GENERATION_KEY)
    with _lock:
        if mark != _generation[0]:
            _kept.clear()
            _generation[0] = mark
        kept = _kept.get(key)
    if kept is None:
        kept = read()
        if kept is None:
            return None
        with _lock:
            if _generation[0] == mark:
                _kept[key] = kept
    # Each request gets its own copy: the middleware sets attributes on its tenant.
    return copy.copy(kept)


def municipality_for_slug(slug: str) -> Municipality | None:
    """The municipality whose workspace is `/m/<slug>/`, or None."""

    def read():
        connection.set_schema_to_public()
        domain = Domain.objects.select_related("tenant").filter(domain=slug).first()
        return None if domain is None else domain.tenant

    return _current(f"slug:{slug}", read)


def prefecture() -> Municipality:
    """The prefecture that runs the platform: the public tenant."""

    def read():
        connection.set_schema_to_public()
        return Municipality.objects.get(schema_name=get_public_schema_name())

    return _current("public", read)


def forget_routing() -> None:
    """Drop every worker's kept rows: now, and again once the change is committed (a
    request in between could have read the row as it was before)."""

    def forget():
        caches[ROUTING_CACHE].set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        with _lock:
            _kept.clear()

    forget()
    transaction.on_commit(forget)


def forget_routing_on_change(sender, **kwargs) -> None:
    """Receiver for the save and delete signals of Municipality and Domain."""
    forget_routing()
