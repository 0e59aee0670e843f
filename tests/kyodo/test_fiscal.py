import datetime

import pytest
from django.utils import translation

from kyodo.fiscal import (
    era_of_fiscal_year,
    fiscal_month,
    fiscal_year_end,
    fiscal_year_label,
    fiscal_year_label_en,
    fiscal_year_label_ja,
    fiscal_year_of,
    fiscal_year_start,
    months_active,
)


@pytest.mark.parametrize(("day", "fiscal_year"), [
    (datetime.date(2025, 4, 1), 2025),
    (datetime.date(2025, 12, 31), 2025),
    (datetime.date(2026, 1, 1), 2025),
    (datetime.date(2026, 3, 31), 2025),
    (datetime.date(2025, 3, 31), 2024),
    (datetime.date(2026, 4, 1), 2026),
])
def test_the_fiscal_year_runs_from_april_to_march_and_is_named_by_its_first_april(
        day, fiscal_year):
    assert fiscal_year_of(day) == fiscal_year


def test_a_fiscal_year_starts_on_1_april_and_ends_on_31_march_of_the_next_year():
    assert fiscal_year_start(2025) == datetime.date(2025, 4, 1)
    assert fiscal_year_end(2025) == datetime.date(2026, 3, 31)
    assert fiscal_year_of(fiscal_year_start(2027)) == fiscal_year_of(fiscal_year_end(2027)) == 2027


def test_months_are_numbered_from_april():
    assert [fiscal_month(month) for month in (4, 5, 12, 1, 3)] == [1, 2, 9, 10, 12]


@pytest.mark.parametrize("month", [0, 13])
def test_a_month_that_does_not_exist_is_refused(month):
    with pytest.raises(ValueError, match="month"):
        fiscal_month(month)


@pytest.mark.parametrize(("fiscal_year", "start", "end", "months"), [
    (2025, (2025, 10), None, 6),  # October to March
    (2026, (2025, 10), None, 12),  # the whole next year
    (2024, (2025, 10), None, 0),  # before it started
    (2025, (2025, 4), None, 12),
    (2025, (2026, 3), None, 1),  # joined in the year's last month
    (2026, (2025, 10), (2026, 6), 3),  # April to June, then ended
    (2025, (2025, 5), (2025, 7), 3),
    (2027, (2025, 10), (2026, 6), 0),  # after it ended
    (2025, (2024, 1), (2026, 3), 12),
])
def test_months_active_counts_the_months_of_the_fiscal_year_inside_the_span(
        fiscal_year, start, end, months):
    assert months_active(fiscal_year, start, end) == months


@pytest.mark.parametrize(("fiscal_year", "label"), [
    (2025, "令和7年度（2025年度）"),
    (2020, "令和2年度（2020年度）"),
    (2019, "令和元年度（2019年度）"),  # began under 平成 on 2019-04-01; named 令和元年度
    (2018, "平成30年度（2018年度）"),
    (1989, "平成元年度（1989年度）"),
    (1988, "昭和63年度（1988年度）"),  # 平成 began on 1989-01-08, in its last quarter
])
def test_a_japanese_page_names_the_fiscal_year_by_its_era_and_the_western_year(
        fiscal_year, label):
    with translation.override("ja"):
        assert fiscal_year_label(fiscal_year) == label
    assert fiscal_year_label_ja(fiscal_year) == label


def test_an_english_page_writes_fy_and_the_year():
    with translation.override("en"):
        assert fiscal_year_label(2025) == "FY2025"
        assert fiscal_year_label_ja(2025) == "令和7年度（2025年度）"
    assert fiscal_year_label_en(2019) == "FY2019"


def test_the_era_rule_names_reiwa_from_its_first_day():
    era, number = era_of_fiscal_year(2019)

    assert (era.name, number) == ("令和", 1)
    assert era.began == datetime.date(2019, 5, 1)


def test_a_fiscal_year_before_the_known_eras_is_refused():
    with pytest.raises(ValueError, match="1925"):
        era_of_fiscal_year(1925)


def test_months_spanned_counts_both_ends_across_years():
    import datetime

    from kyodo.fiscal import months_spanned

    assert months_spanned(datetime.date(2027, 4, 1), datetime.date(2029, 3, 31)) == 24
    assert months_spanned(datetime.date(2027, 4, 30), datetime.date(2027, 4, 1)) == 1
