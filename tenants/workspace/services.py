"""Changes to a town's workspace. Each takes the acting user and is audited."""

import functools

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from kyodo.accounts.policy import can_edit_workspace_profile
from kyodo.audit.services import audit_record, snapshot
from tenants.models import Municipality, PublishedContact
from tenants.workspace.models import TownProfile


def profile_get(*, municipality: Municipality) -> TownProfile:
    """The town's profile; an unsaved empty one before the town first fills it in."""
    with tenant_context(municipality):
        return TownProfile.objects.first() or TownProfile()


def profile_update(*, actor, municipality: Municipality, data: dict) -> TownProfile:
    """Save the town's profile and publish its contact details to the prefecture."""
    if not can_edit_workspace_profile(actor, municipality):
        raise PermissionDenied
    fields = list(TownProfile.AUDITED_FIELDS)
    with tenant_context(municipality), transaction.atomic():
        profile = TownProfile.objects.select_for_update().first() or TownProfile()
        before = snapshot(profile, fields) if profile.pk else None
        for field in fields:
            if field in data:
                setattr(profile, field, data[field])
        profile.full_clean()
        profile.save()
        audit_record(
            actor=actor,
            action="town_profile.update",
            target=profile,
            before=before,
            after=snapshot(profile, fields),
            tenant_schema=municipality.schema_name,
        )
        transaction.on_commit(functools.partial(_enqueue_publish, municipality))
    return profile


def _enqueue_publish(municipality: Municipality) -> None:
    from tenants.workspace.tasks import publish_profile

    with tenant_context(municipality):
        publish_profile.delay()


def profile_publish(*, municipality: Municipality) -> PublishedContact | None:
    """Copy the town's published fields to the public schema. Safe to run twice."""
    with tenant_context(municipality):
        profile = TownProfile.objects.first()
    if profile is None:
        return None
    values = {field: getattr(profile, field) for field in TownProfile.PUBLISHED_FIELDS}
    with schema_context("public"), transaction.atomic():
        contact, _ = PublishedContact.objects.update_or_create(
            municipality=municipality, defaults={**values, "published_at": timezone.now()}
        )
    return contact
