"""The indicators Kyodo ships, and the demo's joint targets and evidence."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from joint_targets import demo
from joint_targets.models import Indicator, IndicatorSnapshot, JointTarget, Source, Unit
from joint_targets.seed import indicator_rows
from joint_targets.workspace.models import (
    ApprovalMonth,
    AutomatedProcess,
    Milestone,
    ResidentSurvey,
)

pytestmark = pytest.mark.django_db
JST = ZoneInfo("Asia/Tokyo")


def test_every_shipped_indicator_is_installed_with_its_definition(prefecture):
    codes = set(Indicator.objects.values_list("code", flat=True))

    assert {row["code"] for row in indicator_rows()} <= codes
    rate = Indicator.objects.get(code="online_procedure_rate")
    assert (rate.unit, rate.source) == (Unit.PERCENT, Source.COMPUTED)
    assert rate.denominator  # a rate says what it divides by


def test_national_references_name_their_year_and_source(prefecture):
    cio = Indicator.objects.get(code="cio")
    rpa = Indicator.objects.get(code="rpa_adoption")

    assert (cio.national_value, cio.national_year) == (Decimal("73.3"), 2023)
    assert "総務省" in cio.national_source
    assert rpa.national_value == Decimal("41.4")
    assert Indicator.objects.get(code="external_talent").national_value == Decimal("19.8")
    assert Indicator.objects.get(code="mynumber_card_rate").national_value == Decimal("70.0")
    for indicator in Indicator.objects.filter(national_value__isnull=False):
        assert indicator.national_year and indicator.national_source, indicator.code


def test_the_demo_targets_are_marked_as_samples_and_created_once(prefecture):
    demo.targets_create()
    count = JointTarget.objects.count()
    demo.targets_create()

    assert JointTarget.objects.count() == count > 0
    assert not JointTarget.objects.filter(is_sample=False).exists()
    small = JointTarget.objects.get(indicator__code="card_auth_procedures", fiscal_year=2026,
                                    population_band="town_village_small")
    assert small.value < JointTarget.objects.get(indicator__code="card_auth_procedures",
                                                 fiscal_year=2026, population_band="").value


def test_the_demo_evidence_shows_larger_towns_ahead_with_exceptions(
        prefecture, oita_city, beppu, himeshima, in_schema):
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=JST), tick=False):
        demo.create_demo_data()
        counts = _evidence_counts([oita_city, beppu, himeshima], in_schema)
        demo.create_demo_data()

    assert _evidence_counts([oita_city, beppu, himeshima], in_schema) == counts
    last_year = {town.name: dict(IndicatorSnapshot.objects.filter(
        municipality=town, fiscal_year=2025).values_list("indicator__code", "value"))
        for town in (oita_city, beppu, himeshima)}
    rates = [last_year[name]["e_approval_rate"] for name in ("大分市", "別府市", "姫島村")]
    assert rates == sorted(rates, reverse=True) and None not in rates
    hours = [last_year[name]["rpa_hours_saved"] for name in ("大分市", "別府市", "姫島村")]
    assert hours[0] > hours[1] > hours[2] >= 0
    assert last_year["姫島村"]["rpa_adoption"] == 0  # 「無」, not 未報告
    # The exception: Oita's smallest village has its most satisfied residents.
    assert last_year["姫島村"]["resident_satisfaction"] > last_year["大分市"][
        "resident_satisfaction"]
    # Months of this year that have not ended yet have no counts.
    with in_schema(beppu):
        assert not ApprovalMonth.objects.filter(year=2026, month=12).exists()
        assert ApprovalMonth.objects.filter(year=2026, month=11).exists()
        assert Milestone.objects.filter(step="execution").exists()


def _evidence_counts(towns, in_schema) -> list[tuple]:
    counts = []
    for town in towns:
        with in_schema(town):
            counts.append(tuple(model.objects.count() for model in (
                AutomatedProcess, ApprovalMonth, ResidentSurvey, Milestone)))
    return counts
