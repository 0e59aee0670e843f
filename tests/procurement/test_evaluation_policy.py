"""Who may ask for a tender's evaluation (kyodo.accounts.policy.can_view_evaluation): the
coordinators always (they are told when it is still sealed), everyone else only when the
入札経過調書 is theirs to read."""

import pytest

from kyodo.accounts.models import Role
from kyodo.accounts.policy import can_view_evaluation
from procurement.services.opening import award_decide, tender_open
from tests.factories import MembershipFactory
from tests.procurement.conftest import OPENING, place

pytestmark = pytest.mark.django_db


def test_the_evaluation_is_the_coordinators_then_the_staffs_then_the_bidders_and_towns(
        tender, clock, coordinator, prefecture, bidder_a, bidder_b, unqualified_vendor,
        town_leads):
    operator = MembershipFactory(municipality=prefecture, role=Role.PREFECTURE_OPERATOR).user
    procurement = tender()
    a, _ = place(procurement, bidder_a, 8_000_000)
    place(procurement, bidder_b, 9_000_000)
    others = (operator, bidder_a[1], bidder_b[1], town_leads["beppu"], unqualified_vendor[1])

    assert can_view_evaluation(coordinator, procurement)
    assert not any(can_view_evaluation(person, procurement) for person in others)

    clock(OPENING)
    procurement = tender_open(actor=coordinator, procurement=procurement)
    assert [can_view_evaluation(person, procurement) for person in (coordinator, *others)] == [
        True, True, False, False, False, False]

    award_decide(actor=coordinator, procurement=procurement, bid=a)
    procurement.refresh_from_db()
    assert [can_view_evaluation(person, procurement) for person in (coordinator, *others)] == [
        True, True, True, True, True, False]
