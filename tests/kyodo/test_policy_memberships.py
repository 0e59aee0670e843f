"""The policy reads a person's memberships once per request and answers every question
from them, yet sees a membership given or ended since at once."""

import pytest

from kyodo.accounts import policy
from kyodo.accounts.models import Membership, Role, VendorStatus
from kyodo.accounts.services import membership_remove
from tests.factories import MembershipFactory, VendorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead_of_beppu_and_vendor(beppu):
    vendor = VendorFactory(status=VendorStatus.APPROVED, legal_name="株式会社別府データ")
    town = MembershipFactory(user__email="lead@beppu.test", municipality=beppu,
                             role=Role.MUNICIPALITY_LEAD)
    MembershipFactory(user=town.user, municipality=None, vendor=vendor, role=Role.VENDOR_ADMIN)
    return town.user, vendor


def test_every_question_and_the_portal_switcher_cost_one_query(
        lead_of_beppu_and_vendor, beppu, himeshima, django_assert_num_queries):
    user, vendor = lead_of_beppu_and_vendor

    with django_assert_num_queries(1):
        answers = [policy.can_enter_workspace(user, beppu),
                   policy.is_municipality_lead(user, beppu),
                   policy.can_enter_workspace(user, himeshima),
                   policy.is_vendor_admin(user, vendor),
                   policy.can_use_console(user), policy.requires_mfa(user),
                   policy.is_specialist(user)]
        portals = policy.portals_of(user)

    assert answers == [True, True, False, True, False, False, False]
    assert [portal["label"] for portal in portals] == ["別府市", "株式会社別府データ"]


def test_a_membership_given_later_in_the_request_is_seen(beppu_staff, himeshima):
    assert not policy.can_enter_workspace(beppu_staff, himeshima)

    MembershipFactory(user=beppu_staff, municipality=himeshima)

    assert policy.can_enter_workspace(beppu_staff, himeshima)
    assert "姫島村" in [portal["label"] for portal in policy.portals_of(beppu_staff)]


def test_a_membership_ended_later_in_the_request_is_seen(coordinator, beppu_staff, beppu):
    assert policy.can_enter_workspace(beppu_staff, beppu)

    membership_remove(actor=coordinator, membership=Membership.objects.get(user=beppu_staff))

    assert not policy.can_enter_workspace(beppu_staff, beppu)
    assert policy.portals_of(beppu_staff) == []


def test_a_role_changed_later_in_the_request_is_seen(beppu_staff, beppu):
    assert not policy.is_municipality_lead(beppu_staff, beppu)

    membership = Membership.objects.get(user=beppu_staff)
    membership.role = Role.MUNICIPALITY_LEAD
    membership.save()

    assert policy.is_municipality_lead(beppu_staff, beppu)
