"""Changes to a town's records behind the reported indicators: the automation register
(RPA等), the monthly approval counts (決裁件数) and the resident survey results, and the
roadmap (工程表, services/roadmap.py) kept the same way.

Every change takes the acting user, runs in the town's schema and one transaction, checks
the model's rules (`full_clean`, so a broken rule is a ValidationError naming the field),
writes an audit entry `<entity>.create|update|delete` and, for the evidence, publishes
the town's values once committed: a line of the register can change every year from its
start, so every year the town has values for is published again, as the checklist does.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django_tenants.utils import tenant_context

from joint_targets.workspace.models import ApprovalMonth, AutomatedProcess, ResidentSurvey
from kyodo.accounts.policy import can_edit_town_evidence
from kyodo.audit.services import audit_record, snapshot
from tenants.models import Municipality


@dataclass(frozen=True)
class Record:
    """One kind of town record: its model, the entity its audit actions name, and
    whether its values are published (the roadmap's are not)."""

    model: type[models.Model]
    entity: str
    publishes: bool = True

    @property
    def fields(self) -> list[str]:
        return list(self.model.AUDITED_FIELDS)


AUTOMATION = Record(AutomatedProcess, "automated_process")
APPROVALS = Record(ApprovalMonth, "approval_month")
SURVEYS = Record(ResidentSurvey, "resident_survey")


def _check(actor, municipality: Municipality) -> None:
    if not can_edit_town_evidence(actor, municipality):
        raise PermissionDenied


def _after_change(record: Record, *, actor, municipality: Municipality, row, before,
                  verb: str) -> None:
    audit_record(actor=actor, action=f"{record.entity}.{verb}", target=row, before=before,
                 after=None if verb == "delete" else snapshot(row, record.fields),
                 tenant_schema=municipality.schema_name)
    if record.publishes:
        from joint_targets.services.publishing import publish_all_after_commit

        publish_all_after_commit(municipality)


def record_create(record: Record, *, actor, municipality: Municipality, data: dict):
    _check(actor, municipality)
    with tenant_context(municipality), transaction.atomic():
        row = record.model(**{field: data[field] for field in record.fields if field in data})
        row.full_clean()
        row.save()
        _after_change(record, actor=actor, municipality=municipality, row=row, before=None,
                      verb="create")
    return row


def record_update(record: Record, *, actor, municipality: Municipality, pk: int, data: dict):
    """Save the fields given; a row saved unchanged writes nothing and publishes nothing."""
    _check(actor, municipality)
    with tenant_context(municipality), transaction.atomic():
        row = record.model.objects.select_for_update().get(pk=pk)
        before = snapshot(row, record.fields)
        for field in record.fields:
            if field in data:
                setattr(row, field, data[field])
        if before == snapshot(row, record.fields):
            return row
        row.full_clean()
        row.save()
        _after_change(record, actor=actor, municipality=municipality, row=row, before=before,
                      verb="update")
    return row


def record_delete(record: Record, *, actor, municipality: Municipality, pk: int) -> None:
    _check(actor, municipality)
    with tenant_context(municipality), transaction.atomic():
        row = record.model.objects.select_for_update().get(pk=pk)
        before = snapshot(row, record.fields)
        _after_change(record, actor=actor, municipality=municipality, row=row, before=before,
                      verb="delete")
        row.delete()


def automated_process_create(*, actor, municipality: Municipality,
                             data: dict) -> AutomatedProcess:
    return record_create(AUTOMATION, actor=actor, municipality=municipality, data=data)


def automated_process_update(*, actor, municipality: Municipality, pk: int,
                             data: dict) -> AutomatedProcess:
    return record_update(AUTOMATION, actor=actor, municipality=municipality, pk=pk, data=data)


def automated_process_delete(*, actor, municipality: Municipality, pk: int) -> None:
    record_delete(AUTOMATION, actor=actor, municipality=municipality, pk=pk)


def approval_month_create(*, actor, municipality: Municipality, data: dict) -> ApprovalMonth:
    return record_create(APPROVALS, actor=actor, municipality=municipality, data=data)


def approval_month_update(*, actor, municipality: Municipality, pk: int,
                          data: dict) -> ApprovalMonth:
    return record_update(APPROVALS, actor=actor, municipality=municipality, pk=pk, data=data)


def approval_month_delete(*, actor, municipality: Municipality, pk: int) -> None:
    record_delete(APPROVALS, actor=actor, municipality=municipality, pk=pk)


def resident_survey_create(*, actor, municipality: Municipality,
                           data: dict) -> ResidentSurvey:
    return record_create(SURVEYS, actor=actor, municipality=municipality, data=data)


def resident_survey_update(*, actor, municipality: Municipality, pk: int,
                           data: dict) -> ResidentSurvey:
    return record_update(SURVEYS, actor=actor, municipality=municipality, pk=pk, data=data)


def resident_survey_delete(*, actor, municipality: Municipality, pk: int) -> None:
    record_delete(SURVEYS, actor=actor, municipality=municipality, pk=pk)
