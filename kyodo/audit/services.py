"""Writing the audit log. Every service that changes state calls `audit_record`.

Audit rows can never be deleted, so what one row may hold is bounded: a text value
longer than `LONG_VALUE` characters is stored as its SHA-256, its first `PREFIX`
characters and its length (`{"sha256": …, "prefix": …, "length": …}`). The digest
still shows whether a value changed between two events, and matches the full text
wherever it is kept; the prefix lets a person recognise it. Without the bound, a
2.4 MB post stored before and after in full added megabytes per save for ever.
"""

import hashlib

from django.db import connection
from django.forms.models import model_to_dict

from kyodo.audit.models import AuditEvent
from kyodo.request_context import current_ip_address, current_request_id

LONG_VALUE = 1_000
PREFIX = 200


def snapshot(instance, fields: list[str]) -> dict:
    """The audited fields of a model instance, as JSON-ready values."""
    values = model_to_dict(instance, fields=fields)
    return {key: value if isinstance(value, int | float | bool | type(None)) else str(value)
            for key, value in values.items()}


def bounded(value):
    """`value` with every text longer than LONG_VALUE replaced by its digest and prefix.

    Keys stay as they are: they are the service's field names, not what people typed.
    """
    if isinstance(value, str) and len(value) > LONG_VALUE:
        return {
            "sha256": hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest(),
            "prefix": value[:PREFIX],
            "length": len(value),
        }
    if isinstance(value, dict):
        return {key: bounded(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [bounded(item) for item in value]
    return value


def audit_record(
    *,
    actor,
    action: str,
    target,
    before: dict | None = None,
    after: dict | None = None,
    tenant_schema: str | None = None,
) -> AuditEvent:
    """Append one event. Call it inside the transaction that makes the change."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_label=str(getattr(actor, "email", "") or "system") if is_user else "system",
        tenant_schema=tenant_schema or connection.schema_name,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk or ""),
        target_label=str(target)[:200],
        before=bounded(before),
        after=bounded(after),
        request_id=current_request_id(),
        ip_address=current_ip_address(),
    )
