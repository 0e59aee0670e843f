"""The Celery application.

With REDIS_URL set, tasks go through Redis to a worker; without it (the embedded
default), they run eagerly in the calling process. Every task is sent with the
tenant's schema in its headers (tenant-schemas-celery) and runs inside it.
"""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kyodo.settings.base")

app = CeleryApp("kyodo")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
