"""Every response carries a strict Content-Security-Policy, and no page needs it relaxed."""

import re

import pytest

from kyodo.accounts.models import Membership, Role
from tests.factories import UserFactory
from tests.mfa import sign_in

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# A <script> element that the browser would run: no src, and not a data block.
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*\btype=\"application/(?:ld\+)?json\")[^>]*>", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle=", re.I)
INLINE_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+=", re.I)


def policy_of(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


@pytest.mark.parametrize("path", [
    "/accounts/login/", "/vendors/register/", "/api/docs/", "/api/docs/?script=",
    "/api/schema/", "/api/v1/municipalities/", "/m/no-such-town/", "/no-such-page/",
])
def test_every_kind_of_response_carries_the_policy(client, db, path):
    response = client.get(path)

    assert policy_of(response) == POLICY


def test_the_swagger_ui_page_loads_its_start_up_script_as_a_file(client, db):
    body = client.get("/api/docs/").content.decode()

    assert '<script src="/api/docs/?script="' in body
    assert not INLINE_SCRIPT.search(body) and "<style" not in body
    script = client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle(" in script.content.decode()


@pytest.fixture
def signed_in_lead(client, himeshima):
    lead = UserFactory(email="csp-lead@himeshima.test")
    Membership.objects.create(user=lead, municipality=himeshima, role=Role.MUNICIPALITY_LEAD)
    sign_in(client, lead)
    return client


@pytest.mark.parametrize("path", [
    "/m/himeshima/", "/m/himeshima/profile/edit/", "/m/himeshima/members/",
    "/accounts/tokens/", "/accounts/2fa/", "/accounts/2fa/webauthn/add/",
    "/accounts/2fa/totp/activate/", "/accounts/password/change/", "/accounts/email/",
])
def test_signed_in_pages_have_no_inline_script_style_or_handler(signed_in_lead, path):
    response = signed_in_lead.get(path)

    assert response.status_code == 200
    body = response.content.decode()
    assert policy_of(response) == POLICY
    assert INLINE_SCRIPT.findall(body) == []
    assert STYLE_ATTRIBUTE.findall(body) == []
    assert INLINE_HANDLER.findall(body) == []
    assert "<style" not in body


@pytest.mark.parametrize("path", ["/accounts/login/", "/vendors/register/",
                                  "/accounts/password/reset/"])
def test_public_pages_have_no_inline_script_style_or_handler(client, db, path):
    body = client.get(path).content.decode()

    assert INLINE_SCRIPT.findall(body) == []
    assert STYLE_ATTRIBUTE.findall(body) == []
    assert INLINE_HANDLER.findall(body) == []
