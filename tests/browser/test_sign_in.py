"""A person signs in and reaches their work, in a real browser."""

import time

import pytest
from allauth.mfa import app_settings as mfa_settings

from tests.browser.conftest import BROWSER_PASSWORD
from tests.mfa import totp_code

pytestmark = pytest.mark.browser


SECOND_STEP = "/accounts/2fa/authenticate/"


def sign_in(page, email: str) -> None:
    """Sign in with the password, then, when the account has an authenticator app (the
    coordinator's runs on tests.mfa.TOTP_SECRET), with the code the app shows now."""
    page.goto("/accounts/login/")
    page.get_by_label("メールアドレス").fill(email)
    page.get_by_label("パスワード").fill(BROWSER_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="ログインする").click()
    if SECOND_STEP in page.url:
        _enter_code(page)
    if SECOND_STEP in page.url:
        # allauth takes each code once, and this one was taken (a second sign-in within
        # the same 30 seconds) or expired while typing: wait for the app's next code.
        time.sleep(mfa_settings.TOTP_PERIOD - time.time() % mfa_settings.TOTP_PERIOD + 1)
        _enter_code(page)


def _enter_code(page) -> None:
    page.get_by_label("コード").fill(totp_code())
    with page.expect_navigation():
        page.get_by_role("button", name="ログイン", exact=True).click()


def test_the_coordinator_signs_in_and_sees_the_municipalities_in_the_console(page):
    sign_in(page, "browser-coordinator@pref-oita.test")

    page.wait_for_url("**/console/")
    assert page.get_by_role("heading", name="県内市町村の一覧").is_visible()
    row = page.locator('tr[data-lg-code="443221"]')
    assert "姫島村" in row.inner_text() and "1,878" in row.inner_text()

    page.get_by_role("button", name="ログアウト").click()
    page.wait_for_url("**/accounts/login/**")


def test_himeshima_staff_signs_in_and_opens_himeshimas_workspace(page):
    sign_in(page, "browser-staff@himeshima.test")

    page.wait_for_url("**/m/himeshima/")
    assert page.get_by_role("heading", name="姫島村 ワークスペース").is_visible()
    assert "443221" in page.locator(".summary").inner_text()

    response = page.goto("/m/beppu/")
    assert response.status == 403
    assert page.get_by_role("heading", name="このページを表示する権限がありません").is_visible()


def test_a_wrong_password_is_refused_with_a_japanese_message(page):
    page.goto("/accounts/login/")
    page.get_by_label("メールアドレス").fill("browser-staff@himeshima.test")
    page.get_by_label("パスワード").fill("wrong-password")
    page.get_by_role("button", name="ログインする").click()

    assert page.get_by_role("alert").is_visible()
    assert "/accounts/login/" in page.url
