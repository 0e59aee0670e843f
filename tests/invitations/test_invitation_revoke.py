"""Withdrawing an invitation before it is accepted."""

import pytest
from django.core.exceptions import PermissionDenied

from kyodo.audit.models import AuditEvent
from kyodo.errors import DomainError, ErrorCode
from kyodo.invitations.models import InvitationStatus
from kyodo.invitations.services import invitation_accept, invitation_revoke
from tests.invitations.conftest import NEW_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def beppu_invitation(beppu, beppu_lead, invite):
    return invite(actor=beppu_lead, email="maybe@beppu.test", municipality=beppu)


def test_a_lead_revokes_a_pending_invitation_and_its_link_stops_working(
    beppu, beppu_lead, beppu_invitation
):
    invitation, token = beppu_invitation

    invitation_revoke(actor=beppu_lead, invitation=invitation)

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REVOKED
    event = AuditEvent.objects.get(action="invitation.revoke", target_id=str(invitation.pk))
    assert (event.actor, event.tenant_schema) == (beppu_lead, beppu.schema_name)
    assert event.before["revoked_at"] is None and event.after["revoked_at"] is not None
    with pytest.raises(DomainError) as refused:
        invitation_accept(token=token, full_name="別府 一郎", password=NEW_PASSWORD)
    assert refused.value.code == ErrorCode.INVITATION_REVOKED


def test_staff_and_other_towns_leads_cannot_revoke(beppu_invitation, beppu_staff, himeshima_lead):
    invitation, _ = beppu_invitation

    for actor in (beppu_staff, himeshima_lead):
        with pytest.raises(PermissionDenied):
            invitation_revoke(actor=actor, invitation=invitation)

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


def test_a_coordinator_revokes_a_towns_invitation(coordinator, beppu_invitation):
    invitation, _ = beppu_invitation

    invitation_revoke(actor=coordinator, invitation=invitation)

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REVOKED


def test_an_accepted_invitation_cannot_be_revoked(beppu_lead, beppu_invitation):
    invitation, token = beppu_invitation
    invitation_accept(token=token, full_name="別府 一郎", password=NEW_PASSWORD)

    with pytest.raises(DomainError) as refused:
        invitation_revoke(actor=beppu_lead, invitation=invitation)

    assert refused.value.code == ErrorCode.INVITATION_USED
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
