"""Reads of the joint targets, each filtered by who is asking.

A town's inventory is read in its own schema by its members; the prefecture reads only
the published snapshots. A band's median is shown only when enough towns report for it
that no single other town's value can be worked out from it.
"""

import statistics
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from joint_targets.aggregates import MEDIAN_MIN_TOWNS, aggregate, one_place
from joint_targets.indicators import computed_values, inventory_values
from joint_targets.models import Direction, Indicator, IndicatorSnapshot, JointTarget
from joint_targets.progress import progress_of
from joint_targets.workspace.models import (
    Measure,
    Milestone,
    OrganisationMeasure,
    Procedure,
    RoadmapStep,
)
from kyodo.accounts.policy import (
    can_view_band_aggregates,
    can_view_organisation_checklist,
    can_view_procedures,
    can_view_target_progress,
    can_view_town_evidence,
    can_view_town_indicators,
)
from tenants.bands import PopulationBand
from tenants.models import Municipality


def procedure_list(*, actor, municipality: Municipality, fiscal_year: int) -> list[Procedure]:
    if not can_view_procedures(actor, municipality):
        raise PermissionDenied
    with tenant_context(municipality):
        return list(Procedure.objects.filter(fiscal_year=fiscal_year))


def procedure_get(*, actor, municipality: Municipality, pk: int) -> Procedure:
    if not can_view_procedures(actor, municipality):
        raise PermissionDenied
    with tenant_context(municipality):
        procedure = Procedure.objects.filter(pk=pk).first()
    if procedure is None:
        raise Http404
    return procedure


def procedure_values(*, actor, municipality: Municipality,
                     fiscal_year: int) -> list[tuple[Indicator, Decimal | None]]:
    """The values the year's inventory gives, as the town sees them under its list."""
    if not can_view_procedures(actor, municipality):
        raise PermissionDenied
    return _values_in(municipality, fiscal_year, inventory_values)


def _values_in(municipality: Municipality, fiscal_year: int,
               compute) -> list[tuple[Indicator, Decimal | None]]:
    """`compute(fiscal_year)` run in the town's schema, each value with its indicator."""
    with tenant_context(municipality):
        values = compute(fiscal_year)
    return [(indicator, values[indicator.code]) for indicator in indicator_list()
            if indicator.code in values]


def organisation_checklist(*, actor, municipality: Municipality) -> list[OrganisationMeasure]:
    """Every checklist item in order; an unsaved one where the town has not filled it in."""
    if not can_view_organisation_checklist(actor, municipality):
        raise PermissionDenied
    with tenant_context(municipality):
        saved = {item.measure: item for item in OrganisationMeasure.objects.all()}
    return [saved.get(measure) or OrganisationMeasure(measure=measure) for measure in Measure]


def town_record_list(*, actor, municipality: Municipality, model,
                     filters=None) -> list:
    """The town's rows of one of its records (the automation register, approval counts,
    surveys, the roadmap), in the model's order; `filters` is a Q or None."""
    if not can_view_town_evidence(actor, municipality):
        raise PermissionDenied
    with tenant_context(municipality):
        rows = model.objects.all()
        return list(rows.filter(filters) if filters is not None else rows)


def town_record_get(*, actor, municipality: Municipality, model, pk: int):
    if not can_view_town_evidence(actor, municipality):
        raise PermissionDenied
    with tenant_context(municipality):
        row = model.objects.filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


def town_record_values(*, actor, municipality: Municipality, fiscal_year: int,
                       compute) -> list[tuple[Indicator, Decimal | None]]:
    """The values `compute(fiscal_year)` gives from one of the town's records, with their
    indicators, as its page shows them."""
    if not can_view_town_evidence(actor, municipality):
        raise PermissionDenied
    return _values_in(municipality, fiscal_year, compute)


def roadmap_by_step(*, actor, municipality: Municipality) -> list[tuple[RoadmapStep, list]]:
    """The roadmap's milestones under each of the four steps, in the steps' order."""
    milestones = town_record_list(actor=actor, municipality=municipality, model=Milestone)
    return [(step, [milestone for milestone in milestones if milestone.step == step])
            for step in RoadmapStep]


def indicator_list() -> list[Indicator]:
    with schema_context(get_public_schema_name()):
        return list(Indicator.objects.all())


def targets_for(*, fiscal_year: int, band: str) -> dict[int, JointTarget]:
    """Each indicator's target for the year: the band's own where it has one."""
    targets = {}
    with schema_context(get_public_schema_name()):
        for target in JointTarget.objects.filter(fiscal_year=fiscal_year,
                                                 population_band__in=["", band]):
            if target.indicator_id not in targets or target.population_band:
                targets[target.indicator_id] = target
    return targets


def band_medians(*, fiscal_year: int, band: str) -> dict[int, Decimal]:
    """The median of each indicator over the band's towns that reported a value."""
    values = defaultdict(list)
    with schema_context(get_public_schema_name()):
        for indicator_id, value in IndicatorSnapshot.objects.filter(
                fiscal_year=fiscal_year, municipality__population_band=band,
                value__isnull=False).values_list("indicator_id", "value"):
            values[indicator_id].append(value)
    return {indicator_id: one_place(statistics.median(found))
            for indicator_id, found in values.items() if len(found) >= MEDIAN_MIN_TOWNS}


def town_dashboard(*, actor, municipality: Municipality, fiscal_year: int) -> list[dict]:
    """The town's values against this year's targets and its band's median.

    Computed indicators are worked out from the town's evidence as it stands now (the
    published snapshot may lag by a task); the others are what the town has published.
    """
    if not can_view_town_indicators(actor, municipality):
        raise PermissionDenied
    with tenant_context(municipality):
        live = computed_values(fiscal_year)
    with schema_context(get_public_schema_name()):
        published = dict(IndicatorSnapshot.objects.filter(
            municipality=municipality, fiscal_year=fiscal_year).values_list(
            "indicator_id", "value"))
    targets = targets_for(fiscal_year=fiscal_year, band=municipality.population_band)
    medians = band_medians(fiscal_year=fiscal_year, band=municipality.population_band)
    rows = []
    for indicator in indicator_list():
        value = live[indicator.code] if indicator.code in live else published.get(indicator.pk)
        target = targets.get(indicator.pk)
        rows.append({
            "indicator": indicator, "value": value, "target": target,
            "median": medians.get(indicator.pk),
            "progress": progress_of(value, target.value if target else None,
                                    indicator.direction)})
    return rows


def progress_matrix(*, actor, fiscal_year: int, band: str = "", sort: str = "") -> dict:
    """Every town (of a band, or all) × every indicator: the published value, the target
    that applies to the town and where the value stands. Reads the public schema only.
    Towns are in 地方公共団体コード order, or by an indicator's value (`sort`, its code):
    best first by its direction, 未報告 last."""
    if not can_view_target_progress(actor):
        raise PermissionDenied
    with schema_context(get_public_schema_name()):
        towns = Municipality.objects.exclude(schema_name=get_public_schema_name())
        if band:
            towns = towns.filter(population_band=band)
        towns = list(towns.order_by("lg_code"))
        indicators = indicator_list()
        values = {(municipality_id, indicator_id): value for municipality_id, indicator_id, value
                  in IndicatorSnapshot.objects.filter(
                      fiscal_year=fiscal_year, municipality__in=towns).values_list(
                      "municipality_id", "indicator_id", "value")}
        targets_by_band = {town_band: targets_for(fiscal_year=fiscal_year, band=town_band)
                           for town_band in {town.population_band for town in towns}}
    rows = []
    for town in towns:
        targets = targets_by_band[town.population_band]
        cells = []
        for indicator in indicators:
            value = values.get((town.pk, indicator.pk))
            target = targets.get(indicator.pk)
            cells.append({"indicator": indicator, "value": value, "target": target,
                          "progress": progress_of(value, target.value if target else None,
                                                  indicator.direction)})
        rows.append({"town": town, "cells": cells})
    position = next((index for index, indicator in enumerate(indicators)
                     if indicator.code == sort), None)
    if position is not None:
        lower_first = indicators[position].direction == Direction.LOWER_IS_BETTER
        reported = [row for row in rows if row["cells"][position]["value"] is not None]
        reported.sort(key=lambda row: row["cells"][position]["value"], reverse=not lower_first)
        rows = reported + [row for row in rows if row["cells"][position]["value"] is None]
    return {"indicators": indicators, "rows": rows}


def band_aggregates(*, actor, fiscal_year: int) -> list[dict]:
    """Open data: for each indicator and population band, how many towns published a value
    and, where enough did, the median and quartiles (joint_targets.aggregates). No town is
    named."""
    if not can_view_band_aggregates(actor):
        raise PermissionDenied
    values = defaultdict(list)
    with schema_context(get_public_schema_name()):
        for indicator_id, band, value in IndicatorSnapshot.objects.filter(
                fiscal_year=fiscal_year, value__isnull=False).values_list(
                "indicator_id", "municipality__population_band", "value"):
            values[(indicator_id, band)].append(value)
    rows = []
    for indicator in indicator_list():
        for band in PopulationBand:
            found = sorted(values.get((indicator.pk, band.value), []))
            if not found:
                continue
            rows.append({"indicator": indicator, "band": band,
                         **aggregate(indicator.unit, found)})
    return rows
