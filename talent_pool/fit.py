"""How well one specialist suits one support request: the fit, and the weights behind it.

The optimiser maximises the sum of the fits of the matches it makes, so this formula is
the whole of what "a good proposal" means. It is written once here, in a form that
works on NumPy arrays (the optimiser scores every candidate pair at once) and on plain
numbers (a match's explanation), so the two can never disagree:

    fit = priority_weight[priority] × band_weight[population_band] × (
              base
            + skill_surplus × mean over the required skills of (level − minimum level)
            + continuity    × [the specialist already supports this town]
            − travel_per_km × min(distance_km, travel_max_km) × on_site_share )

The bracket says *who* serves a request best; the two multipliers say *whose* request
wins when specialists are scarce. Because both multipliers belong to the request, they
never change which specialist is best for a given request. docs/talent_pool.md gives
the reasons for every default.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from numbers import Real
from types import MappingProxyType

import numpy as np
from django.utils.translation import gettext_lazy as _

from tenants.bands import PopulationBand


class Priority(StrEnum):
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"


DEFAULT_PRIORITY_WEIGHTS = MappingProxyType({
    Priority.HIGH: 1.3,
    Priority.NORMAL: 1.0,
    Priority.LOW: 0.8,
})

# 総務省's surveys find external digital talent least often in the smallest towns
# (19.8% of small municipalities in FY2023), while 指定都市 and 中核市 have staff of
# their own; a small town's request therefore counts almost twice a 指定都市's.
DEFAULT_BAND_WEIGHTS = MappingProxyType({
    PopulationBand.TOWN_VILLAGE_SMALL: 1.5,
    PopulationBand.TOWN_VILLAGE_10K: 1.3,
    PopulationBand.GENERAL_CITY: 1.0,
    PopulationBand.SPECIAL_WARD: 1.0,
    PopulationBand.PREFECTURE: 1.0,
    PopulationBand.CORE_CITY: 0.9,
    PopulationBand.DESIGNATED_CITY: 0.8,
})


class InputProblem(StrEnum):
    """Stable codes for input the optimiser refuses (the API turns them into 400s)."""

    NEGATIVE = "negative"
    NOT_POSITIVE = "not_positive"
    OUT_OF_RANGE = "out_of_range"
    INVALID_LEVEL = "invalid_level"
    PERIOD_ORDER = "period_order"
    UNKNOWN_CHOICE = "unknown_choice"
    REQUIRED = "required"
    DUPLICATE = "duplicate"
    TRAVEL_NOT_BELOW_BASE = "travel_not_below_base"


class AssignmentInputError(ValueError):
    """Input that cannot be optimised, naming the field (`requests[3].hours_per_month`)."""

    def __init__(self, field_name: str, code: InputProblem, message):
        self.field = field_name
        self.code = code
        self.message = message  # lazy: translated when shown, in the caller's language
        super().__init__(field_name, code)

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


@dataclass(frozen=True)
class AssignmentWeights:
    """The coordinator's settings for the fit; every default is explained in docs/talent_pool.md.

    `metadata["label"]` is the Japanese name the coordinator sees beside each value.
    """

    base: float = field(default=100.0, metadata={"label": _("支援の基本点")})
    skill_surplus: float = field(
        default=10.0, metadata={"label": _("必要レベルを超えるスキル（1レベルあたり）")})
    continuity: float = field(
        default=20.0, metadata={"label": _("継続支援（すでに支援している団体）")})
    travel_per_km: float = field(
        default=0.2, metadata={"label": _("現地支援の移動距離による減点（1kmあたり）")})
    travel_max_km: float = field(
        default=300.0, metadata={"label": _("減点する移動距離の上限（km）")})
    priority: Mapping[str, float] = field(
        default_factory=lambda: DEFAULT_PRIORITY_WEIGHTS,
        metadata={"label": _("優先度による重み")})
    population_band: Mapping[str, float] = field(
        default_factory=lambda: DEFAULT_BAND_WEIGHTS,
        metadata={"label": _("団体区分による重み")})

    def validate(self) -> None:
        """Raise AssignmentInputError unless every feasible match is worth making.

        The largest travel deduction must stay below the base, so a feasible pair
        always has a positive fit: serving a request is then always better than not
        serving it, and "unserved" only ever means "no one could".
        """
        if not _is_number(self.base) or self.base <= 0:
            raise AssignmentInputError("weights.base", InputProblem.NOT_POSITIVE,
                                       _("0より大きい数値を指定してください。"))
        for name in ("skill_surplus", "continuity", "travel_per_km", "travel_max_km"):
            value = getattr(self, name)
            if not _is_number(value) or value < 0:
                raise AssignmentInputError(f"weights.{name}", InputProblem.NEGATIVE,
                                           _("0以上の数値を指定してください。"))
        if self.travel_per_km * self.travel_max_km >= self.base:
            raise AssignmentInputError(
                "weights.travel_per_km", InputProblem.TRAVEL_NOT_BELOW_BASE,
                _("移動距離による減点の上限（1kmあたりの減点×上限距離）は"
                  "支援の基本点より小さくしてください。"))
        for name, keys in (("priority", set(Priority)), ("population_band", set(PopulationBand))):
            weights = getattr(self, name)
            missing = sorted(keys - set(weights))
            if missing:
                raise AssignmentInputError(f"weights.{name}.{missing[0]}", InputProblem.REQUIRED,
                                           _("重みを指定してください。"))
            for key, value in weights.items():
                if key not in keys:
                    raise AssignmentInputError(f"weights.{name}.{key}",
                                               InputProblem.UNKNOWN_CHOICE,
                                               _("選択肢にない値です。"))
                if not _is_number(value) or value <= 0:
                    raise AssignmentInputError(f"weights.{name}.{key}", InputProblem.NOT_POSITIVE,
                                               _("0より大きい数値を指定してください。"))


def _is_number(value) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(value)


DEFAULT_WEIGHTS = AssignmentWeights()


@dataclass(frozen=True)
class FitBreakdown:
    """The terms of one pair's fit, as the formula adds and multiplies them."""

    base: float
    skill: float
    continuity: float
    travel: float
    priority_weight: float
    band_weight: float
    fit: float


def fit_value(weights: AssignmentWeights, *, mean_surplus, continuing, distance_km,
              on_site_share: float, priority: str, band: str):
    """The fit of one request with one or many specialists (scalars or NumPy arrays)."""
    inner = (weights.base
             + weights.skill_surplus * mean_surplus
             + weights.continuity * np.asarray(continuing, dtype=float)
             - weights.travel_per_km * np.minimum(distance_km, weights.travel_max_km)
             * on_site_share)
    return weights.priority[priority] * weights.population_band[band] * inner


def fit_breakdown(weights: AssignmentWeights, *, mean_surplus: float, continuing: bool,
                  distance_km: float, on_site_share: float, priority: str,
                  band: str) -> FitBreakdown:
    fit = fit_value(weights, mean_surplus=mean_surplus, continuing=continuing,
                    distance_km=distance_km, on_site_share=on_site_share,
                    priority=priority, band=band)
    return FitBreakdown(
        base=weights.base,
        skill=weights.skill_surplus * mean_surplus,
        continuity=weights.continuity if continuing else 0.0,
        travel=weights.travel_per_km * min(distance_km, weights.travel_max_km) * on_site_share,
        priority_weight=weights.priority[priority],
        band_weight=weights.population_band[band],
        fit=float(fit),
    )


@dataclass(frozen=True)
class SkillEvidence:
    skill: str
    level: int
    required: int


@dataclass(frozen=True)
class Explanation:
    """Why a specialist was matched to a request: the facts and the fit they add up to."""

    skills: tuple[SkillEvidence, ...]
    distance_km: float
    on_site_share: float
    continuity: bool
    priority: str
    population_band: str
    breakdown: FitBreakdown

    def as_dict(self) -> dict:
        return {
            "skills": [{"skill": s.skill, "level": s.level, "required": s.required}
                       for s in self.skills],
            "distance_km": round(self.distance_km, 1),
            "on_site_share": self.on_site_share,
            "continuity": self.continuity,
            "priority": str(self.priority),
            "population_band": str(self.population_band),
            "fit": {key: round(value, 4) for key, value in vars(self.breakdown).items()},
        }
