from datetime import date

import pytest
from django.utils import translation

from kyodo.office_days import (
    ClosureKind,
    add_open_days,
    closure_on,
    count_open_days,
    is_office_open,
    next_open_day,
    open_day_on_or_after,
)


@pytest.mark.parametrize(("day", "kind", "name"), [
    (date(2026, 12, 29), ClosureKind.YEAR_END, ""),
    (date(2026, 12, 31), ClosureKind.YEAR_END, ""),
    (date(2027, 1, 1), ClosureKind.HOLIDAY, "元日"),  # also 年末年始: the 祝日 is named
    (date(2027, 1, 2), ClosureKind.YEAR_END, ""),  # a Saturday, but 年末年始 says more
    (date(2027, 1, 3), ClosureKind.YEAR_END, ""),
    (date(2027, 1, 11), ClosureKind.HOLIDAY, "成人の日"),
    (date(2026, 4, 29), ClosureKind.HOLIDAY, "昭和の日"),
    (date(2026, 5, 2), ClosureKind.SATURDAY, ""),
    (date(2026, 5, 3), ClosureKind.HOLIDAY, "憲法記念日"),  # a Sunday
    (date(2026, 5, 4), ClosureKind.HOLIDAY, "みどりの日"),
    (date(2026, 5, 5), ClosureKind.HOLIDAY, "こどもの日"),
    (date(2026, 5, 6), ClosureKind.HOLIDAY, "振替休日"),  # for 憲法記念日 on the Sunday
    (date(2026, 9, 22), ClosureKind.HOLIDAY, "国民の休日"),  # between 敬老の日 and 秋分の日
    (date(2027, 3, 21), ClosureKind.HOLIDAY, "春分の日"),
    (date(2027, 3, 22), ClosureKind.HOLIDAY, "振替休日"),
    (date(2026, 11, 22), ClosureKind.SUNDAY, ""),
])
def test_closed_days_say_why(day, kind, name):
    closure = closure_on(day)

    assert closure is not None
    assert (closure.kind, closure.holiday_name) == (kind, name)
    assert not is_office_open(day)


@pytest.mark.parametrize("day", [
    date(2026, 12, 28),  # the last open day of 2026
    date(2027, 1, 4),  # the first of 2027: 1/4 is after 年末年始 and a Monday
    date(2026, 4, 30),  # between 昭和の日 and the May holidays
    date(2026, 5, 7),
    date(2026, 9, 24),
    date(2027, 3, 23),
])
def test_working_days_around_the_holidays_are_open(day):
    assert closure_on(day) is None
    assert is_office_open(day)


def test_a_deadline_on_a_closed_day_moves_to_the_next_open_day():
    assert open_day_on_or_after(date(2026, 5, 2)) == date(2026, 5, 7)
    assert open_day_on_or_after(date(2026, 12, 29)) == date(2027, 1, 4)
    assert open_day_on_or_after(date(2026, 5, 7)) == date(2026, 5, 7)


def test_the_next_open_day_never_is_the_day_itself():
    assert next_open_day(date(2026, 12, 28)) == date(2027, 1, 4)
    assert next_open_day(date(2026, 5, 1)) == date(2026, 5, 7)
    assert next_open_day(date(2026, 9, 18)) == date(2026, 9, 24)  # シルバーウィーク


def test_adding_open_days_skips_every_closed_day_both_ways():
    assert add_open_days(date(2026, 12, 25), 2) == date(2027, 1, 4)
    assert add_open_days(date(2027, 1, 4), -1) == date(2026, 12, 28)
    assert add_open_days(date(2026, 4, 28), 3) == date(2026, 5, 7)
    assert add_open_days(date(2026, 5, 3), 0) == date(2026, 5, 3)


def test_counting_open_days_includes_both_ends():
    # May 2026: 31 days, 10 of them Saturdays and Sundays, and 5/4–5/6 on weekdays.
    assert count_open_days(date(2026, 5, 1), date(2026, 5, 31)) == 18
    assert count_open_days(date(2026, 12, 28), date(2027, 1, 4)) == 2
    assert count_open_days(date(2026, 5, 7), date(2026, 5, 7)) == 1
    assert count_open_days(date(2026, 5, 8), date(2026, 5, 7)) == 0


def test_the_reason_and_message_follow_the_page_language():
    with translation.override("ja"):
        assert closure_on(date(2026, 5, 6)).message == "2026年5月6日は県の休日（振替休日）です。"
        assert closure_on(date(2027, 1, 2)).reason == "年末年始"
    with translation.override("en"):
        assert closure_on(date(2026, 5, 6)).reason == "Substitute Holiday"
        assert closure_on(date(2026, 5, 9)).reason == "Saturday"
        assert closure_on(date(2027, 1, 2)).reason == "Year-end and New Year holidays"


def test_a_year_without_known_holidays_is_refused_rather_than_called_open():
    with pytest.raises(ValueError, match="2100"):
        closure_on(date(2100, 1, 4))
