"""A vendor keeps its registration current and manages its colleagues; an application is
acknowledged, announced to the coordinators, and approved or declined with a reason."""

import pytest

from kyodo.accounts.models import Membership, Role, Vendor, VendorQualification, VendorStatus
from kyodo.audit.models import AuditEvent
from kyodo.errors import DomainError, ErrorCode
from kyodo.invitations.vendors import vendor_reject
from tests.factories import MembershipFactory, VendorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def vendor():
    return VendorFactory(legal_name="株式会社自社", status=VendorStatus.APPROVED)


@pytest.fixture
def admin(vendor):
    return MembershipFactory(user__email="admin@vendor.test", vendor=vendor,
                             role=Role.VENDOR_ADMIN).user


@pytest.fixture
def member(vendor):
    return MembershipFactory(user__email="member@vendor.test", vendor=vendor,
                             role=Role.VENDOR_MEMBER)


def test_a_vendor_admin_invites_a_colleague(client, vendor, admin, mailoutbox,
                                            django_capture_on_commit_callbacks):
    client.force_login(admin)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/vendors/{vendor.pk}/members/invite/",
                    {"email": "new@vendor.test", "role": Role.VENDOR_MEMBER})

    assert [message.to for message in mailoutbox] == [["new@vendor.test"]]
    assert vendor.invitations.get().invited_by == admin


def test_a_vendor_member_may_not_invite(client, vendor, member):
    client.force_login(member.user)

    response = client.post(f"/vendors/{vendor.pk}/members/invite/",
                           {"email": "new@vendor.test", "role": Role.VENDOR_MEMBER})

    assert response.status_code == 403
    assert not vendor.invitations.exists()


def test_a_vendor_admin_removes_a_colleague_with_a_reason(client, vendor, admin, member):
    client.force_login(admin)

    client.post(f"/vendors/members/{member.pk}/remove/", {"reason": "退職のため"})

    assert not Membership.objects.filter(pk=member.pk).exists()
    assert AuditEvent.objects.get(action="membership.remove").after == {"reason": "退職のため"}


def test_another_vendors_admin_finds_none_of_these_pages(client, vendor, member):
    stranger = MembershipFactory(vendor=VendorFactory(status=VendorStatus.APPROVED),
                                 role=Role.VENDOR_ADMIN).user
    client.force_login(stranger)

    for path in (f"/vendors/{vendor.pk}/edit/", f"/vendors/{vendor.pk}/qualifications/new/"):
        assert client.get(path).status_code == 404
    assert client.post(f"/vendors/members/{member.pk}/remove/").status_code == 404


def test_a_vendor_corrects_its_registration_but_not_its_corporate_number(
        client, vendor, admin, coordinator, mailoutbox, django_capture_on_commit_callbacks):
    number = vendor.corporate_number
    client.force_login(admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/vendors/{vendor.pk}/edit/", {
            "legal_name": "株式会社自社ホールディングス",
            "legal_name_kana": "ジシャホールディングス",
            "corporate_number": "1234567890123", "address": "大分県大分市城崎町2丁目",
            "contact_name": "新担当", "contact_email": "new-contact@vendor.test",
            "contact_phone": "０９７－５３６－１１１１"})

    assert response.status_code == 302
    vendor.refresh_from_db()
    assert (vendor.legal_name, vendor.corporate_number, vendor.contact_phone) == (
        "株式会社自社ホールディングス", number, "097-536-1111")
    assert AuditEvent.objects.get(action="vendor.update").before["legal_name"] == "株式会社自社"
    assert mailoutbox[-1].to == [coordinator.email]
    assert "株式会社自社ホールディングス" in mailoutbox[-1].body


def test_a_vendor_adds_its_renewed_qualification(client, vendor, admin, coordinator, mailoutbox,
                                                 django_capture_on_commit_callbacks):
    client.force_login(admin)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/vendors/{vendor.pk}/qualifications/new/", {
            "category": "information_systems", "valid_from": "2027-04-01",
            "valid_until": "2029-03-31"})

    assert VendorQualification.objects.filter(vendor=vendor, valid_until="2029-03-31").exists()
    assert AuditEvent.objects.filter(action="vendor.qualification_add").exists()
    assert mailoutbox[-1].to == [coordinator.email]


def test_an_application_is_acknowledged_and_announced_to_the_coordinators(
        client, coordinator, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/vendors/register/", {
            "legal_name": "株式会社新規", "legal_name_kana": "シンキ",
            "corporate_number": "3944000012345", "address": "大分県別府市",
            "contact_name": "申請 太郎", "contact_email": "apply@new.test",
            "qualifications-TOTAL_FORMS": "1", "qualifications-INITIAL_FORMS": "0",
            "qualifications-MIN_NUM_FORMS": "1", "qualifications-MAX_NUM_FORMS": "10",
            "qualifications-0-category": "services", "qualifications-0-valid_from": "2025-04-01",
            "qualifications-0-valid_until": "2027-03-31"})

    recipients = sorted(address for message in mailoutbox for address in message.to)
    assert recipients == sorted(["apply@new.test", coordinator.email])
    acknowledgement = next(message for message in mailoutbox if message.to == ["apply@new.test"])
    assert acknowledgement.body.startswith("申請 太郎 様")


def test_an_application_is_declined_only_with_a_reason_which_the_applicant_is_told(
        client, coordinator, mailoutbox, django_capture_on_commit_callbacks):
    applicant = VendorFactory(contact_email="apply@declined.test")
    with pytest.raises(DomainError) as refused:
        vendor_reject(actor=coordinator, vendor=applicant, reason=" ")
    assert refused.value.code == ErrorCode.VALIDATION_ERROR
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/console/vendors/{applicant.pk}/reject/",
                    {"reason": "競争入札参加資格の有効期間が確認できません。"})

    applicant.refresh_from_db()
    assert applicant.status == VendorStatus.REJECTED
    assert "競争入札参加資格の有効期間が確認できません。" in mailoutbox[-1].body
    assert mailoutbox[-1].to == ["apply@declined.test"]


def test_a_declined_company_applies_again_under_its_own_number(client, coordinator, rf):
    applicant = VendorFactory(legal_name="株式会社再挑戦", status=VendorStatus.REJECTED,
                              status_reason="書類不備")

    response = client.post("/vendors/register/", {
        "legal_name": "株式会社再挑戦", "legal_name_kana": "サイチョウセン",
        "corporate_number": applicant.corporate_number, "address": "大分県佐伯市",
        "contact_name": "再 申請", "contact_email": "again@retry.test",
        "qualifications-TOTAL_FORMS": "1", "qualifications-INITIAL_FORMS": "0",
        "qualifications-MIN_NUM_FORMS": "1", "qualifications-MAX_NUM_FORMS": "10",
        "qualifications-0-category": "services", "qualifications-0-valid_from": "2025-04-01",
        "qualifications-0-valid_until": "2027-03-31"})

    assert response.status_code == 302
    applicant.refresh_from_db()
    assert (applicant.status, applicant.status_reason, applicant.contact_email) == (
        VendorStatus.PENDING, "", "again@retry.test")
    assert Vendor.objects.filter(corporate_number=applicant.corporate_number).count() == 1
    assert AuditEvent.objects.filter(action="vendor.reapply", target_id=str(applicant.pk)).exists()
