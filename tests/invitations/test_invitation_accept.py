"""Following an invitation link: a new person, an existing account, and every refusal."""

import pytest
from allauth.account.models import EmailAddress
from django.core import signing
from django.utils import timezone

from kyodo.accounts.models import Membership, Role, User, VendorStatus
from kyodo.audit.models import AuditEvent
from kyodo.errors import DomainError, ErrorCode
from kyodo.invitations import tokens
from kyodo.invitations.models import Invitation, InvitationStatus
from kyodo.invitations.services import invitation_accept, invitation_revoke
from tests.factories import UserFactory
from tests.invitations.conftest import NEW_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def himeshima_invitation(himeshima, himeshima_lead, invite):
    return invite(actor=himeshima_lead, email="newcomer@himeshima.test", municipality=himeshima)


def _signed_in_user_id(client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


def test_a_new_person_sets_a_name_and_password_and_lands_in_the_town_signed_in(
    client, himeshima_invitation
):
    invitation, token = himeshima_invitation

    form = client.get(f"/invitations/{token}/")
    response = client.post(f"/invitations/{token}/", {
        "full_name": "姫島 花子", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert "姫島村への招待" in form.content.decode()
    assert response.status_code == 302
    assert response["Location"] == "/m/himeshima/"
    user = User.objects.get(email="newcomer@himeshima.test")
    assert user.full_name == "姫島 花子" and user.check_password(NEW_PASSWORD)
    assert Membership.objects.filter(user=user, municipality=invitation.municipality,
                                     role=Role.MUNICIPALITY_STAFF).exists()
    assert EmailAddress.objects.get(user=user).verified
    assert _signed_in_user_id(client) == user.pk
    assert client.get("/m/himeshima/").status_code == 200
    invitation.refresh_from_db()
    assert (invitation.status, invitation.accepted_by) == (InvitationStatus.ACCEPTED, user)


def test_accepting_is_audited_with_the_new_account_and_membership(himeshima_invitation):
    invitation, token = himeshima_invitation

    membership = invitation_accept(token=token, full_name="姫島 花子", password=NEW_PASSWORD)

    actions = set(AuditEvent.objects.filter(actor=membership.user).values_list("action",
                                                                               flat=True))
    assert actions == {"user.create", "membership.create", "invitation.accept"}
    event = AuditEvent.objects.get(action="invitation.accept", target_id=str(invitation.pk))
    assert event.before["accepted_at"] is None and event.after["accepted_at"] is not None


def test_a_weak_password_is_refused_with_a_japanese_message_and_creates_nothing(
    client, himeshima_invitation
):
    _, token = himeshima_invitation

    response = client.post(f"/invitations/{token}/", {
        "full_name": "姫島 花子", "password1": "12345", "password2": "12345"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "パスワードが短すぎます。12文字以上にしてください。" in body
    assert not User.objects.filter(email="newcomer@himeshima.test").exists()


def test_different_passwords_are_refused(client, himeshima_invitation):
    _, token = himeshima_invitation

    response = client.post(f"/invitations/{token}/", {
        "full_name": "姫島 花子", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"})

    assert "確認用のパスワードが一致しません。" in response.content.decode()
    assert not User.objects.filter(email="newcomer@himeshima.test").exists()


def _expire(invitation, token):
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    return token


def _use(invitation, token):
    invitation_accept(token=token, full_name="先に 使った人", password=NEW_PASSWORD)
    return token


def _revoke(invitation, token):
    invitation_revoke(actor=invitation.invited_by, invitation=invitation)
    return token


def _tamper(invitation, token):
    return token[:-1] + ("A" if token[-1] != "A" else "B")


def _forge_nonce(invitation, token):
    """Signed with our key, but with a nonce that was never issued for this invitation."""
    return tokens.token_make(invitation_id=invitation.pk, nonce=tokens.nonce_new())


def _sign_elsewhere(invitation, token):
    payload = signing.loads(token, salt=tokens.SALT)
    return signing.dumps(payload, key="someone-elses-secret-key-" * 3, salt=tokens.SALT)


REFUSALS = [
    (_expire, ErrorCode.INVITATION_EXPIRED, 410, "この招待は有効期限が過ぎています。"),
    (_use, ErrorCode.INVITATION_USED, 410, "この招待は既に使用されています。"),
    (_revoke, ErrorCode.INVITATION_REVOKED, 410, "この招待は取り消されています。"),
    (_tamper, ErrorCode.INVITATION_INVALID, 400, "招待のリンクが正しくありません。"),
    (_forge_nonce, ErrorCode.INVITATION_INVALID, 400, "招待のリンクが正しくありません。"),
    (_sign_elsewhere, ErrorCode.INVITATION_INVALID, 400, "招待のリンクが正しくありません。"),
]


@pytest.mark.parametrize(("spoil", "code", "status", "message"), REFUSALS,
                         ids=[spoil.__name__.strip("_") for spoil, *_ in REFUSALS])
def test_a_spoilt_link_is_refused_with_its_code_and_a_japanese_message_and_joins_no_one(
    client, himeshima_invitation, spoil, code, status, message
):
    invitation, token = himeshima_invitation
    token = spoil(invitation, token)
    members_before = Membership.objects.count()

    with pytest.raises(DomainError) as refused:
        invitation_accept(token=token, full_name="姫島 花子", password=NEW_PASSWORD)
    page = client.get(f"/invitations/{token}/")
    post = client.post(f"/invitations/{token}/", {
        "full_name": "姫島 花子", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert refused.value.code == code
    assert refused.value.message.startswith(message)
    for response in (page, post):
        assert response.status_code == status
        body = response.content.decode()
        assert f'data-error-code="{code}"' in body and message in body
    assert Membership.objects.count() == members_before
    assert not User.objects.filter(full_name="姫島 花子").exists()


def test_someone_signed_in_with_another_address_gets_an_error_page_and_no_membership(
    client, himeshima_invitation, beppu_staff
):
    invitation, token = himeshima_invitation
    client.force_login(beppu_staff)

    page = client.get(f"/invitations/{token}/")
    post = client.post(f"/invitations/{token}/")
    with pytest.raises(DomainError) as refused:
        invitation_accept(token=token, actor=beppu_staff)

    assert refused.value.code == ErrorCode.INVITATION_WRONG_EMAIL
    for response in (page, post):
        assert response.status_code == 403
        body = response.content.decode()
        assert 'data-error-code="invitation_wrong_email"' in body
        assert "この招待は別のメールアドレス宛てです。" in body
    assert not Membership.objects.filter(user=beppu_staff,
                                         municipality=invitation.municipality).exists()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


def test_an_invitee_with_an_account_is_asked_to_sign_in_and_comes_back_to_the_link(
    client, himeshima, himeshima_lead, invite
):
    existing = UserFactory(email="kenji@example.test")
    _, token = invite(actor=himeshima_lead, email="Kenji@Example.test", municipality=himeshima)

    response = client.get(f"/invitations/{token}/")

    body = response.content.decode()
    assert "このメールアドレスのアカウントは既に登録されています。" in body
    assert f'href="/accounts/login/?next=%2Finvitations%2F{token.replace(":", "%3A")}%2F"' in body
    assert not Membership.objects.filter(user=existing).exists()


def test_a_signed_in_invitee_confirms_and_joins_whatever_the_case_of_the_address(
    client, himeshima, himeshima_lead, beppu_staff, invite
):
    _, token = invite(actor=himeshima_lead, email="Staff@Beppu.TEST", municipality=himeshima)
    client.force_login(beppu_staff)

    confirm = client.get(f"/invitations/{token}/")
    response = client.post(f"/invitations/{token}/")

    assert "現在ログインしているアカウントで、姫島村に市町村職員として参加します。" in (
        confirm.content.decode())
    assert response["Location"] == "/m/himeshima/"
    assert Membership.objects.filter(user=beppu_staff, municipality=himeshima).exists()
    assert client.get("/m/himeshima/").status_code == 200


def test_a_vendor_administrator_lands_in_the_vendor_portal(
    client, coordinator, approved_vendor, invite
):
    _, token = invite(actor=coordinator, email="admin@himeshima-joho.test",
                      role=Role.VENDOR_ADMIN, vendor=approved_vendor)

    response = client.post(f"/invitations/{token}/", {
        "full_name": "情報 一郎", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response["Location"] == f"/vendors/{approved_vendor.pk}/"
    assert client.get(response["Location"]).status_code == 200


def test_a_specialist_lands_on_the_specialist_page(client, coordinator, prefecture, invite):
    _, token = invite(actor=coordinator, email="expert@talent.test", role=Role.SPECIALIST,
                      municipality=prefecture)

    response = client.post(f"/invitations/{token}/", {
        "full_name": "人材 次郎", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response["Location"] == "/specialist/"


def test_an_invitation_into_a_vendor_suspended_since_is_refused(
    client, coordinator, approved_vendor, invite
):
    _, token = invite(actor=coordinator, email="late@himeshima-joho.test",
                      role=Role.VENDOR_MEMBER, vendor=approved_vendor)
    approved_vendor.status = VendorStatus.SUSPENDED
    approved_vendor.save(update_fields=["status"])

    response = client.post(f"/invitations/{token}/", {
        "full_name": "遅刻 三郎", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 409
    assert "承認されていないため参加できません" in response.content.decode()
    assert not Membership.objects.filter(vendor=approved_vendor,
                                         user__email="late@himeshima-joho.test").exists()
