"""Scoring, the evaluation and the award through /api/v1/procurement/, and the losing
bidders' requests for reasons: each step for the role that takes it, each refusal with
its status and stable code."""

import uuid

import pytest

from procurement.evaluation import Method
from procurement.models import Award, ReasonRequest, TechnicalScore
from procurement.services.opening import tender_open
from tests.api.procurement.helpers import api, error_of
from tests.procurement.conftest import OPENING, place

pytestmark = pytest.mark.django_db
TECHNICAL = {"method": Method.ADDITION, "price_points_max": 30, "price_formula": "lowest_ratio",
             "technical_items": [{"key": "function", "name": "機能", "max_points": 70}]}


def urls(procurement) -> dict:
    base = f"/api/v1/procurement/tenders/{procurement.pk}/"
    return {name: f"{base}{name}/" for name in ("scores", "evaluation", "award", "reasons")}


@pytest.fixture
def opened_technical(tender, clock, bidder_a, bidder_b, coordinator):
    """A 加算方式 tender with A's and B's bids (A cheaper), opened; nobody has scored."""
    procurement = tender(**TECHNICAL)
    a, _ = place(procurement, bidder_a, 8_000_000)
    b, _ = place(procurement, bidder_b, 9_000_000)
    clock(OPENING)
    return tender_open(actor=coordinator, procurement=procurement), a, b


def test_before_the_opening_evaluation_scores_and_award_are_refused_without_a_hint(
        tender, bidder_a, bidder_b, coordinator):
    procurement = tender(**TECHNICAL)
    bid, _ = place(procurement, bidder_a, 8_000_000)
    address = urls(procurement)
    coordinator_api = api(coordinator)
    assert error_of(coordinator_api.get(address["evaluation"]))[:2] == (
        409, "sealed_until_opening")
    assert error_of(api(bidder_b[1]).get(address["evaluation"]))[:2] == (
        403, "permission_denied")
    scores = {"points": {str(bid.pk): {"function": 50}}}
    assert error_of(coordinator_api.post(address["scores"], scores, format="json"))[:2] == (
        409, "invalid_transition")
    # The real bid and an id no bid has are refused alike: nothing tells which exists.
    for bid_id in (str(bid.pk), str(uuid.uuid4())):
        refused = coordinator_api.post(address["award"], {"bid": bid_id}, format="json")
        assert error_of(refused) == (409, "invalid_transition", [])
    assert coordinator_api.get(address["scores"]).json() == []


def test_the_award_waits_for_every_evaluators_scores(opened_technical, coordinator):
    procurement, a, _b = opened_technical
    address = urls(procurement)
    early = api(coordinator).post(address["award"], {"bid": str(a.pk)}, format="json")
    assert error_of(early)[:2] == (409, "evaluation_incomplete")
    assert error_of(api(coordinator).get(address["evaluation"]))[:2] == (
        409, "evaluation_incomplete")
    assert not Award.objects.exists()


def test_an_evaluator_scores_and_the_coordinator_awards_by_the_ranking(
        opened_technical, coordinator, bidder_a, bidder_b, town_leads):
    procurement, a, b = opened_technical
    address = urls(procurement)
    points = {"points": {str(a.pk): {"function": "60.5"}, str(b.pk): {"function": 40}}}

    scored = api(coordinator).post(address["scores"], points, format="json")

    assert scored.status_code == 200
    assert sorted((item["bid"], item["points"]) for item in scored.json()) == sorted(
        [(str(a.pk), "60.50"), (str(b.pk), "40.00")])
    assert error_of(api(bidder_b[1]).get(address["evaluation"]))[:2] == (
        403, "permission_denied")
    evaluation = api(coordinator).get(address["evaluation"]).json()
    assert [(row["bid"], row["rank"], row["price"]) for row in evaluation["rows"]] == [
        (str(a.pk), 1, 8_000_000), (str(b.pk), 2, 9_000_000)]
    assert evaluation["evaluators"] == 1

    second = api(coordinator).post(address["award"], {"bid": str(b.pk)}, format="json")
    assert error_of(second) == (400, "validation_error", [("reason", "required")])
    awarded = api(coordinator).post(address["award"], {"bid": str(a.pk)}, format="json")
    assert awarded.status_code == 201
    assert (awarded.json()["rank"], awarded.json()["vendor"]) == (1, bidder_a[0].pk)
    again = api(coordinator).post(address["award"], {"bid": str(a.pk)}, format="json")
    assert error_of(again)[:2] == (409, "invalid_transition")
    for reader in (bidder_b[1], town_leads["beppu"]):
        rows = api(reader).get(address["evaluation"]).json()["rows"]
        assert [row["price"] for row in rows] == [8_000_000, 9_000_000]


@pytest.mark.parametrize(("points", "field", "code"), [
    ({"{a}": {"function": 70.01}}, "points.{a}.function", "range"),
    ({"{a}": {"function": -1}}, "points.{a}.function", "range"),
    ({"{a}": {"design": 10}}, "points.{a}.design", "unknown"),
    ({"{other}": {"function": 10}}, "points.{other}.function", "unknown"),
    ({"{a}": {"function": "abc"}}, "points.{a}.function", "invalid"),
    ({"{a}": {"function": "1.234"}}, "points.{a}.function", "max_decimal_places"),
    ({}, "points", "empty"),
])
def test_a_bad_score_is_a_400_naming_the_bid_and_item(opened_technical, coordinator, points,
                                                      field, code):
    procurement, a, _b = opened_technical
    names = {"a": str(a.pk), "other": str(uuid.uuid4())}
    body = {"points": {bid.format(**names): items for bid, items in points.items()}}
    refused = api(coordinator).post(urls(procurement)["scores"], body, format="json")
    assert error_of(refused) == (400, "validation_error", [(field.format(**names), code)])
    assert not TechnicalScore.objects.exists()


def test_only_coordinators_score_and_award(opened_technical, bidder_a, town_leads):
    procurement, a, _b = opened_technical
    address = urls(procurement)
    for person in (bidder_a[1], town_leads["beppu"]):
        client = api(person)
        assert client.get(address["scores"]).status_code == 403
        scores = {"points": {str(a.pk): {"function": 70}}}
        assert error_of(client.post(address["scores"], scores, format="json"))[:2] == (
            403, "permission_denied")
        assert client.post(address["award"], {"bid": str(a.pk)}, format="json"
                           ).status_code == 403
    assert not TechnicalScore.objects.exists()


@pytest.fixture
def awarded(tender, clock, bidder_a, bidder_b, coordinator):
    """A price-only tender awarded to vendor A (the cheaper); B lost."""
    procurement = tender()
    a, _ = place(procurement, bidder_a, 8_000_000)
    place(procurement, bidder_b, 9_000_000)
    clock(OPENING)
    procurement = tender_open(actor=coordinator, procurement=procurement)
    response = api(coordinator).post(urls(procurement)["award"], {"bid": str(a.pk)},
                                     format="json")
    assert response.status_code == 201
    return procurement


def test_a_losing_bidder_asks_for_the_reasons_and_reads_the_recorded_answer(
        awarded, coordinator, bidder_a, bidder_b):
    address = urls(awarded)
    asked = api(bidder_b[1]).post(address["reasons"], {"question": "なぜ落札できなかったか"},
                                  format="json")
    assert asked.status_code == 201
    again = api(bidder_b[1]).post(address["reasons"], {"question": "再度"}, format="json")
    assert error_of(again)[:2] == (409, "already_requested")
    assert error_of(api(bidder_a[1]).post(address["reasons"], {"question": "勝者"},
                                          format="json"))[:2] == (403, "permission_denied")
    assert api(bidder_a[1]).get(address["reasons"]).json() == []
    answer = f"/api/v1/procurement/reasons/{asked.json()['id']}/answer/"
    assert api(bidder_a[1]).post(answer, {"answer": "x"}, format="json").status_code == 404
    assert api(bidder_b[1]).post(answer, {"answer": "x"}, format="json").status_code == 403

    answered = api(coordinator).post(answer, {"answer": "価格点の差によります。"}, format="json")

    assert answered.status_code == 200
    mine = api(bidder_b[1]).get(address["reasons"]).json()
    assert [(item["question"], item["answer"]) for item in mine] == [
        ("なぜ落札できなかったか", "価格点の差によります。")]
    assert [item["vendor"] for item in api(coordinator).get(address["reasons"]).json()] == [
        bidder_b[0].pk]
    assert ReasonRequest.objects.get().answer == "価格点の差によります。"
    assert error_of(api(coordinator).post(answer, {}, format="json")) == (
        400, "validation_error", [("answer", "required")])
