"""The procurement pages as each person uses them: forms answer bad input in Japanese on
the field at fault, the vendor keeps its receipt, nobody sees a price before the opening."""

import datetime

import pytest

from procurement.evaluation import Method
from procurement.models import Bid, Procurement, TechnicalScore
from procurement.services.opening import award_decide, tender_open
from tests.procurement.conftest import BID_DEADLINE, JST, OPENING, PUBLISHED, place

pytestmark = pytest.mark.django_db


def _page(client, user, url, data=None, **extra):
    client.force_login(user)
    if data is None:
        return client.get(url, **extra)
    return client.post(url, data, **extra)


def test_a_coordinator_creates_a_procurement_and_bad_input_is_answered_in_japanese(
        client, coordinator):
    response = _page(client, coordinator, "/procurement/new/", {"title": "", "need": "目的"})
    assert response.status_code == 200
    assert "件名" in response.content.decode()
    assert not Procurement.objects.exists()

    response = _page(client, coordinator, "/procurement/new/", {
        "title": "RPAの共同調達", "need": "定型業務を自動化する。",
        "qualification": "information_systems"})
    procurement = Procurement.objects.get()
    assert response["Location"] == f"/procurement/{procurement.pk}/"


def test_publishing_with_a_deadline_on_a_holiday_names_the_date_on_the_field(
        client, surveyed, clock, coordinator):
    procurement = surveyed()
    clock(PUBLISHED)
    response = _page(client, coordinator, f"/procurement/{procurement.pk}/publish/", {
        "method": "price_only", "ceiling_price": "１０，０００，０００円",
        "low_price_kind": "", "price_points_max": "0", "standard_points": "0",
        "equal_weight": "50", "population_weight": "50", "reasons_deadline_days": "10",
        "clarification_deadline": "2027-01-20T17:00", "bid_deadline": "2027-02-11T17:00",
        "opening_at": "2027-02-12T10:00"})
    assert response.status_code == 200
    assert response.context["form"].errors["bid_deadline"] == [
        "2027年2月11日は県の休日（建国記念の日）です。県の開庁日を指定してください。"]
    procurement.refresh_from_db()
    assert procurement.published_at is None


def test_the_vendor_bids_and_sees_its_receipt_once(client, tender, clock, bidder_a):
    procurement = tender()
    member = bidder_a[1]
    declarations = {f"declare_{key}": "on" for key in (
        "qualification", "no_antisocial_forces", "specification_read", "no_collusion")}
    response = _page(client, member, f"/procurement/{procurement.pk}/bid/",
                     {"total_price": "8,765,432", "kuji_number": "１２a"} | declarations)
    assert "くじ番号は半角数字3桁で入力してください。" in response.content.decode()
    assert not Bid.objects.exists()

    response = _page(client, member, f"/procurement/{procurement.pk}/bid/",
                     {"total_price": "8,765,432", "kuji_number": "012"} | declarations)
    bid = Bid.objects.get()
    assert response["Location"] == f"/procurement/bids/{bid.pk}/"
    first = client.get(response["Location"]).content.decode()
    assert bid.receipt_sha256 in first
    assert "8765432" in first  # the canonical content, to be saved
    again = client.get(f"/procurement/bids/{bid.pk}/").content.decode()
    assert bid.receipt_sha256 in again
    assert "8765432" not in again


def test_where_asked_the_bid_gives_each_towns_price_and_may_carry_several_documents(
        client, tender, clock, bidder_a, beppu, himeshima):
    from django.core.files.uploadedfile import SimpleUploadedFile

    procurement = tender(asks_town_prices=True)
    member = bidder_a[1]
    url = f"/procurement/{procurement.pk}/bid/"
    form = _page(client, member, url).content.decode()
    assert f'name="town_{beppu.lg_code}"' in form and f'name="town_{himeshima.lg_code}"' in form
    declarations = {f"declare_{key}": "on" for key in (
        "qualification", "no_antisocial_forces", "specification_read", "no_collusion")}
    bid = {"total_price": "9,000,000", "kuji_number": "321",
           f"town_{beppu.lg_code}": "8,000,000", f"town_{himeshima.lg_code}": "900,000"}

    wrong_sum = _page(client, member, url, bid | declarations).content.decode()
    assert ("団体ごとの価格の合計（8,900,000円）が入札金額（9,000,000円）と一致しません。"
            in wrong_sum)
    missing = _page(client, member, url, bid | declarations | {
        f"town_{himeshima.lg_code}": ""})
    assert missing.context["form"].errors[f"town_{himeshima.lg_code}"]
    assert not Bid.objects.exists()

    files = [SimpleUploadedFile(f"提案書{number}.pdf", b"%PDF-1.4 " + bytes([number]))
             for number in (1, 2)]
    placed = _page(client, member, url, bid | declarations | {
        f"town_{himeshima.lg_code}": "1,000,000", "documents": files})
    assert placed.status_code == 302
    receipt = client.get(placed["Location"]).content.decode()
    assert f"&quot;{beppu.lg_code}&quot;: 8000000" in receipt
    assert receipt.count("提案書") >= 2


def test_no_price_before_the_opening_and_the_tabulation_after_it(
        client, tender, clock, bidder_a, bidder_b, coordinator, town_leads):
    procurement = tender()
    place(procurement, bidder_a, 8_765_432)
    place(procurement, bidder_b, 9_123_456)
    clock(BID_DEADLINE)
    for person in (coordinator, town_leads["beppu"], bidder_b[1]):
        page = _page(client, person, f"/procurement/{procurement.pk}/").content.decode()
        assert "8,765,432" not in page and "8765432" not in page
        assert bidder_a[0].legal_name not in page
    assert _page(client, coordinator,
                 f"/procurement/{procurement.pk}/tabulation/").status_code == 403

    clock(OPENING)
    tender_open(actor=None, procurement=procurement)
    tabulation = _page(client, coordinator, f"/procurement/{procurement.pk}/tabulation/")
    assert "8,765,432" in tabulation.content.decode()
    assert _page(client, bidder_b[1],
                 f"/procurement/{procurement.pk}/tabulation/").status_code == 403  # not yet
    award_decide(actor=coordinator, procurement=procurement,
                 bid=Bid.objects.get(vendor=bidder_a[0]))
    shown = _page(client, bidder_b[1], f"/procurement/{procurement.pk}/tabulation/")
    assert "8,765,432" in shown.content.decode()
    csv = _page(client, town_leads["himeshima"],
                f"/procurement/{procurement.pk}/tabulation.csv")
    assert "8765432" in csv.content.decode("utf-8-sig")


def test_the_towns_lead_answers_in_the_workspace_and_staff_only_read(
        client, surveyed, clock, town_leads, himeshima, beppu_staff, beppu):
    procurement = surveyed()
    clock(datetime.datetime(2027, 1, 13, 12, 0, tzinfo=JST))
    url = f"/m/himeshima/procurement/{procurement.pk}/"
    response = _page(client, town_leads["himeshima"], url, {"joins": "", "users": "-1"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"joins", "users"}
    response = _page(client, town_leads["himeshima"], url,
                     {"joins": "no", "users": "0", "licences": "0", "expected_usage": "0"})
    assert response.status_code == 302
    assert procurement.invitations.get(municipality=himeshima).joins is False

    page = _page(client, beppu_staff, f"/m/beppu/procurement/{procurement.pk}/")
    assert page.context["form"] is None
    assert _page(client, beppu_staff, f"/m/beppu/procurement/{procurement.pk}/",
                 {"joins": "no"}).context["form"] is None
    assert procurement.invitations.get(municipality=beppu).joins is True


def test_only_coordinators_score_and_only_within_each_items_points(
        client, tender, clock, bidder_a, coordinator, town_leads):
    procurement = tender(method=Method.ADDITION, price_points_max=30, price_formula="lowest_ratio",
                         technical_items=[{"key": "item1", "name": "機能", "max_points": 70}])
    bid, _receipt = place(procurement, bidder_a, 8_000_000)
    clock(OPENING)
    tender_open(actor=None, procurement=procurement)
    field = f"points_{bid.pk.hex}_item1"
    url = f"/procurement/{procurement.pk}/scores/"
    assert _page(client, bidder_a[1], url, {field: "70"}).status_code in (403, 404)
    assert _page(client, town_leads["beppu"], url, {field: "70"}).status_code in (403, 404)
    assert not TechnicalScore.objects.exists()
    response = _page(client, coordinator, url, {field: "70.5"})
    assert field in response.context["form"].errors
    response = _page(client, coordinator, url, {field: "65.5"})
    assert response.status_code == 302
    assert TechnicalScore.objects.get().points == 65.5
