import pytest

from tests.factories import UserFactory
from tests.mfa import activate_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(db):
    user = UserFactory(email="operator@pref.example", is_staff=True, is_superuser=True)
    activate_totp(user)
    return user


def test_an_admin_user_without_a_second_factor_is_sent_to_set_one_up(client, db):
    user = UserFactory(email="new-operator@pref.example", is_staff=True, is_superuser=True)
    client.force_login(user)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/")


def test_an_operator_reads_municipalities_and_the_audit_log_in_the_admin(client, operator, beppu):
    client.force_login(operator)

    municipalities = client.get("/admin/tenants/municipality/")
    audit = client.get("/admin/audit/auditevent/")

    assert municipalities.status_code == 200
    assert "別府市" in municipalities.content.decode()
    assert audit.status_code == 200


def test_the_admin_offers_no_way_to_add_or_delete_a_municipality(client, operator, beppu):
    client.force_login(operator)

    assert client.get("/admin/tenants/municipality/add/").status_code == 403
    assert client.get(f"/admin/tenants/municipality/{beppu.pk}/delete/").status_code == 403


def test_town_staff_are_sent_away_from_the_admin(client, beppu_staff):
    client.force_login(beppu_staff)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_published_contacts_are_written_by_publishing_not_added_in_the_admin(client, operator):
    client.force_login(operator)

    assert client.get("/admin/tenants/publishedcontact/add/").status_code == 403
    assert client.post("/admin/tenants/publishedcontact/add/").status_code == 403
