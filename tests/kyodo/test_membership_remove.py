import pytest
from django.core.exceptions import PermissionDenied

from api.models import ApiToken
from api.services import api_token_create
from kyodo.accounts.models import Membership, Role
from kyodo.accounts.services import membership_remove
from kyodo.audit.models import AuditEvent
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def beppu_lead(beppu):
    return MembershipFactory(user__email="lead@beppu.test", municipality=beppu,
                             role=Role.MUNICIPALITY_LEAD).user


@pytest.fixture
def colleague(beppu):
    return MembershipFactory(user__email="leaving@beppu.test", municipality=beppu,
                             role=Role.MUNICIPALITY_STAFF)


def test_a_lead_removes_a_departed_colleague_and_their_tokens_go_too(
    client, beppu_lead, colleague
):
    api_token_create(actor=colleague.user, membership=colleague, name="集計ツール")
    client.force_login(beppu_lead)

    response = client.post(f"/m/beppu/members/{colleague.pk}/remove/")

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=colleague.pk).exists()
    assert not ApiToken.objects.filter(user=colleague.user).exists()
    event = AuditEvent.objects.get(action="membership.remove")
    assert event.actor == beppu_lead
    assert event.before["user"] == "leaving@beppu.test"
    assert len(event.before["api_tokens"]) == 1
    assert event.tenant_schema == "lg_442020"


def test_the_members_page_offers_removal_to_the_lead_but_not_for_themselves(
    client, beppu_lead, colleague
):
    client.force_login(beppu_lead)

    body = client.get("/m/beppu/members/").content.decode()

    assert f"/m/beppu/members/{colleague.pk}/remove/" in body
    own = beppu_lead.memberships.get()
    assert f"/m/beppu/members/{own.pk}/remove/" not in body


def test_staff_cannot_remove_a_colleague(client, colleague, beppu):
    other = MembershipFactory(user__email="other@beppu.test", municipality=beppu,
                              role=Role.MUNICIPALITY_STAFF)
    client.force_login(colleague.user)

    assert client.post(f"/m/beppu/members/{other.pk}/remove/").status_code == 403
    assert Membership.objects.filter(pk=other.pk).exists()


def test_a_lead_cannot_remove_someone_from_another_town(client, beppu_lead, himeshima_staff):
    membership = himeshima_staff.memberships.get()
    client.force_login(beppu_lead)

    response = client.post(f"/m/beppu/members/{membership.pk}/remove/")

    assert response.status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_nobody_removes_their_own_membership(beppu_lead):
    with pytest.raises(PermissionDenied):
        membership_remove(actor=beppu_lead, membership=beppu_lead.memberships.get())


def test_a_coordinator_may_remove_a_towns_member(coordinator, colleague):
    membership_remove(actor=coordinator, membership=colleague)

    assert not Membership.objects.filter(pk=colleague.pk).exists()
