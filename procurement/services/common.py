"""What the procurement services share: the clock, field errors, the audit record."""

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kyodo.audit.services import audit_record, snapshot
from kyodo.errors import DomainError, ErrorCode
from procurement.models import Procurement


def now() -> datetime.datetime:
    """The server's clock: every deadline is judged by it, never by the browser's."""
    return timezone.now()


def invalid(field: str, code: str, message: str) -> DomainError:
    return DomainError(ErrorCode.VALIDATION_ERROR, message,
                       details=[{"field": field, "code": code, "message": message}])


def conflict(code: ErrorCode, message: str) -> DomainError:
    return DomainError(code, message, status=409)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def moment_text(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def deadline_passed(what: str, deadline: datetime.datetime) -> DomainError:
    return conflict(ErrorCode.DEADLINE_PASSED,
                    _("%(what)sの期限（%(deadline)s）を過ぎています。")
                    % {"what": what, "deadline": moment_text(deadline)})


def wrong_state(procurement: Procurement) -> DomainError:
    return conflict(ErrorCode.INVALID_TRANSITION,
                    _("この調達は「%(state)s」のため、この操作はできません。")
                    % {"state": procurement.state().label})


def audit(*, actor, action: str, target, before=None, after=None) -> None:
    audit_record(actor=actor, action=action, target=target, before=before, after=after,
                 tenant_schema="public")


def procurement_snapshot(procurement: Procurement) -> dict:
    return snapshot(procurement, Procurement.AUDITED_FIELDS)


def fresh(procurement: Procurement) -> Procurement:
    """The procurement as the database has it now: a caller's copy may predate a step
    another request (or beat) has taken since."""
    return Procurement.objects.get(pk=procurement.pk)
