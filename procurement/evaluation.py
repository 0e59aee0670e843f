"""Evaluating opened bids: validity against the tender's prices, scores, ranking and くじ.

Everything is exact: yen are integers, points and 評価値 are Fractions, and no float
enters a decision. Rounding happens only where the tender says so (`decision_places`,
the deciding value rounded before ranking, as some 落札者決定基準 require) and for
display (`display_places`, 四捨五入). docs/procurement.md gives each formula with its
legal basis; in short:

- validity (地方自治法施行令第167条の10, 第167条の10の2): above 予定価格 the bid is
  invalid; below 最低制限価格 it is excluded; below 低入札価格調査基準価格 it stays in
  the ranking, flagged for investigation;
- 一般競争入札 (price only): the lowest valid price ranks first;
- 総合評価 加算方式: technical points + price points, the price points by the tender's
  formula (`PriceFormula`);
- 総合評価 除算方式: 評価値 = (標準点 + 加算点) ÷ 入札価格 × `division_scale`;
- 公募型プロポーザル: technical points only, the price only a cap.

Technical points: each evaluator scores each item on their own, between 0 and the
item's maximum; an item's points are the average of the panel's scores, and the
technical points are the sum over items. Every evaluator on the panel must score every
item of every bid that is ranked. Ties in the deciding value are settled by 電子くじ
(procurement.lottery).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from numbers import Rational

from django.db import models
from django.utils.translation import gettext_lazy as _

from kyodo.errors import DomainError, ErrorCode
from procurement.lottery import LotteryEntry, LotteryResult, kuji_number_validate, lottery_draw


class Method(models.TextChoices):
    PRICE_ONLY = "price_only", _("一般競争入札（価格競争）")
    ADDITION = "addition", _("総合評価落札方式（加算方式）")
    DIVISION = "division", _("総合評価落札方式（除算方式）")
    PROPOSAL = "proposal", _("公募型プロポーザル")


class PriceFormula(models.TextChoices):
    # price_points_max × (1 − 入札価格 ÷ 予定価格)
    CEILING_RATIO = "ceiling_ratio", _("価格点の満点×（1－入札価格÷予定価格）")
    # price_points_max × (最低入札価格 ÷ 入札価格), the lowest among the ranked bids
    LOWEST_RATIO = "lowest_ratio", _("価格点の満点×（最低入札価格÷入札価格）")


class Rounding(models.TextChoices):
    DOWN = "down", _("切り捨て")
    HALF_UP = "half_up", _("四捨五入")


class Validity(models.TextChoices):
    VALID = "valid", _("有効（予定価格の範囲内）")
    INVESTIGATION = "investigation", _("有効（低入札価格調査の対象）")
    ABOVE_CEILING = "above_ceiling", _("無効（予定価格超過）")
    BELOW_MINIMUM = "below_minimum", _("失格（最低制限価格未満）")

    @property
    def ranked(self) -> bool:
        return self in (Validity.VALID, Validity.INVESTIGATION)


TECHNICAL_METHODS = (Method.ADDITION, Method.DIVISION, Method.PROPOSAL)
DEFAULT_DIVISION_SCALE = 1_000_000  # 評価値 per 百万円 of the bid
DEFAULT_DISPLAY_PLACES = 4


def _invalid(field_name: str, code: str, message) -> DomainError:
    return DomainError(ErrorCode.VALIDATION_ERROR, str(message),
                       details=[{"field": field_name, "code": code, "message": str(message)}])


def exact(value, field_name: str) -> Fraction:
    """An exact number (int, Fraction, Decimal or a decimal string); floats are refused."""
    if isinstance(value, Rational | Decimal | str) and not isinstance(value, bool):
        try:
            return Fraction(value)
        except (ValueError, ZeroDivisionError, OverflowError):
            pass
    raise _invalid(field_name, "exact_number",
                   _("点数は整数又は小数で正確に入力してください。"))


def fraction_round(value: Fraction, places: int, mode: str = Rounding.HALF_UP) -> Fraction:
    """`value` rounded to `places` decimal places: 切り捨て (toward zero) or 四捨五入 (half
    away from zero)."""
    scale = 10**places
    scaled = abs(value) * scale
    whole = scaled.numerator // scaled.denominator
    if mode == Rounding.HALF_UP and scaled - whole >= Fraction(1, 2):
        whole += 1
    return Fraction(whole if value >= 0 else -whole, scale)


def fraction_text(value: Fraction, places: int = DEFAULT_DISPLAY_PLACES) -> str:
    """Display text, 四捨五入 to `places` decimals: Fraction(2, 3) → "0.6667"."""
    rounded = fraction_round(value, places, Rounding.HALF_UP)
    units = abs(rounded.numerator * 10**places // rounded.denominator)
    sign = "-" if rounded < 0 else ""
    if places == 0:
        return f"{sign}{units}"
    return f"{sign}{units // 10**places}.{units % 10**places:0{places}d}"


# --- The tender's rules ------------------------------------------------------------------


@dataclass(frozen=True)
class TechnicalItem:
    """A technical evaluation item (評価項目) with its maximum points (配点)."""

    key: str
    name: str
    max_points: Fraction

    def __post_init__(self):
        object.__setattr__(self, "max_points", exact(self.max_points, f"items.{self.key}"))
        if self.max_points <= 0:
            raise _invalid(f"items.{self.key}", "max_points",
                           _("評価項目の配点は0より大きくしてください。"))


@dataclass(frozen=True)
class TenderRules:
    """How a tender decides. Prices are tax-exclusive integer yen.

    `ceiling_price` is the 予定価格 (for a proposal, the 提案上限額). At most one of
    `minimum_price` (最低制限価格) and `investigation_price` (低入札価格調査基準価格).
    """

    method: str
    ceiling_price: int
    minimum_price: int | None = None
    investigation_price: int | None = None
    technical_items: tuple[TechnicalItem, ...] = ()
    price_points_max: Fraction = Fraction(0)
    price_formula: str | None = None
    standard_points: Fraction = Fraction(0)
    division_scale: int = DEFAULT_DIVISION_SCALE
    decision_places: int | None = None
    decision_rounding: str = Rounding.DOWN
    display_places: int = DEFAULT_DISPLAY_PLACES

    def __post_init__(self):
        object.__setattr__(self, "method", Method(self.method))
        object.__setattr__(self, "technical_items", tuple(self.technical_items))
        object.__setattr__(self, "price_points_max",
                           exact(self.price_points_max, "price_points_max"))
        object.__setattr__(self, "standard_points", exact(self.standard_points, "standard_points"))
        object.__setattr__(self, "decision_rounding", Rounding(self.decision_rounding))
        for name in ("ceiling_price", "minimum_price", "investigation_price"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                      or value < 1):
                raise _invalid(name, "yen_integer", _("金額は1円以上の整数で入力してください。"))
        if self.price_formula is not None:
            object.__setattr__(self, "price_formula", PriceFormula(self.price_formula))
        self._check_low_price()
        self._check_method()
        if self.decision_places is not None and not 0 <= self.decision_places <= 12:
            raise _invalid("decision_places", "places", _("桁数は0から12までで指定してください。"))
        if not 0 <= self.display_places <= 12:
            raise _invalid("display_places", "places", _("桁数は0から12までで指定してください。"))

    def _check_low_price(self) -> None:
        if self.minimum_price is not None and self.investigation_price is not None:
            raise _invalid("minimum_price", "low_price_both",
                           _("最低制限価格と低入札価格調査基準価格は、どちらか一方だけを設定して"
                             "ください。"))
        for name in ("minimum_price", "investigation_price"):
            value = getattr(self, name)
            if value is not None and value > self.ceiling_price:
                raise _invalid(name, "above_ceiling",
                               _("予定価格を超える額は設定できません。"))

    def _check_method(self) -> None:
        keys = [item.key for item in self.technical_items]
        if len(set(keys)) != len(keys):
            raise _invalid("technical_items", "item_duplicate",
                           _("同じ評価項目が重複しています。"))
        if self.method == Method.PRICE_ONLY and self.technical_items:
            raise _invalid("technical_items", "items_not_used",
                           _("価格競争の入札には評価項目を設定できません。"))
        if self.method in (Method.ADDITION, Method.PROPOSAL) and not self.technical_items:
            raise _invalid("technical_items", "items_required",
                           _("評価項目を1つ以上設定してください。"))
        if self.method == Method.ADDITION:
            if self.price_points_max <= 0:
                raise _invalid("price_points_max", "price_points_required",
                               _("価格点の満点を設定してください。"))
            if self.price_formula is None:
                raise _invalid("price_formula", "price_formula_required",
                               _("価格点の算定式を選んでください。"))
        if self.method == Method.DIVISION:
            if self.standard_points <= 0:
                raise _invalid("standard_points", "standard_points_required",
                               _("標準点を設定してください。"))
            if isinstance(self.division_scale, bool) or not isinstance(
                    self.division_scale, int) or self.division_scale < 1:
                raise _invalid("division_scale", "division_scale",
                               _("評価値の単位は1以上の整数で指定してください。"))

    @property
    def max_technical_points(self) -> Fraction:
        return sum((item.max_points for item in self.technical_items), Fraction(0))


# --- What goes in ------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenedBid:
    """A bid as opened: the figures the evaluation needs and what the tabulation shows."""

    bid_id: str
    vendor_id: str
    vendor_name: str
    price: int
    kuji_number: str
    received_at: datetime.datetime
    receipt_sha256: str = ""

    def __post_init__(self):
        if isinstance(self.price, bool) or not isinstance(self.price, int) or self.price < 1:
            raise _invalid("price", "yen_integer", _("金額は1円以上の整数で入力してください。"))
        kuji_number_validate(self.kuji_number)
        if self.received_at.tzinfo is None or self.received_at.utcoffset() is None:
            raise ValueError("receipt times must be timezone-aware")


@dataclass(frozen=True)
class TechnicalScore:
    """One evaluator's points for one item of one bid."""

    evaluator_id: str
    bid_id: str
    item_key: str
    points: Fraction

    def __post_init__(self):
        object.__setattr__(self, "points", exact(self.points, "points"))


# --- What comes out ----------------------------------------------------------------------


@dataclass(frozen=True)
class ItemPoints:
    """An item's points for one bid: the panel's scores and their average."""

    item_key: str
    average: Fraction
    scores: tuple[tuple[str, Fraction], ...]


@dataclass(frozen=True)
class BidEvaluation:
    """One bid's outcome. `score` is the deciding value (加算: total; 除算: 評価値;
    proposal: technical points; price only: None, the price decides), after the
    tender's decision rounding. `lottery` is set when a tie was settled by くじ."""

    bid: OpenedBid
    validity: Validity
    items: tuple[ItemPoints, ...] = ()
    technical_points: Fraction | None = None
    price_points: Fraction | None = None
    score: Fraction | None = None
    rank: int | None = None
    lottery: LotteryResult | None = None


@dataclass(frozen=True)
class Evaluation:
    """The bids in rank order, then the bids not ranked (in order of receipt)."""

    rules: TenderRules
    bids: tuple[BidEvaluation, ...]
    lotteries: tuple[LotteryResult, ...] = field(default=())
    evaluators: tuple[str, ...] = field(default=())

    @property
    def ranked(self) -> tuple[BidEvaluation, ...]:
        return tuple(bid for bid in self.bids if bid.rank is not None)

    @property
    def winner(self) -> BidEvaluation | None:
        """The first rank, or None when no bid is valid (the tender is unsuccessful)."""
        ranked = self.ranked
        return ranked[0] if ranked else None


# --- Evaluation --------------------------------------------------------------------------


def validity(rules: TenderRules, price: int) -> Validity:
    """予定価格 is the last valid price; 最低制限価格 and 低入札価格調査基準価格 are the first
    prices that are not below them."""
    if price > rules.ceiling_price:
        return Validity.ABOVE_CEILING
    if rules.minimum_price is not None and price < rules.minimum_price:
        return Validity.BELOW_MINIMUM
    if rules.investigation_price is not None and price < rules.investigation_price:
        return Validity.INVESTIGATION
    return Validity.VALID


def price_points(rules: TenderRules, price: int, lowest_price: int) -> Fraction:
    """加算方式's price points by the tender's formula."""
    if rules.price_formula == PriceFormula.CEILING_RATIO:
        return rules.price_points_max * (1 - Fraction(price, rules.ceiling_price))
    return rules.price_points_max * Fraction(lowest_price, price)


def division_value(rules: TenderRules, technical_points: Fraction, price: int) -> Fraction:
    """除算方式's 評価値 = (標準点 + 加算点) ÷ 入札価格 × division_scale."""
    return (rules.standard_points + technical_points) * rules.division_scale / price


def _technical(rules: TenderRules, bids: list[OpenedBid], ranked_ids: set[str],
               scores: list[TechnicalScore]) -> tuple[tuple[str, ...], dict[str, tuple]]:
    """The panel and, for each ranked bid, its ItemPoints in the tender's item order."""
    if rules.method not in TECHNICAL_METHODS:
        if scores:
            raise _invalid("scores", "scores_not_used",
                           _("価格競争の入札には技術評価の点数を入力できません。"))
        return (), {}
    items = {item.key: item for item in rules.technical_items}
    bid_ids = {bid.bid_id for bid in bids}
    table: dict[tuple[str, str, str], Fraction] = {}
    for score in scores:
        where = f"scores.{score.evaluator_id}.{score.bid_id}.{score.item_key}"
        if score.bid_id not in bid_ids:
            raise _invalid(where, "unknown_bid", _("この入札に対する点数ではありません。"))
        if score.item_key not in items:
            raise _invalid(where, "unknown_item", _("設定されていない評価項目です。"))
        if not 0 <= score.points <= items[score.item_key].max_points:
            raise _invalid(where, "points_range",
                           _("点数は0点から配点までの範囲で入力してください。"))
        key = (score.evaluator_id, score.bid_id, score.item_key)
        if key in table:
            raise _invalid(where, "score_duplicate", _("同じ評価者の点数が重複しています。"))
        table[key] = score.points
    panel = tuple(sorted({score.evaluator_id for score in scores}))
    if rules.technical_items and ranked_ids and not panel:
        raise _invalid("scores", "scores_required", _("技術評価の点数が入力されていません。"))
    missing = [(evaluator, bid_id, key) for bid_id in sorted(ranked_ids) for key in items
               for evaluator in panel if (evaluator, bid_id, key) not in table]
    if missing:
        evaluator, bid_id, key = missing[0]
        raise _invalid(f"scores.{evaluator}.{bid_id}.{key}", "scores_incomplete",
                       _("評価者全員が、有効な入札の全ての評価項目を採点してください。"))
    per_bid = {}
    for bid_id in ranked_ids:
        per_bid[bid_id] = tuple(
            ItemPoints(
                item_key=key,
                average=sum((table[(e, bid_id, key)] for e in panel), Fraction(0)) / len(panel),
                scores=tuple((e, table[(e, bid_id, key)]) for e in panel),
            )
            for key in items
        )
    return panel, per_bid


def _decide(rules: TenderRules, value: Fraction) -> Fraction:
    if rules.decision_places is None:
        return value
    return fraction_round(value, rules.decision_places, rules.decision_rounding)


def evaluate(*, rules: TenderRules, bids, scores=()) -> Evaluation:
    """Validity, points, deciding value and rank for every opened bid of a tender."""
    bids = list(bids)
    scores = list(scores)
    if len({bid.bid_id for bid in bids}) != len(bids):
        raise ValueError("a bid appears twice")
    validities = {bid.bid_id: validity(rules, bid.price) for bid in bids}
    ranked_bids = [bid for bid in bids if validities[bid.bid_id].ranked]
    panel, item_points = _technical(rules, bids, {bid.bid_id for bid in ranked_bids}, scores)
    lowest = min((bid.price for bid in ranked_bids), default=None)

    outcomes: dict[str, dict] = {}
    for bid in ranked_bids:
        items = item_points.get(bid.bid_id, ())
        technical = (sum((item.average for item in items), Fraction(0))
                     if rules.method in TECHNICAL_METHODS else None)
        points = None
        if rules.method == Method.PRICE_ONLY:
            decision = None
            order_key = Fraction(bid.price)
        elif rules.method == Method.ADDITION:
            points = price_points(rules, bid.price, lowest)
            decision = _decide(rules, technical + points)
            order_key = -decision
        elif rules.method == Method.DIVISION:
            decision = _decide(rules, division_value(rules, technical, bid.price))
            order_key = -decision
        else:
            decision = _decide(rules, technical)
            order_key = -decision
        outcomes[bid.bid_id] = {"items": items, "technical_points": technical,
                                "price_points": points, "score": decision,
                                "order_key": order_key}

    groups: dict[Fraction, list[OpenedBid]] = defaultdict(list)
    for bid in ranked_bids:
        groups[outcomes[bid.bid_id]["order_key"]].append(bid)
    ranks: dict[str, tuple[int, LotteryResult | None]] = {}
    lotteries = []
    for order_key in sorted(groups):
        group = groups[order_key]
        lottery = None
        if len(group) > 1:
            lottery = lottery_draw([LotteryEntry(bid.bid_id, bid.kuji_number, bid.received_at)
                                    for bid in group])
            lotteries.append(lottery)
            order = lottery.order
        else:
            order = (group[0].bid_id,)
        for bid_id in order:
            ranks[bid_id] = (len(ranks) + 1, lottery)

    results = []
    for bid in bids:
        outcome = outcomes.get(bid.bid_id)
        if outcome is None:
            results.append(BidEvaluation(bid=bid, validity=validities[bid.bid_id]))
            continue
        rank, lottery = ranks[bid.bid_id]
        results.append(BidEvaluation(
            bid=bid, validity=validities[bid.bid_id], items=outcome["items"],
            technical_points=outcome["technical_points"], price_points=outcome["price_points"],
            score=outcome["score"], rank=rank, lottery=lottery,
        ))
    results.sort(key=lambda result: (
        result.rank is None, result.rank or 0, result.bid.received_at, result.bid.bid_id))
    return Evaluation(rules=rules, bids=tuple(results), lotteries=tuple(lotteries),
                      evaluators=panel)
