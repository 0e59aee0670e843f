"""Every allauth page a Kyodo user can reach renders in Japanese inside the platform's layout.

Each page is requested as the person who would see it, in the state that shows it
(signed in a moment ago, in the middle of signing in, holding a reset link…). The page
must carry the platform's header, its Japanese heading, no English left untranslated
and no invitation to sign up: accounts on Kyodo come by invitation.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.urls import reverse

from tests.mfa import PASSWORD, add_security_key, sign_in

pytestmark = pytest.mark.django_db

# Latin words a Japanese page may show: names of things, and the language switch.
LATIN_ALLOWED = {"Kyodo", "English", "JavaScript", "PIN"}
SIGN_UP_WORDS = ("サインアップ", "ユーザー登録", "アカウント登録", "sign up", "signup")


class _MainText(HTMLParser):
    """The text a reader sees inside <main>, and whether the platform's header is there."""

    def __init__(self):
        super().__init__()
        self.in_main = 0
        self.in_script = 0
        self.header = False
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "header" and ("class", "site-header") in attrs:
            self.header = True
        self.in_main += tag == "main"
        self.in_script += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.in_main -= tag == "main"
        self.in_script -= tag in ("script", "style")

    def handle_data(self, data):
        if self.in_main and not self.in_script:
            self.chunks.append(data)


def read_page(response) -> tuple[bool, str]:
    """(has the platform header, the text of <main> with its spaces collapsed)"""
    parser = _MainText()
    parser.feed(response.content.decode())
    return parser.header, " ".join(" ".join(parser.chunks).split())


# Who is looking, and in what state. Each returns what the page's URL needs, if anything.

def _anonymous(client, coordinator, beppu_staff) -> None:
    return None


def _coordinator(client, coordinator, beppu_staff) -> None:
    sign_in(client, coordinator)


def _coordinator_with_codes_and_a_key(client, coordinator, beppu_staff) -> int:
    RecoveryCodes.activate(coordinator)
    key = add_security_key(coordinator)
    sign_in(client, coordinator)
    return key.pk


def _coordinator_at_the_second_step(client, coordinator, beppu_staff) -> None:
    client.post(reverse("account_login"), {"login": coordinator.email, "password": PASSWORD})


def _town_staff(client, coordinator, beppu_staff) -> None:
    sign_in(client, beppu_staff)


def _town_staff_without_a_password(client, coordinator, beppu_staff) -> None:
    beppu_staff.set_unusable_password()
    beppu_staff.save()
    client.force_login(beppu_staff)


def _town_staff_holding_a_reset_link(client, coordinator, beppu_staff) -> str:
    path = reverse("account_reset_password_from_key", kwargs={
        "uidb36": user_pk_to_url_str(beppu_staff),
        "key": default_token_generator.make_token(beppu_staff)})
    return client.get(path)["Location"]  # allauth moves the key into the session


def _town_staff_holding_a_confirmation_link(client, coordinator, beppu_staff) -> str:
    address = EmailAddress.objects.create(user=beppu_staff, email="new@beppu.test",
                                          verified=False, primary=False)
    return reverse("account_confirm_email", kwargs={"key": EmailConfirmationHMAC(address).key})


@dataclass(frozen=True)
class Page:
    given: Callable
    url: str | Callable  # a URL name, or a function of what `given` returned
    heading: str


def _key_url(name: str) -> Callable[[int], str]:
    return lambda pk: reverse(name, kwargs={"pk": pk})


def _returned(path: str) -> str:
    return path


PAGES = {
    # account
    "login": Page(_anonymous, "account_login", "ログイン"),
    "logout": Page(_town_staff, "account_logout", "ログアウト"),
    "password_change": Page(_town_staff, "account_change_password", "パスワード変更"),
    "password_set": Page(_town_staff_without_a_password, "account_set_password", "パスワード設定"),
    "password_reset": Page(_anonymous, "account_reset_password", "パスワードの再設定"),
    "password_reset_done": Page(_anonymous, "account_reset_password_done", "パスワードの再設定"),
    "password_reset_from_key": Page(_town_staff_holding_a_reset_link, _returned, "パスワード変更"),
    "password_reset_from_key_done": Page(_anonymous, "account_reset_password_from_key_done",
                                         "パスワード変更"),
    "email": Page(_town_staff, "account_email", "メールアドレス"),
    "email_verification_sent": Page(_anonymous, "account_email_verification_sent",
                                    "メールアドレスを確認してください"),
    "confirm_email": Page(_town_staff_holding_a_confirmation_link, _returned,
                          "メールアドレスの確認"),
    "account_inactive": Page(_anonymous, "account_inactive", "無効なアカウント"),
    "signup_closed": Page(_anonymous, "account_signup", "アカウントは招待で作成されます"),
    "reauthenticate": Page(_town_staff, "account_reauthenticate", "アクセス確認"),
    # mfa
    "mfa_index": Page(_coordinator, "mfa_index", "多要素認証"),
    "totp_activate": Page(_town_staff, "mfa_activate_totp", "認証アプリを有効化する"),
    "totp_deactivate": Page(_coordinator, "mfa_deactivate_totp", "認証アプリを無効化する"),
    "recovery_codes_generate": Page(_coordinator, "mfa_generate_recovery_codes",
                                    "リカバリーコード"),
    "recovery_codes_view": Page(_coordinator_with_codes_and_a_key, "mfa_view_recovery_codes",
                                "リカバリーコード"),
    "webauthn_add": Page(_town_staff, "mfa_add_webauthn", "セキュリティキーを追加"),
    "webauthn_list": Page(_coordinator_with_codes_and_a_key, "mfa_list_webauthn",
                          "セキュリティキー"),
    "webauthn_edit": Page(_coordinator_with_codes_and_a_key, _key_url("mfa_edit_webauthn"),
                          "セキュリティキーを編集"),
    "webauthn_remove": Page(_coordinator_with_codes_and_a_key, _key_url("mfa_remove_webauthn"),
                            "セキュリティキーを解除"),
    "mfa_authenticate": Page(_coordinator_at_the_second_step, "mfa_authenticate", "多要素認証"),
    "mfa_reauthenticate": Page(_coordinator, "mfa_reauthenticate", "アクセス確認"),
    "webauthn_reauthenticate": Page(_coordinator_with_codes_and_a_key,
                                    "mfa_reauthenticate_webauthn", "アクセス確認"),
}


def open_page(client, coordinator, beppu_staff, name: str):
    page = PAGES[name]
    state = page.given(client, coordinator, beppu_staff)
    return client.get(page.url(state) if callable(page.url) else reverse(page.url))


@pytest.mark.parametrize("name", PAGES)
def test_every_allauth_page_is_japanese_inside_the_platform_layout(
        client, coordinator, beppu_staff, name):
    response = open_page(client, coordinator, beppu_staff, name)

    assert response.status_code == 200
    has_header, text = read_page(response)
    assert has_header
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.DOTALL)
    assert heading and heading.group(1).strip() == PAGES[name].heading
    latin = set(re.findall(r"[A-Za-z]{3,}", re.sub(r"\S+@\S+", "", text))) - LATIN_ALLOWED
    assert not latin, f"left in English: {sorted(latin)}"
    assert not any(word in text.lower() for word in SIGN_UP_WORDS)


def test_recovery_codes_download_as_a_text_file(client, coordinator):
    RecoveryCodes.activate(coordinator)
    sign_in(client, coordinator)

    response = client.get(reverse("mfa_download_recovery_codes"))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="recovery-codes.txt"'
    assert len(response.content.decode().split()) == 10


def test_a_town_member_finds_the_mfa_settings_in_the_header(client, beppu_staff):
    sign_in(client, beppu_staff)

    response = client.get(reverse("account_email"))

    assert f'href="{reverse("mfa_index")}"' in response.content.decode()


def test_sign_up_is_closed_and_says_accounts_come_by_invitation(client):
    response = client.get(reverse("account_signup"))

    assert response.status_code == 200
    assert "招待" in read_page(response)[1]
    assert 'name="password1"' not in response.content.decode()


def test_a_reset_request_for_an_unknown_address_does_not_invite_a_sign_up(client, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": "nobody@nowhere.test"})

    [mail] = mailoutbox
    assert "招待メールから作成します" in mail.body
    assert "/accounts/signup/" not in mail.body
