"""Who may invite whom into which organisation, and the e-mail the invitee receives."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from kyodo.accounts.models import Role
from kyodo.audit.models import AuditEvent
from kyodo.errors import DomainError, ErrorCode
from kyodo.invitations.models import Invitation, InvitationStatus
from kyodo.invitations.services import invitation_accept, invitation_create
from tests.factories import UserFactory, VendorFactory
from tests.invitations.conftest import link_in

pytestmark = pytest.mark.django_db


def test_a_lead_invites_a_colleague_to_their_own_town_and_the_colleague_gets_a_link(
    beppu, beppu_lead, invite, mailoutbox
):
    invitation, _ = invite(actor=beppu_lead, email="Colleague@Beppu.test", municipality=beppu)

    assert invitation.email == "colleague@beppu.test"
    assert invitation.status == InvitationStatus.PENDING
    lifetime = invitation.expires_at - invitation.created_at
    assert abs(lifetime - datetime.timedelta(days=7)) < datetime.timedelta(seconds=1)
    message = mailoutbox[-1]
    assert message.to == ["colleague@beppu.test"]
    assert message.subject == "【Kyodo】別府市への招待"
    assert "市町村職員として招待されました" in message.body
    assert link_in(message).group(0).startswith("http://testserver/invitations/")
    event = AuditEvent.objects.get(action="invitation.create", target_id=str(invitation.pk))
    assert (event.actor, event.tenant_schema) == (beppu_lead, beppu.schema_name)
    assert event.after["email"] == "colleague@beppu.test"


def test_a_lead_cannot_invite_anyone_into_another_town(beppu_lead, himeshima):
    with pytest.raises(PermissionDenied):
        invitation_create(actor=beppu_lead, email="someone@example.test",
                          role=Role.MUNICIPALITY_STAFF, municipality=himeshima)

    assert not Invitation.objects.filter(email="someone@example.test").exists()


def test_a_lead_cannot_invite_into_a_prefecture_role(beppu_lead, prefecture):
    with pytest.raises(PermissionDenied):
        invitation_create(actor=beppu_lead, email="someone@example.test",
                          role=Role.PREFECTURE_COORDINATOR, municipality=prefecture)


@pytest.mark.parametrize("role", [Role.MUNICIPALITY_STAFF, Role.MUNICIPALITY_LEAD])
def test_town_staff_cannot_invite_even_into_their_own_town(beppu, beppu_staff, role):
    with pytest.raises(PermissionDenied):
        invitation_create(actor=beppu_staff, email="friend@example.test", role=role,
                          municipality=beppu)

    assert not Invitation.objects.filter(email="friend@example.test").exists()


def test_a_coordinator_invites_into_any_town_the_prefecture_and_an_approved_vendor(
    coordinator, beppu, himeshima, prefecture, approved_vendor, invite, mailoutbox
):
    invite(actor=coordinator, email="lead@himeshima.test", role=Role.MUNICIPALITY_LEAD,
           municipality=himeshima)
    invite(actor=coordinator, email="staff2@beppu.test", municipality=beppu)
    invite(actor=coordinator, email="expert@talent.test", role=Role.SPECIALIST,
           municipality=prefecture)
    invite(actor=coordinator, email="admin@vendor.test", role=Role.VENDOR_ADMIN,
           vendor=approved_vendor)

    invited = Invitation.objects.filter(invited_by=coordinator)
    assert {(i.email, str(i.organisation), i.role) for i in invited} == {
        ("lead@himeshima.test", "姫島村", Role.MUNICIPALITY_LEAD),
        ("staff2@beppu.test", "別府市", Role.MUNICIPALITY_STAFF),
        ("expert@talent.test", "大分県", Role.SPECIALIST),
        ("admin@vendor.test", "株式会社姫島情報", Role.VENDOR_ADMIN),
    }
    assert mailoutbox[-1].subject == "【Kyodo】株式会社姫島情報への招待"


def test_a_vendor_awaiting_approval_cannot_be_invited_into(coordinator):
    vendor = VendorFactory()

    with pytest.raises(DomainError) as refused:
        invitation_create(actor=coordinator, email="admin@vendor.test", role=Role.VENDOR_ADMIN,
                          vendor=vendor)

    assert refused.value.code == ErrorCode.CONFLICT
    assert refused.value.message == "承認済みの事業者にだけ招待を送ることができます。"


def test_a_role_that_does_not_fit_the_organisation_is_refused(coordinator, beppu):
    with pytest.raises(PermissionDenied):
        invitation_create(actor=coordinator, email="x@example.test", role=Role.VENDOR_ADMIN,
                          municipality=beppu)


def test_inviting_the_same_address_again_replaces_the_earlier_link(
    beppu, beppu_lead, invite
):
    first, first_token = invite(actor=beppu_lead, email="late@beppu.test", municipality=beppu)
    second, _ = invite(actor=beppu_lead, email="late@beppu.test",
                                  role=Role.MUNICIPALITY_LEAD, municipality=beppu)

    first.refresh_from_db()
    assert first.status == InvitationStatus.REVOKED
    assert second.status == InvitationStatus.PENDING
    with pytest.raises(DomainError) as refused:
        invitation_accept(token=first_token, full_name="遅刻 太郎", password="umi-kaze-sora-2026")
    assert refused.value.code == ErrorCode.INVITATION_REVOKED
    assert AuditEvent.objects.filter(action="invitation.revoke", target_id=str(first.pk)).exists()


@pytest.mark.parametrize("role", [Role.MUNICIPALITY_STAFF, Role.MUNICIPALITY_LEAD])
def test_a_person_already_in_the_town_is_not_invited_again_in_any_role(
    beppu, beppu_lead, beppu_staff, role
):
    with pytest.raises(DomainError) as refused:
        invitation_create(actor=beppu_lead, email="STAFF@beppu.test", role=role,
                          municipality=beppu)

    assert refused.value.code == ErrorCode.ALREADY_MEMBER
    assert refused.value.status == 409
    assert refused.value.message.startswith(
        f"{beppu_staff.full_name}さんは既に別府市の市町村職員です。")
    assert not Invitation.objects.filter(email__iexact="staff@beppu.test").exists()


def test_an_invitation_expires_seven_days_after_it_is_made(beppu, beppu_lead, invite):
    invitation, _ = invite(actor=beppu_lead, email="slow@beppu.test", municipality=beppu)

    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    invitation.refresh_from_db()

    assert invitation.status == InvitationStatus.EXPIRED
    assert invitation.get_status_display() == "期限切れ"


def test_the_e_mail_greets_a_known_person_by_name_and_is_signed_by_the_office(
        invite, mailoutbox, coordinator, beppu):
    UserFactory(email="known@beppu.example", full_name="別府 花子")

    invite(actor=coordinator, email="known@beppu.example", municipality=beppu)

    body = mailoutbox[-1].body
    assert body.startswith("別府 花子 様")
    assert settings.KYODO_OFFICE_NAME in body.split("--")[-1]
