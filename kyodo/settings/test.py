"""Settings for the test suite: the development defaults plus what makes tests fast.

Tests run with the development defaults (embedded PostgreSQL unless DATABASE_URL is
set, eager Celery unless REDIS_URL is set), so DEBUG is switched on before the base
settings are read; pytest-django turns DEBUG off again while tests run.
"""

import atexit
import base64
import os
import shutil
import tempfile

os.environ.setdefault("DEBUG", "true")

from kyodo.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOG_LEVEL = "WARNING"
LOGGING["root"]["level"] = LOG_LEVEL  # noqa: F405

# Tasks run in the test's own process and transaction; tests marked `services` switch
# to the real Redis broker and worker themselves.
CELERY_TASK_ALWAYS_EAGER = True
# Each test starts with an empty cache (allauth's rate limits live there).
CACHES = {"default": CACHES["default"] | {  # noqa: F405
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kyodo-tests"},
    "routing": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "kyodo-tests-routing"}}
# One test database per test process, so two test runs on one server never drop each
# other's database.
DATABASES["default"]["TEST"] = {"NAME": f"test_kyodo_{os.getpid()}"}  # noqa: F405
# Files the tests upload go to a folder of their own, never into the development media.
MEDIA_ROOT = tempfile.mkdtemp(prefix="kyodo-test-media-")
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)

# A fresh procurement master key for each test run (never the development one in .kyodo/).
KYODO_PROCUREMENT_MASTER_KEYS = "test:" + base64.urlsafe_b64encode(
    os.urandom(32)).decode().rstrip("=")
