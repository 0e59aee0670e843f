"""The page conventions as a person meets them in Chromium: destructive actions ask first,
errors are summarised and announced, and every page fits a 390 px phone."""

import pytest
from playwright.sync_api import expect

from kyodo.accounts.models import Vendor, VendorStatus
from tests.browser.test_sign_in import sign_in
from tests.factories import VendorFactory

pytestmark = pytest.mark.browser

COORDINATOR = "browser-coordinator@pref-oita.test"
TOWN_LEAD = "browser-staff@himeshima.test"


@pytest.fixture
def approved_vendor(live_url, committed):
    with committed():
        return VendorFactory(legal_name="株式会社確認ダイアログ", status=VendorStatus.APPROVED)


def _status(vendor, committed) -> tuple[str, str]:
    with committed():
        vendor = Vendor.objects.get(pk=vendor.pk)
    return vendor.status, vendor.status_reason


def test_suspending_a_vendor_asks_for_confirmation_and_a_reason(page, approved_vendor,
                                                                committed):
    sign_in(page, COORDINATOR)
    page.goto("/console/vendors/")
    row = page.locator(f'tr[data-corporate-number="{approved_vendor.corporate_number}"]')

    row.get_by_role("button", name="停止する").click()
    dialog = page.get_by_role("dialog", name="株式会社確認ダイアログを停止しますか")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="停止する").click()
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("停止の理由")).to_have_attribute("aria-invalid", "true")
    dialog.get_by_role("button", name="キャンセル").click()
    expect(dialog).to_be_hidden()
    assert _status(approved_vendor, committed) == (VendorStatus.APPROVED, "")

    row.get_by_role("button", name="停止する").click()
    dialog.get_by_label("停止の理由").fill("入札談合の疑いによる指名停止")
    dialog.get_by_role("button", name="停止する").click()

    expect(page.get_by_text("株式会社確認ダイアログを停止しました。")).to_be_visible()
    assert _status(approved_vendor, committed) == (
        VendorStatus.SUSPENDED, "入札談合の疑いによる指名停止")


def test_a_form_with_errors_moves_the_focus_to_the_error_summary(page):
    sign_in(page, COORDINATOR)
    page.goto("/console/invitations/")
    page.get_by_label("招待する方のメールアドレス").fill("全角＠でない")
    page.get_by_role("button", name="招待を送る").click()

    summary = page.get_by_role("alert").filter(has_text="入力内容に")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(3)
    summary.get_by_role("link", name="所属先").click()
    expect(page.get_by_label("所属先")).to_be_focused()


@pytest.mark.parametrize(("person", "paths"), [
    (None, ["/accounts/login/", "/vendors/register/", "/accounts/password/reset/"]),
    (COORDINATOR, ["/console/", "/console/invitations/", "/console/vendors/",
                   "/accounts/tokens/", "/accounts/2fa/"]),
    (TOWN_LEAD, ["/m/himeshima/", "/m/himeshima/members/", "/m/himeshima/profile/edit/"]),
])
def test_pages_fit_a_390_pixel_screen_without_sideways_scrolling(browser, live_url, person,
                                                                 paths):
    context = browser.new_context(locale="ja-JP", base_url=live_url,
                                  viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        if person:
            sign_in(page, person)
        for path in paths:
            page.goto(path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"{path} is {width} px wide at 390 px"
    finally:
        context.close()
