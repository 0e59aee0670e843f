"""Cost allocation: how a shared system's annual cost is split among the towns adopting it.

Pure functions on plain values (no database), so the catalog's "what my town would
pay", the allocation versions, the tender's contract shares and the API preview all
compute the same yen. docs/shared_services.md ("Cost allocation") states the rule
with a worked example; this module is that text in code.

For a total T (yen), weights e, p, u in whole percent (均等割, 人口割, 利用量割; they sum
to 100), a taper exponent k and a rounding unit r, adopter i with population P_i,
usage U_i and M_i months active in the fiscal year has the raw share

    T × ( e·M_i/ΣM + p·M_i·P_i^k/Σ(M·P^k) + u·U_i/ΣU ) / 100.

A part whose denominator is zero (nobody has any usage, say) is left out and its weight
spread over the remaining parts in proportion to theirs. When no part with a weight
remains, the whole total is split by months active (the equal part, whose denominator
ΣM is never zero): with nothing to tell the towns apart, they pay alike per month.

The raw shares are exact fractions of a yen. floor(T/r) units of r yen are given out
by the largest-remainder method (ties: the lower 地方公共団体コード first), and the
T mod r yen that no unit can carry go to the largest raw share (ties: the lower code).
The amounts therefore always add up to T.

Exactness: with k = 1 everything is rational and computed with `fractions.Fraction`.
With another k, P^k is in general irrational; it is computed as exp(k·ln P) with
`decimal` at TAPER_DIGITS significant digits, each step (ln, multiplication, exp)
correctly rounded half-even, which is how Python documents them; a correctly rounded
result is unique. So the value is a function of the inputs alone, the same on every
machine and in both of CPython's implementations of `decimal` (no binary floating
point, no platform maths library). From there on it is an exact Fraction like the rest.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction
from numbers import Rational

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kyodo.errors import DomainError, ErrorCode
from tenants.lg_code import validate_lg_code

PERCENT = 100
# 34 digits, the precision of IEEE 754 decimal128: P^k is then within 10⁻³¹ of its
# true value relatively, so for any total below 10¹⁵ yen the error is under 10⁻¹⁶ yen,
# while the nearest two distinct populations' P^k differ by more than 10⁻⁷ relatively.
TAPER_DIGITS = 34
TAPER_CONTEXT = Context(prec=TAPER_DIGITS, rounding=ROUND_HALF_EVEN)


class Part(StrEnum):
    EQUAL = "equal"  # 均等割: alike for every town, per month active
    POPULATION = "population"  # 人口割: by population (tapered by k), per month active
    USAGE = "usage"  # 利用量割: by usage


@dataclass(frozen=True)
class SharingRule:
    """How a total is shared. Field names are those of the API's `rule` object."""

    equal: int  # 均等割, whole percent
    population: int  # 人口割, whole percent
    usage: int  # 利用量割, whole percent
    taper: Decimal | int | str = 1  # k: 1 is proportional; 0.585 gives ×1.5 per ×2 people
    unit: int = 1  # yen; the shares are whole multiples of it except for the leftover


@dataclass(frozen=True)
class Adopter:
    """One town sharing the cost. Field names are those of the API's `adopters` items."""

    lg_code: str
    population: int  # from the master data; the caller names its source and date
    months: int = 12  # months active in the fiscal year, 1–12
    usage: int | Decimal | Fraction = 0


@dataclass(frozen=True)
class Breakdown:
    """The exact yen each part contributes to a town's raw share."""

    equal: Fraction
    population: Fraction
    usage: Fraction

    @property
    def raw(self) -> Fraction:
        return self.equal + self.population + self.usage


@dataclass(frozen=True)
class Share:
    lg_code: str
    amount: int  # yen billed
    breakdown: Breakdown  # why: the raw share, part by part

    @property
    def raw(self) -> Fraction:
        return self.breakdown.raw


@dataclass(frozen=True)
class Allocation:
    total: int
    unit: int
    taper: Decimal
    weights: dict[Part, Fraction]  # the weights applied, in percent, after leaving parts out
    left_out: tuple[Part, ...]  # parts with a weight whose denominator was zero
    shares: tuple[Share, ...]  # one per adopter, in the order given

    def share_of(self, lg_code: str) -> Share:
        for share in self.shares:
            if share.lg_code == lg_code:
                return share
        raise KeyError(lg_code)


def allocate(*, total: int, rule: SharingRule, adopters: Sequence[Adopter]) -> Allocation:
    """Split `total` yen among `adopters` by `rule` (see the module docstring).

    Bad input raises DomainError(VALIDATION_ERROR) listing every problem with its field
    path (`rule`, `rule.taper`, `adopters[3].lg_code` …) and a stable code. Whether a
    code is a municipality Kyodo knows is the caller's check: it supplies populations.
    """
    taper, usages = _validated(total, rule, adopters)
    codes = [adopter.lg_code for adopter in adopters]
    values = {
        Part.EQUAL: [adopter.months for adopter in adopters],
        Part.POPULATION: [adopter.months * tapered_population(adopter.population, taper)
                          for adopter in adopters],
        Part.USAGE: usages,
    }
    sums = {part: sum(part_values) for part, part_values in values.items()}
    rule_weights = {Part.EQUAL: rule.equal, Part.POPULATION: rule.population,
                    Part.USAGE: rule.usage}
    weights, left_out = _applied_weights(rule_weights, sums)

    parts = {part: [Fraction(0)] * len(adopters) for part in Part}
    for part, weight in weights.items():
        scale = total * weight / (PERCENT * sums[part])
        parts[part] = [scale * value for value in values[part]]
    breakdowns = [Breakdown(parts[Part.EQUAL][i], parts[Part.POPULATION][i], parts[Part.USAGE][i])
                  for i in range(len(adopters))]
    amounts = apportion(total, rule.unit, [b.raw for b in breakdowns], codes)
    return Allocation(
        total=total, unit=rule.unit, taper=taper, weights=weights, left_out=left_out,
        shares=tuple(Share(code, amount, breakdown)
                     for code, amount, breakdown in zip(codes, amounts, breakdowns, strict=True)),
    )


def tapered_population(population: int, taper: Decimal) -> int | Fraction:
    """P^k: exact for k = 1 (and for P of 0 or 1), otherwise exp(k·ln P) to TAPER_DIGITS."""
    if taper == 1 or population in (0, 1):
        return population
    context = TAPER_CONTEXT
    return Fraction(context.exp(context.multiply(taper, context.ln(Decimal(population)))))


def apportion(total: int, unit: int, raws: Sequence[Fraction], codes: Sequence[str]) -> list[int]:
    """Whole amounts for exact raw shares (one or more) that add up to `total`.

    floor(total/unit) units go out by the largest remainder (ties: lower code first);
    the total mod unit yen left over go to the largest raw share (ties: lower code).
    The raw shares must add up to `total`. They are brought over one common denominator
    first, so that the quotas, remainders and comparisons are integer arithmetic.
    """
    raws = [Fraction(raw) for raw in raws]
    denominator = math.lcm(*(raw.denominator for raw in raws))
    numerators = [raw.numerator * (denominator // raw.denominator) for raw in raws]
    units, leftover = divmod(total, unit)
    counts = [numerator // (denominator * unit) for numerator in numerators]
    remainders = [numerator % (denominator * unit) for numerator in numerators]
    by_remainder = sorted(range(len(raws)), key=lambda i: (-remainders[i], codes[i]))
    for i in by_remainder[:units - sum(counts)]:
        counts[i] += 1
    amounts = [count * unit for count in counts]
    if leftover:
        largest = min(range(len(raws)), key=lambda i: (-numerators[i], codes[i]))
        amounts[largest] += leftover
    return amounts


def _applied_weights(
    rule_weights: dict[Part, int], sums: dict[Part, int | Fraction]
) -> tuple[dict[Part, Fraction], tuple[Part, ...]]:
    kept = {part: weight for part, weight in rule_weights.items() if weight and sums[part]}
    left_out = tuple(part for part, weight in rule_weights.items() if weight and not sums[part])
    if not kept:
        kept = {Part.EQUAL: PERCENT}
    kept_total = sum(kept.values())
    return {part: Fraction(weight * PERCENT, kept_total) for part, weight in kept.items()}, left_out


# --- Validation ------------------------------------------------------------------------


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value) -> Fraction | None:
    """An exact value for a usage figure, or None when it is not a finite number.

    A float is read as its shortest decimal form (0.1 is 1/10), as a person typed it.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, Rational):
        return Fraction(value)
    if isinstance(value, float | Decimal):
        if isinstance(value, float):
            value = Decimal(repr(value))
        return Fraction(value) if value.is_finite() else None
    return None


def _taper(value) -> Decimal | None:
    """k as a Decimal, or None when it is not a number in (0, 1]."""
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, float):
            value = Decimal(repr(value))
        elif isinstance(value, Fraction):
            value = TAPER_CONTEXT.divide(Decimal(value.numerator), Decimal(value.denominator))
        elif isinstance(value, int | str):
            value = Decimal(value)
    except InvalidOperation:
        return None
    if not isinstance(value, Decimal) or not value.is_finite() or not 0 < value <= 1:
        return None
    return value


def _validated(total, rule: SharingRule, adopters: Sequence[Adopter]):
    """The taper and usages as exact numbers, or DomainError naming every bad field."""
    problems: list[dict] = []

    def problem(field: str, code: str, message: str) -> None:
        problems.append({"field": field, "code": code, "message": message})

    if not _is_int(total):
        problem("total", "total_not_integer", _("総額は円単位の整数で指定してください。"))
    elif total < 0:
        problem("total", "total_negative", _("総額に負の値は指定できません。"))

    weights = {"equal": rule.equal, "population": rule.population, "usage": rule.usage}
    for name, weight in weights.items():
        if not _is_int(weight) or not 0 <= weight <= PERCENT:
            problem(f"rule.{name}", "weight_out_of_range",
                    _("配分割合は0から100までの整数（%）で指定してください。"))
    if all(_is_int(weight) for weight in weights.values()) and sum(weights.values()) != PERCENT:
        problem("rule", "weights_sum_not_100",
                _("均等割、人口割及び利用量割の割合は合計100%%にしてください"
                  "（現在の合計は%(sum)d%%です）。") % {"sum": sum(weights.values())})
    taper = _taper(rule.taper)
    if taper is None:
        problem("rule.taper", "taper_out_of_range",
                _("人口割の逓減指数は0より大きく1以下の数で指定してください。"))
    if not _is_int(rule.unit) or rule.unit < 1:
        problem("rule.unit", "unit_invalid",
                _("端数処理の単位は1円以上の整数で指定してください。"))

    if not adopters:
        problem("adopters", "adopters_empty", _("負担する団体を1つ以上指定してください。"))
    seen: set[str] = set()
    usages: list[Fraction] = []
    for index, adopter in enumerate(adopters):
        field = f"adopters[{index}]"
        try:
            validate_lg_code(adopter.lg_code if isinstance(adopter.lg_code, str) else "")
        except ValidationError as error:
            problem(f"{field}.lg_code", error.code, str(error.messages[0]))
        else:
            if adopter.lg_code in seen:
                problem(f"{field}.lg_code", "lg_code_duplicate",
                        _("同じ地方公共団体コードが重複して指定されています。"))
            seen.add(adopter.lg_code)
        if not _is_int(adopter.population) or adopter.population < 0:
            problem(f"{field}.population", "population_invalid",
                    _("人口は0以上の整数で指定してください。"))
        if not _is_int(adopter.months) or not 1 <= adopter.months <= 12:
            problem(f"{field}.months", "months_out_of_range",
                    _("利用月数は1から12までの整数で指定してください。"))
        usage = _number(adopter.usage)
        if usage is None:
            problem(f"{field}.usage", "usage_invalid", _("利用量は数値で指定してください。"))
        elif usage < 0:
            problem(f"{field}.usage", "usage_negative", _("利用量に負の値は指定できません。"))
        usages.append(usage)

    if problems:
        message = problems[0]["message"] if len(problems) == 1 else _("入力内容に誤りがあります。")
        raise DomainError(ErrorCode.VALIDATION_ERROR, message, details=problems)
    return taper, usages
