"""Publishing a town's indicator values to the public schema.

The values are computed in the town's schema (joint_targets.indicators), joined by what
the master data gives (joint_targets.master_values: the card rate) and what the town's
use of the catalog's systems gives (joint_targets.adoptions), and written as
IndicatorSnapshot rows; nothing else crosses. Publishing is idempotent: a value that has
not changed keeps its row, computed_at included, so running it twice (after a change and
again in the nightly fan-out) changes nothing the second time.
"""

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from joint_targets.adoptions import with_adoptions
from joint_targets.indicators import computed_values
from joint_targets.master_values import card_rate_year, master_data_values
from joint_targets.models import Indicator, IndicatorSnapshot
from joint_targets.workspace.models import Procedure
from kyodo.fiscal import fiscal_year_of
from tenants.models import Municipality


def enqueue_publish(municipality: Municipality, fiscal_year: int) -> None:
    """Send the publishing task under the town's schema (tenant-schemas-celery)."""
    from joint_targets.tasks import publish_indicators

    with tenant_context(municipality):
        publish_indicators.delay(fiscal_year)


def snapshots_publish(*, municipality: Municipality, fiscal_year: int) -> int:
    """Publish the year's computed values; returns how many snapshots were written."""
    with tenant_context(municipality):
        values = computed_values(fiscal_year)
    values |= master_data_values(municipality, fiscal_year)
    values = with_adoptions(values, municipality, fiscal_year)
    written = 0
    with schema_context("public"), transaction.atomic():
        indicators = {indicator.code: indicator for indicator in
                      Indicator.objects.filter(code__in=list(values))}
        current = {snapshot.indicator_id: snapshot for snapshot in
                   IndicatorSnapshot.objects.select_for_update().filter(
                       municipality=municipality, fiscal_year=fiscal_year,
                       indicator__in=list(indicators.values()))}
        now = timezone.now()
        for code, value in values.items():
            indicator = indicators.get(code)
            if indicator is None:
                continue
            snapshot = current.get(indicator.pk)
            if snapshot is None:
                IndicatorSnapshot.objects.create(indicator=indicator, municipality=municipality,
                                                 fiscal_year=fiscal_year, value=value,
                                                 computed_at=now)
            elif snapshot.value != value:
                snapshot.value, snapshot.computed_at = value, now
                snapshot.save(update_fields=["value", "computed_at"])
            else:
                continue
            written += 1
    return written


def years_to_publish(municipality: Municipality) -> list[int]:
    """The current year (the organisation checklist speaks for it), the years a town has
    an inventory for, and those it has published before (whose values may have become
    未報告 since)."""
    with tenant_context(municipality):
        years = set(Procedure.objects.values_list("fiscal_year", flat=True).distinct())
    years.add(fiscal_year_of(timezone.localdate()))
    if card_rate_year(municipality) is not None:
        years.add(card_rate_year(municipality))
    with schema_context("public"):
        years |= set(IndicatorSnapshot.objects.filter(municipality=municipality)
                     .values_list("fiscal_year", flat=True).distinct())
    return sorted(years)
