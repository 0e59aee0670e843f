"""The daily digest for those who chose it, and the sweep that sends immediate e-mails
whose task was lost."""

import datetime

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kyodo.celery import app as celery_app
from kyodo.notifications.models import Notification
from kyodo.notifications.services import notification_preference_set, notify
from kyodo.notifications.tasks import resend_unsent_emails, send_daily_digests
from tests.notifications.conftest import SAMPLE

pytestmark = pytest.mark.django_db


def test_a_digest_reader_gets_no_mail_at_once_and_one_digest_with_every_item(
        send, digest_reader, beppu_lead, mailoutbox):
    for subject in ("別府市の導入申請", "姫島村の導入申請", "大分市の導入申請"):
        send(recipients=[digest_reader, beppu_lead], subject=subject)
    assert {address for message in mailoutbox for address in message.to} == {beppu_lead.email}
    mailoutbox.clear()

    assert send_daily_digests.delay().get() == 1

    (digest,) = mailoutbox
    assert digest.to == [digest_reader.email]
    assert digest.subject == "【Kyodo】お知らせのまとめ（3件）"
    assert digest.body.startswith("姫島 花子 様\n")
    for subject in ("別府市の導入申請", "姫島村の導入申請", "大分市の導入申請"):
        assert f"■ 確認のお願い: {subject}" in digest.body
    assert "1日1回まとめて受け取る設定" in digest.body
    assert not Notification.objects.filter(recipient=digest_reader, emailed_at=None).exists()


def test_the_digest_is_sent_once_even_when_the_beat_fires_twice(send, digest_reader,
                                                                  mailoutbox):
    send(recipients=[digest_reader])

    send_daily_digests.delay().get()
    assert send_daily_digests.delay().get() == 0

    assert len(mailoutbox) == 1


def test_what_is_notified_after_the_digest_waits_for_the_next_morning(send, digest_reader,
                                                                      mailoutbox):
    send(recipients=[digest_reader], subject="昨日の申請")
    send_daily_digests.delay().get()

    send(recipients=[digest_reader], subject="今日の申請")
    send_daily_digests.delay().get()

    first, second = mailoutbox
    assert "昨日の申請" in first.body and "今日の申請" not in first.body
    assert "今日の申請" in second.body and "昨日の申請" not in second.body


def test_changing_to_the_digest_applies_to_later_notifications(send, beppu_lead, mailoutbox):
    send(recipients=[beppu_lead], subject="設定変更の前")
    notification_preference_set(actor=beppu_lead, email_delivery="daily_digest")
    send(recipients=[beppu_lead], subject="設定変更の後")

    assert [message.subject for message in mailoutbox] == ["【Kyodo】確認のお願い: 設定変更の前"]
    send_daily_digests.delay().get()
    assert "設定変更の後" in mailoutbox[-1].body


def _lost_with_the_broker(user, *, minutes_ago: int, capture) -> Notification:
    """A notification whose e-mail task never reached the broker."""
    with capture(execute=False), transaction.atomic():
        (notification,) = notify(recipients=[user], kind=SAMPLE,
                                 params={"subject": "届かなかった通知", "due": "2027-04-01"})
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=minutes_ago))
    return notification


def test_the_sweep_sends_an_immediate_mail_whose_task_was_lost_once(
        beppu_lead, mailoutbox, django_capture_on_commit_callbacks):
    lost = _lost_with_the_broker(beppu_lead, minutes_ago=11,
                                 capture=django_capture_on_commit_callbacks)
    recent = _lost_with_the_broker(beppu_lead, minutes_ago=1,
                                   capture=django_capture_on_commit_callbacks)

    assert resend_unsent_emails.delay().get() == 1
    assert resend_unsent_emails.delay().get() == 0

    (message,) = mailoutbox
    assert f"/notifications/{lost.pk}/" in message.body
    recent.refresh_from_db()
    assert recent.emailed_at is None  # its own task may still be on its way


def test_the_sweep_leaves_digest_items_to_the_digest(digest_reader, mailoutbox,
                                                     django_capture_on_commit_callbacks):
    _lost_with_the_broker(digest_reader, minutes_ago=30,
                          capture=django_capture_on_commit_callbacks)

    assert resend_unsent_emails.delay().get() == 0
    assert mailoutbox == []


def test_beat_sends_the_digest_at_8_and_the_sweep_every_15_minutes():
    schedule = {entry["task"]: entry["schedule"]
                for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert schedule["kyodo.notifications.tasks.send_daily_digests"] == crontab(hour=8, minute=0)
    assert schedule["kyodo.notifications.tasks.resend_unsent_emails"] == crontab(minute="*/15")
    celery_app.loader.import_default_modules()  # what a worker does when it starts
    assert set(schedule) <= set(celery_app.tasks)
    assert settings.CELERY_TIMEZONE == "Asia/Tokyo"
