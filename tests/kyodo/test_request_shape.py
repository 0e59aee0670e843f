"""A NUL byte in the query string is a 400, never a database error."""

import pytest

from tests.factories import UserFactory
from tests.mfa import activate_totp

pytestmark = pytest.mark.django_db


def test_a_page_asked_with_a_nul_in_the_query_string_answers_with_the_400_page(client, db):
    response = client.get("/accounts/login/", {"next": "/\x00"})

    assert response.status_code == 400
    body = response.content.decode()
    assert "リクエストを処理できません" in body
    assert 'class="site-header"' in body


def test_the_admins_list_filters_do_not_pass_a_nul_to_the_database(client, db):
    operator = UserFactory(email="operator@pref.example", is_staff=True, is_superuser=True)
    activate_totp(operator)
    client.force_login(operator)

    for name in ("kind", "prefecture", "q"):
        assert client.get("/admin/tenants/municipality/", {name: "\x00"}).status_code == 400


def test_the_api_names_the_field_holding_a_nul_in_its_own_error_shape(client, beppu_staff):
    client.force_login(beppu_staff)

    response = client.get("/api/v1/municipalities/", {"prefecture": "大分\x00県"})

    assert response.status_code == 400
    [detail] = response.json()["error"]["details"]
    assert detail["field"] == "prefecture"
