"""Open data: per-band aggregates of the published values, for anyone, with no town named."""

from decimal import Decimal

import pytest

from tests.joint_targets.conftest import YEAR, publish_value

pytestmark = pytest.mark.django_db


def _row(page: str, code: str, band: str) -> str:
    start = page.index(f'data-indicator="{code}" data-band="{band}"')
    return page[start:page.index("</tr>", start)]


def test_anyone_reads_a_bands_median_without_any_town_named(client, beppu, himeshima,
                                                            general_cities):
    nakatsu, hita = general_cities
    for town, rate, cio in ((beppu, "75.0", 1), (nakatsu, "20.0", 1), (hita, "10.0", 0)):
        publish_value(town, e_approval_rate=Decimal(rate), cio=Decimal(cio))
    publish_value(himeshima, e_approval_rate=Decimal("5.0"))

    page = client.get("/targets/bands/", {"fiscal_year": YEAR}).content.decode()

    general = _row(page, "e_approval_rate", "general_city")
    assert ">3<" in general and "20.0%" in general
    assert "75.0%" not in general  # three towns give a median, not quartiles
    assert "66.7%" in _row(page, "cio", "general_city")  # two of three have a CIO
    small = _row(page, "e_approval_rate", "town_village_small")
    assert "5.0%" not in small and "3団体未満のため非表示" in small
    for name in ("別府市", "中津市", "日田市", "姫島村"):
        assert name not in page


def test_the_open_data_downloads_as_csv(client, beppu, general_cities):
    for town, rate in zip((beppu, *general_cities), ("75.0", "20.0", "10.0"), strict=True):
        publish_value(town, e_approval_rate=Decimal(rate))

    response = client.get("/targets/bands/download/", {"fiscal_year": YEAR})

    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("年度,指標コード,指標,単位,団体区分,公開団体数,第1四分位,中央値")
    assert "2026,e_approval_rate,電子決裁率,%,一般市,3,,20.0,," in lines[1]


def test_the_open_data_page_shows_each_bands_median_over_the_years(client, beppu, himeshima,
                                                                   general_cities):
    from tests.joint_targets.conftest import publish_in_year

    nakatsu, hita = general_cities
    for town, before, now in ((beppu, "40.0", "75.0"), (nakatsu, "30.0", "20.0"),
                              (hita, "10.0", "10.0")):
        publish_in_year(town, YEAR - 1, e_approval_rate=Decimal(before))
        publish_value(town, e_approval_rate=Decimal(now))
    publish_in_year(himeshima, YEAR - 1, e_approval_rate=Decimal("5.0"))

    page = client.get("/targets/bands/", {"fiscal_year": YEAR}).content.decode()

    trend = page[page.index('id="trend-e_approval_rate"'):]
    trend = trend[:trend.index("</figure>")]
    assert "<svg" in trend
    rows = {row.split("</th>")[0]: row for row in trend.split('<th scope="row">')[1:]}
    assert "30.0%" in rows["令和7年度（2025年度）"]  # 一般市: 40, 30, 10
    assert "20.0%" in rows["令和8年度（2026年度）"]  # 一般市: 75, 20, 10
    assert "5.0%" not in trend  # 姫島村 alone in its band: withheld, never drawn


def test_the_trend_downloads_as_csv_without_a_small_bands_value(client, beppu, himeshima,
                                                                general_cities):
    from tests.joint_targets.conftest import publish_in_year

    for town in (beppu, *general_cities):
        publish_in_year(town, YEAR - 1, e_approval_rate=Decimal("30.0"))
        publish_value(town, e_approval_rate=Decimal("50.0"))
    publish_value(himeshima, e_approval_rate=Decimal("5.0"))

    response = client.get("/targets/bands/trends/download/", {"fiscal_year": YEAR})

    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("年度,指標コード,指標,単位,団体区分,公開団体数")
    assert "2025,e_approval_rate,電子決裁率,%,一般市,3,,30.0,," in lines[1]
    assert "2026,e_approval_rate,電子決裁率,%,一般市,3,,50.0,," in lines[2]
    small = next(line for line in lines if "町村（1万人未満）" in line)
    assert small.startswith("2026,e_approval_rate") and ",1,,,,," in small
    assert "5.0" not in small
