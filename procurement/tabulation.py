"""The 入札経過調書 (bid tabulation): one row per opened bid, everything needed to check it.

A row shows who bid, the price with the consumption tax beside it, whether the bid was
valid, the points, the deciding value, the rank and the くじ: the bidder's くじ番号,
its receipt time (as a time and as whole seconds since 1970-01-01 UTC) and the
決定くじ番号. Each tie's rounds are in `lotteries`, so anyone can recompute the
winner from the tabulation alone (procurement.lottery), and each row carries the bid's
receipt digest for the vendor's own check (procurement.receipts).

Values are exact Fractions with their display text beside them (四捨五入 to the tender's
`display_places`); a template shows the text, a check uses the value.
"""

import datetime
from dataclasses import dataclass
from fractions import Fraction

from procurement.evaluation import BidEvaluation, Evaluation, Method, Validity, fraction_text
from procurement.lottery import LotteryResult, decision_number, receipt_epoch_seconds

# 消費税及び地方消費税: 10% since 2019-10-01 (消費税法第29条 7.8% and 地方税法第72条の83
# 地方消費税 22/78 of it). The 入札書 price is tax-exclusive; the tax shown beside it
# drops fractions of a yen (1円未満切り捨て), as 入札心得 state for the contract price.
CONSUMPTION_TAX_RATE = Fraction(10, 100)
CONSUMPTION_TAX_SINCE = datetime.date(2019, 10, 1)


def consumption_tax(price: int) -> int:
    """10% of a tax-exclusive yen price, fractions of a yen dropped."""
    tax = price * CONSUMPTION_TAX_RATE
    return tax.numerator // tax.denominator


@dataclass(frozen=True)
class TabulationRow:
    rank: int | None
    bid_id: str
    vendor_id: str
    vendor_name: str
    price: int
    tax: int
    price_with_tax: int
    validity: Validity
    technical_points: Fraction | None
    technical_points_text: str
    price_points: Fraction | None
    price_points_text: str
    score: Fraction | None
    score_text: str
    kuji_number: str
    received_at: datetime.datetime
    received_epoch_seconds: int
    decision_number: int
    lottery_index: int | None
    receipt_sha256: str


@dataclass(frozen=True)
class Tabulation:
    """The tender's prices and method, the rows in rank order, and each tie's くじ."""

    method: Method
    ceiling_price: int
    ceiling_tax: int
    minimum_price: int | None
    investigation_price: int | None
    evaluators: tuple[str, ...]
    rows: tuple[TabulationRow, ...]
    lotteries: tuple[LotteryResult, ...]


def _text(value: Fraction | None, places: int) -> str:
    return "" if value is None else fraction_text(value, places)


def _row(result: BidEvaluation, lottery_index: int | None, places: int) -> TabulationRow:
    bid = result.bid
    tax = consumption_tax(bid.price)
    return TabulationRow(
        rank=result.rank,
        bid_id=bid.bid_id,
        vendor_id=bid.vendor_id,
        vendor_name=bid.vendor_name,
        price=bid.price,
        tax=tax,
        price_with_tax=bid.price + tax,
        validity=result.validity,
        technical_points=result.technical_points,
        technical_points_text=_text(result.technical_points, places),
        price_points=result.price_points,
        price_points_text=_text(result.price_points, places),
        score=result.score,
        score_text=_text(result.score, places),
        kuji_number=bid.kuji_number,
        received_at=bid.received_at,
        received_epoch_seconds=receipt_epoch_seconds(bid.received_at),
        decision_number=decision_number(bid.kuji_number, bid.received_at),
        lottery_index=lottery_index,
        receipt_sha256=bid.receipt_sha256,
    )


def tabulation_build(evaluation: Evaluation) -> Tabulation:
    """The 入札経過調書 of an evaluation: ranked bids first, then the others."""
    rules = evaluation.rules
    rows = tuple(
        _row(result, evaluation.lotteries.index(result.lottery) if result.lottery else None,
             rules.display_places)
        for result in evaluation.bids
    )
    return Tabulation(
        method=rules.method,
        ceiling_price=rules.ceiling_price,
        ceiling_tax=consumption_tax(rules.ceiling_price),
        minimum_price=rules.minimum_price,
        investigation_price=rules.investigation_price,
        evaluators=evaluation.evaluators,
        rows=rows,
        lotteries=evaluation.lotteries,
    )
