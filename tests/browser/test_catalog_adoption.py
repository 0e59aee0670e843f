"""The catalog story in Chromium: 姫島村 requests a shared system, sees its share and saving,
the coordinator approves and activates it, 姫島村 is told and downloads its statement."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from kyodo.accounts.models import VendorStatus
from kyodo.fiscal import fiscal_year_of
from shared_services.models import CommonSystem, StandaloneCharge, Subscription, SystemStatus
from tenants.bands import PopulationBand
from tenants.models import Municipality
from tests.browser.test_sign_in import sign_in
from tests.factories import VendorFactory

pytestmark = pytest.mark.browser

COORDINATOR = "browser-coordinator@pref-oita.test"
TOWN_LEAD = "browser-staff@himeshima.test"
SYSTEM = "施設予約システム（ブラウザ試験）"


@pytest.fixture
def shared_system(live_url, committed):
    """A published system 大分市 already uses, so 姫島村 would share its cost."""
    with committed():
        provider = VendorFactory(status=VendorStatus.APPROVED)
        system = CommonSystem.objects.create(
            name=SYSTEM, category="facility_booking", delivery="internet", provider=provider,
            annual_cost=7_200_000, equal_weight=40, population_weight=60, usage_weight=0,
            status=SystemStatus.PUBLISHED)
        StandaloneCharge.objects.create(system=system, band=PopulationBand.TOWN_VILLAGE_SMALL,
                                        annual_price=840_000)
        today = timezone.localdate()
        Subscription.objects.create(municipality=Municipality.objects.get(lg_code="442011"),
                                    system=system,
                                    first_month=datetime.date(fiscal_year_of(today), 4, 1))
        return system


def test_himeshima_requests_a_system_the_coordinator_activates_it_and_himeshima_is_billed(
        page, browser, live_url, shared_system):
    next_month = (timezone.localdate().replace(day=1) + datetime.timedelta(days=32)).replace(
        day=1)
    sign_in(page, TOWN_LEAD)
    page.goto("/m/himeshima/catalog/")
    page.get_by_role("link", name=SYSTEM).click()

    saving = page.locator('[data-estimate="saving"]')
    expect(saving).to_contain_text("円")
    before = page.locator('[data-estimate="first-year"]').inner_text()
    page.get_by_label("利用開始の月").fill(f"{next_month:%Y-%m}")
    expect(page.locator('[data-estimate="first-year"]')).not_to_have_text(before)

    page.get_by_role("link", name="導入を申請する").click()
    page.get_by_label("利用開始の年度").select_option(str(fiscal_year_of(next_month)))
    page.get_by_label("利用開始の月").select_option(str(next_month.month))
    page.get_by_label("利用予定者数").fill("12")
    page.get_by_label("導入の目的・理由").fill("公民館と体育館の予約を電話受付からオンラインにするため")
    page.get_by_role("button", name="保存する").click()
    page.get_by_role("button", name="申請する").click()
    expect(page.locator("#request-status")).to_have_text("申請中")
    request_url = page.url

    coordinator_context = browser.new_context(locale="ja-JP", base_url=live_url)
    try:
        coordinator = coordinator_context.new_page()
        sign_in(coordinator, COORDINATOR)
        coordinator.goto("/catalog/requests/")
        coordinator.locator("#queue").get_by_role("link", name=SYSTEM).click()
        coordinator.get_by_role("button", name="承認する").click()
        expect(coordinator.locator("#request-status")).to_have_text("承認済み")
        coordinator.get_by_role("button", name="利用を開始する").click()
        expect(coordinator.locator("#request-status")).to_have_text("利用中")
    finally:
        coordinator_context.close()

    page.goto(request_url)
    expect(page.locator("#request-status")).to_have_text("利用中")
    expect(page.locator(".badge-count")).to_be_visible()
    page.goto("/notifications/")
    expect(page.get_by_text("共通システムの利用が始まりました")).to_be_visible()

    page.goto(f"/m/himeshima/catalog/charges/?fiscal_year={fiscal_year_of(next_month)}")
    expect(page.get_by_role("heading", name=SYSTEM)).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Excelでダウンロード").click()
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0].startswith("姫島村")
    assert rows[-1][0] == "合計" and rows[-1][-1] > 0
    assert re.search(r"負担金明細", download.value.suggested_filename)
