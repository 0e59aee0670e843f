"""Path routing and tenant isolation: a town's data stays in its own workspace."""

import pytest
from django.db import connection

from tenants.workspace.models import TownProfile
from tenants.workspace.services import profile_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def beppu_notes(beppu, beppu_staff):
    return profile_update(actor=beppu_staff, municipality=beppu,
                          data={"department": "別府市 DX推進課", "notes": "別府市の内部メモ"})


def test_a_town_member_sees_their_own_workspace(client, beppu_staff, beppu_notes):
    client.force_login(beppu_staff)

    response = client.get("/m/beppu/")

    assert response.status_code == 200
    assert "別府市の内部メモ" in response.content.decode()


def test_another_towns_data_is_invisible_from_a_town_path(client, himeshima_staff, beppu_notes):
    client.force_login(himeshima_staff)

    response = client.get("/m/himeshima/")

    assert response.status_code == 200
    assert "別府市の内部メモ" not in response.content.decode()


def test_another_towns_schema_does_not_hold_the_row(beppu_notes, himeshima, in_schema):
    with in_schema(himeshima):
        assert TownProfile.objects.count() == 0


def test_the_public_schema_has_no_town_tables(beppu_notes):
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('public.workspace_townprofile')")
        assert cursor.fetchone()[0] is None


def test_a_member_of_one_town_is_refused_at_another_towns_workspace(
    client, himeshima_staff, beppu_notes
):
    client.force_login(himeshima_staff)

    for path in ("/m/beppu/", "/m/beppu/profile/edit/"):
        response = client.get(path)
        assert response.status_code == 403
        assert "別府市の内部メモ" not in response.content.decode()
        assert "権限がありません" in response.content.decode()


def test_a_coordinator_without_a_town_membership_cannot_enter_its_workspace(
    client, coordinator, beppu_notes
):
    client.force_login(coordinator)

    assert client.get("/m/beppu/").status_code == 403


def test_a_post_to_another_towns_profile_changes_nothing(
    client, himeshima_staff, beppu_notes, beppu, in_schema
):
    client.force_login(himeshima_staff)

    response = client.post("/m/beppu/profile/edit/", {"department": "乗っ取り", "notes": "x"})

    assert response.status_code == 403
    with in_schema(beppu):
        assert TownProfile.objects.get().department == "別府市 DX推進課"


def test_anonymous_visitors_are_sent_to_sign_in(client, beppu):
    response = client.get("/m/beppu/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/m/beppu/"


def test_an_unknown_town_gets_a_japanese_404_page(client, db):
    response = client.get("/m/atlantis/")

    assert response.status_code == 404
    body = response.content.decode()
    assert "ページが見つかりません" in body
    assert "「atlantis」という市町村のワークスペースはありません" in body


@pytest.mark.parametrize("slug", ["%00", "beppu%00", "x" * 61, "%E5%88%A5%E5%BA%9C", "be.ppu"])
def test_a_town_path_that_cannot_be_a_slug_is_a_404_before_any_query(
        client, db, django_assert_num_queries, slug):
    with django_assert_num_queries(0):
        response = client.get(f"/m/{slug}/profile/edit/")

    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()


def test_the_prefecture_is_not_reachable_as_a_town(client, coordinator):
    client.force_login(coordinator)

    assert client.get("/m/pref-oita/").status_code == 404


def test_a_town_member_edits_the_profile_and_it_is_published_to_the_prefecture(
    client, beppu_staff, beppu, django_capture_on_commit_callbacks
):
    client.force_login(beppu_staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/m/beppu/profile/edit/", {
            "department": "総務部 DX推進課", "dx_lead_name": "別府 太郎",
            "dx_lead_title": "課長", "contact_email": "dx@city.beppu.example",
            "contact_phone": "0977-00-0000", "notes": "内部の検討メモ"})

    assert response.status_code == 302
    assert response["Location"] == "/m/beppu/"
    beppu.refresh_from_db()
    assert beppu.published_contact.department == "総務部 DX推進課"
    assert beppu.published_contact.contact_email == "dx@city.beppu.example"
    assert not hasattr(beppu.published_contact, "notes")


def test_an_invalid_profile_shows_a_japanese_field_error_and_saves_nothing(
    client, beppu_staff, beppu, in_schema
):
    client.force_login(beppu_staff)

    response = client.post("/m/beppu/profile/edit/", {"contact_email": "not-an-address"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "メールアドレスの形式で入力してください（例: taro@example.jp）。" in page
    with in_schema(beppu):
        assert not TownProfile.objects.exists()


def test_a_malformed_phone_number_is_refused_with_an_example(client, beppu_staff, beppu, in_schema):
    client.force_login(beppu_staff)

    response = client.post("/m/beppu/profile/edit/", {"contact_phone": "call me"})

    assert "電話番号は市外局番から半角数字で入力してください（例: 0978-87-2111）。" in (
        response.content.decode())
    with in_schema(beppu):
        assert not TownProfile.objects.exists()
