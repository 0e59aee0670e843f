"""The optimiser's input built from the database: every active specialist with what they
already carry, and every open support request with its town's place and band."""

from collections import defaultdict

from django.db.models import Prefetch

from talent_pool.candidates import AssignmentRequest, AssignmentSpecialist
from talent_pool.geo import coordinates_of
from talent_pool.lifecycle import OPEN_STATUSES, RequestStatus
from talent_pool.models import (
    Engagement,
    RequiredSkill,
    Specialist,
    SpecialistSkill,
    SupportRequest,
)


def open_requests():
    return (SupportRequest.objects.filter(status__in=OPEN_STATUSES)
            .select_related("municipality")
            .prefetch_related(Prefetch("required_skills",
                                       RequiredSkill.objects.select_related("skill")))
            .order_by("pk"))


def active_specialists():
    return (Specialist.objects.filter(is_active=True).select_related("home")
            .prefetch_related(Prefetch("skills", SpecialistSkill.objects.select_related("skill")))
            .order_by("pk"))


def as_assignment_request(request: SupportRequest) -> AssignmentRequest:
    town = request.municipality
    return AssignmentRequest(
        id=request.pk, lg_code=town.lg_code, location=coordinates_of(town.lg_code),
        population_band=town.population_band,
        required_skills={row.skill.code: row.min_level for row in request.required_skills.all()},
        hours_per_month=float(request.hours_per_month), period_from=request.period_from,
        period_until=request.period_until, on_site_share=request.on_site_percent / 100,
        priority=request.priority)


def as_assignment_specialist(specialist: Specialist, *, committed_hours: float = 0.0,
                             current_towns: frozenset[str] = frozenset()) -> AssignmentSpecialist:
    return AssignmentSpecialist(
        id=specialist.pk, skills={row.skill.code: row.level for row in specialist.skills.all()},
        monthly_capacity_hours=float(specialist.monthly_capacity_hours),
        max_towns=specialist.max_towns, home=coordinates_of(specialist.home.lg_code),
        committed_hours=committed_hours, current_towns=current_towns,
        available_from=specialist.available_from, available_until=specialist.available_until,
        work_mode=specialist.work_mode)


def current_load() -> tuple[dict[int, float], dict[int, frozenset[str]]]:
    """Monthly hours and towns of the engagements that run now, per specialist."""
    hours: dict[int, float] = defaultdict(float)
    towns: dict[int, set[str]] = defaultdict(set)
    for specialist_id, town, monthly in Engagement.objects.filter(
            request__status=RequestStatus.ACTIVE).values_list(
            "specialist_id", "request__municipality__lg_code", "hours_per_month"):
        hours[specialist_id] += monthly
        towns[specialist_id].add(town)
    return dict(hours), {key: frozenset(value) for key, value in towns.items()}


def assignment_instance(requests=None) -> tuple[list[AssignmentSpecialist],
                                                list[AssignmentRequest]]:
    hours, towns = current_load()
    specialists = [as_assignment_specialist(specialist,
                                            committed_hours=hours.get(specialist.pk, 0.0),
                                            current_towns=towns.get(specialist.pk, frozenset()))
                   for specialist in active_specialists()]
    requests = open_requests() if requests is None else requests
    return specialists, [as_assignment_request(request) for request in requests]
