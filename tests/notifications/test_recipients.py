"""The recipient helpers every module addresses its notices with: active holders of the
role in that organisation, nobody else."""

import pytest

from kyodo.accounts.models import Role, VendorStatus
from kyodo.notifications import recipients
from tests.factories import MembershipFactory, VendorFactory

pytestmark = pytest.mark.django_db


def _member(email, role, active=True, **organisation):
    return MembershipFactory(user__email=email, user__is_active=active, role=role,
                             **organisation).user


def _emails(users) -> list[str]:
    return [user.email for user in users]


def test_the_prefectures_coordinators_are_its_active_coordinators_only(prefecture, beppu,
                                                                        coordinator):
    _member("operator@pref.example", Role.PREFECTURE_OPERATOR, municipality=prefecture)
    _member("specialist@pref.example", Role.SPECIALIST, municipality=prefecture)
    _member("retired@pref.example", Role.PREFECTURE_COORDINATOR, active=False,
            municipality=prefecture)
    _member("lead@beppu.test", Role.MUNICIPALITY_LEAD, municipality=beppu)

    assert _emails(recipients.prefecture_coordinators()) == [coordinator.email]


def test_a_towns_leads_and_members_are_that_towns(beppu, himeshima):
    _member("b-lead@beppu.test", Role.MUNICIPALITY_LEAD, municipality=beppu)
    _member("a-staff@beppu.test", Role.MUNICIPALITY_STAFF, municipality=beppu)
    _member("gone@beppu.test", Role.MUNICIPALITY_STAFF, active=False, municipality=beppu)
    _member("lead@himeshima.test", Role.MUNICIPALITY_LEAD, municipality=himeshima)

    assert _emails(recipients.town_leads(beppu)) == ["b-lead@beppu.test"]
    assert _emails(recipients.town_members(beppu)) == ["a-staff@beppu.test", "b-lead@beppu.test"]


def test_a_vendors_admins_and_members_are_that_vendors(db):
    vendor, other = (VendorFactory(status=VendorStatus.APPROVED) for _ in range(2))
    _member("b-admin@vendor.test", Role.VENDOR_ADMIN, vendor=vendor)
    _member("a-member@vendor.test", Role.VENDOR_MEMBER, vendor=vendor)
    _member("gone@vendor.test", Role.VENDOR_ADMIN, active=False, vendor=vendor)
    _member("admin@other.test", Role.VENDOR_ADMIN, vendor=other)

    assert _emails(recipients.vendor_admins(vendor)) == ["b-admin@vendor.test"]
    assert _emails(recipients.vendor_members(vendor)) == ["a-member@vendor.test",
                                                          "b-admin@vendor.test"]
