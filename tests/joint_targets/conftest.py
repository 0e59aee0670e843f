"""Fixtures for the joint targets: a file in the inventory template's shape, more towns of
別府市's band, and values published for a year."""

import pytest
from django.utils import timezone

from joint_targets.models import Indicator, IndicatorSnapshot
from tenants.provisioning import municipality_provision, select_records

YEAR = 2026
NAKATSU, HITA = "442038", "442046"  # two more 一般市 of 大分県

HEADINGS = "手続名,担当部署,根拠法令,年間件数,オンライン化,マイナンバーカード認証,オンライン件数"


@pytest.fixture
def inventory_csv():
    """`inventory_csv(*rows)`: a CSV file as Excel saves it, the headings first."""

    def make(*rows: str, encoding: str = "utf-8-sig") -> bytes:
        return "\r\n".join([HEADINGS, *rows]).encode(encoding)

    return make


@pytest.fixture
def general_cities(beppu):
    """中津市 and 日田市 beside 別府市, so 一般市 has three towns to take a median of."""
    records = {record.lg_code: record for record in select_records(prefecture="大分県")}
    return [municipality_provision(record=records[code])[0] for code in (NAKATSU, HITA)]


def publish_value(town, **values):
    """Values as if `town` had published them for YEAR, by indicator code."""
    for code, value in values.items():
        IndicatorSnapshot.objects.update_or_create(
            indicator=Indicator.objects.get(code=code), municipality=town, fiscal_year=YEAR,
            defaults={"value": value, "computed_at": timezone.now()})


def publish_in_year(town, fiscal_year: int, **values):
    """As `publish_value`, for another fiscal year than YEAR."""
    for code, value in values.items():
        IndicatorSnapshot.objects.update_or_create(
            indicator=Indicator.objects.get(code=code), municipality=town,
            fiscal_year=fiscal_year, defaults={"value": value, "computed_at": timezone.now()})
