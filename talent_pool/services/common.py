"""What the pool's services share: field errors, permission, the audit record."""

from django.core.exceptions import PermissionDenied, ValidationError

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


def full_clean_or_invalid(instance, **options) -> None:
    """The model's own field rules, the first one broken as a DomainError on its field."""
    try:
        instance.full_clean(**options)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise invalid(field, "invalid", messages[0]) from error
