"""Days the prefecture's offices are closed (県の休日), and counting the days they are open.

地方自治法第4条の2第2項 lets a local government close on exactly three kinds of day,
each fixed by its 休日条例 (大分県: 大分県の休日を定める条例; every prefecture's reads the
same):

1. 日曜日 and 土曜日;
2. the 休日 of 国民の祝日に関する法律 (祝日法): the 国民の祝日, the 振替休日 when one falls
   on a Sunday (第3条第2項) and the 国民の休日 between two of them (第3条第3項);
3. the year-end and new-year days, 12月29日 to 1月3日 (年末年始).

The 祝日 come from the `holidays` library (`holidays.Japan`), which follows 祝日法 and
its amendments (the 2020 and 2021 Olympic moves, the 2019 enthronement days). The
equinox days (春分の日, 秋分の日) are fixed only in February of the year before, in the
官報; the library computes them astronomically, which has matched every announcement.
Outside the years the library covers (1949–2099) Kyodo refuses to answer rather than
call a 祝日 an open day.

A deadline that falls on a closed day moves to the next open day (第4条の2第4項):
`open_day_on_or_after` gives that day.
"""

import datetime
import functools
from dataclasses import dataclass
from enum import StrEnum

import holidays
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# 年末年始 under 地方自治法第4条の2第2項第3号 and the prefecture's 休日条例: 12/29 to 1/3.
YEAR_END_FROM = (12, 29)
YEAR_END_TO = (1, 3)
FIRST_YEAR = holidays.Japan.start_year
LAST_YEAR = holidays.Japan.end_year
ONE_DAY = datetime.timedelta(days=1)


class ClosureKind(StrEnum):
    HOLIDAY = "holiday"  # a 休日 of 祝日法: 国民の祝日, 振替休日 or 国民の休日
    YEAR_END = "year_end"  # 年末年始, 12/29 to 1/3
    SATURDAY = "saturday"
    SUNDAY = "sunday"


@dataclass(frozen=True)
class Closure:
    """Why the offices are closed on `day`.

    A day can be closed for several reasons (2026-05-03 is a Sunday and 憲法記念日;
    2027-01-01 is 元日 and in 年末年始): the 祝日 is named first, then 年末年始, then the
    weekday, so the most specific reason is the one a reader sees.
    """

    day: datetime.date
    kind: ClosureKind
    holiday_name: str = ""  # the 祝日's name as 祝日法 writes it, e.g. 振替休日

    @property
    def reason(self) -> str:
        """The reason in the active language (the 祝日's English name comes from `holidays`)."""
        if self.kind is ClosureKind.HOLIDAY:
            if (get_language() or "ja").startswith("ja"):
                return self.holiday_name
            return _holidays(self.day.year, "en_US")[self.day]
        return {
            ClosureKind.YEAR_END: _("年末年始"),
            ClosureKind.SATURDAY: _("土曜日"),
            ClosureKind.SUNDAY: _("日曜日"),
        }[self.kind]

    @property
    def message(self) -> str:
        """A sentence naming the date, for refusing a deadline set on it."""
        return _("%(date)sは県の休日（%(reason)s）です。") % {
            "date": date_format(self.day, "DATE_FORMAT"), "reason": self.reason}


@functools.cache
def _holidays(year: int, language: str) -> dict[datetime.date, str]:
    """The year's 祝日, built once per year and language and never changed afterwards."""
    return dict(holidays.Japan(years=year, language=language))


def _check_supported(day: datetime.date) -> None:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"{day} is outside the years with known 祝日 "
                         f"({FIRST_YEAR}–{LAST_YEAR})")


def _in_year_end(day: datetime.date) -> bool:
    return (day.month, day.day) >= YEAR_END_FROM or (day.month, day.day) <= YEAR_END_TO


def closure_on(day: datetime.date) -> Closure | None:
    """Why the offices are closed on `day`, or None when they are open."""
    _check_supported(day)
    name = _holidays(day.year, "ja").get(day)
    if name:
        return Closure(day, ClosureKind.HOLIDAY, name)
    if _in_year_end(day):
        return Closure(day, ClosureKind.YEAR_END)
    if day.weekday() == 5:
        return Closure(day, ClosureKind.SATURDAY)
    if day.weekday() == 6:
        return Closure(day, ClosureKind.SUNDAY)
    return None


def is_office_open(day: datetime.date) -> bool:
    return closure_on(day) is None


def open_day_on_or_after(day: datetime.date) -> datetime.date:
    """`day` if the offices are open then, otherwise the next day they are.

    This is where a deadline falling on a closed day moves (地方自治法第4条の2第4項).
    """
    while not is_office_open(day):
        day += ONE_DAY
    return day


def add_open_days(day: datetime.date, count: int) -> datetime.date:
    """The `count`-th open day after `day` (before it when `count` is negative).

    `day` itself is never counted, open or not; `count` 0 returns `day` unchanged.
    add_open_days(2026-12-28, 1) is 2027-01-04, past 年末年始.
    """
    step = ONE_DAY if count >= 0 else -ONE_DAY
    remaining = abs(count)
    while remaining:
        day += step
        if is_office_open(day):
            remaining -= 1
    return day


def next_open_day(day: datetime.date) -> datetime.date:
    """The first open day after `day` (not `day` itself)."""
    return add_open_days(day, 1)


def count_open_days(first: datetime.date, last: datetime.date) -> int:
    """Open days from `first` to `last`, both included; 0 when `last` is before `first`."""
    count, day = 0, first
    while day <= last:
        count += is_office_open(day)
        day += ONE_DAY
    return count
