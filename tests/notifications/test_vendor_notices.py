"""Coordinators hear of vendors' applications and changes through their notifications:
in the inbox, and by e-mail as each of them chose."""

import pytest
from allauth.core import context

from kyodo.accounts.models import Role, VendorStatus
from kyodo.invitations.vendors import vendor_qualification_add, vendor_register, vendor_update
from kyodo.notifications.models import EmailDelivery, Notification, NotificationPreference
from tests.factories import MembershipFactory, VendorFactory

pytestmark = pytest.mark.django_db

APPLICATION = {"legal_name": "株式会社新規", "legal_name_kana": "シンキ",
               "corporate_number": "3944000012345", "address": "大分県別府市",
               "contact_name": "申請 太郎", "contact_email": "apply@new.test"}
QUALIFICATION = {"category": "services", "valid_from": "2025-04-01",
                 "valid_until": "2027-03-31"}


@pytest.fixture(autouse=True)
def _served_request(rf):
    with context.request_context(rf.get("/")):
        yield


@pytest.fixture
def digest_coordinator(prefecture):
    user = MembershipFactory(user__email="digest@pref.example", municipality=prefecture,
                             role=Role.PREFECTURE_COORDINATOR).user
    NotificationPreference.objects.create(user=user, email_delivery=EmailDelivery.DAILY_DIGEST)
    return user


def test_an_application_reaches_every_coordinators_inbox_and_mail_as_they_chose(
        coordinator, digest_coordinator, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        vendor = vendor_register(data=APPLICATION, qualifications=[QUALIFICATION])

    inbox = Notification.objects.filter(kind="vendor.applied").order_by("recipient__email")
    assert [item.recipient for item in inbox] == [coordinator, digest_coordinator]
    assert inbox[0].url == "/console/vendors/"
    assert inbox[0].organisation_label == "株式会社新規"
    assert sorted(address for message in mailoutbox for address in message.to) == [
        "apply@new.test", coordinator.email]
    notice = next(message for message in mailoutbox if message.to == [coordinator.email])
    assert notice.subject == "【Kyodo】事業者の登録申請がありました"
    assert f"株式会社新規（法人番号 {vendor.corporate_number}）から事業者登録申請がありました。" \
        in notice.body


def test_a_vendors_change_tells_the_coordinators_what_changed(
        coordinator, mailoutbox, django_capture_on_commit_callbacks):
    vendor = VendorFactory(legal_name="株式会社自社", status=VendorStatus.APPROVED)
    admin = MembershipFactory(vendor=vendor, role=Role.VENDOR_ADMIN).user

    with django_capture_on_commit_callbacks(execute=True):
        vendor_update(actor=admin, vendor=vendor,
                      data={"address": "大分県大分市城崎町2丁目", "contact_name": "新担当"})
        vendor_qualification_add(actor=admin, vendor=vendor, data={
            "category": "information_systems", "valid_from": "2027-04-01",
            "valid_until": "2029-03-31"})

    changed, added = mailoutbox
    assert "株式会社自社が登録内容を変更しました（所在地、担当者名）。" in changed.body
    assert ("株式会社自社が競争入札参加資格（情報処理（システム開発・運用）、2027年4月1日〜"
            "2029年3月31日）を登録しました。") in added.body
    assert Notification.objects.filter(recipient=coordinator, actor=admin).count() == 2


def test_a_coordinators_own_correction_notifies_nobody(coordinator, prefecture, mailoutbox,
                                                       django_capture_on_commit_callbacks):
    MembershipFactory(user__email="colleague@pref.example", municipality=prefecture,
                      role=Role.PREFECTURE_COORDINATOR)
    vendor = VendorFactory(status=VendorStatus.APPROVED)

    with django_capture_on_commit_callbacks(execute=True):
        vendor_update(actor=coordinator, vendor=vendor, data={"contact_name": "訂正"})

    assert not Notification.objects.exists()
    assert mailoutbox == []
