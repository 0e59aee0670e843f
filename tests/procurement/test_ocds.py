"""OCDS 1.1.5 open data: every phase of a joint procurement validated against the
standard's schemas, and nothing sealed published before the opening."""

import datetime
import json
from pathlib import Path

import pytest
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from procurement.lifecycle import Stage
from procurement.services.bids import bid_confirm
from procurement.services.opening import award_decide, contract_record, tender_open
from procurement.services.tender import procurement_cancel, procurement_create, tender_amend
from tests.procurement.conftest import (
    BID_DEADLINE,
    CLARIFICATION_DEADLINE,
    OPENING,
    SURVEY_DEADLINE,
    place,
)

pytestmark = pytest.mark.django_db
SCHEMAS = Path(__file__).resolve().parents[2] / "procurement" / "data"
WINNING_PRICE = 8_765_431
LOSING_PRICE = 9_234_567


def _schema(name: str) -> dict:
    return json.loads((SCHEMAS / f"ocds-1.1.5-{name}-schema.json").read_text())


RELEASE_SCHEMA = _schema("release")
VALIDATOR = Draft4Validator(
    _schema("release-package"),
    registry=Registry().with_resource(RELEASE_SCHEMA["id"], Resource.from_contents(
        RELEASE_SCHEMA, default_specification=DRAFT4)),
    format_checker=Draft4Validator.FORMAT_CHECKER)


def ocid(procurement) -> str:
    return f"ocds-kyodo00-oita-{procurement.pk}"


def package(client, procurement) -> dict:
    """The package as an anonymous visitor downloads it, checked against the schema."""
    response = client.get(f"/open-data/ocds/{ocid(procurement)}.json")
    assert response.status_code == 200, response.content
    data = response.json()
    errors = [f"{list(error.absolute_path)}: {error.message}"
              for error in VALIDATOR.iter_errors(data)]
    assert errors == []
    return data


def tags(data) -> list[str]:
    return [tag for release in data["releases"] for tag in release["tag"]]


def test_the_schema_check_refuses_a_date_that_is_not_rfc3339(surveyed, clock, client):
    """OCDS dates are RFC 3339 date-times; jsonschema checks that only with
    rfc3339-validator installed, so this proves the check is live."""
    procurement = surveyed()
    clock(SURVEY_DEADLINE)
    data = package(client, procurement)
    data["releases"][0]["date"] = "2027/01/13 17:00"
    assert [error.validator for error in VALIDATOR.iter_errors(data)] == ["format"]


def test_a_survey_still_open_is_not_published_and_its_closing_publishes_the_demand(
        surveyed, clock, client, beppu, himeshima):
    procurement = surveyed(beppu={"joins": True, "users": 1234, "licences": 5678})
    clock(SURVEY_DEADLINE - datetime.timedelta(seconds=1))
    assert client.get(f"/open-data/ocds/{ocid(procurement)}.json").status_code == 404
    assert client.get("/open-data/ocds/").json() == {"packages": []}

    clock(SURVEY_DEADLINE)
    data = package(client, procurement)
    assert tags(data) == ["planning"]
    planning = data["releases"][0]
    population = (beppu.population or 0) + (himeshima.population or 0)
    assert planning["planning"]["rationale"].startswith(
        f"参加団体数 2団体、対象人口 {population}人")
    assert planning["date"] == SURVEY_DEADLINE.isoformat()
    roles = {party["name"]: party["roles"] for party in planning["parties"]}
    assert roles == {"大分県": ["buyer", "procuringEntity"], beppu.name: ["payer"],
                     himeshima.name: ["payer"]}
    text = json.dumps(data, ensure_ascii=False)
    assert "1234" not in text and "5678" not in text  # never one town's own quantities
    assert client.get("/open-data/ocds/").json()["packages"][0]["ocid"] == ocid(procurement)


def test_a_draft_and_an_unknown_ocid_are_not_found(client, coordinator):
    draft = procurement_create(actor=coordinator, data={"title": "下書き", "need": "目的"})
    for name in (ocid(draft), "ocds-kyodo00-oita-999999", "ocds-other-1", "ocds-kyodo00-oita-01",
                 "ocds-kyodo00-oita-²", "ocds-kyodo00-oita-１", "ocds-kyodo00-oita-" + "9" * 40):
        assert client.get(f"/open-data/ocds/{name}.json").status_code == 404


def test_every_phase_from_tender_to_contract_validates(
        tender, clock, client, coordinator, bidder_a, bidder_b):
    procurement = tender()
    data = package(client, procurement)
    assert tags(data) == ["planning", "tender"]
    published = data["releases"][-1]["tender"]
    assert published["status"] == "active"
    assert published["procurementMethod"] == "open"
    assert published["procurementMethodDetails"] == "一般競争入札（価格競争）"
    assert published["awardCriteria"] == "priceOnly"
    assert published["value"] == {"amount": 10_000_000, "currency": "JPY"}
    assert published["tenderPeriod"]["endDate"] == BID_DEADLINE.isoformat()
    assert published["enquiryPeriod"]["endDate"] == CLARIFICATION_DEADLINE.isoformat()

    place(procurement, bidder_a, WINNING_PRICE)
    place(procurement, bidder_b, LOSING_PRICE)
    tender_amend(actor=coordinator, procurement=procurement,
                 data={"ceiling_price": 9_800_000}, summary="予定価格を改めました。")
    data = package(client, procurement)
    assert tags(data) == ["planning", "tender", "tenderAmendment"]
    amended = data["releases"][-1]
    assert amended["id"] == f"{ocid(procurement)}-amendment-2"
    assert amended["tender"]["amendments"][0]["rationale"] == "予定価格を改めました。"
    assert amended["tender"]["value"]["amount"] == 9_800_000
    assert data["releases"][1]["tender"]["value"]["amount"] == 10_000_000  # as first published

    for vendor in (bidder_a, bidder_b):  # confirm the bids under the new terms
        bid = procurement.bids.get(vendor=vendor[0])
        bid_confirm(actor=vendor[1], bid=bid)
    clock(OPENING)
    procurement = tender_open(actor=coordinator, procurement=procurement)
    data = package(client, procurement)
    assert tags(data)[-1] == "tenderUpdate"
    assert data["releases"][-1]["tender"]["numberOfTenderers"] == 2
    assert data["releases"][-1]["date"] == OPENING.isoformat()

    award_decide(actor=coordinator, procurement=procurement,
                 bid=procurement.bids.get(vendor=bidder_a[0]))
    data = package(client, procurement)
    award_release = data["releases"][-1]
    assert award_release["tag"] == ["award"]
    assert award_release["tender"]["status"] == "complete"
    award = award_release["awards"][0]
    assert award["value"] == {"amount": WINNING_PRICE, "currency": "JPY"}
    supplier = next(party for party in award_release["parties"] if "supplier" in party["roles"])
    assert supplier["name"] == "株式会社入札テストA"
    assert supplier["identifier"] == {"scheme": "JP-CN", "id": bidder_a[0].corporate_number,
                                      "legalName": "株式会社入札テストA"}
    assert award["suppliers"] == [{"id": supplier["id"], "name": supplier["name"]}]

    procurement.refresh_from_db()
    contract_record(actor=coordinator, procurement=procurement, data={
        "value": 8_000_000, "signed_on": datetime.date(2027, 2, 10),
        "starts_on": datetime.date(2027, 4, 1), "ends_on": datetime.date(2028, 3, 31),
        "delivery": "internet"})
    data = package(client, procurement)
    assert tags(data) == ["planning", "tender", "tenderAmendment", "tenderUpdate", "award",
                          "contract"]
    contract = data["releases"][-1]["contracts"][0]
    assert contract["value"] == {"amount": 8_000_000, "currency": "JPY"}
    assert contract["awardID"] == award["id"]
    assert contract["period"]["startDate"].startswith("2027-04-01T00:00:00")
    assert contract["period"]["endDate"].startswith("2028-03-31T23:59:59")
    ids = [release["id"] for release in data["releases"]]
    assert len(set(ids)) == len(ids)
    assert data["publisher"]["name"] == "大分県 DX推進課"
    assert data["uri"] == f"http://testserver/open-data/ocds/{ocid(procurement)}.json"


def test_nothing_sealed_is_published_before_the_opening(tender, clock, client, bidder_a,
                                                         bidder_b):
    procurement = tender(ceiling_published=False)
    place(procurement, bidder_a, WINNING_PRICE)
    place(procurement, bidder_b, LOSING_PRICE)
    clock(OPENING - datetime.timedelta(seconds=1))  # bids closed, not yet opened
    before = json.dumps(package(client, procurement), ensure_ascii=False)
    for secret in (str(WINNING_PRICE), str(LOSING_PRICE), "10000000", "株式会社入札テスト",
                   bidder_a[0].corporate_number, bidder_b[0].corporate_number,
                   "numberOfTenderers", "awards"):
        assert secret not in before

    clock(OPENING)
    tender_open(actor=None, procurement=procurement)
    after = package(client, procurement)
    assert after["releases"][-1]["tender"]["numberOfTenderers"] == 2
    assert "株式会社入札テスト" not in json.dumps(after, ensure_ascii=False)  # not yet awarded


def test_a_cancelled_tender_says_so_with_its_reason(tender, clock, client, coordinator,
                                                    bidder_a):
    procurement = tender()
    place(procurement, bidder_a, WINNING_PRICE)
    procurement_cancel(actor=coordinator, procurement=procurement, reason="仕様を見直すため")
    data = package(client, procurement)
    assert tags(data) == ["planning", "tender", "tenderCancellation"]
    cancelled = data["releases"][-1]["tender"]
    assert (cancelled["status"], cancelled["statusDetails"]) == ("cancelled", "仕様を見直すため")
    text = json.dumps(data, ensure_ascii=False)
    assert str(WINNING_PRICE) not in text and "株式会社入札テストA" not in text


def test_a_survey_cancelled_before_it_closed_is_never_published(surveyed, clock, client,
                                                                 coordinator):
    procurement = surveyed()
    clock(SURVEY_DEADLINE - datetime.timedelta(hours=1))
    procurement_cancel(actor=coordinator, procurement=procurement, reason="需要がないため")
    clock(SURVEY_DEADLINE + datetime.timedelta(days=1))
    assert client.get(f"/open-data/ocds/{ocid(procurement)}.json").status_code == 404
    assert client.get("/open-data/ocds/").json() == {"packages": []}


def test_an_unsuccessful_tender_is_published_as_such(tender, clock, client, bidder_a):
    procurement = tender()
    place(procurement, bidder_a, 10_000_001)  # above the ceiling: invalid
    clock(OPENING)
    procurement = tender_open(actor=None, procurement=procurement)
    assert procurement.stage == Stage.UNSUCCESSFUL
    data = package(client, procurement)
    assert tags(data) == ["planning", "tender", "tenderUpdate"]
    assert data["releases"][-1]["tender"]["status"] == "unsuccessful"
    assert data["releases"][-1]["tender"]["numberOfTenderers"] == 1
    assert "awards" not in data["releases"][-1]


def test_each_version_is_published_with_its_own_terms(tender, clock, client, coordinator):
    procurement = tender()
    clock(BID_DEADLINE - datetime.timedelta(days=3))  # too little time left: the deadline moves
    tender_amend(actor=coordinator, procurement=procurement,
                 data={"ceiling_published": False}, summary="予定価格を事後公表に改めました。")
    procurement.refresh_from_db()
    assert procurement.bid_deadline > BID_DEADLINE
    first, amended = package(client, procurement)["releases"][1:]
    assert first["tender"]["tenderPeriod"]["endDate"] == BID_DEADLINE.isoformat()
    assert first["tender"]["value"]["amount"] == 10_000_000
    assert amended["tender"]["tenderPeriod"]["endDate"] == procurement.bid_deadline.astimezone(
        BID_DEADLINE.tzinfo).isoformat()
    assert "value" not in amended["tender"]
