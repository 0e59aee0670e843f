import hashlib

import pytest
from django.db import DatabaseError, connection, transaction

from kyodo.audit.models import AuditEvent
from kyodo.audit.services import LONG_VALUE, PREFIX, audit_record, bounded
from tenants.workspace.services import profile_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(beppu, beppu_staff):
    profile_update(actor=beppu_staff, municipality=beppu, data={"department": "情報政策課"})
    return AuditEvent.objects.get(action="town_profile.update")


def test_a_profile_change_records_who_what_and_where(event, beppu, beppu_staff):
    assert event.actor == beppu_staff
    assert event.tenant_schema == beppu.schema_name
    assert event.before is None
    assert event.after["department"] == "情報政策課"
    assert event.occurred_at is not None


def test_a_second_change_records_the_value_before_it(event, beppu, beppu_staff):
    profile_update(actor=beppu_staff, municipality=beppu, data={"department": "DX推進課"})

    latest = AuditEvent.objects.filter(action="town_profile.update").order_by("-id").first()
    assert latest.before["department"] == "情報政策課"
    assert latest.after["department"] == "DX推進課"


@pytest.mark.parametrize("statement", [
    "UPDATE audit_auditevent SET action = 'rewritten' WHERE id = %s",
    "DELETE FROM audit_auditevent WHERE id = %s",
])
def test_the_database_refuses_to_change_or_remove_an_audit_row(event, statement):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute(statement, [event.pk])

    event.refresh_from_db()
    assert event.action == "town_profile.update"


def test_the_database_refuses_to_truncate_the_audit_log(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # run the FK checks the insert queued
        cursor.execute("TRUNCATE audit_auditevent")

    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_orm_cannot_delete_audit_rows_either(event):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_request_id_and_address_of_a_web_change_are_recorded(client, beppu_staff, beppu):
    client.force_login(beppu_staff)

    response = client.post("/m/beppu/profile/edit/", {"department": "企画課"},
                           HTTP_X_REQUEST_ID="req-1234567890", REMOTE_ADDR="203.0.113.7")

    assert response["X-Request-ID"] == "req-1234567890"
    event = AuditEvent.objects.get(action="town_profile.update")
    assert (event.request_id, event.ip_address) == ("req-1234567890", "203.0.113.7")


@pytest.mark.parametrize(("proxies", "forwarded", "recorded"), [
    (0, "198.51.100.9", "192.0.2.1"),  # no trusted proxy: the header is the client's word
    (1, "198.51.100.9", "198.51.100.9"),  # nginx appended the client's address
    (1, "10.0.0.66, 198.51.100.9", "198.51.100.9"),  # the client's own entry is ignored
    (2, "198.51.100.9, 10.1.2.3", "198.51.100.9"),  # ingress, then nginx
    (2, "198.51.100.9", "192.0.2.1"),  # fewer entries than proxies: not trusted
    (1, "not-an-address", "192.0.2.1"),
])
def test_the_audit_log_records_the_client_behind_trusted_proxies(
    client, beppu_staff, settings, proxies, forwarded, recorded
):
    settings.KYODO_TRUSTED_PROXY_COUNT = proxies
    client.force_login(beppu_staff)

    client.post("/m/beppu/profile/edit/", {"department": "企画課"},
                REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert AuditEvent.objects.get(action="town_profile.update").ip_address == recorded


def test_a_long_audited_value_is_kept_as_its_digest_prefix_and_length(beppu):
    huge = "長" * 2_400_000  # 7.2 MB in UTF-8

    event = audit_record(actor=None, action="test.huge", target=beppu,
                         before={"notes": "短いメモ"},
                         after={"notes": huge, "department": "企画課"})

    event.refresh_from_db()
    assert event.after == {"notes": {"sha256": hashlib.sha256(huge.encode()).hexdigest(),
                                     "prefix": "長" * PREFIX, "length": 2_400_000},
                           "department": "企画課"}
    assert event.before == {"notes": "短いメモ"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_column_size(after) + pg_column_size(before)"
                       " FROM audit_auditevent WHERE id = %s", [event.pk])
        assert cursor.fetchone()[0] < 2_000


def test_values_up_to_the_bound_are_kept_whole_and_nested_ones_are_bounded_too():
    at_bound, past = "a" * LONG_VALUE, "b" * (LONG_VALUE + 1)

    assert bounded({"at": at_bound, "n": 3, "none": None}) == {"at": at_bound, "n": 3,
                                                               "none": None}
    assert bounded({"items": [past], "inner": {"text": past}}) == {
        "items": [{"sha256": hashlib.sha256(past.encode()).hexdigest(), "prefix": "b" * PREFIX,
                   "length": LONG_VALUE + 1}],
        "inner": {"text": {"sha256": hashlib.sha256(past.encode()).hexdigest(),
                           "prefix": "b" * PREFIX, "length": LONG_VALUE + 1}},
    }


def test_a_long_note_saved_through_the_page_is_audited_as_its_digest(client, beppu_staff):
    note = "庁内メモ。" * 800  # 4,000 characters: the most the page accepts
    client.force_login(beppu_staff)

    response = client.post("/m/beppu/profile/edit/", {"department": "企画課", "notes": note})

    assert response.status_code == 302
    event = AuditEvent.objects.get(action="town_profile.update")
    assert event.after["notes"]["sha256"] == hashlib.sha256(note.encode()).hexdigest()
    assert event.after["notes"]["length"] == 4_000
