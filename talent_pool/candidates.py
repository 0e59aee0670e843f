"""The optimiser's input, and the pairs of specialist and request that could work at all.

A pair is feasible when the specialist has every required skill at its minimum level or
above, is available for the request's whole period, works on site if the request needs
any on-site presence, has the request's monthly hours left after existing engagements,
and has a town slot left (or already supports the town). Everything else is a matter of
competition between requests and is decided by the optimiser.

At national scale (thousands of requests × thousands of specialists) most pairs fail the
skill test, so the filters run as NumPy operations over all specialists at once, one
request at a time, and only feasible pairs reach the model. The filters run in a fixed
order and the count left after each is kept, so a request nobody can serve gets the
first reason that ruled everybody out.
"""

import dataclasses
import datetime
import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from numbers import Integral, Real

import numpy as np
from django.utils.translation import gettext_lazy as _

from talent_pool.fit import (
    DEFAULT_WEIGHTS,
    AssignmentInputError,
    AssignmentWeights,
    InputProblem,
    Priority,
    fit_value,
)
from talent_pool.geo import Coordinates, haversine_km
from tenants.bands import PopulationBand

MIN_LEVEL, MAX_LEVEL = 1, 4
# Float hours (0.1 + 0.2) must not make an exact fit look like an overrun.
HOURS_TOLERANCE = 1e-6


class WorkMode(StrEnum):
    """Whether a specialist travels to towns.

    A remote-only specialist is never proposed for a request with any on-site share:
    a town that asks for presence (even a quarter of the time) needs someone who will
    come. A specialist who accepts on-site work also takes fully remote requests.
    """

    REMOTE_ONLY = "remote_only"
    ON_SITE_OK = "on_site_ok"


@dataclass(frozen=True)
class AssignmentSpecialist:
    """One specialist as the optimiser sees them: skills, time, towns, place.

    `committed_hours` are the monthly hours of engagements that already run;
    `current_towns` are the 地方公共団体コード of the towns they already support, which
    count towards `max_towns` and earn the continuity bonus. Open availability dates
    (None) mean "from now" and "no end".
    """

    id: Hashable
    skills: Mapping[str, int]
    monthly_capacity_hours: float
    max_towns: int
    home: Coordinates
    committed_hours: float = 0.0
    current_towns: frozenset[str] = frozenset()
    available_from: datetime.date | None = None
    available_until: datetime.date | None = None
    work_mode: str = WorkMode.ON_SITE_OK


@dataclass(frozen=True)
class AssignmentRequest:
    """One open support request of a town, with the town's place and population band."""

    id: Hashable
    lg_code: str
    location: Coordinates
    population_band: str
    required_skills: Mapping[str, int]
    hours_per_month: float
    period_from: datetime.date
    period_until: datetime.date
    on_site_share: float = 0.0
    priority: str = Priority.NORMAL


class Filter(StrEnum):
    """The feasibility tests, in the order they are applied."""

    SKILL = "skill"
    PERIOD = "period"
    ON_SITE = "on_site"
    CAPACITY = "capacity"
    TOWN_SLOT = "town_slot"


FILTERS = tuple(Filter)


@dataclass
class CandidatePairs:
    """Every feasible (request, specialist) pair, as parallel arrays, with its fit.

    Indexes are positions in the input sequences. `survivors[i, f]` is how many
    specialists request i still had after filter f.
    """

    request: np.ndarray
    specialist: np.ndarray
    fit: np.ndarray
    distance_km: np.ndarray
    mean_surplus: np.ndarray
    continuing: np.ndarray
    hours: np.ndarray  # per request
    town: np.ndarray  # per request: index into `towns`
    towns: list[str]
    remaining_hours: np.ndarray  # per specialist, before this proposal
    town_slots: np.ndarray  # per specialist: new towns they may still take
    survivors: np.ndarray

    def __len__(self) -> int:
        return len(self.request)

    def subset(self, positions: np.ndarray) -> "CandidatePairs":
        """The same instance with only the pairs at `positions` (in that order)."""
        return dataclasses.replace(
            self, **{name: getattr(self, name)[positions] for name in PER_PAIR_FIELDS})


PER_PAIR_FIELDS = ("request", "specialist", "fit", "distance_km", "mean_surplus", "continuing")


def _invalid(field_name: str, code: InputProblem, message: str) -> AssignmentInputError:
    return AssignmentInputError(field_name, code, message)


def _check_number(value, field_name: str, *, positive: bool = False) -> None:
    if not isinstance(value, Real) or isinstance(value, bool) or not math.isfinite(value):
        raise _invalid(field_name, InputProblem.NOT_POSITIVE if positive else InputProblem.NEGATIVE,
                       _("数値を指定してください。"))
    if positive and value <= 0:
        raise _invalid(field_name, InputProblem.NOT_POSITIVE,
                       _("0より大きい数値を指定してください。"))
    if value < 0:
        raise _invalid(field_name, InputProblem.NEGATIVE,
                       _("0以上の数値を指定してください。"))


def _check_levels(levels: Mapping[str, int], field_name: str) -> None:
    for code, level in levels.items():
        if (not isinstance(level, Integral) or isinstance(level, bool)
                or not MIN_LEVEL <= level <= MAX_LEVEL):
            raise _invalid(f"{field_name}.{code}", InputProblem.INVALID_LEVEL,
                           _("スキルレベルは1から4の整数で指定してください。"))


def _check_place(place: Coordinates, field_name: str) -> None:
    if not (-90 <= place.lat <= 90 and -180 <= place.lng <= 180):
        raise _invalid(field_name, InputProblem.OUT_OF_RANGE,
                       _("緯度・経度が範囲外です。"))


def _check_choice(value, choices, field_name: str) -> None:
    if value not in set(choices):
        raise _invalid(field_name, InputProblem.UNKNOWN_CHOICE, _("選択肢にない値です。"))


def _check_unique(items, name: str) -> None:
    seen = set()
    for index, item in enumerate(items):
        if item.id in seen:
            raise _invalid(f"{name}[{index}].id", InputProblem.DUPLICATE,
                           _("同じIDが重複しています。"))
        seen.add(item.id)


def validate_instance(specialists: Sequence[AssignmentSpecialist],
                      requests: Sequence[AssignmentRequest],
                      weights: AssignmentWeights = DEFAULT_WEIGHTS) -> None:
    """Raise AssignmentInputError for the first field the optimiser cannot use."""
    weights.validate()
    _check_unique(specialists, "specialists")
    _check_unique(requests, "requests")
    for k, specialist in enumerate(specialists):
        at = f"specialists[{k}]"
        _check_levels(specialist.skills, f"{at}.skills")
        _check_number(specialist.monthly_capacity_hours, f"{at}.monthly_capacity_hours")
        _check_number(specialist.committed_hours, f"{at}.committed_hours")
        if not isinstance(specialist.max_towns, Integral) or specialist.max_towns < 0:
            raise _invalid(f"{at}.max_towns", InputProblem.NEGATIVE,
                           _("0以上の整数を指定してください。"))
        if (specialist.available_from and specialist.available_until
                and specialist.available_from > specialist.available_until):
            raise _invalid(f"{at}.available_until", InputProblem.PERIOD_ORDER,
                           _("終了日は開始日以降の日付にしてください。"))
        _check_choice(specialist.work_mode, WorkMode, f"{at}.work_mode")
        _check_place(specialist.home, f"{at}.home")
    for k, request in enumerate(requests):
        at = f"requests[{k}]"
        if not request.required_skills:
            raise _invalid(f"{at}.required_skills", InputProblem.REQUIRED,
                           _("必要なスキルを1つ以上指定してください。"))
        _check_levels(request.required_skills, f"{at}.required_skills")
        _check_number(request.hours_per_month, f"{at}.hours_per_month", positive=True)
        if request.period_from > request.period_until:
            raise _invalid(f"{at}.period_until", InputProblem.PERIOD_ORDER,
                           _("終了日は開始日以降の日付にしてください。"))
        _check_number(request.on_site_share, f"{at}.on_site_share")
        if request.on_site_share > 1:
            raise _invalid(f"{at}.on_site_share", InputProblem.OUT_OF_RANGE,
                           _("0から1の範囲で指定してください。"))
        _check_choice(request.priority, Priority, f"{at}.priority")
        _check_choice(request.population_band, PopulationBand, f"{at}.population_band")
        _check_place(request.location, f"{at}.location")


def _ordinals(dates, missing: int) -> np.ndarray:
    return np.array([missing if day is None else day.toordinal() for day in dates], dtype=np.int64)


def candidate_pairs(specialists: Sequence[AssignmentSpecialist],
                    requests: Sequence[AssignmentRequest],
                    weights: AssignmentWeights = DEFAULT_WEIGHTS) -> CandidatePairs:
    """The feasible pairs and their fits; the input must have passed validate_instance."""
    skill_codes = sorted({code for request in requests for code in request.required_skills})
    column = {code: k for k, code in enumerate(skill_codes)}
    levels = np.zeros((len(specialists), len(skill_codes)), dtype=np.int8)
    for j, specialist in enumerate(specialists):
        for code, level in specialist.skills.items():
            if code in column:
                levels[j, column[code]] = level

    available_from = _ordinals((s.available_from for s in specialists), 0)
    available_until = _ordinals((s.available_until for s in specialists),
                                datetime.date.max.toordinal())
    travels = np.array([s.work_mode != WorkMode.REMOTE_ONLY for s in specialists], dtype=bool)
    remaining = np.array([max(0.0, s.monthly_capacity_hours - s.committed_hours)
                          for s in specialists], dtype=float)
    slots = np.array([max(0, s.max_towns - len(s.current_towns)) for s in specialists],
                     dtype=np.int64)
    home_lat = np.array([s.home.lat for s in specialists], dtype=float)
    home_lng = np.array([s.home.lng for s in specialists], dtype=float)
    serving: dict[str, list[int]] = {}
    for j, specialist in enumerate(specialists):
        for lg_code in specialist.current_towns:
            serving.setdefault(lg_code, []).append(j)

    towns = sorted({request.lg_code for request in requests})
    town_index = {lg_code: t for t, lg_code in enumerate(towns)}
    hours = np.array([r.hours_per_month for r in requests], dtype=float)
    survivors = np.zeros((len(requests), len(FILTERS)), dtype=np.int64)
    skill_masks: dict[tuple, np.ndarray] = {}
    parts: dict[str, list[np.ndarray]] = {
        "request": [], "specialist": [], "fit": [], "distance_km": [],
        "mean_surplus": [], "continuing": []}

    for i, request in enumerate(requests):
        required = tuple(sorted(request.required_skills.items()))
        columns = [column[code] for code, _ in required]
        minimum = np.array([level for _, level in required], dtype=np.int8)
        if required not in skill_masks:
            skill_masks[required] = np.all(levels[:, columns] >= minimum, axis=1)
        continuing = np.zeros(len(specialists), dtype=bool)
        continuing[serving.get(request.lg_code, [])] = True
        tests = (
            skill_masks[required],
            (available_from <= request.period_from.toordinal())
            & (available_until >= request.period_until.toordinal()),
            travels if request.on_site_share > 0 else True,
            remaining + HOURS_TOLERANCE >= request.hours_per_month,
            (slots > 0) | continuing,
        )
        mask = np.ones(len(specialists), dtype=bool)
        for f, test in enumerate(tests):
            mask &= test
            survivors[i, f] = np.count_nonzero(mask)
        chosen = np.flatnonzero(mask)
        if not len(chosen):
            continue
        surplus = (levels[np.ix_(chosen, columns)] - minimum).mean(axis=1)
        distance = haversine_km(home_lat[chosen], home_lng[chosen],
                                request.location.lat, request.location.lng)
        parts["request"].append(np.full(len(chosen), i, dtype=np.int64))
        parts["specialist"].append(chosen)
        parts["mean_surplus"].append(surplus)
        parts["distance_km"].append(distance)
        parts["continuing"].append(continuing[chosen])
        parts["fit"].append(fit_value(
            weights, mean_surplus=surplus, continuing=continuing[chosen], distance_km=distance,
            on_site_share=request.on_site_share, priority=request.priority,
            band=request.population_band))

    empty = {"request": np.int64, "specialist": np.int64, "continuing": bool}
    arrays = {name: np.concatenate(chunks) if chunks else np.zeros(0, dtype=empty.get(name, float))
              for name, chunks in parts.items()}
    return CandidatePairs(
        **arrays,
        hours=hours,
        town=np.array([town_index[r.lg_code] for r in requests], dtype=np.int64),
        towns=towns,
        remaining_hours=remaining,
        town_slots=slots,
        survivors=survivors,
    )
