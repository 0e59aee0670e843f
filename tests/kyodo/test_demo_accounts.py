import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from kyodo.accounts.demo import DEMO_PASSWORD, DEMO_VENDOR, demo_accounts_create
from kyodo.accounts.models import Role, Vendor

pytestmark = pytest.mark.django_db


def sign_in(client, email: str, password: str = DEMO_PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_demo_accounts_are_refused_without_debug(prefecture, beppu, himeshima):
    with pytest.raises(ImproperlyConfigured):
        demo_accounts_create()


@override_settings(DEBUG=True)
def test_the_demo_creates_the_coordinator_and_two_town_leads(prefecture, beppu, himeshima):
    users = {user.email: user for user in demo_accounts_create()}

    coordinator = users["coordinator@pref-oita.example"]
    assert coordinator.memberships.get().role == Role.PREFECTURE_COORDINATOR
    assert coordinator.memberships.get().municipality == prefecture
    assert users["staff@himeshima.example"].memberships.get().municipality == himeshima
    assert users["staff@beppu.example"].memberships.get().municipality == beppu


@override_settings(DEBUG=True)
def test_a_demo_account_signs_in_while_debug_is_on(client, prefecture, beppu, himeshima):
    demo_accounts_create()

    response = sign_in(client, "staff@himeshima.example")

    assert response.status_code == 302
    assert client.get("/")["Location"] == "/m/himeshima/"


def test_a_demo_account_cannot_sign_in_once_debug_is_off(client, prefecture, beppu, himeshima):
    with override_settings(DEBUG=True):
        demo_accounts_create()

    response = sign_in(client, "coordinator@pref-oita.example")

    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert response["Location"] == "/accounts/inactive/"
    assert client.get("/console/").status_code == 302  # still sent to sign in


def test_a_wrong_password_gets_a_japanese_error(client, himeshima_staff):
    response = sign_in(client, "staff@himeshima.test", "not-the-password")

    assert response.status_code == 200
    message = "入力されたメールアドレスもしくはパスワードが正しくありません。"
    assert message in response.content.decode()


@override_settings(DEBUG=True)
@pytest.mark.parametrize(("email", "landing"), [
    ("coordinator@pref-oita.example", "/console/"),
    ("staff@beppu.example", "/m/beppu/"),
    ("staff@himeshima.example", "/m/himeshima/"),
    ("vendor@vendor.example", "/vendors/{vendor}/"),
    ("specialist@talent.example", "/specialist/"),
])
def test_each_demo_account_signs_in_and_lands_where_its_role_works(
    client, prefecture, beppu, himeshima, email, landing
):
    demo_accounts_create()
    vendor = Vendor.objects.get(corporate_number=DEMO_VENDOR["corporate_number"])

    sign_in(client, email)
    home = client.get("/")
    page = client.get(home["Location"])

    assert home["Location"] == landing.format(vendor=vendor.pk)
    assert page.status_code == 200
