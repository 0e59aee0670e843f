"""/api/v1/procurement/: what each caller may read, a bid placed and its receipt, and the
refusals a vendor or a coordinator can meet, each with its status and stable code."""

import hashlib
import json

import pytest
from rest_framework.test import APIClient

from procurement.models import Bid
from tests.procurement.conftest import BID_DEADLINE, DECLARED, OPENING, place

pytestmark = pytest.mark.django_db
BID = {"total_price": 8_765_432, "kuji_number": "042", "declarations": DECLARED}


def _api(user):
    client = APIClient()
    client.force_login(user)
    return client


def test_a_vendor_bids_and_gets_a_receipt_over_the_content_it_is_given_once(
        tender, clock, bidder_a):
    procurement = tender()
    response = _api(bidder_a[1]).post(f"/api/v1/procurement/tenders/{procurement.pk}/bids/",
                                      BID, format="json")
    assert response.status_code == 201
    body = response.json()
    assert hashlib.sha256(body["canonical"].encode()).hexdigest() == body["receipt_sha256"]
    assert json.loads(body["canonical"])["total_price"] == 8_765_432
    listed = _api(bidder_a[1]).get("/api/v1/procurement/bids/").json()
    assert [item["receipt_sha256"] for item in listed["results"]] == [body["receipt_sha256"]]
    assert "canonical" not in listed["results"][0]


def test_refusals_have_their_status_and_code(tender, clock, bidder_a, unqualified_vendor,
                                            coordinator, town_leads):
    procurement = tender()
    url = f"/api/v1/procurement/tenders/{procurement.pk}/bids/"
    refused = _api(unqualified_vendor[1]).post(url, BID, format="json")
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "not_qualified")
    assert _api(coordinator).post(url, BID, format="json").status_code == 403
    assert _api(town_leads["beppu"]).post(url, BID, format="json").status_code == 403
    bad = _api(bidder_a[1]).post(url, BID | {"kuji_number": "42"}, format="json")
    assert bad.status_code == 400
    assert bad.json()["error"]["details"][0]["field"] == "kuji_number"
    undeclared = _api(bidder_a[1]).post(url, BID | {"declarations": {}}, format="json")
    assert undeclared.status_code == 400
    clock(BID_DEADLINE)
    late = _api(bidder_a[1]).post(url, BID, format="json")
    assert (late.status_code, late.json()["error"]["code"]) == (409, "deadline_passed")
    assert not Bid.objects.filter(procurement=procurement).exists()


def test_the_opening_waits_for_its_time_and_is_the_coordinators(tender, clock, bidder_a,
                                                                coordinator):
    procurement = tender()
    place(procurement, bidder_a, 9_000_000)
    url = f"/api/v1/procurement/tenders/{procurement.pk}/open/"
    early = _api(coordinator).post(url)
    assert (early.status_code, early.json()["error"]["code"]) == (409, "sealed_until_opening")
    clock(OPENING)
    assert _api(bidder_a[1]).post(url).status_code == 403
    opened = _api(coordinator).post(url)
    assert (opened.status_code, opened.json()["state"]) == (200, "evaluation")


def test_each_caller_reads_the_tenders_it_may_and_no_bid(tender, clock, bidder_a, bidder_b,
                                                         town_leads, himeshima_staff):
    procurement = tender(ceiling_published=False)
    place(procurement, bidder_a, 9_000_000)
    vendor_view = _api(bidder_b[1]).get(f"/api/v1/procurement/tenders/{procurement.pk}/")
    assert vendor_view.status_code == 200
    assert vendor_view.json()["ceiling_price"] is None
    assert "9000000" not in vendor_view.content.decode()
    assert _api(bidder_b[1]).get("/api/v1/procurement/bids/").json()["results"] == []
    town = _api(town_leads["beppu"]).get("/api/v1/procurement/tenders/").json()
    assert [item["id"] for item in town["results"]] == [procurement.pk]
    assert town["results"][0]["demand"]["towns"] == 2


def test_per_town_prices_are_sealed_into_the_receipt_where_the_tender_asks(
        tender, bidder_a, beppu, himeshima):
    procurement = tender(asks_town_prices=True)
    detail = _api(bidder_a[1]).get(f"/api/v1/procurement/tenders/{procurement.pk}/").json()
    assert detail["asks_town_prices"] is True
    assert sorted(town["lg_code"] for town in detail["participants"]) == sorted(
        [beppu.lg_code, himeshima.lg_code])
    url = f"/api/v1/procurement/tenders/{procurement.pk}/bids/"
    prices = {beppu.lg_code: 6_000_000, himeshima.lg_code: 2_765_432}

    response = _api(bidder_a[1]).post(url, BID | {"town_prices": prices}, format="json")

    assert response.status_code == 201
    assert json.loads(response.json()["canonical"])["town_prices"] == prices


@pytest.mark.parametrize(("prices", "field", "code"), [
    ({"beppu": 6_000_000, "himeshima": 2_000_000}, "town_prices", "sum_mismatch"),
    ({"beppu": 8_765_432}, "town_prices", "required"),
    ({"beppu": 6_000_000, "himeshima": 2_765_431, "oita": 1}, "town_prices", "unknown_town"),
    ({"beppu": -1, "himeshima": 8_765_433}, "town_prices.{beppu}", "min_value"),
    ({"beppu": "6000000", "himeshima": 2_765_432}, "town_prices.{beppu}", "invalid"),
])
def test_per_town_prices_that_do_not_fit_are_a_400_naming_them(
        tender, bidder_a, beppu, himeshima, oita_city, prices, field, code):
    procurement = tender(asks_town_prices=True)
    codes = {"beppu": beppu.lg_code, "himeshima": himeshima.lg_code, "oita": oita_city.lg_code}
    body = BID | {"town_prices": {codes[town]: price for town, price in prices.items()}}
    refused = _api(bidder_a[1]).post(f"/api/v1/procurement/tenders/{procurement.pk}/bids/",
                                     body, format="json")
    error = refused.json()["error"]
    assert (refused.status_code, [(d["field"], d["code"]) for d in error["details"]]) == (
        400, [(field.format(**codes), code)])
    assert not Bid.objects.filter(procurement=procurement).exists()
