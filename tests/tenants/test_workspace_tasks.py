"""Publishing a town's profile runs in the town's schema, eagerly or on a real worker."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from kyodo.celery import app as celery_app
from tenants.models import Municipality, PublishedContact
from tenants.workspace.models import TownProfile
from tenants.workspace.tasks import publish_all_profiles, publish_profile

ROOT = Path(__file__).resolve().parents[2]
QUEUE = f"kyodo-test-{uuid.uuid4().hex}"  # this run's own queue: no stale messages


@pytest.mark.django_db
def test_the_nightly_fan_out_publishes_every_towns_profile(beppu, himeshima):
    with tenant_context(beppu):
        TownProfile.objects.create(department="別府市 DX推進課")
    with tenant_context(himeshima):
        TownProfile.objects.create(department="姫島村 総務課")

    sent = publish_all_profiles.delay().get()

    assert sent == Municipality.objects.exclude(schema_name="public").count()
    assert set(PublishedContact.objects.values_list("department", flat=True)) == {
        "別府市 DX推進課", "姫島村 総務課"}


@pytest.mark.django_db
def test_publishing_from_the_public_schema_is_refused(prefecture):
    with pytest.raises(ValueError, match="town's schema"):
        publish_profile.delay().get()


WORKER_APPLICATION_NAME = "kyodo-test-worker"


def _database_url() -> str:
    """The test database as a DATABASE_URL (a Unix socket goes in the query string)."""
    db = connection.settings_dict
    port = db["PORT"] or 5432
    name = f"application_name={WORKER_APPLICATION_NAME}"
    if db["HOST"].startswith("/"):
        return (f"postgres://{db['USER']}@/{db['NAME']}"
                f"?host={quote(db['HOST'])}&port={port}&{name}")
    return f"postgres://{db['USER']}@{db['HOST']}:{port}/{db['NAME']}?{name}"


def _wait_until_worker_disconnected(django_db_blocker) -> None:
    """The test database is dropped at the end of the session: no session may be left.

    The connection used here is closed too: while Playwright's event loop is alive,
    asgiref gives this code a connection of its own, which the database teardown
    would not close.
    """
    with django_db_blocker.unblock():
        try:
            with connection.cursor() as cursor:
                for _ in range(50):
                    cursor.execute(
                        "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
                        [WORKER_APPLICATION_NAME],
                    )
                    if cursor.fetchone()[0] == 0:
                        return
                    time.sleep(0.1)
        finally:
            connection.close()


@pytest.fixture
def worker(redis_url, django_db_setup, django_db_blocker):
    """A real Celery worker process on the Redis broker and the test database."""
    env = {**os.environ, "DEBUG": "true", "DATABASE_URL": _database_url(),
           "REDIS_URL": redis_url, "DJANGO_SETTINGS_MODULE": "kyodo.settings.base"}
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "kyodo", "worker", "--pool", "solo",
         "--without-gossip", "--without-mingle", "-Q", QUEUE, "-l", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    yield process
    process.terminate()
    process.wait(timeout=30)
    _wait_until_worker_disconnected(django_db_blocker)


@pytest.mark.services
def test_a_real_worker_publishes_the_profile_of_the_tenant_the_task_was_sent_from(
    worker, redis_url, django_db_setup, django_db_blocker
):
    with django_db_blocker.unblock():
        beppu = Municipality.objects.get(lg_code="442020")
        with tenant_context(beppu):
            TownProfile.objects.all().delete()
            TownProfile.objects.create(department="別府市 DX推進課（worker）")
        PublishedContact.objects.filter(municipality=beppu).delete()
        try:
            celery_app.conf.update(task_always_eager=False, broker_url=redis_url)
            with tenant_context(beppu):
                publish_profile.apply_async(queue=QUEUE)
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and worker.poll() is None:
                contact = PublishedContact.objects.filter(municipality=beppu).first()
                if contact is not None:
                    break
                time.sleep(0.2)
            else:
                worker.terminate()
                pytest.fail(f"the worker did not publish within 20 s:\n{worker.communicate()[0]}")
            assert contact.department == "別府市 DX推進課（worker）"
        finally:
            celery_app.conf.update(task_always_eager=True)
            PublishedContact.objects.filter(municipality=beppu).delete()
            with tenant_context(beppu):
                TownProfile.objects.all().delete()
