"""GET /api/v1/targets/bands/: open data per population band, for anyone, never a town's
value where fewer than three towns of a band published."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from tests.joint_targets.conftest import YEAR, publish_value

pytestmark = pytest.mark.django_db
URL = "/api/v1/targets/bands/"


def _rows(body: dict) -> dict:
    return {(row["code"], row["band"]): row for row in body["results"]}


def test_anyone_reads_the_bands_aggregates_without_a_token(beppu, himeshima, general_cities):
    nakatsu, hita = general_cities
    for town, rate in ((beppu, "75.0"), (nakatsu, "20.0"), (hita, "10.0")):
        publish_value(town, e_approval_rate=Decimal(rate), cio=Decimal(1))
    publish_value(himeshima, e_approval_rate=Decimal("5.0"))

    response = APIClient().get(URL, {"fiscal_year": YEAR})

    assert response.status_code == 200
    body = response.json()
    assert (body["fiscal_year"], body["median_min_towns"], body["quartile_min_towns"]) == (
        YEAR, 3, 5)
    rows = _rows(body)
    assert rows[("e_approval_rate", "general_city")] == {
        "code": "e_approval_rate", "unit": "percent", "band": "general_city",
        "towns_reporting": 3, "q1": None, "median": 20.0, "q3": None, "share_yes": None}
    assert rows[("cio", "general_city")]["share_yes"] == 100.0
    assert "lg_code" not in response.content.decode() and "別府市" not in response.content.decode()


def test_a_band_with_fewer_than_three_towns_shows_only_how_many_reported(himeshima, beppu):
    publish_value(himeshima, e_approval_rate=Decimal("5.0"), cio=Decimal(1))
    publish_value(beppu, e_approval_rate=Decimal("75.0"))

    rows = _rows(APIClient().get(URL, {"fiscal_year": YEAR}).json())

    for key in (("e_approval_rate", "town_village_small"), ("cio", "town_village_small"),
                ("e_approval_rate", "general_city")):
        row = rows[key]
        assert row["towns_reporting"] == 1
        assert [row[figure] for figure in ("q1", "median", "q3", "share_yes")] == [None] * 4
    assert "5.0" not in str(rows) and "75.0" not in str(rows)


def test_the_band_filter_narrows_the_results(beppu, himeshima):
    publish_value(himeshima, e_approval_rate=Decimal("5.0"))
    publish_value(beppu, e_approval_rate=Decimal("75.0"))

    body = APIClient().get(URL, {"fiscal_year": YEAR, "band": "town_village_small"}).json()

    assert {row["band"] for row in body["results"]} == {"town_village_small"}


@pytest.mark.parametrize(("query", "field", "code"), [
    ({"fiscal_year": "2025年"}, "fiscal_year", "invalid"),
    ({"fiscal_year": "1999"}, "fiscal_year", "min_value"),
    ({"fiscal_year": ""}, "fiscal_year", "blank"),
    ({"band": "metropolis"}, "band", "invalid_choice"),
    ({"band": "prefecture"}, "band", "invalid_choice"),
])
def test_a_bad_year_or_band_is_a_400_naming_the_field(db, query, field, code):
    response = APIClient().get(URL, query)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert [(detail["field"], detail["code"]) for detail in error["details"]] == [(field, code)]


def test_credentials_are_not_needed_but_ones_that_do_not_work_are_refused(db, api_as,
                                                                          beppu_staff):
    assert api_as(beppu_staff).get(URL).status_code == 200

    response = APIClient().get(URL, HTTP_AUTHORIZATION="Bearer kyodo_nothere_secret")

    assert response.status_code == 401
