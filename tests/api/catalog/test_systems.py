"""The catalog through the API: /api/v1/catalog/systems/."""

import pytest

from shared_services.models import SystemStatus
from shared_services.services.adoption import adoption_request_act
from tests.api.catalog.conftest import first_of_this_month
from tests.factories import MembershipFactory, VendorFactory

pytestmark = pytest.mark.django_db

SYSTEMS = "/api/v1/catalog/systems/"


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


@pytest.fixture
def catalog(publish):
    return {
        "application": publish("電子申請サービス", description="スマートフォンから申請できます"),
        "chatbot": publish("AIチャットボット", category="ai_chatbot"),
        "retired": publish("旧グループウェア", category="groupware", status=SystemStatus.RETIRED),
        "draft": publish("準備中のRPA", category="rpa", status=SystemStatus.DRAFT),
    }


def test_a_town_sees_published_and_retired_systems_but_no_drafts(api_as, himeshima_staff,
                                                                 catalog):
    assert sorted(names(api_as(himeshima_staff).get(SYSTEMS))) == sorted(
        ["電子申請サービス", "AIチャットボット", "旧グループウェア"])
    assert api_as(himeshima_staff).get(f"{SYSTEMS}{catalog['draft'].pk}/").status_code == 404


def test_the_prefecture_sees_drafts_too(api_as, coordinator, catalog):
    assert names(api_as(coordinator).get(SYSTEMS, {"status": "draft"})) == ["準備中のRPA"]


def test_systems_filter_by_category_status_and_words(api_as, himeshima_staff, catalog):
    client = api_as(himeshima_staff)

    assert names(client.get(SYSTEMS, {"category": "ai_chatbot"})) == ["AIチャットボット"]
    assert names(client.get(SYSTEMS, {"status": "retired"})) == ["旧グループウェア"]
    assert names(client.get(SYSTEMS, {"q": "スマートフォン 申請"})) == ["電子申請サービス"]
    assert names(client.get(SYSTEMS, {"q": "スマートフォン チャット"})) == []


@pytest.mark.parametrize(("query", "field", "code"), [
    ({"category": "spreadsheet"}, "category", "invalid_choice"),
    ({"status": ""}, "status", "blank"),
    ({"q": "申請\x00"}, "q", "null_characters_not_allowed"),
    ({"q": "あ" * 101}, "q", "max_length"),
])
def test_a_bad_filter_is_a_400_naming_it(api_as, himeshima_staff, catalog, query, field, code):
    response = api_as(himeshima_staff).get(SYSTEMS, query)

    assert response.status_code == 400
    assert [(d["field"], d["code"]) for d in response.json()["error"]["details"]] == [
        (field, code)]


def test_a_systems_detail_lists_its_adopters_and_prices_but_not_what_each_pays(
        api_as, vendor_member, coordinator, submitted):
    adoption_request_act(actor=coordinator, request=submitted, action="approve")
    adoption_request_act(actor=coordinator, request=submitted, action="activate",
                         month=first_of_this_month())

    response = api_as(vendor_member).get(f"{SYSTEMS}{submitted.system.pk}/")

    body = response.json()
    assert response.status_code == 200
    assert body["adopters"] == [{"lg_code": "443221", "name": "姫島村",
                                 "first_month": first_of_this_month().isoformat()}]
    assert body["standalone_prices"] == [{"band": "town_village_small",
                                          "annual_price": 4_000_000}]
    assert body["rule"] == {"equal": 50, "population": 50, "usage": 0, "taper": 1.0,
                            "unit": 1}
    assert "amount" not in response.content.decode()


def test_the_catalog_needs_credentials(client, catalog):
    assert client.get(SYSTEMS).status_code == 401


@pytest.fixture
def vendor_member(db):
    return MembershipFactory(vendor=VendorFactory(), role="vendor_member").user
