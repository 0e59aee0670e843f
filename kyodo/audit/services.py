"""Writing the audit log. Every service that changes state calls `audit_record`."""

from django.db import connection
from django.forms.models import model_to_dict

from kyodo.audit.models import AuditEvent
from kyodo.request_context import current_ip_address, current_request_id


def snapshot(instance, fields: list[str]) -> dict:
    """The audited fields of a model instance, as JSON-ready values."""
    values = model_to_dict(instance, fields=fields)
    return {key: value if isinstance(value, int | float | bool | type(None)) else str(value)
            for key, value in values.items()}


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
        before=before,
        after=after,
        request_id=current_request_id(),
        ip_address=current_ip_address(),
    )
