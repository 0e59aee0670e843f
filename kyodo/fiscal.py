"""The Japanese fiscal year (年度) and how Kyodo writes it.

A local government's fiscal year runs from 1 April to 31 March (地方自治法第208条第1項),
and is named after the calendar year in which it starts: 2025年度 is 2025-04-01 to
2026-03-31. Every module counts budgets, subscriptions, tenders and targets in it, so
the arithmetic and the label live here once.

Labels: a Japanese page shows 「令和7年度（2025年度）」 with full-width parentheses, as
Japanese text in the UI writes them (町村（1万人以上）); an English page shows "FY2025".
`fiscal_year_label_ja` gives the Japanese form whatever the active language, for files
whose headers are Japanese by rule (負担金明細).
"""

import datetime
from typing import NamedTuple

from django.utils.translation import gettext as _

FIRST_MONTH = 4  # 年度 begins in April


class Era(NamedTuple):
    name: str
    began: datetime.date
    basis: str


# 元号, newest first. A fiscal year takes the era in effect on 31 December of the
# calendar year it starts in, and that era's year number. So FY2019 (2019-04-01 to
# 2020-03-31), which began under 平成 but was mostly lived under 令和, is 令和元年度, as
# the national and local governments name it in budgets; FY1988 (the era changed on
# 1989-01-08, in its last quarter) stays 昭和63年度.
ERAS = (
    Era("令和", datetime.date(2019, 5, 1), "元号を改める政令（平成31年政令第143号）"),
    Era("平成", datetime.date(1989, 1, 8), "元号を改める政令（昭和64年政令第1号）"),
    Era("昭和", datetime.date(1926, 12, 25), "昭和元年改元の詔書"),
)


def fiscal_year_of(day: datetime.date) -> int:
    """The fiscal year `day` falls in: 2025 for 2025-04-01 … 2026-03-31."""
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def fiscal_year_start(fiscal_year: int) -> datetime.date:
    return datetime.date(fiscal_year, FIRST_MONTH, 1)


def fiscal_year_end(fiscal_year: int) -> datetime.date:
    return datetime.date(fiscal_year + 1, FIRST_MONTH, 1) - datetime.timedelta(days=1)


def fiscal_month(month: int) -> int:
    """The month's place in the fiscal year: April is 1, March is 12."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1–12, not {month}")
    return (month - FIRST_MONTH) % 12 + 1


def _month_index(year: int, month: int) -> int:
    """Months since year 0, so that spans of months are differences of integers."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1–12, not {month}")
    return year * 12 + month - 1


def months_spanned(first: datetime.date, last: datetime.date) -> int:
    """How many calendar months from `first`'s month to `last`'s, both included."""
    return _month_index(last.year, last.month) - _month_index(first.year, first.month) + 1


def months_active(
    fiscal_year: int, start: tuple[int, int], end: tuple[int, int] | None = None
) -> int:
    """How many months of `fiscal_year` a service running from `start` to `end` covers.

    `start` and `end` are (year, month), both months included; no `end` means it is
    still running. Started in 2025-10 and still running, FY2025 has 6 months (October to
    March) and FY2026 has 12; a year outside the span has 0.
    """
    first = max(_month_index(*start), _month_index(fiscal_year, FIRST_MONTH))
    last = _month_index(fiscal_year + 1, FIRST_MONTH - 1)
    if end is not None:
        last = min(last, _month_index(*end))
    return max(0, last - first + 1)


def era_of_fiscal_year(fiscal_year: int) -> tuple[Era, int]:
    """The era a fiscal year is named in and its year number there (1 is written 元)."""
    year_end = datetime.date(fiscal_year, 12, 31)
    for era in ERAS:
        if era.began <= year_end:
            return era, fiscal_year - era.began.year + 1
    raise ValueError(f"fiscal year {fiscal_year} is before the eras Kyodo knows")


def _era_parts(fiscal_year: int) -> dict[str, str | int]:
    era, number = era_of_fiscal_year(fiscal_year)
    return {"era": era.name, "era_year": "元" if number == 1 else str(number),
            "year": fiscal_year}


def fiscal_year_label(fiscal_year: int) -> str:
    """In the active language: 令和7年度（2025年度） in Japanese, FY2025 in English.

    English has no use for the era, so its translation leaves `era` and `era_year`
    out; the string is marked no-python-format because msgfmt would otherwise insist
    that a translation name every argument.
    """
    # Translators: English writes the fiscal year as FY%(year)d, without the era.
    # xgettext:no-python-format
    return _("%(era)s%(era_year)s年度（%(year)d年度）") % _era_parts(fiscal_year)


def fiscal_year_label_ja(fiscal_year: int) -> str:
    """令和7年度（2025年度） whatever the active language, for Japanese file headers."""
    parts = _era_parts(fiscal_year)
    return f"{parts['era']}{parts['era_year']}年度（{parts['year']}年度）"


def fiscal_year_label_en(fiscal_year: int) -> str:
    """FY2025, for file names and other places that must stay ASCII."""
    return f"FY{fiscal_year}"
