"""Background work for town workspaces. Tasks carry their tenant in their headers."""

from django.db import connection
from django_tenants.utils import get_public_schema_name, tenant_context

from kyodo.celery import app
from tenants.models import Municipality
from tenants.workspace.services import profile_publish


@app.task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def publish_profile() -> bool:
    """Publish the profile of the tenant the task was sent from."""
    municipality = connection.tenant
    if municipality.schema_name == get_public_schema_name():
        raise ValueError("publish_profile must be sent from within a town's schema.")
    return profile_publish(municipality=municipality) is not None


@app.task
def publish_all_profiles() -> int:
    """Nightly fan-out: one publish task per town, each sent under that town's schema."""
    count = 0
    for municipality in Municipality.objects.exclude(schema_name=get_public_schema_name()):
        with tenant_context(municipality):
            publish_profile.delay()
        count += 1
    return count
