import datetime
import hashlib

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken
from api.services import api_token_create, api_token_revoke
from kyodo.accounts.demo import demo_accounts_create
from kyodo.accounts.models import Membership
from kyodo.audit.models import AuditEvent
from kyodo.errors import DomainError

pytestmark = pytest.mark.django_db

MUNICIPALITIES = "/api/v1/municipalities/"


@pytest.fixture
def membership(himeshima_staff):
    return himeshima_staff.memberships.get()


def refused(response) -> bool:
    return (response.status_code == 401
            and response.json()["error"]["code"] == "authentication_failed"
            and response["WWW-Authenticate"].startswith("Bearer"))


def test_the_key_is_returned_once_and_only_a_hash_of_its_secret_is_stored(membership):
    issued = api_token_create(actor=membership.user, membership=membership, name="庁内ツール")

    scheme, prefix, secret = issued.key.split("_", 2)
    token = ApiToken.objects.get()
    assert (scheme, prefix) == ("kyodo", token.prefix)
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM api_apitoken")
        row = " ".join(str(value) for value in cursor.fetchone())
    assert secret not in row


@pytest.mark.parametrize("keyword", ["Bearer", "Token", "bearer"])
def test_a_token_authenticates_an_api_client(membership, issue_token, client_with, keyword):
    response = client_with(issue_token(membership), keyword=keyword).get(MUNICIPALITIES)

    assert response.status_code == 200


def test_a_token_request_acts_as_the_token_and_its_user(membership, issue_token, client_with):
    response = client_with(issue_token(membership, name="庁内ツール")).get("/api/v1/me/")

    assert response.json()["email"] == membership.user.email
    assert response.json()["token"]["name"] == "庁内ツール"


def test_a_revoked_token_is_refused_in_the_error_shape(membership, issue_token, client_with):
    key = issue_token(membership)
    api_token_revoke(actor=membership.user, token=ApiToken.objects.get())

    assert refused(client_with(key).get(MUNICIPALITIES))


def test_an_expired_token_is_refused(membership, issue_token, client_with):
    key = issue_token(membership, expires_at=timezone.now() + datetime.timedelta(days=1))
    now = timezone.now()
    ApiToken.objects.update(created_at=now - datetime.timedelta(days=2),
                            expires_at=now - datetime.timedelta(seconds=1))

    assert refused(client_with(key).get(MUNICIPALITIES))


def test_the_token_of_a_deactivated_user_is_refused(membership, issue_token, client_with):
    key = issue_token(membership)
    membership.user.is_active = False
    membership.user.save()

    assert refused(client_with(key).get(MUNICIPALITIES))


def tampered(key: str) -> str:
    return key[:-1] + ("A" if key[-1] != "A" else "B")


@pytest.mark.parametrize(("make_header", "why"), [
    (lambda key: f"Bearer {tampered(key)}", "one character of the secret changed"),
    (lambda key: f"Bearer kyodo_00000000_{key.split('_', 2)[2]}", "unknown prefix"),
    (lambda key: f"Bearer {key.rsplit('_', 1)[0]}", "secret cut off"),
    (lambda key: "Bearer kyodo_", "only the scheme"),
    (lambda key: "Token not-a-real-token", "not a Kyodo key"),
    (lambda key: "Bearer", "no key"),
    (lambda key: f"Bearer {key} extra", "two keys"),
])
def test_a_tampered_unknown_or_malformed_token_is_refused(
    membership, issue_token, make_header, why
):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=make_header(issue_token(membership)))

    assert refused(client.get(MUNICIPALITIES)), why


SECRET = "A" * 43


@pytest.mark.parametrize(("key", "why"), [
    (f"kyodo_\x00abc1234_{SECRET}", "a NUL byte in the prefix"),
    (f"kyodo_0000000\x00_{SECRET}", "a NUL byte at the end of the prefix"),
    (f"kyodo_zzzzzzzz_{SECRET}", "a prefix that is not hexadecimal"),
    (f"kyodo_ABCDEF01_{SECRET}", "upper-case hexadecimal"),
    (f"kyodo_00000000_{SECRET[:-1]}\x00", "a NUL byte in the secret"),
    (f"kyodo_00000000_{SECRET}!", "a character base64 does not use"),
])
def test_a_key_of_the_wrong_shape_is_refused_without_looking_it_up(db, key, why):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")

    with CaptureQueriesContext(connection) as queries:
        response = client.get(MUNICIPALITIES)

    assert refused(response), why
    assert not [query for query in queries if "api_apitoken" in query["sql"]], why


def test_a_demo_accounts_token_is_refused_once_debug_is_off(
    prefecture, beppu, himeshima, issue_token, client_with
):
    with override_settings(DEBUG=True):
        demo_accounts_create()
    key = issue_token(Membership.objects.get(user__email="staff@himeshima.example"))

    with override_settings(DEBUG=True):
        assert client_with(key).get(MUNICIPALITIES).status_code == 200
    assert refused(client_with(key).get(MUNICIPALITIES))


def test_the_first_use_sets_last_used_at(membership, issue_token, client_with):
    client = client_with(issue_token(membership))
    assert ApiToken.objects.get().last_used_at is None

    client.get(MUNICIPALITIES)

    last_used = ApiToken.objects.get().last_used_at
    assert last_used is not None
    assert timezone.now() - last_used < datetime.timedelta(seconds=10)


def test_last_used_at_is_written_at_most_once_a_minute(membership, issue_token, client_with):
    client = client_with(issue_token(membership))
    client.get(MUNICIPALITIES)
    first = ApiToken.objects.get().last_used_at

    client.get(MUNICIPALITIES)
    assert ApiToken.objects.get().last_used_at == first

    two_minutes_ago = timezone.now() - datetime.timedelta(minutes=2)
    ApiToken.objects.update(last_used_at=two_minutes_ago)
    client.get(MUNICIPALITIES)
    assert ApiToken.objects.get().last_used_at > two_minutes_ago


def test_a_user_cannot_issue_a_token_for_someone_elses_membership(membership, beppu_staff):
    with pytest.raises(DomainError) as refusal:
        api_token_create(actor=beppu_staff, membership=membership, name="なりすまし")

    assert refusal.value.code == "permission_denied"
    assert refusal.value.status == 403
    assert refusal.value.message == "APIトークンは自分の所属についてだけ発行できます。"
    assert not ApiToken.objects.exists()
    assert not AuditEvent.objects.filter(action="api_token.create").exists()


def test_a_user_cannot_revoke_someone_elses_token(membership, issue_token, beppu_staff):
    issue_token(membership)

    with pytest.raises(DomainError) as refusal:
        api_token_revoke(actor=beppu_staff, token=ApiToken.objects.get())

    assert refusal.value.code == "permission_denied"
    assert refusal.value.message == "他の利用者のAPIトークンは無効化できません。"
    assert ApiToken.objects.get().revoked_at is None


def test_revoking_a_token_twice_is_a_conflict(membership, issue_token):
    issue_token(membership)
    api_token_revoke(actor=membership.user, token=ApiToken.objects.get())

    with pytest.raises(DomainError) as refusal:
        api_token_revoke(actor=membership.user, token=ApiToken.objects.get())

    assert refusal.value.code == "conflict"


def test_an_expiry_in_the_past_is_refused(membership):
    with pytest.raises(DomainError) as refusal:
        api_token_create(actor=membership.user, membership=membership, name="古い",
                         expires_at=timezone.now() - datetime.timedelta(days=1))

    assert refusal.value.code == "validation_error"
    assert refusal.value.details[0]["field"] == "expires_at"


def test_issuing_and_revoking_are_audited_without_the_secret(membership, issue_token):
    key = issue_token(membership, name="庁内ツール")
    token = ApiToken.objects.get()
    api_token_revoke(actor=membership.user, token=token)

    created = AuditEvent.objects.get(action="api_token.create")
    revoked = AuditEvent.objects.get(action="api_token.revoke")
    assert (created.actor, created.target_id) == (membership.user, str(token.pk))
    assert created.after == created.after | {"name": "庁内ツール", "prefix": token.prefix,
                                             "membership": membership.pk, "revoked_at": None}
    assert revoked.actor == membership.user
    assert revoked.before["revoked_at"] is None and revoked.after["revoked_at"] is not None
    secret = key.split("_", 2)[2]
    assert secret not in str(created.after) and secret not in created.target_label


def test_removing_the_membership_removes_its_tokens(membership, issue_token, client_with):
    key = issue_token(membership)

    membership.delete()

    assert not ApiToken.objects.exists()
    assert refused(client_with(key).get(MUNICIPALITIES))
