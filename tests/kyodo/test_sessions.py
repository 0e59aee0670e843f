"""A session cookie Django could not have issued is no session, never a server error."""

import pytest

pytestmark = pytest.mark.django_db

# A quoted cookie may spell a NUL byte as \000; Django's cookie parser decodes it.
NUL_SESSION = 'sessionid="abcdefgh\\000ijklmnopqrstuvwxyz012345"'


@pytest.mark.parametrize("cookie", [
    NUL_SESSION,
    "sessionid=" + "a" * 5000,
    "sessionid=ABCDEFGHIJKLMNOPQRSTUVWXYZ012345",
])
def test_a_malformed_session_cookie_is_treated_as_signed_out(client, prefecture, cookie):
    client.raise_request_exception = False

    page = client.get("/console/", HTTP_COOKIE=cookie)
    api = client.get("/api/v1/me/", HTTP_COOKIE=cookie)

    assert page.status_code == 302 and page["Location"].startswith("/accounts/login/")
    assert api.status_code == 401


def test_a_real_session_still_signs_in(client, himeshima_staff):
    client.force_login(himeshima_staff)

    assert client.get("/api/v1/me/").json()["email"] == "staff@himeshima.test"
