"""The talent pool's story in Chromium: 姫島村 requests a security specialist, the
coordinator runs the proposal and accepts the match, the specialist sees the engagement
and logs hours, and 姫島村 sees the hours delivered."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kyodo.accounts.models import User
from talent_pool.models import EngagementType, Skill, Specialist, SpecialistSkill
from tenants.models import Municipality
from tests.browser.test_sign_in import sign_in

pytestmark = pytest.mark.browser

COORDINATOR = "browser-coordinator@pref-oita.test"
TOWN_LEAD = "browser-staff@himeshima.test"
SPECIALIST = "browser-specialist@pool.test"
SPECIALIST_NAME = "安全 守（ブラウザ試験）"
TITLE = "情報セキュリティポリシーの見直し（ブラウザ試験）"


@pytest.fixture
def security_specialist(live_url, committed):
    with committed():
        specialist = Specialist.objects.create(
            name=SPECIALIST_NAME, engagement_type=EngagementType.CONTRACTED_EXPERT,
            home=Municipality.objects.get(lg_code="442011"), monthly_capacity_hours=40,
            max_towns=3, user=User.objects.get(email=SPECIALIST))
        SpecialistSkill.objects.create(specialist=specialist, level=3,
                                       skill=Skill.objects.get(code="security_manager"))
        return specialist


def _as(browser, live_url, email):
    context = browser.new_context(locale="ja-JP", base_url=live_url)
    page = context.new_page()
    sign_in(page, email)
    return context, page


def test_himeshima_gets_a_security_specialist_who_logs_hours_it_can_see(
        page, browser, live_url, security_specialist):
    today = timezone.localdate()
    sign_in(page, TOWN_LEAD)
    page.goto("/m/himeshima/talent/")
    page.get_by_role("link", name="支援を要請する").click()
    page.get_by_label("件名").fill(TITLE)
    page.get_by_label("テーマ").select_option(label="情報セキュリティ")
    page.get_by_label("依頼の理由").fill("ポリシーが古く、クラウドの利用に対応していません。")
    page.get_by_label("月あたりの支援時間").fill("12")
    page.get_by_label("支援開始日").fill(today.isoformat())
    page.get_by_label("支援終了日").fill(today.replace(year=today.year + 1).isoformat())
    page.get_by_label("訪問の割合（%）").fill("50")
    page.get_by_label("サイバーセキュリティマネージャー").select_option("2")
    page.get_by_role("button", name="下書きを保存する").click()
    page.get_by_role("button", name="県に提出する").click()
    expect(page.locator("#request-status")).to_have_text("受付済み")
    request_url = page.url

    context, coordinator = _as(browser, live_url, COORDINATOR)
    try:
        coordinator.goto("/talent/proposal/")
        coordinator.locator("#run-proposal").click()
        row = coordinator.locator("#proposal-matches tbody tr", has_text=TITLE)
        expect(row).to_contain_text(SPECIALIST_NAME)
        expect(row).to_contain_text("小規模団体優先")
        expect(coordinator.locator("#proposal-status")).to_have_text("最適解（証明済み）")
        row.get_by_role("button", name="採用する").click()
        expect(coordinator.locator("#proposal-matches tbody tr", has_text=TITLE)).to_contain_text(
            "採用")
    finally:
        context.close()

    context, specialist = _as(browser, live_url, SPECIALIST)
    try:
        specialist.goto("/specialist/")
        engagement = specialist.locator("section.card", has_text=TITLE)
        expect(engagement).to_contain_text("姫島村")
        engagement.get_by_label("時間", exact=True).fill("1.1")
        engagement.get_by_label("日付", exact=True).fill(today.isoformat())
        engagement.get_by_role("button", name="稼働を記録する").click()
        expect(specialist.locator(".field-error")).to_have_text(
            "時間は15分（0.25時間）単位で入力してください。")
        engagement = specialist.locator("section.card", has_text=TITLE)
        engagement.get_by_label("時間", exact=True).fill("2.5")
        engagement.get_by_label("日付", exact=True).fill(today.isoformat())
        engagement.get_by_role("button", name="稼働を記録する").click()
        expect(specialist.get_by_text("稼働を記録しました。")).to_be_visible()
    finally:
        context.close()

    page.goto(request_url)
    expect(page.locator("#request-status")).to_have_text("支援中")
    expect(page.locator("#engagement-specialist")).to_have_text(SPECIALIST_NAME)
    expect(page.locator("#hours-delivered")).to_have_text("2.5時間")
