"""The cost shares (負担金) of each system and 年度, versioned, and what a town would pay.

`allocation_refresh` recomputes a system's shares with shared_services.allocation for each
年度 from a given one on, and writes a new version only where a town's amount (or the rule)
changed, with the reason; the towns whose line changed are notified (see notices).
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

from django.db.models import Q
from django.utils import timezone
from django_tenants.utils import get_public_schema_name

from kyodo.audit.services import audit_record
from kyodo.fiscal import fiscal_year_end, fiscal_year_of, fiscal_year_start, months_active
from shared_services.allocation import Adopter, Allocation, SharingRule, allocate
from shared_services.models import AllocationLine, AllocationVersion, CommonSystem, Subscription


def sharing_rule(system: CommonSystem) -> SharingRule:
    return SharingRule(equal=system.equal_weight, population=system.population_weight,
                       usage=system.usage_weight, taper=system.taper, unit=system.rounding_unit)


def subscriptions_in(system: CommonSystem, fiscal_year: int):
    """The subscriptions of a system that are active in some month of the 年度."""
    return (Subscription.objects.filter(system=system,
                                        first_month__lte=fiscal_year_end(fiscal_year))
            .filter(Q(last_month__isnull=True)
                    | Q(last_month__gte=fiscal_year_start(fiscal_year)))
            .select_related("municipality").order_by("municipality__lg_code"))


def _months(subscription: Subscription, fiscal_year: int) -> int:
    first = subscription.first_month
    last = subscription.last_month
    return months_active(fiscal_year, (first.year, first.month),
                         (last.year, last.month) if last else None)


def adopters_of(system: CommonSystem, fiscal_year: int) -> list[tuple[Subscription, Adopter]]:
    return [(subscription, Adopter(lg_code=subscription.municipality.lg_code,
                                   population=subscription.municipality.population or 0,
                                   months=_months(subscription, fiscal_year),
                                   usage=subscription.usage))
            for subscription in subscriptions_in(system, fiscal_year)]


def _two_places(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_EVEN)


def allocation_refresh(*, actor, system: CommonSystem, from_fiscal_year: int,
                       reason: str) -> list[AllocationVersion]:
    """New versions for every 年度 from `from_fiscal_year` to the current one (and any later
    year that already has versions), where the shares changed. Runs in the caller's
    transaction; the affected towns are notified once it commits."""
    current = fiscal_year_of(timezone.localdate())
    latest = (AllocationVersion.objects.filter(system=system).order_by("-fiscal_year")
              .values_list("fiscal_year", flat=True).first() or current)
    written = []
    for fiscal_year in range(from_fiscal_year, max(current, latest) + 1):
        version = _refresh_year(actor=actor, system=system, fiscal_year=fiscal_year,
                                reason=reason)
        if version is not None:
            written.append(version)
    return written


def _refresh_year(*, actor, system, fiscal_year: int, reason: str) -> AllocationVersion | None:
    adopters = adopters_of(system, fiscal_year)
    previous = (AllocationVersion.objects.select_for_update()
                .filter(system=system, fiscal_year=fiscal_year).order_by("-version").first())
    if not adopters and previous is None:
        return None
    rule = sharing_rule(system)
    allocation = allocate(total=system.annual_cost, rule=rule,
                          adopters=[adopter for _, adopter in adopters]) if adopters else None
    amounts = {share.lg_code: share.amount for share in allocation.shares} if allocation else {}
    if previous is not None and _same(previous, system, amounts):
        return None
    version = AllocationVersion.objects.create(
        system=system, fiscal_year=fiscal_year,
        version=(previous.version + 1) if previous else 1, reason=reason,
        total=system.annual_cost if allocation else 0, equal_weight=rule.equal,
        population_weight=rule.population, usage_weight=rule.usage, taper=system.taper,
        rounding_unit=rule.unit, population_as_of=system.population_as_of, computed_by=actor)
    if allocation:
        AllocationLine.objects.bulk_create(
            _line(version, subscription, adopter, allocation)
            for subscription, adopter in adopters)
    audit_record(actor=actor, action="allocation.version", target=version,
                 before={"version": previous.version,
                         "amounts": _amounts_of(previous)} if previous else None,
                 after={"version": version.version, "reason": reason, "amounts": amounts},
                 tenant_schema=get_public_schema_name())
    changed = {code for code in set(amounts) | set(_amounts_of(previous) if previous else {})
               if amounts.get(code) != (_amounts_of(previous) if previous else {}).get(code)}
    _notify_changed(version=version, previous=previous, changed=changed)
    return version


def _line(version, subscription: Subscription, adopter: Adopter,
          allocation: Allocation) -> AllocationLine:
    share = allocation.share_of(adopter.lg_code)
    return AllocationLine(
        version=version, municipality=subscription.municipality, amount=share.amount,
        months=adopter.months, population=adopter.population, usage=int(adopter.usage),
        equal_part=_two_places(share.breakdown.equal),
        population_part=_two_places(share.breakdown.population),
        usage_part=_two_places(share.breakdown.usage))


def _amounts_of(version: AllocationVersion) -> dict[str, int]:
    return dict(version.lines.values_list("municipality__lg_code", "amount"))


def _same(previous: AllocationVersion, system: CommonSystem, amounts: dict[str, int]) -> bool:
    rule_unchanged = (previous.total == system.annual_cost
                      and (previous.equal_weight, previous.population_weight,
                           previous.usage_weight, previous.rounding_unit)
                      == (system.equal_weight, system.population_weight, system.usage_weight,
                          system.rounding_unit)
                      and previous.taper == system.taper)
    return rule_unchanged and _amounts_of(previous) == amounts


def _notify_changed(*, version, previous, changed: set[str]) -> None:
    """Each town whose line changed learns its new share and why (notices.py)."""
    from shared_services.notices import allocation_changed

    if changed:
        allocation_changed(version=version, previous=previous, lg_codes=changed)


@dataclass(frozen=True)
class Estimate:
    """What a town would pay if it joined: in the first 年度 (months from its start) and in a
    full year, beside buying alone; the saving is per full year."""

    fiscal_year: int
    months: int
    first_year_share: int
    full_year_share: int
    standalone_price: int | None
    adopters: int  # towns sharing, this one included

    @property
    def saving(self) -> int | None:
        if self.standalone_price is None:
            return None
        return self.standalone_price - self.full_year_share


def estimate(*, system: CommonSystem, municipality, usage: int,
             start: datetime.date) -> Estimate:
    """Shares computed by the same engine as the bills, with the town added to the current
    adopters (or, if it already uses the system, as it is)."""
    fiscal_year = fiscal_year_of(start)
    others = [adopter for subscription, adopter in adopters_of(system, fiscal_year)
              if subscription.municipality_id != municipality.pk]
    months = months_active(fiscal_year, (start.year, start.month))
    population = municipality.population or 0

    def share(months_here: int, everyone: list[Adopter]) -> int:
        town = Adopter(lg_code=municipality.lg_code, population=population, months=months_here,
                       usage=usage)
        return allocate(total=system.annual_cost, rule=sharing_rule(system),
                        adopters=[*everyone, town]).share_of(municipality.lg_code).amount

    full_year_others = [Adopter(lg_code=adopter.lg_code, population=adopter.population,
                                months=12, usage=adopter.usage) for adopter in others]
    standalone = system.standalone_charges.filter(
        band=municipality.population_band).values_list("annual_price", flat=True).first()
    return Estimate(fiscal_year=fiscal_year, months=months,
                    first_year_share=share(months, others),
                    full_year_share=share(12, full_year_others),
                    standalone_price=standalone, adopters=len(others) + 1)
