"""allauth's sign-in rate limits: failed attempts are counted per address in the cache."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.mfa import PASSWORD

pytestmark = pytest.mark.django_db

LOCKED_OUT = "ログイン失敗が連続しています。時間が経ってからやり直してください。"
ATTEMPTS_PER_ADDRESS = 5  # ACCOUNT_RATE_LIMITS["login_failed"]: "…,5/300s/key"


def attempt(client, email: str, password: str, **headers):
    return client.post(reverse("account_login"), {"login": email, "password": password},
                       **headers)


def fail_repeatedly(client, email: str) -> None:
    for _ in range(ATTEMPTS_PER_ADDRESS):
        response = attempt(client, email, "not-the-password")
        assert "正しくありません" in response.content.decode()


def test_the_limit_on_failed_sign_ins_is_set_explicitly():
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"] == (
        f"10/m/ip,{ATTEMPTS_PER_ADDRESS}/300s/key")


def test_after_five_failed_sign_ins_even_the_right_password_is_refused(client, beppu_staff):
    fail_repeatedly(client, beppu_staff.email)

    response = attempt(client, beppu_staff.email, PASSWORD)

    assert response.status_code == 200
    assert LOCKED_OUT in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_address_not_for_everyone(client, beppu_staff, himeshima_staff):
    fail_repeatedly(client, beppu_staff.email)

    response = attempt(client, himeshima_staff.email, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(himeshima_staff.pk)


def test_the_failed_attempts_are_counted_in_the_configured_cache(client, beppu_staff):
    fail_repeatedly(client, beppu_staff.email)

    cache.clear()
    response = attempt(client, beppu_staff.email, PASSWORD)

    assert response.status_code == 302


def test_too_many_password_reset_requests_get_a_japanese_429_page(client, beppu_staff):
    for _ in range(5):  # ACCOUNT_RATE_LIMITS["reset_password"]: "…,5/m/key"
        client.post(reverse("account_reset_password"), {"email": beppu_staff.email})

    response = client.post(reverse("account_reset_password"), {"email": beppu_staff.email})

    assert response.status_code == 429
    assert "しばらくしてからお試しください" in response.content.decode()
    assert 'class="site-header"' in response.content.decode()


PROXY = "10.0.0.2"  # nginx: every client connects through it


def through_the_proxy(client_address: str) -> dict:
    """What nginx passes on for a client: its own address, the client's appended."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": client_address}


def test_behind_the_proxy_one_clients_failed_sign_ins_do_not_lock_out_another(
        settings, beppu_staff, himeshima_staff):
    settings.KYODO_TRUSTED_PROXY_COUNT = 1
    guesser, colleague = Client(), Client()
    for n in range(10):  # ACCOUNT_RATE_LIMITS["login_failed"]: "10/m/ip,…"
        attempt(guesser, f"guess{n}@beppu.test", "not-the-password",
                **through_the_proxy("203.0.113.5"))

    locked_out = attempt(guesser, beppu_staff.email, PASSWORD,
                         **through_the_proxy("203.0.113.5"))
    signed_in = attempt(colleague, himeshima_staff.email, PASSWORD,
                        **through_the_proxy("198.51.100.7"))

    assert LOCKED_OUT in locked_out.content.decode()
    assert "_auth_user_id" not in guesser.session
    assert signed_in.status_code == 302
    assert colleague.session["_auth_user_id"] == str(himeshima_staff.pk)


def test_without_a_trusted_proxy_the_forwarded_header_is_not_believed(client, beppu_staff):
    for n in range(10):
        attempt(client, f"guess{n}@beppu.test", "not-the-password",
                REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")

    response = attempt(client, beppu_staff.email, PASSWORD,
                       REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="198.51.100.99")

    assert LOCKED_OUT in response.content.decode()
