"""Background work for the joint targets. Tasks carry their tenant in their headers."""

from django.db import connection
from django_tenants.utils import get_public_schema_name, tenant_context

from joint_targets.services.publishing import snapshots_publish, years_to_publish
from kyodo.celery import app
from tenants.models import Municipality


@app.task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def publish_indicators(fiscal_year: int) -> int:
    """Publish one year's values of the tenant the task was sent from."""
    municipality = connection.tenant
    if municipality.schema_name == get_public_schema_name():
        raise ValueError("publish_indicators must be sent from within a town's schema.")
    return snapshots_publish(municipality=municipality, fiscal_year=fiscal_year)


@app.task
def publish_all_indicators() -> int:
    """Nightly fan-out: one task per town and year, each sent under that town's schema."""
    count = 0
    for municipality in Municipality.objects.exclude(schema_name=get_public_schema_name()):
        for fiscal_year in years_to_publish(municipality):
            with tenant_context(municipality):
                publish_indicators.delay(fiscal_year)
            count += 1
    return count
