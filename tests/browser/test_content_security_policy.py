"""Pages run under the Content-Security-Policy in a real browser, with nothing refused.

Chromium reports each thing the policy blocks as a console error ("Refused to execute
inline script…", "Refused to apply inline style…", "Refused to load the image…"); a page
that needed the policy relaxed would log one. Each page is also checked to work: the
sign-in form is there, Swagger UI lists the API's operations, and the security-key page
has run allauth's script (which fills in the hidden credential field's handler).
"""

import pytest

from tests.browser.conftest import BROWSER_PASSWORD
from tests.browser.test_sign_in import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def refusals(page) -> list[str]:
    """What the browser refused on this page, as its console reported it."""
    refused = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None)
    page.on("pageerror", lambda error: refused.append(f"page error: {error}"))
    return refused


def test_the_sign_in_page_runs_under_the_policy(page, refusals):
    response = page.goto("/accounts/login/")
    page.wait_for_load_state("networkidle")

    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert page.get_by_label("メールアドレス").is_visible()
    assert refusals == []


def test_swagger_ui_renders_the_operations_under_the_policy(page, refusals):
    response = page.goto("/api/docs/")
    page.locator(".opblock").first.wait_for(state="visible")
    page.wait_for_load_state("networkidle")

    assert "style-src 'self'" in response.headers["content-security-policy"]
    operations = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/municipalities/" in text for text in operations)
    assert refusals == []


def test_the_security_key_page_runs_allauths_script_under_the_policy(page, refusals):
    sign_in(page, "browser-staff@himeshima.test")
    page.wait_for_url("**/m/himeshima/")

    page.goto("/accounts/2fa/webauthn/add/")
    page.wait_for_url("**/accounts/reauthenticate/**")  # allauth asks for the password again
    page.get_by_label("パスワード").fill(BROWSER_PASSWORD)
    with page.expect_navigation() as navigation:
        page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")

    response = navigation.value
    assert page.url.endswith("/accounts/2fa/webauthn/add/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert page.evaluate("typeof window.allauth?.webauthn?.forms?.addForm") == "function"
    assert page.get_by_role("button", name="追加").is_visible()
    assert refusals == []
