"""A coordinator approves a vendor's application; its contact is invited as administrator."""

import pytest

from kyodo.accounts.models import Membership, Role, VendorStatus
from kyodo.audit.models import AuditEvent
from kyodo.invitations.models import Invitation
from tests.factories import VendorFactory
from tests.invitations.conftest import NEW_PASSWORD, link_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(db):
    return VendorFactory(legal_name="株式会社くにさき通信", contact_email="Kunisaki@Tsushin.test")


def test_the_coordinator_sees_applications_waiting_first(client, coordinator, applicant,
                                                          approved_vendor):
    client.force_login(coordinator)

    response = client.get("/console/vendors/")

    rows = dict(response.context["rows"])
    assert next(iter(rows)) == applicant
    assert rows[applicant] == {"approve": True, "reject": True, "suspend": False,
                               "reinstate": False}
    assert rows[approved_vendor] == {"approve": False, "reject": False, "suspend": True,
                                     "reinstate": False}
    assert response.context["pending_count"] >= 1
    assert "株式会社くにさき通信" in response.content.decode()


def test_approving_sends_the_contact_an_invitation_as_vendor_administrator(
    client, coordinator, applicant, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/console/vendors/{applicant.pk}/approve/")

    assert response["Location"] == "/console/vendors/"
    applicant.refresh_from_db()
    assert applicant.status == VendorStatus.APPROVED and applicant.approved_at is not None
    invitation = Invitation.objects.get(vendor=applicant)
    assert (invitation.email, invitation.role) == ("kunisaki@tsushin.test", Role.VENDOR_ADMIN)
    message = mailoutbox[-1]
    assert message.to == ["kunisaki@tsushin.test"]
    assert message.subject == "【Kyodo】株式会社くにさき通信への招待"
    assert "事業者管理者として招待されました" in message.body
    approval = AuditEvent.objects.get(action="vendor.approve", target_id=str(applicant.pk))
    assert (approval.actor, approval.before["status"], approval.after["status"]) == (
        coordinator, "pending", "approved")
    assert AuditEvent.objects.filter(action="invitation.create",
                                     target_id=str(invitation.pk)).exists()


def test_the_contact_accepts_and_lands_in_the_vendor_portal(
    client, coordinator, applicant, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/console/vendors/{applicant.pk}/approve/")
    client.logout()

    path = link_in(mailoutbox[-1])["path"]
    response = client.post(path, {"full_name": "国東 通", "password1": NEW_PASSWORD,
                                  "password2": NEW_PASSWORD})

    assert response["Location"] == f"/vendors/{applicant.pk}/"
    assert Membership.objects.filter(vendor=applicant, role=Role.VENDOR_ADMIN,
                                     user__email="kunisaki@tsushin.test").exists()


def test_an_approved_vendor_is_not_approved_again(client, coordinator, approved_vendor):
    client.force_login(coordinator)

    response = client.post(f"/console/vendors/{approved_vendor.pk}/approve/", follow=True)

    assert "この事業者は承認待ちではありません。" in response.content.decode()
    assert not Invitation.objects.filter(vendor=approved_vendor).exists()
    assert not AuditEvent.objects.filter(action="vendor.approve",
                                         target_id=str(approved_vendor.pk)).exists()


@pytest.mark.parametrize("who", ["beppu_staff", "beppu_lead", "outsider"])
def test_only_the_prefecture_may_review_and_approve(client, applicant, who, request):
    client.force_login(request.getfixturevalue(who))

    page = client.get("/console/vendors/")
    approve = client.post(f"/console/vendors/{applicant.pk}/approve/")

    assert (page.status_code, approve.status_code) == (403, 403)
    applicant.refresh_from_db()
    assert applicant.status == VendorStatus.PENDING


def test_a_coordinator_suspends_and_reinstates_a_vendor_and_both_are_audited(
    client, coordinator, approved_vendor
):
    client.force_login(coordinator)

    client.post(f"/console/vendors/{approved_vendor.pk}/suspend/", {"reason": "調査のため"})
    approved_vendor.refresh_from_db()
    suspended = approved_vendor.status
    client.post(f"/console/vendors/{approved_vendor.pk}/reinstate/")
    approved_vendor.refresh_from_db()

    assert (suspended, approved_vendor.status) == (VendorStatus.SUSPENDED, VendorStatus.APPROVED)
    actions = list(AuditEvent.objects.filter(target_id=str(approved_vendor.pk),
                                             action__in=["vendor.suspend", "vendor.reinstate"])
                   .order_by("id").values_list("action", "before__status", "after__status"))
    assert actions == [("vendor.suspend", "approved", "suspended"),
                       ("vendor.reinstate", "suspended", "approved")]


def test_a_pending_application_cannot_be_suspended(client, coordinator, applicant):
    client.force_login(coordinator)

    response = client.post(f"/console/vendors/{applicant.pk}/suspend/", {"reason": "調査のため"},
                           follow=True)

    applicant.refresh_from_db()
    assert applicant.status == VendorStatus.PENDING
    assert "承認済みの事業者だけを停止できます。" in response.content.decode()


def test_town_staff_cannot_suspend_a_vendor(client, beppu_staff, approved_vendor):
    client.force_login(beppu_staff)

    client.post(f"/console/vendors/{approved_vendor.pk}/suspend/", {"reason": "調査のため"})

    approved_vendor.refresh_from_db()
    assert approved_vendor.status == VendorStatus.APPROVED
