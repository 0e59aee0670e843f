"""notify(): one inbox row per recipient in the caller's transaction, one e-mail after
the commit, and a refusal of parameters that do not fit the kind."""

import smtplib
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.conf import settings
from django.db import transaction

from kyodo.notifications import mail
from kyodo.notifications.models import Notification
from kyodo.notifications.services import notify
from kyodo.notifications.tasks import send_notification_email
from tests.factories import UserFactory
from tests.notifications.conftest import SAMPLE

pytestmark = pytest.mark.django_db


def test_each_distinct_active_recipient_gets_one_row_and_the_actor_none(send, beppu_lead,
                                                                         beppu_staff):
    departed = UserFactory(email="departed@beppu.test", is_active=False)

    rows = send(recipients=[beppu_lead, beppu_staff, beppu_lead, departed], actor=beppu_staff,
                organisation_label="別府市")

    assert [row.recipient for row in rows] == [beppu_lead]
    notification = Notification.objects.get()
    assert (notification.kind, notification.params, notification.actor, notification.read_at) \
        == ("testing.sample", {"subject": "別府市の導入申請", "due": "2027-04-01"}, beppu_staff,
            None)


def test_inbox_rows_are_rolled_back_with_the_callers_change(
        beppu_lead, mailoutbox, django_capture_on_commit_callbacks):
    with (django_capture_on_commit_callbacks(execute=True) as callbacks,
          pytest.raises(RuntimeError), transaction.atomic()):
        notify(recipients=[beppu_lead], kind=SAMPLE,
               params={"subject": "取り消される変更", "due": "2027-04-01"})
        raise RuntimeError("the caller's change failed")

    assert not Notification.objects.exists()
    assert callbacks == []
    assert mailoutbox == []


def test_the_email_waits_for_the_commit_and_is_sent_once(
        beppu_lead, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        (notification,) = notify(recipients=[beppu_lead], kind=SAMPLE,
                                 params={"subject": "別府市の導入申請", "due": "2027-04-01"},
                                 url="/console/", organisation_label="別府市")
    assert mailoutbox == []

    for callback in callbacks:
        callback()
    send_notification_email.delay(notification.pk)

    (message,) = mailoutbox
    assert message.to == ["lead@beppu.test"]
    assert message.subject == "【Kyodo】確認のお願い: 別府市の導入申請"
    assert message.body.startswith("別府 一郎 様\n")
    assert "別府市の導入申請について、2027年4月1日までに確認してください。" in message.body
    assert f"{settings.KYODO_SITE_URL}/notifications/{notification.pk}/" in message.body
    assert f"{settings.KYODO_SITE_URL}/notifications/settings/" in message.body
    assert "大分県 DX推進課" in message.body
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_a_mail_server_failure_schedules_a_retry_which_sends_the_mail_once(
        beppu_lead, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        (notification,) = notify(recipients=[beppu_lead], kind=SAMPLE,
                                 params={"subject": "件名", "due": "2027-04-01"})
    failure = smtplib.SMTPServerDisconnected("the server went away")
    with mock.patch.object(mail, "send_mail", side_effect=failure), pytest.raises(Retry):
        send_notification_email.delay(notification.pk)
    notification.refresh_from_db()
    assert (notification.emailed_at, mailoutbox) == (None, [])

    send_notification_email.delay(notification.pk)  # the retry
    send_notification_email.delay(notification.pk)  # delivered twice by the broker

    assert len(mailoutbox) == 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None


@pytest.mark.parametrize(("params", "error"), [
    ({"subject": "件名"}, ValueError),  # a placeholder without a value
    ({"subject": "件名", "due": "2027-04-01", "town": "別府市"}, ValueError),  # no such placeholder
    ({"subject": object(), "due": "2027-04-01"}, TypeError),  # not JSON
    (["件名", "2027-04-01"], TypeError),
])
def test_params_that_do_not_fit_the_kind_are_a_programming_error(beppu_lead, params, error):
    with pytest.raises(error):
        notify(recipients=[beppu_lead], kind=SAMPLE, params=params)

    assert not Notification.objects.exists()


@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/", "console/",
                                 "/" + "x" * 600])
def test_a_link_must_be_a_path_on_the_platform(beppu_lead, url):
    with pytest.raises(ValueError):
        notify(recipients=[beppu_lead], kind=SAMPLE,
               params={"subject": "件名", "due": "2027-04-01"}, url=url)


def test_an_unregistered_kind_is_refused(beppu_lead):
    with pytest.raises(ValueError, match="not registered"):
        notify(recipients=[beppu_lead], kind="testing.never_declared", params={})
