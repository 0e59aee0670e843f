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
from joint_targets.models import FIRST_FISCAL_YEAR, Indicator, IndicatorSnapshot
from joint_targets.workspace.models import (
    ApprovalMonth,
    AutomatedProcess,
    Procedure,
    ResidentSurvey,
)
from kyodo.fiscal import fiscal_year_of
from tenants.models import Municipality


def enqueue_publish(municipality: Municipality, fiscal_year: int) -> None:
    """Send the publishing task under the town's schema (tenant-schemas-celery)."""
    from joint_targets.tasks import publish_indicators

    with tenant_context(municipality):
        publish_indicators.delay(fiscal_year)


def enqueue_publish_all(municipality: Municipality) -> None:
    """Publish every year the town has values for (`years_to_publish`), for a change that
    can move more than one year: a checklist date, a line of the automation register."""
    for fiscal_year in years_to_publish(municipality):
        enqueue_publish(municipality, fiscal_year)


class _PublishAll:
    """The on-commit callback of `publish_all_after_commit`, which knows whether it ran."""

    def __init__(self, municipality: Municipality):
        self.municipality, self.ran = municipality, False

    def __call__(self) -> None:
        self.ran = True
        enqueue_publish_all(self.municipality)


def publish_all_after_commit(municipality: Municipality) -> None:
    """`enqueue_publish_all` once the transaction commits, once per town however many of
    its rows the transaction changes (a callback registered in a savepoint that is rolled
    back goes with it, and the next change registers it again)."""
    if any(isinstance(callback, _PublishAll) and not callback.ran
           and callback.municipality.pk == municipality.pk
           for _ids, callback, _robust in transaction.get_connection().run_on_commit):
        return
    transaction.on_commit(_PublishAll(municipality))


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
    an inventory, approval counts or a survey for, every year since its first automated
    process started, and those it has published before (whose values may have become
    未報告 since)."""
    current = fiscal_year_of(timezone.localdate())
    with tenant_context(municipality):
        years = set(Procedure.objects.values_list("fiscal_year", flat=True).distinct())
        years |= set(ResidentSurvey.objects.values_list("fiscal_year", flat=True))
        years |= {row.fiscal_year for row in ApprovalMonth.objects.only("year", "month")}
        first_start = AutomatedProcess.objects.order_by("started_on").values_list(
            "started_on", flat=True).first()
    if first_start is not None:
        years |= set(range(max(FIRST_FISCAL_YEAR, fiscal_year_of(first_start)), current + 1))
    years.add(current)
    if card_rate_year(municipality) is not None:
        years.add(card_rate_year(municipality))
    with schema_context("public"):
        years |= set(IndicatorSnapshot.objects.filter(municipality=municipality)
                     .values_list("fiscal_year", flat=True).distinct())
    return sorted(years)
