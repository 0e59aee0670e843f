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
While the routing cache cannot be reached, requests read their municipality from the
database as before and nothing is kept; and whatever happens to a mark, a worker reads
its municipalities again at least every KEEP_SECONDS.
"""

import copy
import logging
import threading
import time
import uuid

from django.core.cache import caches
from django.db import connection, transaction
from django_tenants.utils import get_public_schema_name

from tenants.models import Domain, Municipality

logger = logging.getLogger(__name__)

ROUTING_CACHE = "routing"
GENERATION_KEY = "kyodo:tenant-routing-generation"

# A backstop for a change whose new mark never reached the cache (Redis unreachable at
# that moment): every worker reads its municipalities again at least this often.
KEEP_SECONDS = 300

_lock = threading.Lock()
_kept: dict[str, Municipality] = {}
_generation: list = [None, 0.0]  # the mark the kept rows were read under, and since when


def _current(key: str, read) -> Municipality | None:
    try:
        mark = caches[ROUTING_CACHE].get(GENERATION_KEY)
    except Exception:  # Redis unreachable: route from the database, keep nothing
        logger.warning("routing cache unreachable; reading the municipality from the database",
                       exc_info=True)
        return read()
    with _lock:
        if mark != _generation[0] or time.monotonic() - _generation[1] > KEEP_SECONDS:
            _kept.clear()
            _generation[:] = [mark, time.monotonic()]
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
        with _lock:
            _kept.clear()
        try:
            caches[ROUTING_CACHE].set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        except Exception:  # the change itself must not fail for it
            logger.error("routing cache unreachable: other workers keep the municipalities "
                         "they routed to until it answers again with a new mark",
                         exc_info=True)

    forget()
    transaction.on_commit(forget)


def forget_routing_on_change(sender, **kwargs) -> None:
    """Receiver for the save and delete signals of Municipality and Domain."""
    forget_routing()
