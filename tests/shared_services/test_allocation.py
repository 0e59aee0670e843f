"""The cost allocation as docs/shared_services.md defines it ("Cost allocation")."""

import _pydecimal
import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kyodo.errors import DomainError, ErrorCode
from shared_services.allocation import (
    TAPER_DIGITS,
    Adopter,
    Part,
    SharingRule,
    allocate,
    tapered_population,
)
from tenants.lg_code import check_digit
from tenants.master_data import read_card_statistics

HIMESHIMA, KUNISAKI, BEPPU = "443221", "442143", "442020"
TOTAL = 12_000_000

# Hypothesis runs each property many times inside one pytest test, so the suite's
# function-scoped autouse fixture (a cache clear) runs once around all of them; the
# allocation never touches the cache. No deadline: a test never fails on time.
properties = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def lg_code(first_five: int) -> str:
    digits = f"{first_five:05d}"
    return digits + str(check_digit(digits))


lg_codes = st.integers(min_value=1000, max_value=47999).map(lg_code)
tapers = st.one_of(
    st.sampled_from([1, Decimal("0.585")]),
    st.decimals(min_value=Decimal("0.001"), max_value=1, places=3),
)
units = st.one_of(st.sampled_from([1, 1000]), st.integers(min_value=1, max_value=10**6))
totals = st.integers(min_value=0, max_value=10**11)
any_months = st.integers(min_value=1, max_value=12)


@st.composite
def rules(draw, taper=tapers):
    equal = draw(st.integers(min_value=0, max_value=100))
    population = draw(st.integers(min_value=0, max_value=100 - equal))
    return SharingRule(equal, population, 100 - equal - population,
                       taper=draw(taper), unit=draw(units))


@st.composite
def adopter_lists(draw, months=any_months):
    codes = draw(st.lists(lg_codes, min_size=1, max_size=25, unique=True))
    return [
        Adopter(code,
                population=draw(st.integers(min_value=0, max_value=4_000_000)),
                months=draw(months),
                usage=draw(st.one_of(st.integers(min_value=0, max_value=10**6),
                                     st.decimals(min_value=0, max_value=10**4, places=2))))
        for code in codes
    ]


def amounts(allocation) -> dict[str, int]:
    return {share.lg_code: share.amount for share in allocation.shares}


def leftover_recipient(allocation) -> str:
    """The town the T mod r leftover goes to: the largest raw share, lower code first."""
    return min(allocation.shares, key=lambda share: (-share.raw, share.lg_code)).lg_code


# --- The worked example of docs/shared_services.md -------------------------------------


@pytest.fixture(scope="module")
def oita_three():
    """姫島村, 国東市 and 別府市 with their populations from the shipped master data."""
    populations, _, _ = read_card_statistics()
    return [Adopter(code, population=populations[code][0], months=12)
            for code in (HIMESHIMA, KUNISAKI, BEPPU)]


def test_the_worked_example_uses_the_master_data_populations(oita_three):
    assert [adopter.population for adopter in oita_three] == [1878, 26543, 113454]


def test_the_worked_example_to_the_yen(oita_three):
    allocation = allocate(total=TOTAL, rule=SharingRule(50, 50, 0, unit=1), adopters=oita_three)
    shares = {share.lg_code: share for share in allocation.shares}

    assert allocation.weights == {Part.EQUAL: 50, Part.POPULATION: 50}
    assert all(share.breakdown.equal == 2_000_000 for share in shares.values())
    # 6,000,000 × P / 141,875 = 9,600 × P / 227
    assert shares[HIMESHIMA].breakdown.population == Fraction(18_028_800, 227)
    assert shares[KUNISAKI].breakdown.population == Fraction(254_812_800, 227)
    assert shares[BEPPU].breakdown.population == Fraction(1_089_158_400, 227)
    assert all(share.breakdown.usage == 0 for share in shares.values())
    # floors 2,079,422 + 3,122,523 + 6,798,054 = 11,999,999; the last yen goes to the
    # largest remainder, 別府市's 142/227 (国東市 79/227, 姫島村 6/227).
    assert amounts(allocation) == {HIMESHIMA: 2_079_422, KUNISAKI: 3_122_523, BEPPU: 6_798_055}


def test_the_worked_example_in_thousands_of_yen(oita_three):
    allocation = allocate(total=TOTAL, rule=SharingRule(50, 50, 0, unit=1000),
                          adopters=oita_three)

    # quotas 2,079.42 + 3,122.52 + 6,798.05 thousand; floors make 11,999; the last
    # thousand goes to 国東市, whose remainder (0.523) is the largest, not to 別府市.
    assert amounts(allocation) == {HIMESHIMA: 2_079_000, KUNISAKI: 3_123_000, BEPPU: 6_798_000}


def test_the_worked_example_with_the_harp_taper(oita_three):
    rule = SharingRule(50, 50, 0, taper=Decimal("0.585"))

    by_yen = allocate(total=TOTAL, rule=rule, adopters=oita_three)
    by_thousand = allocate(total=TOTAL, rule=SharingRule(50, 50, 0, taper=Decimal("0.585"),
                                                         unit=1000), adopters=oita_three)

    assert amounts(by_yen) == {HIMESHIMA: 2_358_787, KUNISAKI: 3_689_414, BEPPU: 5_951_799}
    # floors 2,358 + 3,689 + 5,951 = 11,998 thousand: the two left go to 別府市 (0.799)
    # and 姫島村 (0.787), ahead of 国東市 (0.414).
    assert amounts(by_thousand) == {HIMESHIMA: 2_359_000, KUNISAKI: 3_689_000,
                                    BEPPU: 5_952_000}


# --- Properties ------------------------------------------------------------------------


@properties
@given(total=totals, rule=rules(), adopters=adopter_lists())
def test_shares_add_up_to_the_total_for_every_rule_and_unit(total, rule, adopters):
    allocation = allocate(total=total, rule=rule, adopters=adopters)

    assert sum(share.amount for share in allocation.shares) == total
    assert sum(share.raw for share in allocation.shares) == total
    assert sum(allocation.weights.values()) == 100


@properties
@given(total=totals, rule=rules(), adopters=adopter_lists())
def test_each_amount_is_its_raw_share_rounded_to_a_neighbouring_unit(total, rule, adopters):
    allocation = allocate(total=total, rule=rule, adopters=adopters)
    leftover = total % rule.unit

    for share in allocation.shares:
        rounded = share.amount - (leftover if share.lg_code == leftover_recipient(allocation)
                                  else 0)
        below = math.floor(share.raw / rule.unit) * rule.unit
        assert rounded in (below, below + rule.unit)


@properties
@given(total=totals, unit=units, taper=tapers,
       adopters=any_months.flatmap(
           lambda months: adopter_lists(months=st.just(months))))
def test_equal_shares_differ_by_at_most_one_unit_apart_from_the_leftover(
        total, unit, taper, adopters):
    """With 均等割 only and the same months, N = floor(T/r) units among n towns give
    each floor(N/n) units, and one more to the N mod n towns with the lowest codes; the
    T mod r leftover goes to the lowest code too (all raw shares are equal). So the
    amounts less the leftover differ by at most one unit r, and the amounts themselves
    by at most r + (T mod r) < 2r."""
    allocation = allocate(total=total, rule=SharingRule(100, 0, 0, taper=taper, unit=unit),
                          adopters=adopters)
    units_total, leftover = divmod(total, unit)
    each, extra = divmod(units_total, len(adopters))
    by_code = sorted(adopters, key=lambda adopter: adopter.lg_code)

    assert amounts(allocation) == {
        adopter.lg_code: (each + (rank < extra)) * unit + (leftover if rank == 0 else 0)
        for rank, adopter in enumerate(by_code)
    }
    spread = max(amounts(allocation).values()) - min(amounts(allocation).values())
    assert spread <= unit + leftover


@properties
@given(total=totals, unit=units, taper=st.sampled_from([1, Decimal("0.585")]),
       adopters=any_months.flatmap(
           lambda months: adopter_lists(months=st.just(months))))
def test_under_population_only_more_people_never_pay_less(total, unit, taper, adopters):
    allocation = allocate(total=total, rule=SharingRule(0, 100, 0, taper=taper, unit=unit),
                          adopters=adopters)
    paid = amounts(allocation)

    for larger in adopters:
        for smaller in adopters:
            if larger.population > smaller.population:
                assert paid[larger.lg_code] >= paid[smaller.lg_code]


# --- Rounding --------------------------------------------------------------------------


def test_ties_in_the_remainder_go_to_the_lower_code_whatever_the_order_given():
    towns = [Adopter(code, population=1000) for code in (BEPPU, HIMESHIMA, KUNISAKI)]

    allocation = allocate(total=100, rule=SharingRule(100, 0, 0), adopters=towns)

    assert amounts(allocation) == {BEPPU: 34, KUNISAKI: 33, HIMESHIMA: 33}


def test_the_yen_below_the_unit_go_to_the_largest_share():
    towns = [Adopter(HIMESHIMA, population=1878), Adopter(BEPPU, population=113_454)]

    allocation = allocate(total=10_500, rule=SharingRule(0, 100, 0, unit=1000), adopters=towns)

    # raw shares 170.97… and 10,329.02…: 0 and 10 thousands by the largest
    # remainder, and the 500 yen below the unit to 別府市, the larger share.
    assert amounts(allocation) == {HIMESHIMA: 0, BEPPU: 10_500}


def test_the_leftover_goes_to_the_lower_code_when_the_largest_shares_tie():
    towns = [Adopter(code, population=500) for code in (KUNISAKI, BEPPU, HIMESHIMA)]

    allocation = allocate(total=10_500, rule=SharingRule(0, 100, 0, unit=1000), adopters=towns)

    # 10 thousands: 3 each and the tenth to the lowest code, which also takes the 500.
    assert amounts(allocation) == {BEPPU: 4_500, KUNISAKI: 3_000, HIMESHIMA: 3_000}


def test_a_total_below_the_unit_goes_whole_to_the_largest_share():
    towns = [Adopter(HIMESHIMA, population=1878), Adopter(KUNISAKI, population=26_543)]

    allocation = allocate(total=999, rule=SharingRule(50, 50, 0, unit=1000), adopters=towns)

    assert amounts(allocation) == {HIMESHIMA: 0, KUNISAKI: 999}


def test_a_single_adopter_pays_the_whole_total():
    allocation = allocate(total=1_234_567, rule=SharingRule(30, 60, 10, unit=1000),
                          adopters=[Adopter(HIMESHIMA, population=1878, months=3)])

    assert amounts(allocation) == {HIMESHIMA: 1_234_567}


def test_a_zero_total_costs_nobody_anything(oita_three):
    allocation = allocate(total=0, rule=SharingRule(50, 50, 0, unit=1000), adopters=oita_three)

    assert set(amounts(allocation).values()) == {0}


# --- The parts -------------------------------------------------------------------------


def test_months_active_scale_the_equal_and_population_parts():
    towns = [Adopter(HIMESHIMA, population=1000, months=12),
             Adopter(KUNISAKI, population=1000, months=6, usage=5),
             Adopter(BEPPU, population=2000, months=6, usage=5)]

    allocation = allocate(total=1_200_000, rule=SharingRule(50, 25, 25), adopters=towns)
    shares = {share.lg_code: share.breakdown for share in allocation.shares}

    assert [shares[code].equal for code in (HIMESHIMA, KUNISAKI, BEPPU)] == [
        300_000, 150_000, 150_000]  # 600,000 by 12 : 6 : 6 months
    assert [shares[code].population for code in (HIMESHIMA, KUNISAKI, BEPPU)] == [
        120_000, 60_000, 120_000]  # 300,000 by 12×1000 : 6×1000 : 6×2000
    assert [shares[code].usage for code in (HIMESHIMA, KUNISAKI, BEPPU)] == [
        0, 150_000, 150_000]  # usage is a year's figure: months do not scale it


def test_a_part_nobody_has_is_left_out_and_its_weight_spread_in_proportion(oita_three):
    allocation = allocate(total=TOTAL, rule=SharingRule(20, 30, 50), adopters=oita_three)
    same_as = allocate(total=TOTAL, rule=SharingRule(40, 60, 0), adopters=oita_three)

    assert allocation.left_out == (Part.USAGE,)
    assert allocation.weights == {Part.EQUAL: 40, Part.POPULATION: 60}
    assert amounts(allocation) == amounts(same_as)


def test_weights_that_do_not_divide_evenly_are_spread_exactly(oita_three):
    usage = [Adopter(a.lg_code, a.population, a.months, usage=0) for a in oita_three]

    allocation = allocate(total=TOTAL, rule=SharingRule(1, 2, 97), adopters=usage)

    assert allocation.weights == {Part.EQUAL: Fraction(100, 3), Part.POPULATION: Fraction(200, 3)}
    assert sum(share.amount for share in allocation.shares) == TOTAL


def test_with_every_weighted_part_empty_the_total_is_split_by_months():
    towns = [Adopter(HIMESHIMA, population=0, months=12), Adopter(KUNISAKI, population=0,
                                                                    months=6),
             Adopter(BEPPU, population=0, months=6)]

    by_usage = allocate(total=1_000_000, rule=SharingRule(0, 0, 100), adopters=towns)
    by_population = allocate(total=1_000_000, rule=SharingRule(0, 100, 0), adopters=towns)

    assert by_usage.weights == by_population.weights == {Part.EQUAL: 100}
    assert by_usage.left_out == (Part.USAGE,)
    assert by_population.left_out == (Part.POPULATION,)
    assert amounts(by_usage) == amounts(by_population) == {
        HIMESHIMA: 500_000, KUNISAKI: 250_000, BEPPU: 250_000}


# --- The taper -------------------------------------------------------------------------


def test_the_harp_taper_gives_one_and_a_half_times_the_share_for_twice_the_people():
    towns = [Adopter(HIMESHIMA, population=10_000), Adopter(KUNISAKI, population=20_000)]

    allocation = allocate(total=TOTAL, rule=SharingRule(0, 100, 0, taper=Decimal("0.585")),
                          adopters=towns)

    ratio = allocation.share_of(KUNISAKI).raw / allocation.share_of(HIMESHIMA).raw
    assert abs(ratio - Fraction(3, 2)) < Fraction(1, 1000)  # 2^0.585 = 1.49995…


def test_the_taper_may_be_given_as_a_decimal_a_string_or_a_float(oita_three):
    results = [amounts(allocate(total=TOTAL, rule=SharingRule(30, 70, 0, taper=taper),
                                adopters=oita_three))
               for taper in (Decimal("0.585"), "0.585", 0.585)]

    assert results[0] == results[1] == results[2]


def test_a_taper_of_one_is_exactly_proportional():
    assert tapered_population(113_454, Decimal("1.000")) == 113_454


@pytest.mark.parametrize("population", [2, 1878, 26_543, 113_454, 477_584, 3_777_491])
def test_tapered_populations_are_the_same_in_both_decimal_implementations(population):
    """The C `decimal` (libmpdec) and the pure-Python `_pydecimal` must agree digit for
    digit: that is what makes the taper deterministic on every machine."""
    context = _pydecimal.Context(prec=TAPER_DIGITS, rounding=_pydecimal.ROUND_HALF_EVEN)
    k = _pydecimal.Decimal("0.585")
    reference = context.exp(context.multiply(k, context.ln(_pydecimal.Decimal(population))))

    assert tapered_population(population, Decimal("0.585")) == Fraction(str(reference))


# --- Validation ------------------------------------------------------------------------


def problems_of(**arguments) -> list[tuple[str, str]]:
    with pytest.raises(DomainError) as error:
        allocate(**arguments)
    assert error.value.code == ErrorCode.VALIDATION_ERROR
    return [(detail["field"], detail["code"]) for detail in error.value.details]


def towns(count=3):
    return [Adopter(code, population=1000) for code in (HIMESHIMA, KUNISAKI, BEPPU)[:count]]


@pytest.mark.parametrize(("total", "rule", "field", "code"), [
    (-1, SharingRule(100, 0, 0), "total", "total_negative"),
    (1.5, SharingRule(100, 0, 0), "total", "total_not_integer"),
    (100, SharingRule(50, 30, 10), "rule", "weights_sum_not_100"),
    (100, SharingRule(-10, 60, 50), "rule.equal", "weight_out_of_range"),
    (100, SharingRule(50.5, 49.5, 0), "rule.equal", "weight_out_of_range"),
    (100, SharingRule(0, 101, -1), "rule.population", "weight_out_of_range"),
    (100, SharingRule(100, 0, 0, taper=0), "rule.taper", "taper_out_of_range"),
    (100, SharingRule(100, 0, 0, taper=Decimal("1.5")), "rule.taper", "taper_out_of_range"),
    (100, SharingRule(100, 0, 0, taper="abc"), "rule.taper", "taper_out_of_range"),
    (100, SharingRule(100, 0, 0, taper=float("nan")), "rule.taper", "taper_out_of_range"),
    (100, SharingRule(100, 0, 0, unit=0), "rule.unit", "unit_invalid"),
    (100, SharingRule(100, 0, 0, unit=True), "rule.unit", "unit_invalid"),
])
def test_a_bad_total_or_rule_is_refused_naming_the_field(total, rule, field, code):
    assert (field, code) in problems_of(total=total, rule=rule, adopters=towns())


@pytest.mark.parametrize(("adopter", "field", "code"), [
    (Adopter("44322", population=1), "adopters[3].lg_code", "lg_code_format"),
    (Adopter("443220", population=1), "adopters[3].lg_code", "lg_code_check_digit"),
    (Adopter(HIMESHIMA, population=1), "adopters[3].lg_code", "lg_code_duplicate"),
    (Adopter("442011", population=-1), "adopters[3].population", "population_invalid"),
    (Adopter("442011", population=1, months=0), "adopters[3].months", "months_out_of_range"),
    (Adopter("442011", population=1, months=13), "adopters[3].months", "months_out_of_range"),
    (Adopter("442011", population=1, usage=-1), "adopters[3].usage", "usage_negative"),
    (Adopter("442011", population=1, usage="many"), "adopters[3].usage", "usage_invalid"),
    (Adopter("442011", population=1, usage=Decimal("Infinity")), "adopters[3].usage",
     "usage_invalid"),
])
def test_a_bad_adopter_is_refused_naming_its_position_and_field(adopter, field, code):
    assert problems_of(total=100, rule=SharingRule(100, 0, 0),
                       adopters=[*towns(), adopter]) == [(field, code)]


def test_every_problem_is_reported_at_once_with_japanese_messages():
    with pytest.raises(DomainError) as error:
        allocate(total=-5, rule=SharingRule(50, 30, 10, unit=0),
                 adopters=[*towns(), Adopter(BEPPU, population=1, months=13)])

    assert [(detail["field"], detail["code"]) for detail in error.value.details] == [
        ("total", "total_negative"),
        ("rule", "weights_sum_not_100"),
        ("rule.unit", "unit_invalid"),
        ("adopters[3].lg_code", "lg_code_duplicate"),
        ("adopters[3].months", "months_out_of_range"),
    ]
    assert error.value.message == "入力内容に誤りがあります。"
    assert error.value.details[1]["message"] == (
        "均等割、人口割及び利用量割の割合は合計100%にしてください（現在の合計は90%です）。")


def test_a_single_problem_is_the_error_message_itself():
    with pytest.raises(DomainError) as error:
        allocate(total=100, rule=SharingRule(100, 0, 0), adopters=[])

    assert error.value.details[0]["field"] == "adopters"
    assert error.value.message == "負担する団体を1つ以上指定してください。"
