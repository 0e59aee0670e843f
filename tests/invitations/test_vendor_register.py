"""事業者登録申請: anyone may apply; the application waits for a coordinator."""

import time
from collections import Counter

import pytest
from stdnum.jp import cn

from kyodo.accounts.models import QualificationCategory, User, Vendor, VendorStatus
from kyodo.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

VALID_NUMBER = "5835678256246"


def application(**changes) -> dict:
    data = {
        "legal_name": "株式会社べっぷデジタル",
        "legal_name_kana": "カブシキガイシャベップデジタル",
        "corporate_number": VALID_NUMBER,
        "address": "大分県別府市上野口町1-15",
        "contact_name": "湯布 温子",
        "contact_email": "contact@beppu-digital.test",
        "contact_phone": "0977-00-1234",
        "qualifications-TOTAL_FORMS": "3",
        "qualifications-INITIAL_FORMS": "0",
        "qualifications-MIN_NUM_FORMS": "1",
        "qualifications-MAX_NUM_FORMS": "10",
        "qualifications-0-category": QualificationCategory.INFORMATION_SYSTEMS,
        "qualifications-0-valid_from": "2025-04-01",
        "qualifications-0-valid_until": "2027-03-31",
        "qualifications-1-category": QualificationCategory.CONSULTING,
        "qualifications-1-valid_from": "2025-04-01",
        "qualifications-1-valid_until": "2027-03-31",
    }
    return data | changes


def test_a_vendor_applies_and_waits_for_approval_without_an_account(client):
    response = client.post("/vendors/register/", application())

    assert response["Location"] == "/vendors/register/done/"
    vendor = Vendor.objects.get(corporate_number=VALID_NUMBER)
    assert vendor.status == VendorStatus.PENDING and vendor.approved_at is None
    assert sorted(vendor.qualifications.values_list("category", flat=True)) == [
        "consulting", "information_systems"]
    assert not User.objects.filter(email="contact@beppu-digital.test").exists()
    event = AuditEvent.objects.get(action="vendor.register", target_id=str(vendor.pk))
    assert event.after["corporate_number"] == VALID_NUMBER
    assert "申請を受け付けました" in client.get(response["Location"]).content.decode()


def test_the_corporate_number_may_be_typed_with_hyphens_or_full_width_digits(client):
    client.post("/vendors/register/", application(corporate_number="５-８３５６-７８２５-６２４６"))

    assert Vendor.objects.filter(corporate_number=VALID_NUMBER).exists()


def test_hiragana_in_the_reading_becomes_katakana(client):
    client.post("/vendors/register/",
                application(legal_name_kana="かぶしきがいしゃ べっぷでじたる"))

    assert Vendor.objects.get().legal_name_kana == "カブシキガイシャ ベップデジタル"


@pytest.mark.parametrize(("number", "message"), [
    ("6835678256246", "法人番号の検査用数字が正しくありません。"),
    ("583567825624", "法人番号は13桁で入力してください。"),
    ("58356782562461", "法人番号は13桁で入力してください。"),
])
def test_a_wrong_corporate_number_gets_a_japanese_field_error(client, number, message):
    response = client.post("/vendors/register/", application(corporate_number=number))

    assert response.status_code == 200
    assert response.context["form"].errors["corporate_number"] == [message]
    assert message in response.content.decode()
    assert not Vendor.objects.exists()


def test_a_corporate_number_already_registered_is_refused(client):
    client.post("/vendors/register/", application())

    response = client.post("/vendors/register/", application(legal_name="別名義"))

    assert response.context["form"].errors["corporate_number"] == [
        "この法人番号の事業者は既に登録されています。"]
    assert Vendor.objects.count() == 1


def test_an_application_needs_at_least_one_qualification(client):
    empty = {f"qualifications-{i}-{field}": "" for i in range(3)
             for field in ("category", "valid_from", "valid_until")}

    response = client.post("/vendors/register/", application(**empty))

    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors["category"] == ["この項目は必須です。"]
    assert not Vendor.objects.exists()


def test_a_qualification_that_ends_before_it_starts_is_refused(client):
    response = client.post("/vendors/register/", application(**{
        "qualifications-0-valid_until": "2024-03-31"}))

    assert "有効期間の終期は、始期以降の日付にしてください。" in response.content.decode()
    assert not Vendor.objects.exists()


def test_a_reading_that_is_not_kana_is_refused(client):
    response = client.post("/vendors/register/", application(legal_name_kana="Beppu Digital"))

    assert response.context["form"].errors["legal_name_kana"] == [
        "フリガナは全角カタカナで入力してください。"]


def test_the_sign_in_page_points_vendors_to_the_application(client, db):
    body = client.get("/accounts/login/").content.decode()

    assert 'href="/vendors/register/"' in body


class Clock:
    """time.time() under the test's control (allauth's limits and the cache read it)."""

    def __init__(self):
        self.now = time.time()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(time, "time", clock)
    return clock


def another_application(n: int, **changes) -> dict:
    base = f"{8_000_000_000 + n:012d}"
    return application(corporate_number=cn.calc_check_digit(base) + base,
                       contact_email=f"contact{n}@vendor{n}.test", **changes)


def test_refused_applications_do_not_count_toward_the_hourly_limit(client):
    for _ in range(15):
        refused = client.post("/vendors/register/", application(legal_name_kana="ABC"))
        assert refused.status_code == 200

    response = client.post("/vendors/register/", application())

    assert response["Location"] == "/vendors/register/done/"


def test_after_ten_accepted_applications_a_client_is_told_how_long_to_wait(client, clock):
    client.post("/vendors/register/", another_application(0))
    clock.advance(18 * 60)
    for n in range(1, 10):  # ACCOUNT_RATE_LIMITS["vendor_register"]: "10/h/ip"
        assert client.post("/vendors/register/", another_application(n)).status_code == 302

    response = client.post("/vendors/register/", application())

    assert response.status_code == 429
    assert response["Retry-After"] == str(42 * 60)
    body = response.content.decode()
    assert "約42分後に、もう一度お試しください" in body
    assert "数分" not in body
    assert not Vendor.objects.filter(corporate_number=VALID_NUMBER).exists()
    assert client.get("/vendors/register/").status_code == 200


def test_an_hour_after_the_first_accepted_application_the_client_may_apply_again(
        client, clock):
    for n in range(10):
        client.post("/vendors/register/", another_application(n))
    assert client.post("/vendors/register/", application()).status_code == 429

    clock.advance(60 * 60 + 1)
    response = client.post("/vendors/register/", application())

    assert response["Location"] == "/vendors/register/done/"


def test_behind_the_proxy_each_client_has_its_own_limit_and_its_own_audit_address(
        client, settings):
    settings.KYODO_TRUSTED_PROXY_COUNT = 1
    busy = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    other = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    for n in range(10):
        client.post("/vendors/register/", another_application(n), **busy)

    refused = client.post("/vendors/register/", another_application(10), **busy)
    accepted = client.post("/vendors/register/", application(), **other)

    assert refused.status_code == 429
    assert accepted.status_code == 302
    addresses = Counter(AuditEvent.objects.filter(action="vendor.register")
                        .values_list("ip_address", flat=True))
    assert addresses == {"203.0.113.5": 10, "198.51.100.7": 1}
