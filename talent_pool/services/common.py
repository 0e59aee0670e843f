"""What the pool's services share: field errors, permission, the audit record."""

from django.core.exceptions import PermissionDenied

from kyodo.audit.services import audit_record, snapshot
from kyodo.errors import DomainError, ErrorCode


def invalid(field: str, code: str, message: str) -> DomainError:
    return DomainError(ErrorCode.VALIDATION_ERROR, message,
                       details=[{"field": field, "code": code, "message": message}])


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def audit(*, actor, action: str, target, before=None, after=None,
          tenant_schema: str = "public") -> None:
    audit_record(actor=actor, action=action, target=target, before=before, after=after,
                 tenant_schema=tenant_schema)


def fields_of(instance, names) -> dict:
    return snapshot(instance, list(names))
