"""The policy functions the pool's API added (kyodo.accounts.policy, talent_pool section)."""

import pytest

from kyodo.accounts import policy
from kyodo.accounts.models import Role
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_profile_is_seen_by_the_coordinators_and_its_own_specialist_only(
        coordinator, himeshima_staff, make_specialist):
    own = make_specialist("own@pool.test")
    other = make_specialist("other@pool.test")

    assert policy.can_view_specialist(coordinator, other)
    assert policy.can_view_specialist(own.user, own)
    assert not policy.can_view_specialist(own.user, other)
    assert not policy.can_view_specialist(himeshima_staff, own)


def test_only_specialists_list_their_own_pool_work(coordinator, himeshima_staff,
                                                   make_specialist):
    own = make_specialist("own@pool.test")

    assert policy.can_list_own_pool_work(own.user)
    assert not policy.can_list_own_pool_work(coordinator)
    assert not policy.can_list_own_pool_work(himeshima_staff)


def test_a_specialists_token_for_a_town_membership_lists_no_pool_work(himeshima,
                                                                      make_specialist):
    own = make_specialist("own@pool.test")
    at_town = MembershipFactory(user=own.user, municipality=himeshima,
                                role=Role.MUNICIPALITY_STAFF)
    own.user.api_token_membership_id = at_town.pk

    assert not policy.can_list_own_pool_work(own.user)
    assert not policy.can_view_specialist(own.user, own)


def test_a_towns_engagements_are_seen_by_its_members_only(coordinator, himeshima, beppu,
                                                          himeshima_staff, beppu_staff):
    assert policy.can_view_town_engagements(himeshima_staff, himeshima)
    assert not policy.can_view_town_engagements(beppu_staff, himeshima)
    assert not policy.can_view_town_engagements(coordinator, himeshima)
