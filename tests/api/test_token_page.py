import pytest

from api.models import ApiToken
from kyodo.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PAGE = "/accounts/tokens/"


@pytest.fixture
def membership(himeshima_staff):
    return himeshima_staff.memberships.get()


@pytest.fixture
def signed_in(client, himeshima_staff):
    client.force_login(himeshima_staff)
    return client


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_new_token_is_shown_once_with_a_warning(signed_in, membership):
    response = signed_in.post(PAGE, {"name": "庁内ツール", "membership": membership.pk,
                                     "lifetime": "90"})

    body = response.content.decode()
    key = response.context["issued"].key
    token = ApiToken.objects.get()
    assert response.status_code == 200
    assert key in body
    assert "このトークンはこの画面で一度だけ表示されます" in body
    assert "no-store" in response["Cache-Control"]
    assert (token.name, token.membership, token.user) == ("庁内ツール", membership, membership.user)
    assert token.expires_at is not None
    assert AuditEvent.objects.filter(action="api_token.create", actor=membership.user).exists()

    again = signed_in.get(PAGE).content.decode()
    assert key not in again
    assert token.masked_key in again and "庁内ツール" in again


def test_the_page_lists_only_the_users_own_tokens(signed_in, membership, beppu_staff,
                                                   issue_token):
    issue_token(membership, name="姫島の庁内ツール")
    issue_token(beppu_staff.memberships.get(), name="別府の庁内ツール")

    body = signed_in.get(PAGE).content.decode()

    assert "姫島の庁内ツール" in body and "姫島村" in body
    assert "別府の庁内ツール" not in body


def test_a_token_cannot_be_issued_for_someone_elses_membership(signed_in, beppu_staff):
    response = signed_in.post(PAGE, {"name": "なりすまし",
                                     "membership": beppu_staff.memberships.get().pk,
                                     "lifetime": "30"})

    assert response.status_code == 200
    error = response.context["form"].errors["membership"][0]
    assert error.endswith("選択肢の中から選んでください。")
    assert response.context["issued"] is None
    assert not ApiToken.objects.exists()


def test_the_owner_revokes_a_token_from_the_page(signed_in, membership, issue_token):
    issue_token(membership, name="庁内ツール")
    token = ApiToken.objects.get()

    response = signed_in.post(f"{PAGE}{token.pk}/revoke/", follow=True)

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "APIトークン「庁内ツール」を無効化しました" in response.content.decode()
    assert AuditEvent.objects.filter(action="api_token.revoke", actor=membership.user).exists()


def test_someone_elses_token_cannot_be_revoked_from_the_page(signed_in, beppu_staff,
                                                             issue_token):
    issue_token(beppu_staff.memberships.get())
    token = ApiToken.objects.get()

    response = signed_in.post(f"{PAGE}{token.pk}/revoke/")

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_needs_a_post(signed_in, membership, issue_token):
    issue_token(membership)

    assert signed_in.get(f"{PAGE}{ApiToken.objects.get().pk}/revoke/").status_code == 405


def test_a_user_without_memberships_is_told_why_there_is_no_form(client, outsider):
    client.force_login(outsider)

    body = client.get(PAGE).content.decode()

    assert "どの団体にも所属していないため、APIトークンを発行できません。" in body


def test_the_header_links_to_the_page_also_from_a_workspace(signed_in):
    body = signed_in.get("/m/himeshima/").content.decode()

    assert f'href="{PAGE}"' in body
