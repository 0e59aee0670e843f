"""The prefecture curates the catalog: systems, their pricing, standalone prices by
population band, specification versions, and their status (with its history)."""

import datetime
import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name

from kyodo.accounts.models import VendorStatus
from kyodo.accounts.policy import can_manage_catalog
from kyodo.audit.services import audit_record, snapshot
from kyodo.errors import DomainError, ErrorCode
from kyodo.fiscal import fiscal_year_of, months_spanned
from shared_services.models import (
    CommonSystem,
    SpecificationDocument,
    StandaloneCharge,
    SystemStatus,
    SystemStatusChange,
)

PUBLIC = get_public_schema_name


def _audit(*, actor, action: str, system: CommonSystem, before=None, after=None) -> None:
    audit_record(actor=actor, action=action, target=system, before=before, after=after,
                 tenant_schema=PUBLIC())


def _check_provider(system: CommonSystem) -> None:
    if system.provider_id and system.provider.status != VendorStatus.APPROVED:
        raise ValidationError({"provider": _("提供事業者には承認済みの事業者を選んでください。")},
                              code="provider_not_approved")


def common_system_create(*, actor, data: dict, standalone_prices: dict[str, int]) -> CommonSystem:
    """A new system, as a draft: towns see it once it is published."""
    if not can_manage_catalog(actor):
        raise PermissionDenied
    with transaction.atomic():
        system = CommonSystem(status=SystemStatus.DRAFT,
                              **{field: data[field] for field in CommonSystem.AUDITED_FIELDS
                                 if field in data})
        system.full_clean()
        _check_provider(system)
        system.save()
        SystemStatusChange.objects.create(system=system, to_status=SystemStatus.DRAFT,
                                          actor=actor)
        _set_standalone_prices(system, standalone_prices)
        _audit(actor=actor, action="common_system.create", system=system,
               after={**snapshot(system, list(CommonSystem.AUDITED_FIELDS)),
                      "standalone_prices": standalone_prices})
    return system


def common_system_update(*, actor, system: CommonSystem, data: dict,
                         standalone_prices: dict[str, int] | None = None) -> CommonSystem:
    """Change a system's description or pricing. A change to the pricing of a system in use
    writes new allocation versions for the current and later 年度, with the reason."""
    from shared_services.services.charges import allocation_refresh

    if not can_manage_catalog(actor):
        raise PermissionDenied
    fields = list(CommonSystem.AUDITED_FIELDS)
    with transaction.atomic():
        system = CommonSystem.objects.select_for_update().get(pk=system.pk)
        before = snapshot(system, fields)
        for field in fields:
            if field in data:
                setattr(system, field, data[field])
        system.full_clean()
        _check_provider(system)
        system.save()
        if standalone_prices is not None:
            before["standalone_prices"] = _prices_of(system)
            _set_standalone_prices(system, standalone_prices)
        after = {**snapshot(system, fields),
                 **({"standalone_prices": standalone_prices} if standalone_prices is not None
                    else {})}
        if after != before:
            _audit(actor=actor, action="common_system.update", system=system, before=before,
                   after=after)
        if any(before[field] != after[field] for field in CommonSystem.PRICING_FIELDS):
            allocation_refresh(actor=actor, system=system,
                               from_fiscal_year=fiscal_year_of(timezone.localdate()),
                               reason=_("費用または分担方法が変更されたため"))
    return system


def _prices_of(system: CommonSystem) -> dict[str, int]:
    return dict(system.standalone_charges.values_list("band", "annual_price"))


def _set_standalone_prices(system: CommonSystem, prices: dict[str, int]) -> None:
    system.standalone_charges.exclude(band__in=list(prices)).delete()
    for band, price in prices.items():
        StandaloneCharge.objects.update_or_create(system=system, band=band,
                                                  defaults={"annual_price": price})


ALLOWED_STATUS_CHANGES = {
    SystemStatus.DRAFT: {SystemStatus.PUBLISHED},
    SystemStatus.PUBLISHED: {SystemStatus.RETIRED},
    SystemStatus.RETIRED: {SystemStatus.PUBLISHED},
}


def common_system_set_status(*, actor, system: CommonSystem, status: str,
                             comment: str = "") -> CommonSystem:
    """Publish, retire or republish a system. Every change is kept in its history."""
    if not can_manage_catalog(actor):
        raise PermissionDenied
    with transaction.atomic():
        system = CommonSystem.objects.select_for_update().get(pk=system.pk)
        if status not in ALLOWED_STATUS_CHANGES.get(system.status, set()):
            raise DomainError(
                ErrorCode.INVALID_TRANSITION,
                _("「%(from)s」から「%(to)s」には変更できません。") % {
                    "from": system.get_status_display(), "to": SystemStatus(status).label},
                status=409)
        if status == SystemStatus.PUBLISHED and system.provider_id is None:
            raise DomainError(ErrorCode.VALIDATION_ERROR,
                              _("公開する前に提供事業者を登録してください。"),
                              details=[{"field": "provider", "code": "required",
                                        "message": _("提供事業者を選んでください。")}])
        previous = system.status
        system.status = status
        system.save(update_fields=["status", "updated_at"])
        SystemStatusChange.objects.create(system=system, from_status=previous, to_status=status,
                                          actor=actor, comment=comment.strip())
        _audit(actor=actor, action="common_system.set_status", system=system,
               before={"status": previous}, after={"status": status, "comment": comment.strip()})
    return system


def specification_add(*, actor, system: CommonSystem, title: str, upload) -> SpecificationDocument:
    """Add the next version of the system's specification; earlier versions stay."""
    if not can_manage_catalog(actor):
        raise PermissionDenied
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    with transaction.atomic():
        system = CommonSystem.objects.select_for_update().get(pk=system.pk)
        version = (system.specifications.order_by("-version").values_list(
            "version", flat=True).first() or 0) + 1
        document = SpecificationDocument(system=system, version=version, title=title.strip(),
                                         sha256=digest.hexdigest(), size=upload.size,
                                         uploaded_by=actor)
        document.file.save(upload.name, upload, save=False)
        document.full_clean()
        document.save()
        _audit(actor=actor, action="common_system.add_specification", system=system,
               after={"version": version, "title": document.title, "sha256": document.sha256,
                      "size": document.size})
    return document


def common_system_from_contract(*, actor, name: str, category: str, delivery: str, provider,
                                value: int, starts_on: datetime.date, ends_on: datetime.date,
                                equal_weight: int, population_weight: int, adopters,
                                source: str) -> CommonSystem:
    """A system the prefecture bought by joint procurement enters the catalog, published,
    with the towns that joined as its adopters from the contract's first month to its last.

    Its annual cost is the contract value spread evenly over the contract's months (×12),
    shared by the tender's rule; a town that adopts it later shares it the catalog's way.
    Runs in the caller's transaction (the contract's).
    """
    from shared_services.models import Subscription
    from shared_services.services.charges import allocation_refresh
    from shared_services.signals import subscriptions_changed

    months = months_spanned(starts_on, ends_on)
    system = common_system_create(actor=actor, standalone_prices={}, data={
        "name": name[:150], "category": category, "delivery": delivery, "provider": provider,
        "annual_cost": round(value * 12 / months), "equal_weight": equal_weight,
        "population_weight": population_weight, "usage_weight": 0,
        "description": source[:4000]})
    system = common_system_set_status(actor=actor, system=system, status=SystemStatus.PUBLISHED,
                                      comment=source[:500])
    first, last = starts_on.replace(day=1), ends_on.replace(day=1)
    Subscription.objects.bulk_create([Subscription(municipality=town, system=system,
                                                   first_month=first, last_month=last)
                                      for town in adopters])
    subscriptions_changed.send(sender=Subscription, system=system, municipalities=adopters)
    _audit(actor=actor, action="common_system.adopters_from_contract", system=system,
           after={"adopters": sorted(town.lg_code for town in adopters),
                  "first_month": str(first), "last_month": str(last)})
    allocation_refresh(actor=actor, system=system, from_fiscal_year=fiscal_year_of(first),
                       reason=_("共同調達の契約により参加団体が利用を開始するため"))
    return system
