"""The indicators Kyodo ships, and the demo's joint targets."""

from decimal import Decimal

import pytest

from joint_targets import demo
from joint_targets.models import Indicator, JointTarget, Source, Unit
from joint_targets.seed import indicator_rows

pytestmark = pytest.mark.django_db


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
