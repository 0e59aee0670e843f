"""The coordinators' polarisation view: each band's quartiles and median for a year, and its
median over the years, as charts whose numbers are also in a table."""

from decimal import Decimal

import pytest

from joint_targets.aggregates import PREFECTURE_MINIMUMS, aggregate, quartiles
from joint_targets.models import Unit
from tests.joint_targets.conftest import YEAR, publish_in_year, publish_value

pytestmark = pytest.mark.django_db


def test_quartiles_are_excels_quartile_inc_rounded_half_up():
    # QUARTILE.INC({1..8}, 1) = 2.75, the median 4.5, QUARTILE.INC(…, 3) = 6.25
    assert quartiles([Decimal(n) for n in (8, 1, 7, 2, 6, 3, 5, 4)]) == (
        Decimal("2.8"), Decimal("4.5"), Decimal("6.3"))
    # an odd count: the quartiles fall on values (10, 20, 30, 40, 50 → 20, 30, 40)
    assert quartiles([Decimal(n) for n in (50, 10, 40, 20, 30)]) == (
        Decimal("20.0"), Decimal("30.0"), Decimal("40.0"))


def test_open_data_withholds_the_median_below_three_towns_and_quartiles_below_five():
    values = [Decimal("10.0"), Decimal("20.0")]
    assert aggregate(Unit.PERCENT, values)["median"] is None
    three = aggregate(Unit.PERCENT, [*values, Decimal("60.0")])
    assert three["median"] == Decimal("20.0") and three["q1"] is None and three["q3"] is None
    five = aggregate(Unit.PERCENT, [*values, Decimal("60.0"), Decimal("70.0"),
                                    Decimal("90.0")])
    assert (five["q1"], five["median"], five["q3"]) == (
        Decimal("20.0"), Decimal("60.0"), Decimal("70.0"))


def test_coordinators_get_the_figures_from_two_towns():
    row = aggregate(Unit.PERCENT, [Decimal("10.0"), Decimal("30.0")],
                    minimums=PREFECTURE_MINIMUMS)
    assert (row["q1"], row["median"], row["q3"]) == (
        Decimal("15.0"), Decimal("20.0"), Decimal("25.0"))


def test_a_yes_no_indicator_is_summed_up_as_the_share_answering_yes():
    row = aggregate(Unit.YES_NO, [Decimal(1), Decimal(0), Decimal(1)])
    assert row["share_yes"] == Decimal("66.7") and row["median"] is None


def _section(page: str, code: str) -> str:
    start = page.index(f'<section class="card" data-indicator="{code}"')
    return page[start:page.index("</section>", start)]


def test_the_coordinator_sees_each_bands_quartiles_and_its_median_over_the_years(
        client, coordinator, beppu, himeshima, general_cities):
    nakatsu, hita = general_cities
    for town, rate in ((beppu, "75.0"), (nakatsu, "20.0"), (hita, "10.0")):
        publish_value(town, e_approval_rate=Decimal(rate))
    publish_value(himeshima, e_approval_rate=Decimal("5.0"))
    publish_in_year(beppu, YEAR - 1, e_approval_rate=Decimal("40.0"))
    publish_in_year(nakatsu, YEAR - 1, e_approval_rate=Decimal("30.0"))
    client.force_login(coordinator)

    page = client.get("/targets/polarisation/", {"fiscal_year": YEAR}).content.decode()

    section = _section(page, "e_approval_rate")
    assert "<svg" in section and 'aria-hidden="true"' in section
    general = section[section.index("<th scope=\"row\">一般市</th>"):]
    # 10, 20, 75 → Q1 15.0, median 20.0, Q3 47.5 (QUARTILE.INC)
    assert general.index("15.0%") < general.index("20.0%") < general.index("47.5%")
    trend = section[section.index('id="trend-e_approval_rate"'):]
    assert "令和7年度（2025年度）" in trend and "35.0%" in trend  # 2025: median of 40 and 30
    assert "5.0%" in trend  # 姫島村's band, one town: the coordinators see it
    assert "別府市" not in section


def test_the_national_reference_is_drawn_and_stated(client, coordinator, beppu,
                                                    general_cities):
    for town in (beppu, *general_cities):
        publish_value(town, cio=Decimal(1))
    client.force_login(coordinator)

    page = client.get("/targets/polarisation/", {"fiscal_year": YEAR,
                                                 "indicator": "cio"}).content.decode()

    section = _section(page, "cio")
    assert 'class="chart-reference"' in section
    assert "全国の参考値（2023年）" in section and "73.3%" in section
    assert "100.0%" in section  # every 一般市 of the three has a CIO
    assert 'data-indicator="e_approval_rate"' not in page


def test_town_staff_cannot_open_the_polarisation_view(client, beppu_staff):
    client.force_login(beppu_staff)

    assert client.get("/targets/polarisation/").status_code == 403
