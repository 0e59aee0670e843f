"""The inbox, opening a notification, the header's badge and the e-mail setting."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kyodo.audit.models import AuditEvent
from kyodo.invitations import notices
from kyodo.notifications.models import EmailDelivery, Notification, NotificationPreference
from kyodo.notifications.services import notify
from tests.notifications.conftest import SAMPLE, other_user

pytestmark = pytest.mark.django_db

TABLE = Notification._meta.db_table


def _notify(user, subject="別府市の導入申請", **options) -> Notification:
    (notification,) = notify(recipients=[user], kind=SAMPLE,
                             params={"subject": subject, "due": "2027-04-01"}, **options)
    return notification


def _notification_queries(queries) -> int:
    return sum(TABLE in query["sql"] for query in queries)


def _rows(page: str) -> list[str]:
    return re.findall(r'<tr data-notification="(\d+)"', page)


def test_the_header_shows_the_unread_count_from_one_query(client, beppu, beppu_lead):
    _notify(beppu_lead)
    _notify(beppu_lead)
    Notification.objects.filter(pk=_notify(beppu_lead).pk).update(read_at=timezone.now())
    client.force_login(beppu_lead)

    with CaptureQueriesContext(connection) as queries:
        page = client.get("/m/beppu/").content.decode()

    assert '<span class="badge-count" aria-hidden="true">2</span>' in page
    assert "（未読 2件）" in page
    assert _notification_queries(queries) == 1


def test_no_badge_when_everything_is_read(client, beppu_lead):
    client.force_login(beppu_lead)

    page = client.get("/notifications/settings/").content.decode()

    assert 'href="/notifications/"' in page
    assert "badge-count" not in page


def test_a_visitor_who_is_not_signed_in_costs_no_notification_query(client, db):
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/accounts/login/").content.decode()

    assert _notification_queries(queries) == 0
    assert 'href="/notifications/"' not in page


def test_the_inbox_lists_newest_first_marks_unread_and_has_pages(client, beppu_lead):
    created = [_notify(beppu_lead, subject=f"申請{number:02d}") for number in range(25)]
    Notification.objects.filter(pk=created[-2].pk).update(read_at=timezone.now())
    client.force_login(beppu_lead)

    first = client.get("/notifications/").content.decode()
    second = client.get("/notifications/?page=2").content.decode()

    newest_first = [str(item.pk) for item in reversed(created)]
    assert _rows(first) == newest_first[:20]
    assert _rows(second) == newest_first[20:]
    assert first.index("申請24") < first.index("申請23")
    row = re.search(rf'<tr data-notification="{created[-1].pk}" class="unread">.*?</tr>', first,
                    re.S).group(0)
    assert "未読" in row and f'href="/notifications/{created[-1].pk}/"' in row
    read = re.search(rf'<tr data-notification="{created[-2].pk}">.*?</tr>', first, re.S).group(0)
    assert "既読" in read
    assert "1 / 2 ページ" in first


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, beppu_lead):
    notification = _notify(beppu_lead, url="/m/beppu/profile/")
    client.force_login(beppu_lead)

    response = client.get(f"/notifications/{notification.pk}/")

    assert (response.status_code, response["Location"]) == (302, "/m/beppu/profile/")
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_notification_without_a_link_opens_the_inbox(client, beppu_lead):
    notification = _notify(beppu_lead)
    client.force_login(beppu_lead)

    response = client.get(f"/notifications/{notification.pk}/")

    assert response["Location"] == "/notifications/"


@pytest.mark.parametrize("who", ["another town's lead", "coordinator"])
def test_nobody_but_the_recipient_opens_or_marks_a_notification(client, beppu_lead,
                                                                coordinator, who):
    notification = _notify(beppu_lead, subject="別府市だけの内容")
    client.force_login(other_user() if who != "coordinator" else coordinator)

    opened = client.get(f"/notifications/{notification.pk}/")
    client.post("/notifications/read-all/")
    inbox = client.get("/notifications/").content.decode()

    assert opened.status_code == 404
    assert "別府市だけの内容" not in inbox
    notification.refresh_from_db()
    assert notification.read_at is None


def test_someone_not_signed_in_is_asked_to_sign_in(client, beppu_lead):
    notification = _notify(beppu_lead)

    for path in ("/notifications/", f"/notifications/{notification.pk}/",
                 "/notifications/settings/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(settings.LOGIN_URL)


def test_mark_all_as_read_marks_every_one_of_ones_own(client, beppu_lead, beppu_staff):
    mine = [_notify(beppu_lead), _notify(beppu_lead)]
    theirs = _notify(beppu_staff)
    client.force_login(beppu_lead)

    assert client.get("/notifications/read-all/").status_code == 405
    response = client.post("/notifications/read-all/", follow=True)

    assert "2件のお知らせを既読にしました。" in response.content.decode()
    assert all(Notification.objects.get(pk=item.pk).read_at for item in mine)
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_an_english_page_shows_the_notification_in_english(client, coordinator, beppu_lead):
    notify(recipients=[coordinator], kind=notices.VENDOR_QUALIFICATION_ADDED,
           params={"vendor": "株式会社くにさき通信", "category": "information_systems",
                   "start": "2027-04-01", "end": "2029-03-31"},
           url="/console/vendors/", actor=beppu_lead, organisation_label="株式会社くにさき通信")
    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get("/notifications/").content.decode()

    assert "A bid qualification has been added" in page
    assert "Information processing (system development and operation)" in page
    assert "1 April 2027" in page and "31 March 2029" in page
    assert "競争入札参加資格" not in page


def test_a_notification_of_a_kind_no_longer_declared_still_reads_sensibly(client, beppu_lead):
    Notification.objects.create(recipient=beppu_lead, kind="removed.module_event",
                                params={"x": 1}, delivery=EmailDelivery.IMMEDIATE)
    client.force_login(beppu_lead)

    page = client.get("/notifications/").content.decode()

    assert "このお知らせの種類（removed.module_event）は現在使われていないため" in page


def test_a_value_missing_from_an_old_notification_reads_as_an_ellipsis(client, beppu_lead):
    Notification.objects.create(recipient=beppu_lead, kind=SAMPLE.code,
                                params={"subject": "古い通知"}, delivery=EmailDelivery.IMMEDIATE)
    client.force_login(beppu_lead)

    page = client.get("/notifications/").content.decode()

    assert "古い通知について、…までに確認してください。" in page


def test_the_email_setting_is_saved_and_audited(client, beppu_lead):
    client.force_login(beppu_lead)
    page = client.get("/notifications/settings/").content.decode()
    assert re.search(r'<input type="radio" name="email_delivery" value="immediate"[^>]*checked',
                     page)

    response = client.post("/notifications/settings/", {"email_delivery": "daily_digest"},
                           follow=True)

    assert "メールでのお知らせを「1日1回まとめて」に設定しました。" in response.content.decode()
    assert NotificationPreference.objects.get(user=beppu_lead).email_delivery == "daily_digest"
    event = AuditEvent.objects.get(action="notification_preference.update")
    assert (event.actor, event.before, event.after) == (
        beppu_lead, {"email_delivery": "immediate"}, {"email_delivery": "daily_digest"})


@pytest.mark.parametrize(("data", "message"), [
    ({"email_delivery": "weekly"},
     "「weekly」は選択肢にありません。選択肢の中から選んでください。"),
    ({}, "この項目は必須です。"),
])
def test_the_email_setting_refuses_bad_input_with_a_message(client, beppu_lead, data, message):
    client.force_login(beppu_lead)

    response = client.post("/notifications/settings/", data)

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and 'class="error-summary"' in page
    assert not NotificationPreference.objects.filter(user=beppu_lead).exists()
    assert not AuditEvent.objects.filter(action="notification_preference.update").exists()
