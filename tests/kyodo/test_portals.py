"""Each role lands where its work is and sees only its own organisation's pages."""

import datetime
import re

import pytest
from django.test import override_settings

from kyodo.accounts.demo import DEMO_VENDOR, demo_accounts_create
from kyodo.accounts.models import Role, Vendor, VendorQualification, VendorStatus
from tests.factories import MembershipFactory, VendorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def vendors(db):
    ours = VendorFactory(legal_name="株式会社別府情報", status=VendorStatus.APPROVED)
    VendorQualification.objects.create(
        vendor=ours, category="information_systems", valid_from=datetime.date(2025, 4, 1),
        valid_until=datetime.date(2027, 3, 31))
    theirs = VendorFactory(legal_name="他社システム株式会社")
    return ours, theirs


@pytest.fixture
def vendor_member(vendors):
    return MembershipFactory(user__email="member@beppu-joho.example", municipality=None,
                             vendor=vendors[0], role=Role.VENDOR_MEMBER).user


def test_a_vendor_member_lands_in_the_vendor_portal_with_its_qualifications(
    client, vendor_member, vendors
):
    client.force_login(vendor_member)

    home = client.get("/")
    page = client.get(home["Location"])

    assert home["Location"] == f"/vendors/{vendors[0].pk}/"
    body = page.content.decode()
    assert "株式会社別府情報" in body and "情報処理（システム開発・運用）" in body


def page_without_per_response_tokens(response) -> str:
    """The page as a person sees it: CSRF tokens and nonces differ on every response."""
    return re.sub(r'(value|nonce)="[^"]*"', r'\1=""', response.content.decode())


def test_another_vendors_record_is_answered_exactly_as_a_missing_one(
    client, vendor_member, vendors
):
    client.force_login(vendor_member)
    missing = Vendor.objects.order_by("-pk").first().pk + 1

    theirs = client.get(f"/vendors/{vendors[1].pk}/")
    nobody = client.get(f"/vendors/{missing}/")

    assert theirs.status_code == nobody.status_code == 404
    assert page_without_per_response_tokens(theirs) == page_without_per_response_tokens(nobody)
    assert "他社システム" not in theirs.content.decode()


def test_town_staff_cannot_read_a_vendors_record(client, beppu_staff, vendors):
    client.force_login(beppu_staff)

    assert client.get(f"/vendors/{vendors[0].pk}/").status_code == 404


def test_a_specialist_lands_on_the_specialist_page(client, prefecture):
    specialist = MembershipFactory(user__email="dx@talent.test", municipality=prefecture,
                                   role=Role.SPECIALIST).user
    client.force_login(specialist)

    assert client.get("/")["Location"] == "/specialist/"
    assert "大分県 デジタル人材プール" in client.get("/specialist/").content.decode()
    assert client.get("/console/").status_code == 403


def test_someone_in_two_organisations_chooses_between_them(client, beppu, vendors):
    membership = MembershipFactory(user__email="both@example.test", municipality=beppu,
                                   role=Role.MUNICIPALITY_STAFF)
    MembershipFactory(user=membership.user, municipality=None, vendor=vendors[0],
                      role=Role.VENDOR_MEMBER)
    client.force_login(membership.user)

    response = client.get("/")

    body = response.content.decode()
    assert response.status_code == 200
    assert 'href="/m/beppu/"' in body and f'href="/vendors/{vendors[0].pk}/"' in body


@override_settings(DEBUG=True)
def test_the_demo_vendor_has_a_valid_corporate_number_and_current_qualifications(
    prefecture, beppu, himeshima
):
    demo_accounts_create()

    vendor = Vendor.objects.get(corporate_number=DEMO_VENDOR["corporate_number"])
    vendor.full_clean()
    assert vendor.status == VendorStatus.APPROVED
    assert vendor.qualifications.count() == 2
    assert vendor.memberships.get().user.email == "vendor@vendor.example"
