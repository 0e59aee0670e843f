"""Every read of the talent pool, filtered by who asks (kyodo.accounts.policy decides)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, Sum
from django.http import Http404
from django.utils import timezone

from kyodo.accounts.policy import (
    can_draft_support_request,
    can_list_own_pool_work,
    can_manage_specialists,
    can_view_engagement,
    can_view_skill_availability,
    can_view_specialist,
    can_view_specialists,
    can_view_support_request,
    can_view_town_engagements,
    can_view_utilisation,
)
from talent_pool.instance import current_load
from talent_pool.lifecycle import ENGAGED_STATUSES, RequestStatus
from talent_pool.models import (
    Booking,
    ConsultationSlot,
    Engagement,
    Proposal,
    ProposedMatch,
    RequiredSkill,
    Skill,
    Specialist,
    SpecialistSkill,
    SupportRequest,
    TimeEntry,
)
from tenants.bands import PopulationBand


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def skill_list():
    return Skill.objects.all()


def specialist_of(user) -> Specialist | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Specialist.objects.select_related("home").filter(user=user).first()


def _profiles():
    return (Specialist.objects.select_related("home", "user")
            .prefetch_related(Prefetch("skills", SpecialistSkill.objects.select_related("skill"))))


def specialist_list(*, actor):
    _require(can_manage_specialists(actor))
    return _profiles()


def specialist_visible_list(*, actor):
    """Every profile for the coordinators; for a specialist, their own (a list of one)."""
    if can_view_specialists(actor):
        return _profiles()
    _require(can_list_own_pool_work(actor))
    return _profiles().filter(user=actor)


def specialist_visible_get(*, actor, pk: int) -> Specialist:
    specialist = _profiles().filter(pk=pk).first()
    if specialist is None or not can_view_specialist(actor, specialist):
        raise Http404
    return specialist


def specialist_get(*, actor, pk: int) -> Specialist:
    specialist = specialist_list(actor=actor).filter(pk=pk).first()
    if specialist is None:
        raise Http404
    return specialist


def _requests():
    return (SupportRequest.objects.select_related("municipality", "engagement__specialist")
            .prefetch_related(Prefetch("required_skills",
                                       RequiredSkill.objects.select_related("skill"))))


def town_request_list(*, actor, municipality):
    _require(can_draft_support_request(actor, municipality))
    return _requests().filter(municipality=municipality)


def request_list(*, actor, status: str | None = None):
    """The coordinator's queue: every town's requests except drafts (still the town's)."""
    _require(can_manage_specialists(actor))
    requests = _requests().exclude(status=RequestStatus.DRAFT)
    if status:
        requests = requests.filter(status=status)
    return requests.order_by("-submitted_at", "-pk")


def request_get(*, actor, pk: int, municipality=None) -> SupportRequest:
    """One request, if `actor` may see it; under a town's workspace only that town's."""
    requests = _requests().filter(pk=pk)
    if municipality is not None:
        requests = requests.filter(municipality=municipality)
    request = requests.first()
    if request is None or not can_view_support_request(actor, request):
        raise Http404
    if municipality is None and request.status == RequestStatus.DRAFT:
        raise Http404  # a draft is the town's until it is submitted
    return request


def latest_proposal():
    return Proposal.objects.select_related("created_by").first()


def proposal_matches(proposal: Proposal):
    return (ProposedMatch.objects.filter(proposal=proposal)
            .select_related("request__municipality", "specialist__home", "decided_by")
            .prefetch_related(Prefetch("request__required_skills",
                                       RequiredSkill.objects.select_related("skill"))))


def _engagements():
    return Engagement.objects.select_related("request__municipality", "specialist__home")


def engagement_get(*, actor, pk: int, municipality=None) -> Engagement:
    engagements = _engagements().filter(pk=pk)
    if municipality is not None:
        engagements = engagements.filter(request__municipality=municipality)
    engagement = engagements.first()
    if engagement is None or not can_view_engagement(actor, engagement):
        raise Http404
    return engagement


def specialist_engagements(specialist: Specialist):
    return (_engagements().filter(specialist=specialist)
            .annotate(hours_logged=Sum("time_entries__hours")))


def engagement_list(*, actor):
    _require(can_manage_specialists(actor))
    return _engagements().annotate(hours_logged=Sum("time_entries__hours"))


def engagement_visible_list(*, actor):
    """Coordinators: every engagement; a specialist: their own; with the hours logged."""
    if can_manage_specialists(actor):
        return engagement_list(actor=actor)
    _require(can_list_own_pool_work(actor))
    return (_engagements().filter(specialist__user=actor)
            .annotate(hours_logged=Sum("time_entries__hours")))


def town_engagement_list(*, actor, municipality):
    """The engagements serving the town's requests, with the hours delivered."""
    _require(can_view_town_engagements(actor, municipality))
    return (_engagements().filter(request__municipality=municipality)
            .annotate(hours_logged=Sum("time_entries__hours")))


def time_entry_list(*, actor, engagement_id: int | None = None):
    """A specialist's own hours, newest day first (another's notes are never shown)."""
    _require(can_list_own_pool_work(actor))
    entries = TimeEntry.objects.filter(engagement__specialist__user=actor)
    if engagement_id is not None:
        entries = entries.filter(engagement_id=engagement_id)
    return entries.order_by("-day", "-pk")


def hours_delivered(engagement: Engagement) -> Decimal:
    return engagement.time_entries.aggregate(total=Sum("hours"))["total"] or Decimal(0)


def time_entries(engagement: Engagement):
    return engagement.time_entries.all()


def monthly_hours(engagement: Engagement) -> list[tuple[datetime.date, Decimal]]:
    """Hours delivered per month, for the town: (first day of the month, hours)."""
    totals: dict[datetime.date, Decimal] = defaultdict(Decimal)
    for day, hours in engagement.time_entries.values_list("day", "hours"):
        totals[day.replace(day=1)] += hours
    return sorted(totals.items())


@dataclass(frozen=True)
class UtilisationRow:
    specialist: Specialist
    month: datetime.date
    hours: Decimal
    capacity: int

    @property
    def percent(self) -> int:
        return round(self.hours * 100 / self.capacity) if self.capacity else 0


def utilisation(*, actor, months: list[datetime.date]) -> list[UtilisationRow]:
    """Logged hours against capacity per specialist and month (months as first days)."""
    _require(can_view_utilisation(actor))
    if not months:
        return []
    first, last = min(months), max(months)
    end = (last.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    totals: dict[tuple[int, datetime.date], Decimal] = defaultdict(Decimal)
    for specialist_id, day, hours in TimeEntry.objects.filter(
            day__gte=first, day__lt=end).values_list("engagement__specialist_id", "day", "hours"):
        totals[(specialist_id, day.replace(day=1))] += hours
    return [UtilisationRow(specialist, month, totals.get((specialist.pk, month), Decimal(0)),
                           specialist.monthly_capacity_hours)
            for specialist in Specialist.objects.select_related("home").order_by("name", "pk")
            for month in sorted(months)]


def recent_months(count: int = 6, today: datetime.date | None = None) -> list[datetime.date]:
    month = (today or timezone.localdate()).replace(day=1)
    months = []
    for _index in range(count):
        months.append(month)
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return sorted(months)


@dataclass(frozen=True)
class BandRow:
    band: str
    label: str
    requests: int
    served: int
    hours: Decimal

    @property
    def served_percent(self) -> int | None:
        return round(self.served * 100 / self.requests) if self.requests else None


def fairness(*, actor) -> list[BandRow]:
    """Requests made and served, and hours delivered, per population band: whether the
    pool reaches the smallest towns. Drafts and withdrawn requests are not demand."""
    _require(can_manage_specialists(actor))
    demand = (SupportRequest.objects.exclude(status__in=[RequestStatus.DRAFT,
                                                         RequestStatus.WITHDRAWN])
              .values("municipality__population_band")
              .annotate(requests=Count("pk"),
                        served=Count("pk", filter=Q(status__in=ENGAGED_STATUSES))))
    by_band = {row["municipality__population_band"]: row for row in demand}
    hours = dict(TimeEntry.objects.values_list("engagement__request__municipality__population_band")
                 .annotate(total=Sum("hours")))
    rows = []
    for band in PopulationBand:
        if band == PopulationBand.PREFECTURE:
            continue
        row = by_band.get(band.value, {"requests": 0, "served": 0})
        rows.append(BandRow(band.value, str(band.label), row["requests"], row["served"],
                            hours.get(band.value) or Decimal(0)))
    return rows


@dataclass(frozen=True)
class SkillAvailability:
    skill: Skill
    levels: dict[int, int]  # level → specialists at that level or above with free hours
    free_hours: int


def skill_availability(*, actor, municipality) -> list[SkillAvailability]:
    """What a town may ask for, without names: per skill, how many specialists have it at
    each level with hours to spare this month, and their free hours together."""
    _require(can_view_skill_availability(actor, municipality))
    load, _towns = current_load()
    today = timezone.localdate()
    specialists = [s for s in Specialist.objects.filter(is_active=True).prefetch_related("skills")
                   if (s.available_until is None or s.available_until >= today)]
    free = {s.pk: max(0, s.monthly_capacity_hours - int(load.get(s.pk, 0))) for s in specialists}
    rows = []
    for skill in Skill.objects.all():
        levels = {level: 0 for level in range(1, 5)}
        hours = 0
        for specialist in specialists:
            level = next((row.level for row in specialist.skills.all()
                          if row.skill_id == skill.pk), 0)
            if level and free[specialist.pk] > 0:
                hours += free[specialist.pk]
                for at_least in range(1, level + 1):
                    levels[at_least] += 1
        rows.append(SkillAvailability(skill, levels, hours))
    return rows


def open_slots(*, actor, municipality):
    """Slots from now on that nobody has booked, for a town's members."""
    _require(can_view_skill_availability(actor, municipality))
    return (ConsultationSlot.objects.filter(starts_at__gt=timezone.now())
            .exclude(pk__in=Booking.objects.filter(cancelled_at__isnull=True).values("slot_id"))
            .select_related("specialist__home")
            .prefetch_related(Prefetch("specialist__skills",
                                       SpecialistSkill.objects.select_related("skill"))))


def town_bookings(*, actor, municipality):
    _require(can_view_skill_availability(actor, municipality))
    return (Booking.objects.filter(municipality=municipality)
            .select_related("slot__specialist", "booked_by").order_by("-slot__starts_at"))


def slot_get(*, actor, municipality, pk: int) -> ConsultationSlot:
    """A slot a town's member names to book it; whether it can still be booked is the
    booking service's to say (taken, or started)."""
    _require(can_view_skill_availability(actor, municipality))
    slot = ConsultationSlot.objects.select_related("specialist").filter(pk=pk).first()
    if slot is None:
        raise Http404
    return slot


def own_slot_list(*, actor):
    """The slots a specialist offers (from 30 days back), with their bookings."""
    _require(can_list_own_pool_work(actor))
    specialist = specialist_of(actor)
    if specialist is None:
        return ConsultationSlot.objects.none()
    return specialist_slots(specialist)


def specialist_slots(specialist: Specialist):
    since = timezone.now() - datetime.timedelta(days=30)
    return (ConsultationSlot.objects.filter(specialist=specialist, starts_at__gte=since)
            .prefetch_related(Prefetch("bookings", Booking.objects.select_related("municipality"))))
