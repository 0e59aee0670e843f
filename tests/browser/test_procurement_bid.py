"""A joint procurement in Chromium, from the town's answer to the contract: 姫島村's lead
answers the intent survey (a missing choice is named); a vendor bids and keeps its
receipt; the coordinator sees neither price nor bidder before the opening; with the clock
moved past the opening the coordinator opens the bids, reads the tabulation, awards and
records the contract (a period ending before it starts is refused), whose shares follow."""

import datetime
import hashlib
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from kyodo.accounts.models import Role, VendorQualification, VendorStatus
from procurement.evaluation import Method
from procurement.models import (
    Award,
    Bid,
    BidItem,
    BidOpening,
    Clarification,
    Contract,
    ContractShare,
    Procurement,
    SurveyInvitation,
)
from procurement.services.tender import procurement_create, survey_open, tender_publish
from tenants.models import Municipality
from tests.browser.conftest import BROWSER_PASSWORD
from tests.browser.test_sign_in import sign_in
from tests.factories import MembershipFactory, UserFactory, VendorFactory

pytestmark = pytest.mark.browser

JST = ZoneInfo("Asia/Tokyo")
SURVEY = datetime.datetime(2027, 1, 5, 9, 0, tzinfo=JST)
SURVEY_DEADLINE = datetime.datetime(2027, 1, 13, 17, 0, tzinfo=JST)
PUBLISHED = datetime.datetime(2027, 1, 14, 10, 0, tzinfo=JST)
OPENING = datetime.datetime(2027, 1, 27, 10, 0, tzinfo=JST)
TITLE = "ブラウザ試験の共同調達"
VENDOR_EMAIL = "browser-bids@vendor.test"
PRICE = "8765432"


@pytest.fixture
def clock():
    traveller = time_machine.travel(SURVEY, tick=True)
    yield traveller.start()
    traveller.stop()


@pytest.fixture
def surveyed_tender(live_url, committed, clock):
    """A procurement whose intent survey asks 姫島村 (its lead answers in the browser), a
    qualified vendor's bid manager, and `publish()`, which publishes the price-only tender
    once the survey has closed. Everything it made is taken away afterwards."""
    with committed():
        coordinator = Municipality.objects.get(schema_name="public").memberships.get(
            user__email="browser-coordinator@pref-oita.test").user
        himeshima = Municipality.objects.get(lg_code="443221")
        vendor = VendorFactory(legal_name="株式会社ブラウザ入札", status=VendorStatus.APPROVED)
        VendorQualification.objects.create(vendor=vendor, category="information_systems",
                                           valid_from=datetime.date(2026, 4, 1),
                                           valid_until=datetime.date(2028, 3, 31))
        MembershipFactory(user=UserFactory(email=VENDOR_EMAIL, password=BROWSER_PASSWORD),
                          vendor=vendor, role=Role.VENDOR_MEMBER)
        procurement = procurement_create(actor=coordinator, data={
            "title": TITLE, "need": "ブラウザで入札を確かめる。"})
        procurement = survey_open(actor=coordinator, procurement=procurement,
                                  municipalities=[himeshima], deadline=SURVEY_DEADLINE)

    def publish():
        clock.move_to(PUBLISHED)
        with committed():
            tender_publish(actor=coordinator, procurement=procurement, data={
                "method": Method.PRICE_ONLY, "ceiling_price": 10_000_000,
                "clarification_deadline": datetime.datetime(2027, 1, 20, 17, 0, tzinfo=JST),
                "bid_deadline": datetime.datetime(2027, 1, 26, 17, 0, tzinfo=JST),
                "opening_at": OPENING})

    procurement.publish = publish
    yield procurement
    with committed():  # committed rows would outlive the test: take them away again
        bids = Bid.objects.filter(procurement=procurement)
        ContractShare.objects.filter(contract__procurement=procurement).delete()
        Contract.objects.filter(procurement=procurement).delete()
        Award.objects.filter(procurement=procurement).delete()
        BidOpening.objects.filter(bid__in=bids).delete()
        BidItem.objects.filter(bid__in=bids).delete()
        bids.delete()
        Clarification.objects.filter(procurement=procurement).delete()
        SurveyInvitation.objects.filter(procurement=procurement).delete()
        Procurement.objects.filter(pk=procurement.pk).delete()


def test_a_joint_procurement_runs_from_the_towns_answer_to_the_contract(
        page, browser, live_url, surveyed_tender, clock):
    """姫島村's lead joins; the vendor bids and keeps its receipt; the coordinator sees no
    price or bidder until the opening, then the tabulation, awards and records the
    contract, whose value falls to 姫島村."""
    lead = browser.new_context(locale="ja-JP", base_url=live_url).new_page()
    sign_in(lead, "browser-staff@himeshima.test")
    lead.goto(f"/m/himeshima/procurement/{surveyed_tender.pk}/")
    lead.get_by_role("button", name="回答する").click()
    expect(lead.locator(".error-summary")).to_contain_text("参加の意向")
    lead.get_by_label("参加する", exact=True).check()
    lead.get_by_label("利用者数").fill("8")
    lead.get_by_role("button", name="回答する").click()
    expect(lead.locator(".messages")).to_be_visible()
    surveyed_tender.publish()

    sign_in(page, VENDOR_EMAIL)
    page.goto(f"/procurement/{surveyed_tender.pk}/")
    page.get_by_role("link", name="入札書を提出する").click()
    page.get_by_label("入札金額（税抜・円）").fill("8,765,432")
    page.get_by_label("くじ番号（3桁）").fill("12")
    for box in page.locator('input[type="checkbox"]').all():
        box.check()
    page.get_by_role("button", name="入札書を提出する").click()
    expect(page.locator(".error-summary")).to_contain_text("くじ番号")
    page.get_by_label("くじ番号（3桁）").fill("042")
    for box in page.locator('input[type="checkbox"]').all():
        box.check()
    page.get_by_role("button", name="入札書を提出する").click()

    receipt = page.locator("#receipt-sha256").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="入札内容を保存する（JSON）").click()
    with open(download.value.path(), "rb") as handle:
        saved = handle.read()
    assert hashlib.sha256(saved).hexdigest() == receipt
    assert json.loads(saved)["total_price"] == int(PRICE)

    coordinator = browser.new_context(locale="ja-JP", base_url=live_url).new_page()
    sign_in(coordinator, "browser-coordinator@pref-oita.test")
    coordinator.goto(f"/procurement/{surveyed_tender.pk}/")
    expect(coordinator.locator("#procurement-state")).to_have_text("公告中（質問受付中）")
    content = coordinator.content()
    assert "8,765,432" not in content and PRICE not in content
    assert "株式会社ブラウザ入札" not in content
    expect(coordinator.get_by_role("link", name="入札経過調書を見る")).to_have_count(0)

    clock.move_to(OPENING + datetime.timedelta(minutes=1))
    coordinator.goto(f"/procurement/{surveyed_tender.pk}/")
    expect(coordinator.locator("#procurement-state")).to_have_text("開札待ち")
    coordinator.get_by_role("button", name="開札する").click()
    expect(coordinator.locator("#procurement-state")).to_have_text("評価中")
    coordinator.get_by_role("link", name="入札経過調書を見る").click()
    row = coordinator.locator("#tabulation tbody tr").first
    expect(row).to_contain_text("8,765,432")
    expect(row).to_contain_text("株式会社ブラウザ入札")
    expect(row).to_contain_text(receipt)

    coordinator.goto(f"/procurement/{surveyed_tender.pk}/")
    coordinator.get_by_role("link", name="落札者を決定する").click()
    coordinator.get_by_role("button", name="落札者を決定する").click()
    expect(coordinator.locator("#procurement-state")).to_have_text("落札者決定")
    coordinator.get_by_role("link", name="契約を登録する").click()
    coordinator.get_by_label("契約金額（税抜・円）").fill("8,765,432")
    coordinator.get_by_label("契約締結日").fill("2027-02-10")
    coordinator.get_by_label("契約期間の始期").fill("2027-04-01")
    coordinator.get_by_label("契約期間の終期").fill("2027-03-31")
    coordinator.get_by_role("button", name="契約を登録する").click()
    expect(coordinator.locator(".error-summary")).to_contain_text("契約期間の終期は始期以後")
    coordinator.get_by_label("契約期間の終期").fill("2028-03-31")
    coordinator.get_by_role("button", name="契約を登録する").click()
    expect(coordinator.locator("#procurement-state")).to_have_text("契約締結")
    expect(coordinator.locator("#contract-shares tbody")).to_contain_text("姫島村")
    expect(coordinator.locator("#contract-shares tbody")).to_contain_text("8,765,432")
