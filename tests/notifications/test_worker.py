"""A notification e-mailed by a real Celery worker on Redis, after the commit, once."""

import os
import subprocess
import sys
import time
import uuid

import pytest
from django.db import transaction

from kyodo.accounts.models import User
from kyodo.celery import app as celery_app
from kyodo.invitations import notices
from kyodo.notifications.models import Notification
from kyodo.notifications.services import notify
from kyodo.notifications.tasks import send_notification_email
from tests.tenants.test_workspace_tasks import (
    ROOT,
    _database_url,
    _wait_until_worker_disconnected,
)

QUEUE = f"kyodo-test-notifications-{uuid.uuid4().hex}"  # this run's own queue


@pytest.fixture
def mail_dir(tmp_path):
    return tmp_path / "mail"


@pytest.fixture
def worker(redis_url, mail_dir, django_db_setup, django_db_blocker):
    """A real worker on the Redis broker and the test database, writing mail to files."""
    env = {**os.environ, "DEBUG": "true", "DATABASE_URL": _database_url(),
           "REDIS_URL": redis_url, "DJANGO_SETTINGS_MODULE": "kyodo.settings.base",
           "EMAIL_URL": f"filemail:///{mail_dir}"}
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "kyodo", "worker", "--pool", "solo",
         "--without-gossip", "--without-mingle", "-Q", QUEUE, "-l", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    yield process
    process.terminate()
    process.wait(timeout=30)
    _wait_until_worker_disconnected(django_db_blocker)


def _wait_until_emailed(notification_id: int, worker) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and worker.poll() is None:
        if Notification.objects.filter(pk=notification_id, emailed_at__isnull=False).exists():
            return
        time.sleep(0.2)
    worker.terminate()
    pytest.fail(f"the worker did not send within 20 s:\n{worker.communicate()[0]}")


def _notify(user, vendor_name: str) -> Notification:
    with transaction.atomic():
        (notification,) = notify(recipients=[user], kind=notices.VENDOR_APPLIED,
                                 params={"vendor": vendor_name, "number": "3944000012345"},
                                 url="/console/vendors/")
    return notification


@pytest.mark.services
def test_a_real_worker_emails_a_notification_once_after_the_commit(
        worker, redis_url, mail_dir, django_db_blocker):
    with django_db_blocker.unblock():
        user = User.objects.create_user("worker-notice@pref.example", full_name="通知 確認")
        try:
            celery_app.conf.update(task_always_eager=False, broker_url=redis_url,
                                   task_default_queue=QUEUE)
            first = _notify(user, "株式会社ワーカー確認")
            _wait_until_emailed(first.pk, worker)
            send_notification_email.delay(first.pk)  # delivered again
            # One solo worker takes its queue in order: once the next notification is
            # e-mailed, the duplicate has been handled.
            second = _notify(user, "株式会社順序確認")
            _wait_until_emailed(second.pk, worker)

            messages = [path.read_text() for path in sorted(mail_dir.iterdir())]
            text = "\n".join(messages)
            assert text.count("To: worker-notice@pref.example") == 2
            assert text.count("株式会社ワーカー確認（法人番号 3944000012345）から") == 1
            assert text.count("株式会社順序確認（法人番号 3944000012345）から") == 1
        finally:
            celery_app.conf.update(task_always_eager=True, task_default_queue="celery")
            user.delete()
