"""Changes to memberships. (Memberships are created by accepting an invitation,
kyodo.invitations.services.invitation_accept.)"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_tenants.utils import get_public_schema_name

from kyodo.accounts.models import Membership
from kyodo.accounts.policy import can_change_role, can_remove_membership
from kyodo.audit.services import audit_record


def membership_remove(*, actor, membership: Membership, reason: str = "") -> None:
    """End a membership. The API tokens that acted for it go with it, and are audited,
    with the reason the remover gave (e.g. a transfer), if any."""
    if not can_remove_membership(actor, membership):
        raise PermissionDenied
    with transaction.atomic():
        membership = Membership.objects.select_for_update(of=("self",)).select_related(
            "user", "municipality", "vendor").get(pk=membership.pk)
        tokens = list(membership.api_tokens.values_list("prefix", flat=True))
        before = {"user": membership.user.email, "organisation": str(membership.organisation),
                  "role": membership.role, "api_tokens": tokens}
        after = {"reason": reason.strip()} if reason.strip() else None
        audit_record(actor=actor, action="membership.remove", target=membership,
                     before=before, after=after, tenant_schema=_schema_of(membership))
        membership.delete()


def membership_change_role(*, actor, membership: Membership, role: str) -> Membership:
    """Give a member another role in the same organisation (staff ⇄ lead, member ⇄ admin,
    between the prefecture's roles). Their API tokens keep working in the new role."""
    if not can_change_role(actor, membership, role):
        raise PermissionDenied
    with transaction.atomic():
        membership = Membership.objects.select_for_update(of=("self",)).select_related(
            "user", "municipality", "vendor").get(pk=membership.pk)
        before = {"user": membership.user.email, "organisation": str(membership.organisation),
                  "role": membership.role}
        if membership.role == role:
            return membership
        membership.role = role
        membership.save(update_fields=["role"])
        audit_record(actor=actor, action="membership.change_role", target=membership,
                     before=before, after={**before, "role": role},
                     tenant_schema=_schema_of(membership))
    return membership


def _schema_of(membership: Membership) -> str:
    if membership.municipality_id:
        return membership.municipality.schema_name
    return get_public_schema_name()
