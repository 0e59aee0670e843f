import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from kyodo.accounts.models import Role
from tests.factories import MembershipFactory, VendorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def vendor():
    return VendorFactory(legal_name="株式会社姫島情報")


@pytest.fixture
def many_hats(prefecture, himeshima, vendor):
    """A user with a membership in the prefecture, a town and a vendor."""
    town = MembershipFactory(user__email="hats@example.jp", user__full_name="共同 太郎",
                             municipality=himeshima, role=Role.MUNICIPALITY_LEAD)
    MembershipFactory(user=town.user, municipality=prefecture, role=Role.SPECIALIST)
    MembershipFactory(user=town.user, municipality=None, vendor=vendor,
                      role=Role.VENDOR_ADMIN)
    return town.user


def by_type(body) -> dict:
    return {m["organisation"]["type"]: m for m in body["memberships"]}


def test_a_session_lists_every_membership_with_its_organisation(client, many_hats, vendor):
    client.force_login(many_hats)

    response = client.get("/api/v1/me/")

    assert response.status_code == 200
    body = response.json()
    assert (body["email"], body["full_name"], body["token"]) == ("hats@example.jp", "共同 太郎",
                                                                 None)
    memberships = by_type(body)
    assert memberships["municipality"] == {
        "role": "municipality_lead", "role_label": "市町村責任者",
        "organisation": {"type": "municipality", "name": "姫島村", "lg_code": "443221",
                         "corporate_number": None,
                         "workspace_url": "http://testserver/m/himeshima/"},
    }
    assert memberships["prefecture"]["role"] == "specialist"
    assert memberships["prefecture"]["organisation"] == {
        "type": "prefecture", "name": "大分県", "lg_code": "440001", "corporate_number": None,
        "workspace_url": None,
    }
    assert memberships["vendor"]["organisation"] == {
        "type": "vendor", "name": "株式会社姫島情報", "lg_code": None,
        "corporate_number": vendor.corporate_number, "workspace_url": None,
    }


def test_a_token_lists_only_the_membership_it_acts_for(many_hats, vendor, issue_token,
                                                        client_with):
    vendor_membership = many_hats.memberships.get(vendor=vendor)
    key = issue_token(vendor_membership, name="入札管理システム")

    body = client_with(key).get("/api/v1/me/").json()

    assert [m["organisation"]["type"] for m in body["memberships"]] == ["vendor"]
    assert body["token"] == {
        "name": "入札管理システム", "prefix": key.split("_")[1], "expires_at": None,
        "scope": body["memberships"][0],
    }
    assert body["token"]["scope"]["organisation"]["corporate_number"] == vendor.corporate_number


def test_anonymous_callers_are_asked_to_authenticate():
    response = APIClient().get("/api/v1/me/")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_schema_documents_me_and_the_bearer_scheme(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    schema = response.json()
    assert schema["components"]["securitySchemes"]["apiToken"] | {"description": ""} == {
        "type": "http", "scheme": "bearer", "bearerFormat": "kyodo_<prefix>_<secret>",
        "description": "",
    }
    operation = schema["paths"]["/api/v1/me/"]["get"]
    assert {"apiToken": []} in operation["security"]
    assert "tokenAuth" not in schema["components"]["securitySchemes"]


def test_the_schema_is_generated_without_warnings(tmp_path):
    call_command("spectacular", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
