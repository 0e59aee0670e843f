"""A request authenticated by an API token acts for the token's organisation only."""

import pytest

from kyodo.accounts import policy
from kyodo.accounts.models import Role, VendorStatus
from tests.factories import MembershipFactory, VendorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def town_and_vendor_member(beppu):
    vendor = VendorFactory(status=VendorStatus.APPROVED)
    town = MembershipFactory(user__email="both@beppu.test", municipality=beppu,
                             role=Role.MUNICIPALITY_LEAD)
    at_vendor = MembershipFactory(user=town.user, municipality=None, vendor=vendor,
                                  role=Role.VENDOR_ADMIN)
    return town.user, town, at_vendor, vendor


def test_a_token_scoped_to_the_vendor_gives_no_way_into_the_town(town_and_vendor_member, beppu):
    user, _, at_vendor, vendor = town_and_vendor_member
    user.api_token_membership_id = at_vendor.pk

    assert policy.is_vendor_admin(user, vendor)
    assert not policy.can_enter_workspace(user, beppu)
    assert not policy.can_invite(user, municipality=beppu, role=Role.MUNICIPALITY_STAFF)
    assert list(policy.workspaces_of(user)) == []


def test_a_token_scoped_to_the_town_gives_no_way_into_the_vendor(town_and_vendor_member, beppu):
    user, town, _, vendor = town_and_vendor_member
    user.api_token_membership_id = town.pk

    assert policy.can_enter_workspace(user, beppu)
    assert not policy.is_vendor_member(user, vendor)
    assert list(policy.vendors_of(user)) == []


def test_without_a_token_the_person_acts_for_all_their_organisations(
    town_and_vendor_member, beppu
):
    user, _, _, vendor = town_and_vendor_member

    assert policy.can_enter_workspace(user, beppu) and policy.is_vendor_admin(user, vendor)
