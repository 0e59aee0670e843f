"""Evaluation worked by hand: validity, 加算方式, 除算方式, proposals, ties and くじ."""

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kyodo.errors import DomainError, ErrorCode
from procurement.evaluation import (
    Method,
    OpenedBid,
    PriceFormula,
    Rounding,
    TechnicalItem,
    TechnicalScore,
    TenderRules,
    Validity,
    evaluate,
    fraction_round,
    fraction_text,
)
from procurement.lottery import LotteryEntry, lottery_draw
from procurement.tabulation import consumption_tax, tabulation_build

START = datetime.datetime(2026, 2, 2, 1, 0, 0, tzinfo=datetime.UTC)
EVALUATORS = ("e1", "e2", "e3")


def bid(bid_id: str, price: int, *, kuji: str = "000", minute: int = 0) -> OpenedBid:
    return OpenedBid(bid_id=bid_id, vendor_id=f"v-{bid_id}", vendor_name=f"事業者{bid_id}",
                     price=price, kuji_number=kuji,
                     received_at=START + datetime.timedelta(minutes=minute))


def scores(bid_id: str, **per_item: tuple) -> list[TechnicalScore]:
    return [TechnicalScore(evaluator, bid_id, item, points)
            for item, values in per_item.items()
            for evaluator, points in zip(EVALUATORS, values, strict=True)]


def by_id(evaluation):
    return {result.bid.bid_id: result for result in evaluation.bids}


ITEMS = (TechnicalItem("plan", "実施方針", 40), TechnicalItem("support", "保守体制", 30))


def addition(formula: str, **changes) -> TenderRules:
    return TenderRules(method=Method.ADDITION, ceiling_price=10_000_000, technical_items=ITEMS,
                       price_points_max=30, price_formula=formula, **changes)


ADDITION_SCORES = (scores("X", plan=(30, 32, 34), support=(20, 21, 25))
                   + scores("Y", plan=(25, 25, 25), support=(20, 20, 20)))
ADDITION_BIDS = [bid("X", 9_000_000, minute=1), bid("Y", 8_000_000, minute=2),
                 bid("Z", 10_500_000, minute=3)]


def test_addition_with_price_points_against_the_ceiling_worked_by_hand():
    """X: plan (30+32+34)/3 = 32, support (20+21+25)/3 = 22, technical 54;
          price points 30 × (1 − 9,000,000/10,000,000) = 3; total 57.
       Y: plan 25, support 20, technical 45; price points 30 × (1 − 0.8) = 6; total 51.
       Z: 10,500,000 > 予定価格 10,000,000: invalid, not ranked."""
    evaluation = evaluate(rules=addition(PriceFormula.CEILING_RATIO), bids=ADDITION_BIDS,
                          scores=ADDITION_SCORES)
    results = by_id(evaluation)

    assert [item.average for item in results["X"].items] == [32, 22]
    assert (results["X"].technical_points, results["X"].price_points, results["X"].score) == (
        54, 3, 57)
    assert (results["Y"].technical_points, results["Y"].price_points, results["Y"].score) == (
        45, 6, 51)
    assert (results["X"].rank, results["Y"].rank, results["Z"].rank) == (1, 2, None)
    assert results["Z"].validity == Validity.ABOVE_CEILING
    assert evaluation.winner.bid.bid_id == "X"
    assert evaluation.evaluators == EVALUATORS


def test_addition_with_price_points_against_the_lowest_bid_worked_by_hand():
    """Lowest valid price 8,000,000 (Z is invalid and does not count).
       X: 30 × 8,000,000/9,000,000 = 80/3 ≈ 26.6667; total 54 + 80/3 = 242/3 ≈ 80.6667.
       Y: 30 × 8,000,000/8,000,000 = 30; total 45 + 30 = 75."""
    evaluation = evaluate(rules=addition(PriceFormula.LOWEST_RATIO), bids=ADDITION_BIDS,
                          scores=ADDITION_SCORES)
    results = by_id(evaluation)

    assert results["X"].price_points == Fraction(80, 3)
    assert results["X"].score == Fraction(242, 3)
    assert results["Y"].score == 75
    assert [r.bid.bid_id for r in evaluation.ranked] == ["X", "Y"]
    rows = tabulation_build(evaluation).rows
    assert (rows[0].price_points_text, rows[0].score_text) == ("26.6667", "80.6667")


def test_item_points_are_exact_averages_shown_rounded_half_up():
    """plan (30 + 31 + 31) / 3 = 92/3 = 30.666…, shown 30.6667 (4 places, 四捨五入)."""
    evaluation = evaluate(
        rules=addition(PriceFormula.CEILING_RATIO), bids=[bid("X", 9_000_000)],
        scores=scores("X", plan=(30, 31, 31), support=(Fraction(1, 2), "0.5", Decimal("0.5"))))
    result = evaluation.bids[0]

    assert result.items[0].average == Fraction(92, 3)
    assert result.items[1].average == Fraction(1, 2)
    assert fraction_text(result.items[0].average) == "30.6667"


def test_division_worked_by_hand():
    """評価値 = (標準点 100 + 加算点) ÷ 入札価格 × 1,000,000 (per 百万円):
       P: (100 + 30) / 98,000,000 × 10^6 = 130/98 = 65/49 ≈ 1.3265
       Q: (100 + 15) / 90,000,000 × 10^6 = 115/90 = 23/18 ≈ 1.2778
       R: (100 + 0) / 80,000,000 × 10^6 = 100/80 = 5/4 = 1.2500
       The dearest bid wins on its technical points."""
    rules = TenderRules(method=Method.DIVISION, ceiling_price=100_000_000, standard_points=100,
                        technical_items=(TechnicalItem("plan", "実施方針", 30),))
    evaluation = evaluate(
        rules=rules,
        bids=[bid("P", 98_000_000), bid("Q", 90_000_000), bid("R", 80_000_000)],
        scores=(scores("P", plan=(30, 30, 30)) + scores("Q", plan=(10, 15, 20))
                + scores("R", plan=(0, 0, 0))))

    assert [(r.bid.bid_id, r.score) for r in evaluation.ranked] == [
        ("P", Fraction(65, 49)), ("Q", Fraction(23, 18)), ("R", Fraction(5, 4))]
    assert [row.score_text for row in tabulation_build(evaluation).rows] == [
        "1.3265", "1.2778", "1.2500"]


def test_a_proposal_ranks_by_technical_points_and_uses_the_price_only_as_a_cap():
    rules = TenderRules(method=Method.PROPOSAL, ceiling_price=5_000_000, technical_items=ITEMS)
    evaluation = evaluate(
        rules=rules,
        bids=[bid("cheap", 3_000_000), bid("good", 4_900_000), bid("over", 5_000_001)],
        scores=(scores("cheap", plan=(20, 20, 20), support=(10, 10, 10))
                + scores("good", plan=(35, 36, 37), support=(25, 25, 25))))
    results = by_id(evaluation)

    assert [r.bid.bid_id for r in evaluation.ranked] == ["good", "cheap"]
    assert results["good"].score == 61
    assert results["good"].price_points is None
    assert results["over"].validity == Validity.ABOVE_CEILING


def test_the_ceiling_itself_is_valid_and_one_yen_more_is_not():
    rules = TenderRules(method=Method.PRICE_ONLY, ceiling_price=10_000_000)
    results = by_id(evaluate(rules=rules, bids=[bid("at", 10_000_000), bid("over", 10_000_001)]))

    assert results["at"].validity == Validity.VALID
    assert results["at"].rank == 1
    assert results["over"].validity == Validity.ABOVE_CEILING
    assert results["over"].rank is None


def test_below_the_minimum_price_a_bid_is_excluded_and_at_it_the_bid_wins():
    rules = TenderRules(method=Method.PRICE_ONLY, ceiling_price=10_000_000,
                        minimum_price=7_000_000)
    evaluation = evaluate(rules=rules, bids=[bid("under", 6_999_999), bid("at", 7_000_000),
                                             bid("above", 8_000_000)])
    results = by_id(evaluation)

    assert results["under"].validity == Validity.BELOW_MINIMUM
    assert results["under"].rank is None
    assert (results["at"].rank, results["above"].rank) == (1, 2)


def test_below_the_investigation_threshold_a_bid_is_flagged_but_still_ranked():
    rules = TenderRules(method=Method.PRICE_ONLY, ceiling_price=10_000_000,
                        investigation_price=7_500_000)
    evaluation = evaluate(rules=rules, bids=[bid("low", 7_000_000), bid("normal", 8_000_000)])
    results = by_id(evaluation)

    assert results["low"].validity == Validity.INVESTIGATION
    assert results["low"].rank == 1
    assert results["normal"].validity == Validity.VALID
    assert tabulation_build(evaluation).rows[0].validity == Validity.INVESTIGATION


def test_a_price_tie_is_settled_by_kuji_and_the_tabulation_shows_the_working():
    """The three tied bids of the lottery example (tests/procurement/test_lottery.py):
    B3 wins round 1 (674 mod 3 = 2), B1 round 2 (228 mod 2 = 0), B2 is third; the
    cheaper bid C is first without a draw and the tie takes ranks 2–4. C's 決定くじ番号 is
    shown too: 03:00:00 UTC is 1770001200 s, so (000 + 200) mod 1000 = 200."""
    rules = TenderRules(method=Method.PRICE_ONLY, ceiling_price=10_000_000)
    times = {"B1": "01:00:05", "B2": "01:10:00", "B3": "02:30:59", "C": "03:00:00"}
    bids = [OpenedBid(bid_id=name, vendor_id=name, vendor_name=name, price=price,
                      kuji_number=kuji,
                      received_at=datetime.datetime.fromisoformat(
                          f"2026-02-02T{times[name]}+00:00"))
            for name, price, kuji in [("B1", 9_000_000, "123"), ("B2", 9_000_000, "500"),
                                      ("B3", 9_000_000, "987"), ("C", 8_500_000, "000")]]

    tabulation = tabulation_build(evaluate(rules=rules, bids=bids))

    assert [(row.rank, row.bid_id, row.decision_number) for row in tabulation.rows] == [
        (1, "C", 200), (2, "B3", 446), (3, "B1", 128), (4, "B2", 100)]
    assert [row.lottery_index for row in tabulation.rows] == [None, 0, 0, 0]
    (lottery,) = tabulation.lotteries
    assert [(r.total, r.modulus, r.winning_position) for r in lottery.rounds] == [
        (674, 3, 2), (228, 2, 0)]


def test_a_tie_in_the_total_after_the_tenders_decision_rounding_goes_to_kuji():
    """Totals 57.0001 and 57.00004 differ exactly; rounded down to 2 places both are 57.00."""
    rules = addition(PriceFormula.CEILING_RATIO, decision_places=2,
                     decision_rounding=Rounding.DOWN)
    evaluation = evaluate(
        rules=rules,
        bids=[bid("A", 9_000_000, minute=1), bid("B", 9_000_000, minute=2)],
        scores=(scores("A", plan=(32, 32, 32), support=("22.0001", "22.0001", "22.0001"))
                + scores("B", plan=(32, 32, 32), support=("22.00004", "22.00004", "22.00004"))))

    assert {result.score for result in evaluation.bids} == {57}
    assert len(evaluation.lotteries) == 1


def test_no_valid_bid_means_no_winner():
    rules = TenderRules(method=Method.PRICE_ONLY, ceiling_price=1_000_000)

    assert evaluate(rules=rules, bids=[bid("over", 1_000_001)]).winner is None


def test_the_consumption_tax_is_ten_percent_with_fractions_of_a_yen_dropped():
    assert consumption_tax(9_800_000) == 980_000
    assert consumption_tax(1_234_567) == 123_456  # 123,456.7 → 123,456
    assert consumption_tax(9) == 0
    row = tabulation_build(evaluate(
        rules=TenderRules(method=Method.PRICE_ONLY, ceiling_price=2_000_000),
        bids=[bid("A", 1_234_567)])).rows[0]
    assert (row.price, row.tax, row.price_with_tax) == (1_234_567, 123_456, 1_358_023)


def test_rounding_for_display_and_decisions():
    assert fraction_round(Fraction(2, 3), 2, Rounding.DOWN) == Fraction(66, 100)
    assert fraction_round(Fraction(2, 3), 2, Rounding.HALF_UP) == Fraction(67, 100)
    assert fraction_round(Fraction(125, 1000), 2, Rounding.HALF_UP) == Fraction(13, 100)
    assert fraction_text(Fraction(5, 4), 0) == "1"
    assert fraction_text(Fraction(3, 2), 0) == "2"
    assert fraction_text(Fraction(1, 200), 2) == "0.01"


@pytest.mark.parametrize("score, code", [
    (TechnicalScore("e1", "X", "plan", 41), "points_range"),
    (TechnicalScore("e1", "X", "plan", -1), "points_range"),
    (TechnicalScore("e1", "X", "design", 1), "unknown_item"),
    (TechnicalScore("e1", "nobody", "plan", 1), "unknown_bid"),
])
def test_a_score_outside_the_tenders_items_or_maximum_is_refused(score, code):
    with pytest.raises(DomainError) as refused:
        evaluate(rules=addition(PriceFormula.CEILING_RATIO), bids=ADDITION_BIDS,
                 scores=[*ADDITION_SCORES, score])

    assert refused.value.code == ErrorCode.VALIDATION_ERROR
    assert refused.value.details[0]["code"] == code


def test_a_float_score_is_refused():
    with pytest.raises(DomainError) as refused:
        TechnicalScore("e1", "X", "plan", 30.5)

    assert refused.value.details[0]["code"] == "exact_number"


def test_every_evaluator_must_score_every_item_of_every_valid_bid():
    incomplete = [score for score in ADDITION_SCORES
                  if (score.evaluator_id, score.bid_id, score.item_key) != ("e2", "Y", "support")]

    with pytest.raises(DomainError) as refused:
        evaluate(rules=addition(PriceFormula.CEILING_RATIO), bids=ADDITION_BIDS,
                 scores=incomplete)

    assert refused.value.details[0] == {
        "field": "scores.e2.Y.support", "code": "scores_incomplete",
        "message": refused.value.message}


def test_scores_twice_for_the_same_item_are_refused():
    with pytest.raises(DomainError) as refused:
        evaluate(rules=addition(PriceFormula.CEILING_RATIO), bids=ADDITION_BIDS,
                 scores=[*ADDITION_SCORES, ADDITION_SCORES[0]])

    assert refused.value.details[0]["code"] == "score_duplicate"


@pytest.mark.parametrize("rules, field", [
    ({"method": Method.PRICE_ONLY, "ceiling_price": 0}, "ceiling_price"),
    ({"method": Method.PRICE_ONLY, "ceiling_price": 10, "minimum_price": 5,
      "investigation_price": 6}, "minimum_price"),
    ({"method": Method.PRICE_ONLY, "ceiling_price": 10, "minimum_price": 11}, "minimum_price"),
    ({"method": Method.PRICE_ONLY, "ceiling_price": 10, "technical_items": ITEMS},
     "technical_items"),
    ({"method": Method.ADDITION, "ceiling_price": 10, "technical_items": ITEMS,
      "price_formula": PriceFormula.CEILING_RATIO}, "price_points_max"),
    ({"method": Method.ADDITION, "ceiling_price": 10, "technical_items": ITEMS,
      "price_points_max": 30}, "price_formula"),
    ({"method": Method.DIVISION, "ceiling_price": 10}, "standard_points"),
    ({"method": Method.PROPOSAL, "ceiling_price": 10}, "technical_items"),
    ({"method": Method.PROPOSAL, "ceiling_price": 10,
      "technical_items": (ITEMS[0], ITEMS[0])}, "technical_items"),
])
def test_inconsistent_tender_rules_are_refused_naming_the_field(rules, field):
    with pytest.raises(DomainError) as refused:
        TenderRules(**rules)

    assert refused.value.details[0]["field"] == field


def test_technical_scores_on_a_price_only_tender_are_refused():
    with pytest.raises(DomainError) as refused:
        evaluate(rules=TenderRules(method=Method.PRICE_ONLY, ceiling_price=10_000_000),
                 bids=ADDITION_BIDS, scores=ADDITION_SCORES)

    assert refused.value.details[0]["code"] == "scores_not_used"


# --- Properties ---------------------------------------------------------------------------

CEILING = 1_000_000


@st.composite
def tenders(draw):
    """A 加算方式 tender with few distinct prices and scores, so ties are common."""
    formula = draw(st.sampled_from(list(PriceFormula)))
    low_rule = draw(st.sampled_from(["none", "minimum", "investigation"]))
    low_price = {"minimum": {"minimum_price": 800_000},
                 "investigation": {"investigation_price": 800_000}}.get(low_rule, {})
    rules = TenderRules(method=Method.ADDITION, ceiling_price=CEILING,
                        technical_items=(TechnicalItem("a", "a", 10), TechnicalItem("b", "b", 5)),
                        price_points_max=20, price_formula=formula, **low_price)
    count = draw(st.integers(1, 10))
    bids = [OpenedBid(
        bid_id=f"b{index}", vendor_id=f"v{index}", vendor_name=f"v{index}",
        price=draw(st.sampled_from([700_000, 800_000, 900_000, CEILING, CEILING + 1])),
        kuji_number=f"{draw(st.integers(0, 999)):03d}",
        received_at=START + datetime.timedelta(seconds=draw(st.integers(0, 10**6)),
                                               microseconds=index),
    ) for index in range(count)]
    panel = [TechnicalScore(evaluator, bid.bid_id, item, draw(st.integers(0, maximum)))
             for evaluator in ("e1", "e2") for bid in bids for item, maximum in (("a", 10),
                                                                              ("b", 5))]
    return rules, bids, panel


@given(tender=tenders())
def test_ranks_are_a_permutation_of_the_valid_bids_and_nothing_above_the_ceiling_is_ranked(
        tender):
    rules, bids, panel = tender

    evaluation = evaluate(rules=rules, bids=bids, scores=panel)

    ranked = [result for result in evaluation.bids if result.rank is not None]
    assert sorted(result.rank for result in ranked) == list(range(1, len(ranked) + 1))
    assert all(result.validity.ranked for result in ranked)
    assert all(result.rank is None for result in evaluation.bids
               if result.bid.price > rules.ceiling_price)
    assert [result.score for result in ranked] == sorted(
        (result.score for result in ranked), reverse=True)


@given(tender=tenders())
def test_every_kuji_can_be_recomputed_from_the_tabulation_alone(tender):
    rules, bids, panel = tender

    tabulation = tabulation_build(evaluate(rules=rules, bids=bids, scores=panel))

    ranked = [row for row in tabulation.rows if row.rank is not None]
    groups = {}
    for row in ranked:
        groups.setdefault(row.score, []).append(row)
    for rows in groups.values():
        if len(rows) == 1:
            assert rows[0].lottery_index is None
            continue
        redrawn = lottery_draw([LotteryEntry(row.bid_id, row.kuji_number, row.received_at)
                                for row in rows])
        assert redrawn == tabulation.lotteries[rows[0].lottery_index]
        assert tuple(row.bid_id for row in sorted(rows, key=lambda row: row.rank)) == (
            redrawn.order)
