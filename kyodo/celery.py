"""The Celery application.

With REDIS_URL set, tasks go through Redis to a worker; without it (the embedded
default), they run eagerly in the calling process. Every task is sent with the
tenant's schema in its headers (tenant-schemas-celery) and runs inside it.
"""

import os

from celery.signals import worker_init
from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kyodo.settings.base")

app = CeleryApp("kyodo")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def refuse_unsafe_database_role(**kwargs) -> None:
    """A worker connected as a role that could rewrite the audit log does not start.

    Celery logs and swallows exceptions from signal handlers, so the refusal exits the
    process itself. (Beat sends tasks and never touches the database.)
    """
    from django.core.exceptions import ImproperlyConfigured

    from kyodo.audit.db_roles import refuse_unsafe_database_role as refuse

    try:
        refuse()
    except ImproperlyConfigured as error:
        raise SystemExit(f"Refusing to start: {error}") from error
