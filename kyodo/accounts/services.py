"""Changes to memberships. (Memberships are created by accepting an invitation,
kyodo.invitations.services.invitation_accept.)"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_tenants.utils import get_public_schema_name

from kyodo.accounts.models import Membership
from kyodo.accounts.policy import can_remove_membership
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
        schema = (membership.municipality.schema_name if membership.municipality_id
                  else get_public_schema_name())
        audit_record(actor=actor, action="membership.remove", target=membership,
                     before=before, after=after, tenant_schema=schema)
        membership.delete()
