"""The joint targets story in Chromium: 別府市 imports its procedure inventory and sees its
online rate; the coordinator's progress matrix and band chart show the value 別府市
published."""

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context
from playwright.sync_api import expect

from joint_targets.models import IndicatorSnapshot
from joint_targets.workspace.models import Procedure
from kyodo.fiscal import fiscal_year_of
from tenants.models import Municipality
from tests.browser.test_sign_in import sign_in

pytestmark = pytest.mark.browser

COORDINATOR = "browser-coordinator@pref-oita.test"
BEPPU_STAFF = "browser-staff@beppu.test"
INVENTORY = (
    "手続名,担当部署,根拠法令,年間件数,オンライン化,マイナンバーカード認証,オンライン件数\r\n"
    "住民票の写しの交付請求,市民課,住民基本台帳法第12条,12000,○,○,3000\r\n"
    "転出届,市民課,住民基本台帳法第24条,2500,○,×,500\r\n"
    "犬の登録,環境課,狂犬病予防法第4条,300,×,×,\r\n"
    "罹災証明書の交付申請,防災危機管理課,,40,×,×,\r\n"
).encode("utf-8-sig")


@pytest.fixture
def clean_beppu(live_url, committed):
    """The story's inventory and what it published are committed: remove them afterwards,
    so the rest of the session meets 別府市 as it was."""
    yield
    with committed():
        beppu = Municipality.objects.get(lg_code="442020")
        with tenant_context(beppu):
            Procedure.objects.all().delete()
        IndicatorSnapshot.objects.filter(municipality=beppu).delete()


def test_beppu_imports_its_inventory_and_the_coordinator_sees_its_online_rate(
        page, browser, live_url, clean_beppu):
    fiscal_year = fiscal_year_of(timezone.localdate())
    sign_in(page, BEPPU_STAFF)
    page.goto("/m/beppu/")
    page.get_by_role("link", name="行政手続き一覧").click()
    expect(page.locator('#procedure-values [data-indicator="online_procedure_rate"]')
           ).to_contain_text("未報告")

    page.get_by_label("ファイル（Excel・CSV）").set_input_files(
        files=[{"name": "行政手続き一覧.csv", "mimeType": "text/csv", "buffer": INVENTORY}])
    page.get_by_role("button", name="取り込む").click()

    expect(page.get_by_text("取り込みました（追加4件、更新0件、変更なし0件）。")).to_be_visible()
    expect(page.get_by_role("cell", name="住民票の写しの交付請求", exact=True)).to_be_visible()
    expect(page.locator('#procedure-values [data-indicator="online_procedure_rate"]')
           ).to_contain_text("50.0%")
    expect(page.locator('#procedure-values [data-indicator="online_usage_rate"]')
           ).to_contain_text("23.6%")  # 3,500 of 14,840 cases

    coordinator_context = browser.new_context(locale="ja-JP", base_url=live_url)
    try:
        coordinator = coordinator_context.new_page()
        sign_in(coordinator, COORDINATOR)
        coordinator.goto("/console/")
        coordinator.get_by_role("link", name="DX共同目標の進捗").click()
        coordinator.get_by_label("年度").select_option(str(fiscal_year))
        coordinator.get_by_label("団体区分").select_option("general_city")
        coordinator.get_by_role("button", name="表示する").click()
        cell = coordinator.locator('[data-town="442020"] [data-indicator="online_procedure_rate"]')
        expect(cell).to_contain_text("50.0%")
        expect(coordinator.locator('[data-town="442011"]')).to_have_count(0)  # a 中核市

        # The band chart: 別府市 is the one 一般市 with a value, so it is the band's median.
        coordinator.get_by_role("link", name="団体区分別の分布と推移").first.click()
        coordinator.get_by_label("年度", exact=True).select_option(str(fiscal_year))
        coordinator.get_by_label("指標", exact=True).select_option("online_procedure_rate")
        coordinator.get_by_role("button", name="表示する").click()
        year_chart = coordinator.locator(
            'section[data-indicator="online_procedure_rate"] figure').first
        expect(year_chart.locator("svg")).to_have_count(1)
        expect(year_chart.locator("tr", has=coordinator.locator("th", has_text="一般市"))
               ).to_contain_text("50.0")
    finally:
        coordinator_context.close()
