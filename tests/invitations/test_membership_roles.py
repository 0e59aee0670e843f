"""One membership per person per organisation; a member's role is changed, not doubled."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from kyodo.accounts.models import Membership, Role
from kyodo.accounts.services import membership_change_role
from kyodo.audit.models import AuditEvent
from kyodo.errors import DomainError, ErrorCode
from kyodo.invitations.services import invitation_accept
from tests.factories import MembershipFactory, VendorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(beppu):
    return MembershipFactory(user__email="colleague@beppu.test", municipality=beppu,
                             role=Role.MUNICIPALITY_STAFF)


def test_a_second_membership_in_the_same_organisation_is_refused_by_the_database(colleague):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=colleague.user, municipality=colleague.municipality,
                                  role=Role.MUNICIPALITY_LEAD)


def test_a_lead_makes_a_colleague_a_lead_and_the_change_is_audited(client, beppu_lead, colleague):
    client.force_login(beppu_lead)

    response = client.post(f"/m/beppu/members/{colleague.pk}/role/",
                           {"role": Role.MUNICIPALITY_LEAD})

    assert response.status_code == 302
    colleague.refresh_from_db()
    assert colleague.role == Role.MUNICIPALITY_LEAD
    event = AuditEvent.objects.get(action="membership.change_role", target_id=str(colleague.pk))
    assert (event.actor, event.before["role"], event.after["role"]) == (
        beppu_lead, Role.MUNICIPALITY_STAFF, Role.MUNICIPALITY_LEAD)
    page = client.get("/m/beppu/members/").content.decode()
    assert page.count(f'data-membership="{colleague.pk}"') == 1


def test_staff_cannot_change_roles(client, beppu, beppu_lead, colleague):
    other = MembershipFactory(municipality=beppu, role=Role.MUNICIPALITY_STAFF)
    client.force_login(colleague.user)

    response = client.post(f"/m/beppu/members/{other.pk}/role/", {"role": Role.MUNICIPALITY_LEAD})

    assert response.status_code == 403
    other.refresh_from_db()
    assert other.role == Role.MUNICIPALITY_STAFF


def test_nobody_changes_their_own_role_or_gives_a_role_the_organisation_does_not_have(
        beppu_lead, colleague, coordinator):
    own = Membership.objects.get(user=beppu_lead)
    with pytest.raises(PermissionDenied):
        membership_change_role(actor=beppu_lead, membership=own, role=Role.MUNICIPALITY_STAFF)
    with pytest.raises(PermissionDenied):
        membership_change_role(actor=coordinator, membership=colleague,
                               role=Role.PREFECTURE_COORDINATOR)


def test_a_coordinator_changes_a_role_from_the_console_and_others_find_no_such_member(
        client, coordinator, colleague, himeshima_staff):
    client.force_login(himeshima_staff)
    assert client.post(f"/console/members/{colleague.pk}/role/",
                       {"role": Role.MUNICIPALITY_LEAD}).status_code == 404

    client.force_login(coordinator)
    response = client.post(f"/console/members/{colleague.pk}/role/",
                           {"role": Role.MUNICIPALITY_LEAD, "next": "/console/towns/442020/"})

    assert response["Location"] == "/console/towns/442020/"
    colleague.refresh_from_db()
    assert colleague.role == Role.MUNICIPALITY_LEAD


def test_a_vendor_admin_promotes_a_colleague(client):
    vendor = VendorFactory(status="approved")
    admin = MembershipFactory(vendor=vendor, role=Role.VENDOR_ADMIN).user
    member = MembershipFactory(vendor=vendor, role=Role.VENDOR_MEMBER)
    client.force_login(admin)

    client.post(f"/vendors/members/{member.pk}/role/", {"role": Role.VENDOR_ADMIN})

    member.refresh_from_db()
    assert member.role == Role.VENDOR_ADMIN


def test_accepting_an_invitation_into_an_organisation_one_already_belongs_to_is_refused(
        invite, beppu, beppu_lead, colleague):
    _, token = invite(actor=beppu_lead, email="later@beppu.test", municipality=beppu,
                      role=Role.MUNICIPALITY_LEAD)
    newcomer = MembershipFactory(user__email="later@beppu.test", municipality=beppu,
                                 role=Role.MUNICIPALITY_STAFF).user

    with pytest.raises(DomainError) as refused:
        invitation_accept(token=token, actor=newcomer)

    assert refused.value.code == ErrorCode.ALREADY_MEMBER
    assert Membership.objects.filter(user=newcomer).count() == 1
