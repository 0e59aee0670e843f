"""Audit events that may not be shown yet.

The audit log records every step at the moment it happens, but some steps are secrets
for a while: who bid on a tender must stay unknown until its opening (procurement).
A module registers a function answering "which events are sealed now" (a Q over
AuditEvent); every place that shows the log filters through `visible_events`.
"""

from collections.abc import Callable

from django.db.models import Q, QuerySet

_SEALERS: list[Callable[[], Q]] = []


def register_sealed_events(sealer: Callable[[], Q]) -> Callable[[], Q]:
    _SEALERS.append(sealer)
    return sealer


def visible_events(queryset: QuerySet) -> QuerySet:
    for sealer in _SEALERS:
        queryset = queryset.exclude(sealer())
    return queryset
