"""The sealing promise in Chromium: a vendor bids and keeps its receipt; the coordinator
sees neither price nor bidder before the opening; with the clock moved past the opening
the coordinator opens the bids and the tabulation shows the price and the receipt."""

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
    Bid,
    BidItem,
    BidOpening,
    Clarification,
    Procurement,
    SurveyInvitation,
)
from procurement.services.survey import survey_answer
from procurement.services.tender import procurement_create, survey_open, tender_publish
from tenants.models import Municipality
from tests.browser.conftest import BROWSER_PASSWORD
from tests.browser.test_sign_in import sign_in
from tests.factories import MembershipFactory, UserFactory, VendorFactory

pytestmark = pytest.mark.browser

JST = ZoneInfo("Asia/Tokyo")
SURVEY = datetime.datetime(2027, 1, 5, 9, 0, tzinfo=JST)
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
def open_tender(live_url, committed, clock):
    """A published price-only tender 姫島村 joins, and a qualified vendor's bid manager."""
    with committed():
        coordinator = Municipality.objects.get(schema_name="public").memberships.get(
            user__email="browser-coordinator@pref-oita.test").user
        himeshima = Municipality.objects.get(lg_code="443221")
        lead = himeshima.memberships.get(role=Role.MUNICIPALITY_LEAD,
                                         user__email="browser-staff@himeshima.test").user
        vendor = VendorFactory(legal_name="株式会社ブラウザ入札", status=VendorStatus.APPROVED)
        VendorQualification.objects.create(vendor=vendor, category="information_systems",
                                           valid_from=datetime.date(2026, 4, 1),
                                           valid_until=datetime.date(2028, 3, 31))
        MembershipFactory(user=UserFactory(email=VENDOR_EMAIL, password=BROWSER_PASSWORD),
                          vendor=vendor, role=Role.VENDOR_MEMBER)
        procurement = procurement_create(actor=coordinator, data={
            "title": TITLE, "need": "ブラウザで入札を確かめる。"})
        procurement = survey_open(actor=coordinator, procurement=procurement,
                                  municipalities=[himeshima],
                                  deadline=datetime.datetime(2027, 1, 13, 17, 0, tzinfo=JST))
        survey_answer(actor=lead, invitation=procurement.invitations.get(),
                      data={"joins": True, "users": 8})
        clock.move_to(PUBLISHED)
        tender_publish(actor=coordinator, procurement=procurement, data={
            "method": Method.PRICE_ONLY, "ceiling_price": 10_000_000,
            "clarification_deadline": datetime.datetime(2027, 1, 20, 17, 0, tzinfo=JST),
            "bid_deadline": datetime.datetime(2027, 1, 26, 17, 0, tzinfo=JST),
            "opening_at": OPENING})
    yield procurement
    with committed():  # committed rows would outlive the test: take them away again
        bids = Bid.objects.filter(procurement=procurement)
        BidOpening.objects.filter(bid__in=bids).delete()
        BidItem.objects.filter(bid__in=bids).delete()
        bids.delete()
        Clarification.objects.filter(procurement=procurement).delete()
        SurveyInvitation.objects.filter(procurement=procurement).delete()
        Procurement.objects.filter(pk=procurement.pk).delete()


def test_a_vendor_bids_the_coordinator_sees_nothing_until_the_opening(
        page, browser, live_url, open_tender, clock):
    sign_in(page, VENDOR_EMAIL)
    page.goto(f"/procurement/{open_tender.pk}/")
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
    coordinator.goto(f"/procurement/{open_tender.pk}/")
    expect(coordinator.locator("#procurement-state")).to_have_text("公告中（質問受付中）")
    content = coordinator.content()
    assert "8,765,432" not in content and PRICE not in content
    assert "株式会社ブラウザ入札" not in content
    expect(coordinator.get_by_role("link", name="入札経過調書を見る")).to_have_count(0)

    clock.move_to(OPENING + datetime.timedelta(minutes=1))
    coordinator.goto(f"/procurement/{open_tender.pk}/")
    expect(coordinator.locator("#procurement-state")).to_have_text("開札待ち")
    coordinator.get_by_role("button", name="開札する").click()
    expect(coordinator.locator("#procurement-state")).to_have_text("評価中")
    coordinator.get_by_role("link", name="入札経過調書を見る").click()
    row = coordinator.locator("#tabulation tbody tr").first
    expect(row).to_contain_text("8,765,432")
    expect(row).to_contain_text("株式会社ブラウザ入札")
    expect(row).to_contain_text(receipt)
