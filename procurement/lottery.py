"""電子くじ: settling a tie the way the 電子入札コアシステム does, so anyone can recompute it.

地方自治法施行令第167条の9 says that when two or more bidders tie for the award, the
winner is decided by くじ at once. With electronic bidding nobody draws a slip; each
bidder chose a three-digit くじ番号 (000–999) with its bid, and the server's receipt
time adds a number the bidder could not steer:

1. each tied bid's 決定くじ番号 = (its くじ番号 + the last three digits of its receipt
   time in whole seconds since 1970-01-01 00:00:00 UTC) mod 1000;
2. the tied bidders are numbered 0, 1, 2 … in order of receipt;
3. the bidder whose number equals (sum of the 決定くじ番号) mod (number of tied bidders)
   wins;
4. the next rank repeats the rule among those left (numbered again from 0 in order of
   receipt), until one bidder is left, who takes the last of the tied ranks.

Everything that goes in (くじ番号, receipt time) is printed in the 入札経過調書, and
`lottery_draw` returns every intermediate number, so the tabulation shows the working.
Receipt order is by the full receipt time; two receipts in the same microsecond (which
one server's clock does not produce for one tender) would be ordered by bid id.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from kyodo.errors import DomainError, ErrorCode

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
KUJI_NUMBER_PATTERN = re.compile(r"[0-9]{3}")


def kuji_number_validate(value: str) -> str:
    """A くじ番号 as the bidder wrote it: exactly three ASCII digits, 000 to 999.

    It stays a string, so 007 is shown as the bidder chose it.
    """
    if not isinstance(value, str) or not KUJI_NUMBER_PATTERN.fullmatch(value):
        raise DomainError(
            ErrorCode.VALIDATION_ERROR,
            str(_("くじ番号は000から999までの3桁の半角数字で入力してください。")),
            details=[{"field": "kuji_number", "code": "kuji_number_format",
                      "message": str(_("3桁の半角数字で入力してください。"))}],
        )
    return value


def receipt_epoch_seconds(received_at: datetime.datetime) -> int:
    """Whole seconds since 1970-01-01 00:00:00 UTC (the fraction of a second dropped)."""
    if received_at.tzinfo is None or received_at.utcoffset() is None:
        raise ValueError("receipt times must be timezone-aware")
    return (received_at - EPOCH) // datetime.timedelta(seconds=1)


def decision_number(kuji_number: str, received_at: datetime.datetime) -> int:
    """決定くじ番号 = (くじ番号 + last three digits of the receipt time in seconds) mod 1000."""
    last_three_digits = receipt_epoch_seconds(received_at) % 1000
    return (int(kuji_number_validate(kuji_number)) + last_three_digits) % 1000


@dataclass(frozen=True)
class LotteryEntry:
    """One tied bid, with what the lottery needs from it."""

    bid_id: str
    kuji_number: str
    received_at: datetime.datetime


@dataclass(frozen=True)
class LotteryLine:
    """One bidder's line in one round: its number in that round and its 決定くじ番号."""

    position: int
    bid_id: str
    kuji_number: str
    received_at: datetime.datetime
    received_epoch_seconds: int
    decision_number: int


@dataclass(frozen=True)
class LotteryRound:
    """One round: the bidders still in it, the sum, the modulus and who won.

    `winning_position` = `total` mod `modulus`; the winner takes rank `rank_offset +
    round_number` among the tied group.
    """

    round_number: int
    lines: tuple[LotteryLine, ...]
    total: int
    modulus: int
    winning_position: int
    winner_bid_id: str


@dataclass(frozen=True)
class LotteryResult:
    """The rounds in order and the order they settle (winner of round 1 first)."""

    rounds: tuple[LotteryRound, ...]
    order: tuple[str, ...]


def _receipt_order(entries: list[LotteryEntry]) -> list[LotteryEntry]:
    return sorted(entries, key=lambda entry: (entry.received_at - EPOCH, entry.bid_id))


def lottery_draw(entries: list[LotteryEntry] | tuple[LotteryEntry, ...]) -> LotteryResult:
    """Order tied bids by the rule above; with one bid there is nothing to draw."""
    remaining = _receipt_order(list(entries))
    if len({entry.bid_id for entry in remaining}) != len(remaining):
        raise ValueError("a bid appears twice among the tied bids")
    rounds = []
    order = []
    while len(remaining) > 1:
        lines = tuple(
            LotteryLine(
                position=position,
                bid_id=entry.bid_id,
                kuji_number=entry.kuji_number,
                received_at=entry.received_at,
                received_epoch_seconds=receipt_epoch_seconds(entry.received_at),
                decision_number=decision_number(entry.kuji_number, entry.received_at),
            )
            for position, entry in enumerate(remaining)
        )
        total = sum(line.decision_number for line in lines)
        modulus = len(lines)
        winner = lines[total % modulus]
        rounds.append(LotteryRound(
            round_number=len(rounds) + 1, lines=lines, total=total, modulus=modulus,
            winning_position=winner.position, winner_bid_id=winner.bid_id,
        ))
        order.append(winner.bid_id)
        remaining = [entry for entry in remaining if entry.bid_id != winner.bid_id]
    order.extend(entry.bid_id for entry in remaining)
    return LotteryResult(rounds=tuple(rounds), order=tuple(order))
