"""Reads the catalog's API needs beyond shared_services.selectors, built from them and the
policy: an allocation preview, and a system's current allocation for whoever asks."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from kyodo.accounts.policy import can_preview_allocation, can_use_console, workspaces_of
from kyodo.errors import DomainError, ErrorCode
from shared_services.allocation import Adopter, Allocation, SharingRule, allocate
from shared_services.models import AllocationLine, AllocationVersion
from shared_services.selectors import allocation_lines, allocation_versions, common_system_get
from tenants.lg_code import is_valid_lg_code
from tenants.models import Municipality
from tenants.selectors import municipality_list


@dataclass(frozen=True)
class PreviewShare:
    lg_code: str
    name: str
    population: int
    months: int
    usage: int | float
    amount: int
    parts: dict  # equal, population, usage: the exact parts of the raw share (Fractions)


@dataclass(frozen=True)
class Preview:
    total: int
    unit: int
    population_as_of: datetime.date | None
    left_out: list[str]
    shares: list[PreviewShare]


def allocation_preview(*, actor, total: int, rule: dict, adopters: list[dict]) -> Preview:
    """What `rule` would charge these towns out of `total`, with their populations from
    the master data. Nothing is stored.

    Every problem is reported at once, in the engine's terms (field paths and codes),
    with one of the preview's own: `lg_code_unknown` for a well-formed code of no
    municipality Kyodo holds (the prefecture itself included: it shares no cost).
    """
    if not can_preview_allocation(actor):
        raise PermissionDenied
    codes = [adopter["lg_code"] for adopter in adopters]
    towns: dict[str, Municipality] = {
        town.lg_code: town for town in municipality_list(actor=actor).filter(
            lg_code__in=[code for code in codes if is_valid_lg_code(code)])}
    unknown = [{"field": f"adopters[{index}].lg_code", "code": "lg_code_unknown",
                "message": _("この地方公共団体コードの団体は登録されていません。")}
               for index, code in enumerate(codes) if is_valid_lg_code(code) and code not in towns]
    engine_adopters = [
        Adopter(lg_code=adopter["lg_code"], months=adopter["months"], usage=adopter["usage"],
                population=(towns[adopter["lg_code"]].population or 0)
                if adopter["lg_code"] in towns else 0)
        for adopter in adopters]
    try:
        allocation = allocate(total=total, rule=SharingRule(**rule), adopters=engine_adopters)
    except DomainError as error:
        raise _invalid([*error.details, *unknown]) from error
    if unknown:
        raise _invalid(unknown)
    return _preview(allocation, engine_adopters, towns)


def _invalid(problems: list[dict]) -> DomainError:
    """The engine's way: every problem in `details`, in the order of the input; one problem's
    message, or a general one for several."""
    problems = sorted(problems, key=_input_order)
    message = problems[0]["message"] if len(problems) == 1 else _("入力内容に誤りがあります。")
    return DomainError(ErrorCode.VALIDATION_ERROR, message, details=problems)


def _input_order(problem: dict) -> tuple[int, int]:
    field = problem["field"]
    if field.startswith("adopters["):
        return 1, int(field[len("adopters["):field.index("]")])
    return 0, 0


def _preview(allocation: Allocation, adopters: list[Adopter],
             towns: dict[str, Municipality]) -> Preview:
    dates = [towns[adopter.lg_code].population_as_of for adopter in adopters
             if towns[adopter.lg_code].population_as_of is not None]
    return Preview(
        total=allocation.total, unit=allocation.unit,
        population_as_of=min(dates) if dates else None,
        left_out=[part.value for part in allocation.left_out],
        shares=[PreviewShare(
            lg_code=share.lg_code, name=towns[share.lg_code].name,
            population=adopter.population, months=adopter.months, usage=adopter.usage,
            amount=share.amount,
            parts={"equal": share.breakdown.equal, "population": share.breakdown.population,
                   "usage": share.breakdown.usage})
            for share, adopter in zip(allocation.shares, adopters, strict=True)])


@dataclass(frozen=True)
class CurrentAllocation:
    version: AllocationVersion
    lines: list[AllocationLine]


def allocation_current(*, actor, system_id: int, fiscal_year: int) -> CurrentAllocation:
    """The latest version of a system's allocation in a 年度: every town's line for the
    prefecture's staff, only the caller's own town's line (or towns', for a person in
    several) for a town's members, and nothing for anyone else (PermissionDenied).

    A system the caller may not see, or a year without an allocation, is Http404.
    """
    console = can_use_console(actor)
    towns = [] if console else list(workspaces_of(actor))
    if not console and not towns:
        raise PermissionDenied
    system = common_system_get(actor=actor, pk=system_id)
    version = allocation_versions(actor=actor, system=system, fiscal_year=fiscal_year,
                                  municipality=None if console else towns[0]).first()
    if version is None:
        raise Http404
    if console:
        lines = list(allocation_lines(actor=actor, version=version))
    else:
        lines = [line for town in towns
                 for line in allocation_lines(actor=actor, version=version, municipality=town)]
    return CurrentAllocation(version=version, lines=lines)
