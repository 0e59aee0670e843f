"""電子くじ settles ties by the published rule, so anyone can recompute the result."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kyodo.errors import DomainError, ErrorCode
from procurement.lottery import (
    LotteryEntry,
    decision_number,
    kuji_number_validate,
    lottery_draw,
    receipt_epoch_seconds,
)


def utc(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=datetime.UTC)


def test_three_tied_bids_worked_by_hand():
    """The example of docs/procurement.md.

    | bid | くじ番号 | receipt (UTC)       | seconds    | last 3 | 決定くじ番号             |
    | B1  | 123      | 2026-02-02 01:00:05 | 1769994005 | 005    | (123 + 5) % 1000 = 128   |
    | B2  | 500      | 2026-02-02 01:10:00 | 1769994600 | 600    | (500 + 600) % 1000 = 100 |
    | B3  | 987      | 2026-02-02 02:30:59 | 1769999459 | 459    | (987 + 459) % 1000 = 446 |

    Round 1: B1=0, B2=1, B3=2; 128 + 100 + 446 = 674; 674 mod 3 = 2 → B3 first.
    Round 2: B1=0, B2=1; 128 + 100 = 228; 228 mod 2 = 0 → B1 second; B2 third.
    """
    entries = [
        LotteryEntry("B2", "500", utc("2026-02-02T01:10:00")),
        LotteryEntry("B3", "987", utc("2026-02-02T02:30:59")),
        LotteryEntry("B1", "123", utc("2026-02-02T01:00:05")),
    ]

    result = lottery_draw(entries)

    assert result.order == ("B3", "B1", "B2")
    first, second = result.rounds
    assert [(line.position, line.bid_id, line.received_epoch_seconds, line.decision_number)
            for line in first.lines] == [
        (0, "B1", 1769994005, 128), (1, "B2", 1769994600, 100), (2, "B3", 1769999459, 446)]
    assert (first.total, first.modulus, first.winning_position, first.winner_bid_id) == (
        674, 3, 2, "B3")
    assert [(line.position, line.bid_id) for line in second.lines] == [(0, "B1"), (1, "B2")]
    assert (second.total, second.modulus, second.winning_position, second.winner_bid_id) == (
        228, 2, 0, "B1")


def test_a_worked_example_published_for_the_electronic_bidding_systems_gives_the_same_winner():
    """A municipality's published explanation of 電子くじ (docs/procurement.md cites it):
    A 418 at 2005-03-01 11:30:10 JST (1109644210 s) → 628; B 210 at 2005-03-05 14:20:40
    (1110000040 s) → 250; C 861 at 2005-03-14 16:48:00 (1110786480 s) → 341;
    628 + 250 + 341 = 1219, 1219 mod 3 = 1 → B."""
    jst = datetime.timezone(datetime.timedelta(hours=9))
    entries = [
        LotteryEntry("A", "418", datetime.datetime(2005, 3, 1, 11, 30, 10, tzinfo=jst)),
        LotteryEntry("B", "210", datetime.datetime(2005, 3, 5, 14, 20, 40, tzinfo=jst)),
        LotteryEntry("C", "861", datetime.datetime(2005, 3, 14, 16, 48, 0, tzinfo=jst)),
    ]

    first = lottery_draw(entries).rounds[0]

    assert [line.decision_number for line in first.lines] == [628, 250, 341]
    assert (first.total, first.winning_position, first.winner_bid_id) == (1219, 1, "B")


def test_the_fraction_of_a_second_is_dropped_and_the_time_zone_does_not_matter():
    jst = datetime.timezone(datetime.timedelta(hours=9))
    moment = datetime.datetime(2026, 2, 2, 10, 0, 5, 999999, tzinfo=jst)

    assert receipt_epoch_seconds(moment) == 1769994005
    assert decision_number("999", moment) == (999 + 5) % 1000 == 4


def test_a_single_bid_needs_no_draw():
    result = lottery_draw([LotteryEntry("B1", "042", utc("2026-02-02T01:00:05"))])

    assert result.rounds == ()
    assert result.order == ("B1",)


@pytest.mark.parametrize("value", ["12", "1234", "１２３", "12a", " 123", "", "-12"])
def test_a_kuji_number_must_be_three_ascii_digits(value):
    with pytest.raises(DomainError) as refused:
        kuji_number_validate(value)

    assert refused.value.code == ErrorCode.VALIDATION_ERROR
    assert refused.value.details[0]["field"] == "kuji_number"


def test_leading_zeros_of_a_kuji_number_are_kept():
    assert kuji_number_validate("007") == "007"
    assert decision_number("007", utc("2026-02-02T01:00:05")) == 12


tied_bids = st.lists(
    st.tuples(st.integers(0, 999),
              st.datetimes(min_value=datetime.datetime(2020, 1, 1),
                           max_value=datetime.datetime(2040, 1, 1))),
    min_size=1, max_size=12, unique_by=lambda pair: pair[1],
).map(lambda pairs: [LotteryEntry(f"bid-{index}", f"{kuji:03d}", moment.replace(
    tzinfo=datetime.UTC)) for index, (kuji, moment) in enumerate(pairs)])


@given(entries=tied_bids, shuffle=st.randoms(use_true_random=False))
def test_the_draw_orders_every_tied_bid_once_whatever_order_they_are_given_in(entries, shuffle):
    shuffled = list(entries)
    shuffle.shuffle(shuffled)

    result = lottery_draw(shuffled)

    assert sorted(result.order) == sorted(entry.bid_id for entry in entries)
    assert result == lottery_draw(entries)
    assert len(result.rounds) == len(entries) - 1


@given(entries=tied_bids)
def test_each_round_winner_follows_from_the_numbers_shown(entries):
    for round_ in lottery_draw(entries).rounds:
        lines = round_.lines
        assert [line.received_at for line in lines] == sorted(line.received_at for line in lines)
        assert round_.total == sum(
            (int(line.kuji_number) + line.received_epoch_seconds % 1000) % 1000 for line in lines)
        assert round_.modulus == len(lines)
        assert lines[round_.total % round_.modulus].bid_id == round_.winner_bid_id
