"""Reads of the values by population band (団体区分): a year's distribution in each band and
each band's median over the years. The coordinators' polarisation view and the open data
both read here; the figures and when they are withheld are joint_targets.aggregates'.

Everything is read from the published snapshots in the public schema, in one query per
page, so the view costs the same however many towns there are.
"""

from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django_tenants.utils import get_public_schema_name, schema_context

from joint_targets.aggregates import PREFECTURE_MINIMUMS, PUBLIC_MINIMUMS, aggregate
from joint_targets.models import Indicator, IndicatorSnapshot
from joint_targets.selectors import indicator_list
from kyodo.accounts.policy import can_view_band_aggregates, can_view_polarisation
from tenants.bands import PopulationBand

TOWN_BANDS = [band for band in PopulationBand if band != PopulationBand.PREFECTURE]


def _values_by_band(*, indicators: list[Indicator]) -> dict[tuple, list]:
    """Every published value (未報告 left out), by (indicator id, band, fiscal year)."""
    values = defaultdict(list)
    with schema_context(get_public_schema_name()):
        for indicator_id, band, year, value in IndicatorSnapshot.objects.filter(
                indicator__in=indicators, value__isnull=False).values_list(
                "indicator_id", "municipality__population_band", "fiscal_year", "value"):
            values[(indicator_id, band, year)].append(value)
    return values


def _bands_and_years(values: dict, fiscal_year: int) -> tuple[list, list[int]]:
    """The bands with a value in any year, in their order, and every year with a value
    (the chosen year among them, so its page is never empty of columns)."""
    bands = [band for band in TOWN_BANDS if any(key[1] == band for key in values)]
    years = sorted({key[2] for key in values} | {fiscal_year})
    return bands, years


def _by_band(indicators, values, bands, years, fiscal_year, minimums) -> list[dict]:
    rows = []
    for indicator in indicators:
        rows.append({
            "indicator": indicator,
            "bands": [{"band": band, **aggregate(
                indicator.unit, values.get((indicator.pk, band.value, fiscal_year), []),
                minimums=minimums)} for band in bands],
            "trend": [{"band": band, "years": [{"fiscal_year": year, **aggregate(
                indicator.unit, values.get((indicator.pk, band.value, year), []),
                minimums=minimums)} for year in years]} for band in bands],
        })
    return rows


def polarisation(*, actor, fiscal_year: int, indicator_code: str = "") -> dict:
    """For the coordinators: for each indicator (or the one of `indicator_code`), each
    band's count, quartiles and median (for yes/no, share answering 有) in `fiscal_year`,
    and each band's figures in every year any town published a value."""
    if not can_view_polarisation(actor):
        raise PermissionDenied
    indicators = [indicator for indicator in indicator_list()
                  if not indicator_code or indicator.code == indicator_code]
    values = _values_by_band(indicators=indicators)
    bands, years = _bands_and_years(values, fiscal_year)
    return {"years": years, "bands": bands, "indicators": _by_band(
        indicators, values, bands, years, fiscal_year, PREFECTURE_MINIMUMS)}


def band_trends(*, actor, fiscal_year: int) -> dict:
    """Open data: as `polarisation`, with the open data's minimums (a figure is withheld
    where fewer than three towns of the band published, the quartiles below five)."""
    if not can_view_band_aggregates(actor):
        raise PermissionDenied
    indicators = indicator_list()
    values = _values_by_band(indicators=indicators)
    bands, years = _bands_and_years(values, fiscal_year)
    return {"years": years, "bands": bands, "indicators": _by_band(
        indicators, values, bands, years, fiscal_year, PUBLIC_MINIMUMS)}
