"""An invitation from the console to a first day in the town's workspace, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_sign_in import sign_in

pytestmark = pytest.mark.browser

COORDINATOR = "browser-coordinator@pref-oita.test"
INVITEE = "browser-invitee@himeshima.test"
INVITEE_PASSWORD = "himeshima-kitsune-odori-2026"
LINK = re.compile(r"https?://\S+/invitations/[^/\s]+/")


def test_a_new_himeshima_staff_member_is_invited_sets_a_password_and_lands_in_the_workspace(
    page, browser, live_url, mailoutbox
):
    sign_in(page, COORDINATOR)
    page.wait_for_url("**/console/")
    page.get_by_role("link", name="招待の管理").click()
    page.get_by_label("招待する方のメールアドレス").fill(INVITEE)
    page.get_by_label("所属先").select_option(label="姫島村")
    page.get_by_label("役割").select_option(label="市町村職員")
    page.get_by_role("button", name="招待を送る").click()
    expect(page.get_by_text(f"{INVITEE} に招待メールを送りました。")).to_be_visible()

    message = next(message for message in mailoutbox if message.to == [INVITEE])
    link = LINK.search(message.body).group(0)
    invitee_context = browser.new_context(locale="ja-JP", base_url=live_url)
    try:
        invitee = invitee_context.new_page()
        invitee.goto(link)
        expect(invitee.get_by_role("heading", name="姫島村への招待")).to_be_visible()
        invitee.get_by_label("氏名").fill("姫島 新")
        invitee.get_by_label("パスワード", exact=True).fill(INVITEE_PASSWORD)
        invitee.get_by_label("パスワード（確認）").fill(INVITEE_PASSWORD)
        invitee.get_by_role("button", name="アカウントを作成して参加する").click()

        invitee.wait_for_url("**/m/himeshima/")
        expect(invitee.get_by_role("heading", name="姫島村 ワークスペース")).to_be_visible()
        expect(invitee.get_by_text("姫島村に市町村職員として参加しました。")).to_be_visible()

        response = invitee.goto("/m/beppu/")
        assert response.status == 403
        expect(invitee.get_by_role("heading",
                                   name="このページを表示する権限がありません")).to_be_visible()
    finally:
        invitee_context.close()
