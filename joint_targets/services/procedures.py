"""Changes to a town's procedure inventory. Each takes the acting user, runs in the town's
schema and one transaction, audits every row it changes, and publishes the year's
indicator values once the change is committed."""

import functools

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from joint_targets import procedure_file
from joint_targets.procedure_file import HEADING, RowError, UnreadableFile
from joint_targets.workspace.models import Procedure
from kyodo.accounts.policy import can_edit_procedures
from kyodo.audit.services import audit_record, snapshot
from kyodo.errors import DomainError, ErrorCode
from tenants.models import Municipality

EDITABLE_FIELDS = tuple(field for field in Procedure.AUDITED_FIELDS if field != "fiscal_year")


def _check(actor, municipality: Municipality) -> None:
    if not can_edit_procedures(actor, municipality):
        raise PermissionDenied


def _audit(actor, municipality, procedure, before: dict | None, verb: str) -> None:
    audit_record(actor=actor, action=f"procedure.{verb}", target=procedure, before=before,
                 after=snapshot(procedure, list(Procedure.AUDITED_FIELDS)),
                 tenant_schema=municipality.schema_name)


def _publish_after_commit(municipality: Municipality, fiscal_year: int) -> None:
    from joint_targets.services.publishing import enqueue_publish

    transaction.on_commit(functools.partial(enqueue_publish, municipality, fiscal_year))


def procedure_create(*, actor, municipality: Municipality, fiscal_year: int,
                     data: dict) -> Procedure:
    _check(actor, municipality)
    with tenant_context(municipality), transaction.atomic():
        procedure = Procedure(fiscal_year=fiscal_year,
                              **{field: data[field] for field in EDITABLE_FIELDS if field in data})
        procedure.full_clean()
        procedure.save()
        _audit(actor, municipality, procedure, None, "create")
        _publish_after_commit(municipality, fiscal_year)
    return procedure


def procedure_update(*, actor, municipality: Municipality, pk: int, data: dict) -> Procedure:
    _check(actor, municipality)
    with tenant_context(municipality), transaction.atomic():
        procedure = Procedure.objects.select_for_update().get(pk=pk)
        before = snapshot(procedure, list(Procedure.AUDITED_FIELDS))
        for field in EDITABLE_FIELDS:
            if field in data:
                setattr(procedure, field, data[field])
        procedure.full_clean()
        procedure.save()
        _audit(actor, municipality, procedure, before, "update")
        _publish_after_commit(municipality, procedure.fiscal_year)
    return procedure


def procedure_delete(*, actor, municipality: Municipality, pk: int) -> None:
    _check(actor, municipality)
    with tenant_context(municipality), transaction.atomic():
        procedure = Procedure.objects.select_for_update().get(pk=pk)
        before = snapshot(procedure, list(Procedure.AUDITED_FIELDS))
        audit_record(actor=actor, action="procedure.delete", target=procedure, before=before,
                     tenant_schema=municipality.schema_name)
        procedure.delete()
        _publish_after_commit(municipality, before["fiscal_year"])


def procedures_import(*, actor, municipality: Municipality, fiscal_year: int,
                      content: bytes) -> dict[str, int]:
    """Read a template file into the year's inventory: all of it or nothing.

    A row whose 担当部署 and 手続名 match a procedure of the year updates it; any other
    row adds one; procedures the file does not list are kept. When any row is wrong,
    nothing is saved and the DomainError lists every problem by row and column.
    Returns how many procedures were added, updated and left as they were.
    """
    _check(actor, municipality)
    try:
        rows, errors = procedure_file.parse(content)
    except UnreadableFile as error:
        raise DomainError(ErrorCode.IMPORT_INVALID, str(error),
                          details=[RowError(0, "", str(error)).as_dict()]) from error
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with tenant_context(municipality), transaction.atomic():
        existing = {(procedure.department, procedure.name): procedure for procedure in
                    Procedure.objects.select_for_update().filter(fiscal_year=fiscal_year)}
        planned, errors = _plan(rows, errors, existing, fiscal_year)
        if errors:
            raise DomainError(
                ErrorCode.IMPORT_INVALID,
                _("%(count)d件の誤りがあるため、取り込みませんでした。") % {"count": len(errors)},
                details=[error.as_dict() for error in sorted(
                    errors, key=lambda error: (error.row, error.column))])
        fields = list(Procedure.AUDITED_FIELDS)
        for procedure, before in planned:
            if before is not None and before == snapshot(procedure, fields):
                counts["unchanged"] += 1
                continue
            procedure.save()
            _audit(actor, municipality, procedure, before,
                   "create" if before is None else "update")
            counts["created" if before is None else "updated"] += 1
        if counts["created"] or counts["updated"]:
            _publish_after_commit(municipality, fiscal_year)
    return counts


def _plan(rows, errors, existing, fiscal_year):
    """The procedures the file makes, checked by the model's own rules, and every error."""
    errors = list(errors)
    failed_rows = {error.row for error in errors}
    seen: dict[tuple[str, str], int] = {}
    planned = []
    fields = list(Procedure.AUDITED_FIELDS)
    for number, values in rows:
        key = (values.get("department", ""), values.get("name", ""))
        if key in seen:
            errors.append(RowError(number, HEADING["name"], _(
                "%(row)d行目と同じ担当部署・手続名です。") % {"row": seen[key]}))
            continue
        seen[key] = number
        if number in failed_rows:
            continue
        procedure = existing.get(key) or Procedure(fiscal_year=fiscal_year)
        before = snapshot(procedure, fields) if procedure.pk else None
        for field, value in values.items():
            setattr(procedure, field, value)
        try:
            procedure.full_clean()
        except ValidationError as error:
            errors += [RowError(number, HEADING.get(field, ""), message)
                       for field, messages in error.message_dict.items()
                       for message in messages]
            continue
        planned.append((procedure, before))
    return planned, errors
