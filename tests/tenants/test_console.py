import pytest

pytestmark = pytest.mark.django_db


def test_the_coordinator_sees_the_prefectures_municipalities_with_master_data(
    client, coordinator
):
    client.force_login(coordinator)

    response = client.get("/console/")

    body = response.content.decode()
    assert response.status_code == 200
    assert [m.name for m in response.context["municipalities"]] == ["大分市", "別府市", "姫島村"]
    assert "443221" in body and "1,878" in body and "町村（1万人未満）" in body


def test_the_console_filters_by_population_band(client, coordinator):
    client.force_login(coordinator)

    response = client.get("/console/", {"band": "town_village_small"})

    assert [m.name for m in response.context["municipalities"]] == ["姫島村"]


def test_town_staff_cannot_open_the_console(client, himeshima_staff):
    client.force_login(himeshima_staff)

    assert client.get("/console/").status_code == 403


def test_home_sends_each_person_to_their_work(client, coordinator, himeshima_staff):
    client.force_login(coordinator)
    assert client.get("/")["Location"] == "/console/"

    client.force_login(himeshima_staff)
    assert client.get("/")["Location"] == "/m/himeshima/"


def test_the_language_switch_shows_the_console_in_english(client, coordinator):
    client.force_login(coordinator)

    client.post("/i18n/setlang/", {"language": "en", "next": "/console/"})
    response = client.get("/console/")

    body = response.content.decode()
    assert response.context["LANGUAGE_CODE"] == "en"
    assert '<html lang="en">' in body
    assert "Municipalities of the prefecture" in body
    assert "Town/village (under 10,000)" in body
    assert "県内市町村の一覧" not in body
