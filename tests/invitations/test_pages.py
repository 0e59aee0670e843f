"""The console's invitations page and a town's members page."""

import pytest
from django.utils import timezone

from kyodo.accounts.models import Role
from kyodo.invitations.models import Invitation, InvitationStatus
from kyodo.invitations.services import invitation_accept
from tests.factories import UserFactory, VendorFactory
from tests.invitations.conftest import NEW_PASSWORD, link_in
from tests.mfa import activate_totp

pytestmark = pytest.mark.django_db


def test_the_coordinator_invites_a_town_member_from_the_console(
    client, coordinator, himeshima, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/console/invitations/", {
            "email": "new@himeshima.test", "organisation": f"m{himeshima.pk}",
            "role": Role.MUNICIPALITY_STAFF})
    page = client.get(response["Location"])

    assert response.status_code == 302
    invitation = Invitation.objects.get(email="new@himeshima.test")
    assert (invitation.municipality, invitation.invited_by) == (himeshima, coordinator)
    assert link_in(mailoutbox[-1])
    body = page.content.decode()
    assert "new@himeshima.test に招待メールを送りました。" in body
    assert f'data-invitation="{invitation.pk}"' in body and "未承諾" in body


def test_the_console_offers_the_prefecture_towns_and_approved_vendors_only(
    client, coordinator, prefecture, beppu, approved_vendor
):
    waiting = VendorFactory(legal_name="審査中システム株式会社")
    client.force_login(coordinator)

    form = client.get("/console/invitations/").context["form"]

    offered = {value: label for _group, choices in form.fields["organisation"].choices[1:]
               for value, label in choices}
    assert offered[f"m{prefecture.pk}"] == "大分県"
    assert offered[f"m{beppu.pk}"] == "別府市"
    assert offered[f"v{approved_vendor.pk}"] == "株式会社姫島情報"
    assert f"v{waiting.pk}" not in offered


def test_the_console_refuses_a_role_that_does_not_fit_the_organisation(
    client, coordinator, beppu
):
    client.force_login(coordinator)

    response = client.post("/console/invitations/", {
        "email": "x@beppu.test", "organisation": f"m{beppu.pk}", "role": Role.VENDOR_ADMIN})

    assert response.status_code == 200
    assert "選んだ所属先では、この役割を指定できません。" in response.content.decode()
    assert not Invitation.objects.filter(email="x@beppu.test").exists()


def test_the_console_lists_accepted_and_expired_invitations_too(
    client, coordinator, beppu, beppu_lead, invite
):
    _, used = invite(actor=beppu_lead, email="joined@beppu.test", municipality=beppu)
    invitation_accept(token=used, full_name="別府 加入", password=NEW_PASSWORD)
    late, _ = invite(actor=beppu_lead, email="late@beppu.test", municipality=beppu)
    Invitation.objects.filter(pk=late.pk).update(expires_at=timezone.now())
    client.force_login(coordinator)

    listed = {i.email: i.status for i in client.get("/console/invitations/").context[
        "invitations"]}

    assert listed["joined@beppu.test"] == InvitationStatus.ACCEPTED
    assert listed["late@beppu.test"] == InvitationStatus.EXPIRED


def test_town_staff_cannot_open_the_console_invitations(client, beppu_staff):
    client.force_login(beppu_staff)

    assert client.get("/console/invitations/").status_code == 403
    assert client.post("/console/invitations/", {"email": "x@beppu.test"}).status_code == 403


def test_a_lead_sees_the_members_and_pending_invitations_and_invites_a_colleague(
    client, beppu, beppu_lead, beppu_staff, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(beppu_lead)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/m/beppu/members/", {
            "email": "colleague@beppu.test", "role": Role.MUNICIPALITY_LEAD})
    page = client.get("/m/beppu/members/")

    assert response["Location"] == "/m/beppu/members/"
    invitation = Invitation.objects.get(email="colleague@beppu.test")
    assert (invitation.municipality, invitation.role) == (beppu, Role.MUNICIPALITY_LEAD)
    assert link_in(mailoutbox[-1])["path"].startswith("/invitations/")
    body = page.content.decode()
    assert "別府市 職員と招待" in body
    assert "staff@beppu.test" in body and "lead@beppu.test" in body
    assert "colleague@beppu.test" in body
    assert 'action="/m/beppu/members/invitations/' in body


def test_a_lead_revokes_from_the_members_page(client, beppu, beppu_lead, invite):
    invitation, _ = invite(actor=beppu_lead, email="maybe@beppu.test", municipality=beppu)
    client.force_login(beppu_lead)

    response = client.post(f"/m/beppu/members/invitations/{invitation.pk}/revoke/")

    assert response["Location"] == "/m/beppu/members/"
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REVOKED


def test_staff_see_the_members_but_cannot_invite(client, beppu, beppu_staff, beppu_lead, invite):
    invitation, _ = invite(actor=beppu_lead, email="pending@beppu.test", municipality=beppu)
    client.force_login(beppu_staff)

    page = client.get("/m/beppu/members/")
    post = client.post("/m/beppu/members/", {"email": "friend@beppu.test",
                                             "role": Role.MUNICIPALITY_STAFF})
    revoke = client.post(f"/m/beppu/members/invitations/{invitation.pk}/revoke/")

    body = page.content.decode()
    assert page.status_code == 200
    assert "lead@beppu.test" in body and "pending@beppu.test" in body
    assert page.context["form"] is None and "職員の招待は、市町村責任者が行います。" in body
    assert (post.status_code, revoke.status_code) == (403, 403)
    assert not Invitation.objects.filter(email="friend@beppu.test").exists()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


def test_a_lead_of_another_town_can_neither_see_nor_invite_into_this_town(
    client, beppu_lead, himeshima, himeshima_lead, invite
):
    invitation, _ = invite(actor=himeshima_lead, email="secret@himeshima.test",
                           municipality=himeshima)
    client.force_login(beppu_lead)

    page = client.get("/m/himeshima/members/")
    post = client.post("/m/himeshima/members/", {"email": "x@beppu.test",
                                                 "role": Role.MUNICIPALITY_STAFF})
    revoke = client.post(f"/m/beppu/members/invitations/{invitation.pk}/revoke/")

    assert (page.status_code, post.status_code, revoke.status_code) == (403, 403, 404)
    assert "secret@himeshima.test" not in page.content.decode()
    assert not Invitation.objects.filter(email="x@beppu.test").exists()


def test_the_console_and_the_workspace_link_to_these_pages(client, coordinator, beppu_staff):
    client.force_login(coordinator)
    console = client.get("/console/").content.decode()
    client.force_login(beppu_staff)
    workspace = client.get("/m/beppu/").content.decode()

    assert 'href="/console/invitations/"' in console and 'href="/console/vendors/"' in console
    assert 'href="/m/beppu/members/"' in workspace


def test_operators_read_invitations_in_the_admin_but_cannot_change_them(
    client, beppu, beppu_lead, invite
):
    invitation, _ = invite(actor=beppu_lead, email="admin-view@beppu.test", municipality=beppu)
    operator = UserFactory(email="operator@pref.example", is_staff=True, is_superuser=True)
    activate_totp(operator)
    client.force_login(operator)

    listing = client.get("/admin/invitations/invitation/")

    assert listing.status_code == 200 and "admin-view@beppu.test" in listing.content.decode()
    assert client.get("/admin/invitations/invitation/add/").status_code == 403
    assert client.post(f"/admin/invitations/invitation/{invitation.pk}/delete/").status_code == 403


LONG_ADDRESS = "a" * 64 + "@" + ".".join(["b" * 63, "c" * 63, "d" * 63, "jp"])  # 259 characters
TOO_LONG = "254文字以内で入力してください（現在 259文字）。"


def test_the_console_refuses_an_address_longer_than_any_mailbox_with_a_form_error(
        client, coordinator, himeshima):
    client.force_login(coordinator)

    response = client.post("/console/invitations/", {
        "email": LONG_ADDRESS, "organisation": f"m{himeshima.pk}",
        "role": Role.MUNICIPALITY_STAFF})

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [TOO_LONG]
    assert not Invitation.objects.exists()


def test_a_lead_inviting_an_address_longer_than_any_mailbox_gets_a_form_error(
        client, beppu_lead):
    client.force_login(beppu_lead)

    response = client.post("/m/beppu/members/", {"email": LONG_ADDRESS,
                                                 "role": Role.MUNICIPALITY_STAFF})

    assert response.status_code == 200
    assert TOO_LONG in response.content.decode()
    assert not Invitation.objects.exists()
