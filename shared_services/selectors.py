"""Reads of the catalog, adoption requests and cost shares, filtered by who asks."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from kyodo.accounts.policy import (
    can_use_console,
    can_view_adoption_request,
    can_view_common_system,
    can_view_town_charges,
)
from shared_services.lifecycle import AWAITING_PREFECTURE, AdoptionStatus
from shared_services.models import (
    AdoptionRequest,
    AllocationLine,
    AllocationVersion,
    CommonSystem,
    Subscription,
    SystemStatus,
)


def common_system_list(*, actor, category: str | None = None, status: str | None = None,
                       q: str | None = None) -> QuerySet[CommonSystem]:
    """The catalog as `actor` may see it: drafts only for the prefecture's staff.

    `q` matches the name (ja/en), the description and the provider's name, in any case.
    """
    if not actor.is_authenticated:
        return CommonSystem.objects.none()
    systems = CommonSystem.objects.select_related("provider")
    if not can_use_console(actor):
        systems = systems.exclude(status=SystemStatus.DRAFT)
    if category:
        systems = systems.filter(category=category)
    if status:
        systems = systems.filter(status=status)
    for word in (q or "").split():
        systems = systems.filter(Q(name__icontains=word) | Q(name_en__icontains=word)
                                 | Q(description__icontains=word)
                                 | Q(provider__legal_name__icontains=word))
    return systems.order_by("category", "name")


def common_system_get(*, actor, pk: int) -> CommonSystem:
    """A system `actor` may see; a draft is as missing as a system that does not exist."""
    system = CommonSystem.objects.select_related("provider").filter(pk=pk).first()
    if system is None or not can_view_common_system(actor, system):
        raise Http404
    return system


def adopters(*, system: CommonSystem) -> QuerySet[Subscription]:
    """The towns using the system now (or with a start already fixed). Who adopted is public
    within the prefecture; what each pays is not (see allocation_lines)."""
    return (Subscription.objects.filter(system=system, last_month__isnull=True)
            .select_related("municipality").order_by("municipality__lg_code"))


def adoption_request_list(*, actor, municipality=None) -> QuerySet[AdoptionRequest]:
    """A town's requests (for its members), or every submitted request (the prefecture)."""
    requests = AdoptionRequest.objects.select_related("municipality", "system", "created_by")
    if municipality is not None:
        if not can_view_town_charges(actor, municipality):
            raise PermissionDenied
        requests = requests.filter(municipality=municipality)
        if not _is_member_view(actor, municipality):
            requests = requests.exclude(status=AdoptionStatus.DRAFT)
        return requests
    if not can_use_console(actor):
        raise PermissionDenied
    return requests.exclude(status=AdoptionStatus.DRAFT)


def _is_member_view(actor, municipality) -> bool:
    from kyodo.accounts.policy import can_enter_workspace

    return can_enter_workspace(actor, municipality)


def adoption_queue(*, actor) -> QuerySet[AdoptionRequest]:
    """Requests waiting for the prefecture (a decision, or activation), oldest first."""
    return adoption_request_list(actor=actor).filter(status__in=AWAITING_PREFECTURE).order_by(
        "submitted_at", "pk")


def adoption_request_get(*, actor, pk: int, municipality=None) -> AdoptionRequest:
    """One request `actor` may see (within `municipality`, on a town's pages); else 404."""
    requests = AdoptionRequest.objects.select_related("municipality", "system", "created_by")
    if municipality is not None:
        requests = requests.filter(municipality=municipality)
    request = requests.filter(pk=pk).first()
    if request is None or not can_view_adoption_request(actor, request):
        raise Http404
    return request


def allocation_versions(*, actor, system: CommonSystem, fiscal_year: int,
                        municipality=None) -> QuerySet[AllocationVersion]:
    """Every version of a system's allocation in a 年度, newest first."""
    if municipality is None and not can_use_console(actor):
        raise PermissionDenied
    if municipality is not None and not can_view_town_charges(actor, municipality):
        raise PermissionDenied
    return AllocationVersion.objects.filter(system=system, fiscal_year=fiscal_year).order_by(
        "-version")


def allocation_lines(*, actor, version: AllocationVersion,
                     municipality=None) -> QuerySet[AllocationLine]:
    """The lines of one version: all of them for the prefecture's staff, a town's own line
    for its members (no town sees what another pays)."""
    lines = version.lines.select_related("municipality")
    if municipality is not None:
        if not can_view_town_charges(actor, municipality):
            raise PermissionDenied
        return lines.filter(municipality=municipality)
    if not can_use_console(actor):
        raise PermissionDenied
    return lines


def town_charges(*, actor, municipality, fiscal_year: int) -> list[dict]:
    """負担金明細: for each system the town shares in a 年度, its line in every version
    (newest first), so the town sees each change and its reason."""
    if not can_view_town_charges(actor, municipality):
        raise PermissionDenied
    lines = (AllocationLine.objects.filter(municipality=municipality,
                                           version__fiscal_year=fiscal_year)
             .select_related("version", "version__system")
             .order_by("version__system__name", "-version__version"))
    statement: dict[int, dict] = {}
    for line in lines:
        entry = statement.setdefault(line.version.system_id, {
            "system": line.version.system, "current": None, "history": []})
        if entry["current"] is None:
            entry["current"] = line
        entry["history"].append(line)
    for entry in statement.values():
        latest = AllocationVersion.objects.filter(
            system=entry["system"], fiscal_year=fiscal_year).order_by("-version").first()
        entry["ended"] = latest is not None and latest.pk != entry["current"].version_id
    return list(statement.values())


def prefecture_charges(*, actor, fiscal_year: int) -> list[AllocationLine]:
    """Every town's current line of every system in a 年度 (the prefecture's statement)."""
    if not can_use_console(actor):
        raise PermissionDenied
    latest = (AllocationVersion.objects.filter(fiscal_year=fiscal_year)
              .order_by("system_id", "-version").distinct("system_id").values_list("pk", flat=True))
    return list(AllocationLine.objects.filter(version__in=list(latest))
                .select_related("version__system", "municipality")
                .order_by("version__system__name", "municipality__lg_code"))
