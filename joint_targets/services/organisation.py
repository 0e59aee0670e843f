"""Changes to a town's organisation checklist (CIO, CIO補佐官, policy, structure,
external talent), in its schema, audited per item, published once committed."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_tenants.utils import tenant_context

from joint_targets.workspace.models import Measure, OrganisationMeasure
from kyodo.accounts.policy import can_edit_organisation_checklist
from kyodo.audit.services import audit_record, snapshot
from tenants.models import Municipality

EDITABLE_FIELDS = ("since", "until", "evidence")


def organisation_update(*, actor, municipality: Municipality,
                        items: dict[str, dict]) -> list[OrganisationMeasure]:
    """Save the checklist items given (by measure code); an item saved unchanged writes
    nothing. Every year the town has values for is published again after commit, since
    a date can change any year's value."""
    if not can_edit_organisation_checklist(actor, municipality):
        raise PermissionDenied
    fields = list(OrganisationMeasure.AUDITED_FIELDS)
    saved = []
    with tenant_context(municipality), transaction.atomic():
        current = {item.measure: item for item in
                   OrganisationMeasure.objects.select_for_update().all()}
        for code, data in items.items():
            item = current.get(code) or OrganisationMeasure(measure=Measure(code))
            before = snapshot(item, fields) if item.pk else None
            for field in EDITABLE_FIELDS:
                if field in data:
                    setattr(item, field, data[field])
            if before is not None and before == snapshot(item, fields):
                continue
            item.full_clean()
            item.save()
            verb = "update" if before else "create"
            audit_record(actor=actor, action=f"organisation_measure.{verb}", target=item,
                         before=before, after=snapshot(item, fields),
                         tenant_schema=municipality.schema_name)
            saved.append(item)
        if saved:
            from joint_targets.services.publishing import publish_all_after_commit

            publish_all_after_commit(municipality)
    return saved
