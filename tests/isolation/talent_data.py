"""The isolation walk's talent pool (imported at the end of foreign_data).

Foreign side (別府市, and a specialist who is none of the walk's roles):
- f1: 別府市's submitted request; f2: its draft; f3: its rated request, served by the
  foreign specialist (engagement f1, with hours and a rating comment);
- skill f1, which the coordinators added to the taxonomy (only they change it);
- the foreign specialist f1, who offers slot f1 (booked by 別府市, booking f1) and slot f2
  (free, which 姫島村 may book).

Our side (姫島村, and the walk's specialist, whose profile is o1):
- o1: 姫島村's draft; o2: its submitted request, matched to our specialist in proposal f1
  (match f1, undecided); o3: its active request served by our specialist (engagement o1);
  and, numbered as 姫島村 is, its completed request waiting for the lead's rating;
- our specialist's slot o1 (booked by 姫島村, booking o1) and slot o2 (free).
"""

import datetime

from django.utils import timezone

from kyodo.accounts.models import Membership, Role
from talent_pool.lifecycle import RequestStatus
from talent_pool.models import (
    Booking,
    ConsultationSlot,
    Engagement,
    EngagementType,
    MatchDecision,
    Proposal,
    ProposedMatch,
    RequiredSkill,
    Skill,
    Specialist,
    SpecialistSkill,
    SupportRequest,
    TimeEntry,
)
from tests.factories import UserFactory
from tests.isolation.sequences import sequences_past_planted_ids

BEPPU_TALENT_REASON = "ISOLATION-別府市の支援要請の理由-3a71"
BEPPU_TALENT_DRAFT = "ISOLATION-別府市の支援要請の下書き-b20c"
BEPPU_RATING_COMMENT = "ISOLATION-別府市の支援への評価-e5d9"
BEPPU_HOURS_NOTE = "ISOLATION-他の人材の稼働メモ-47fe"
BEPPU_BOOKING_QUESTION = "ISOLATION-別府市のスポット相談-6c18"
HIMESHIMA_TALENT_DRAFT = "ISOLATION-姫島村の支援要請の下書き-9d05"
OWN_HOURS_NOTE = "ISOLATION-自分の稼働メモ-0b3e"
# A profile's certifications: the coordinators' and the specialist's own (the API's
# /api/v1/talent/specialists/); a town sees the pool's skills without any of it.
OTHER_CERTIFICATION = "ISOLATION-他の人材の資格-8a2f"
OWN_CERTIFICATION = "ISOLATION-自分の資格-d613"


def _request(pk, town, status, reason, created_by) -> SupportRequest:
    today = timezone.localdate()
    request = SupportRequest.objects.create(
        pk=pk, municipality=town, theme="security", title=f"ISOLATION-支援要請-{pk}",
        hours_per_month=8, period_from=today - datetime.timedelta(days=30),
        period_until=today + datetime.timedelta(days=120), on_site_percent=0,
        reason=reason, status=status, created_by=created_by,
        submitted_at=None if status == RequestStatus.DRAFT else timezone.now())
    RequiredSkill.objects.create(request=request, skill=Skill.objects.get(code="security_manager"),
                                 min_level=2)
    return request


def _specialist(pk, name, home, user, certification) -> Specialist:
    specialist = Specialist.objects.create(
        pk=pk, name=name, engagement_type=EngagementType.CONTRACTED_EXPERT, home=home,
        monthly_capacity_hours=40, max_towns=3, user=user, certifications=certification)
    SpecialistSkill.objects.create(specialist=specialist,
                                   skill=Skill.objects.get(code="security_manager"), level=3)
    return specialist


def _slot(pk, specialist, days) -> ConsultationSlot:
    start = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    return ConsultationSlot.objects.create(pk=pk, specialist=specialist,
                                           starts_at=start + datetime.timedelta(days=days))


def plant(world, *, foreign_ids, own_ids) -> None:
    f1, f2, f3 = foreign_ids
    o1, o2, o3 = own_ids
    beppu_lead, lead = world.person("beppu_lead"), world.person("municipality_lead")
    other_person = UserFactory(email="isolation-specialist@pool.example")
    Membership.objects.create(pk=700007, user=other_person, municipality=world.prefecture,
                              role=Role.SPECIALIST)
    Skill.objects.create(pk=f1, code="isolation_skill", role="data_scientist",
                         name="ISOLATION-県が追加したスキル")
    other = _specialist(f1, "ISOLATION-他の人材", world.beppu, other_person, OTHER_CERTIFICATION)
    ours = _specialist(o1, "ISOLATION-自分の人材", world.himeshima, world.person("specialist"),
                       OWN_CERTIFICATION)

    beppu_submitted = _request(f1, world.beppu, RequestStatus.SUBMITTED, BEPPU_TALENT_REASON,
                               beppu_lead)
    beppu_draft = _request(f2, world.beppu, RequestStatus.DRAFT, BEPPU_TALENT_DRAFT, beppu_lead)
    beppu_rated = _request(f3, world.beppu, RequestStatus.RATED, BEPPU_TALENT_REASON, beppu_lead)
    today = timezone.localdate()
    beppu_engagement = Engagement.objects.create(
        pk=f1, request=beppu_rated, specialist=other, hours_per_month=8,
        started_on=beppu_rated.period_from, ended_on=today, rating=4,
        rating_comment=BEPPU_RATING_COMMENT, rated_by=beppu_lead, rated_at=timezone.now())
    TimeEntry.objects.create(pk=f1, engagement=beppu_engagement, day=today, hours=2,
                             note=BEPPU_HOURS_NOTE, logged_by=other_person)

    own_draft = _request(o1, world.himeshima, RequestStatus.DRAFT, HIMESHIMA_TALENT_DRAFT, lead)
    own_proposed = _request(o2, world.himeshima, RequestStatus.PROPOSED, "姫島村の提出済みの要請",
                            lead)
    own_active = _request(o3, world.himeshima, RequestStatus.ACTIVE, "姫島村の支援中の要請", lead)
    own_engagement = Engagement.objects.create(pk=o1, request=own_active, specialist=ours,
                                               hours_per_month=8,
                                               started_on=own_active.period_from)
    TimeEntry.objects.create(pk=o1, engagement=own_engagement,
                             day=today - datetime.timedelta(days=1), hours=1,
                             note=OWN_HOURS_NOTE, logged_by=world.person("specialist"))
    # Numbered as 姫島村 is (the walk tries the towns' ids too): ended, for its lead to rate.
    own_completed = _request(world.himeshima.pk, world.himeshima, RequestStatus.COMPLETED,
                             "姫島村の終了した要請", lead)
    completed_engagement = Engagement.objects.create(
        pk=world.himeshima.pk, request=own_completed, specialist=ours, hours_per_month=4,
        started_on=own_completed.period_from, ended_on=today)
    proposal = Proposal.objects.create(
        pk=f1, created_by=world.person("prefecture_coordinator"), objective=150, bound=150,
        gap=0, optimal=True, status="optimal", weights={}, unserved=[], seconds=0.1)
    match = ProposedMatch.objects.create(
        pk=f1, proposal=proposal, request=own_proposed, specialist=ours, hours=8, fit=150,
        decision=MatchDecision.PENDING,
        explanation={"skills": [{"skill": "security_manager", "level": 3, "required": 2}],
                     "distance_km": 0.0, "on_site_share": 0.0, "continuity": False,
                     "priority": "normal", "population_band": "town_village_small",
                     "fit": {"base": 100.0, "skill": 10.0, "continuity": 0.0, "travel": 0.0,
                             "priority_weight": 1.0, "band_weight": 1.5, "fit": 165.0}})

    beppu_slot, free_foreign = _slot(f1, other, 3), _slot(f2, other, 4)
    own_slot, free_own = _slot(o1, ours, 5), _slot(o2, ours, 6)
    beppu_booking = Booking.objects.create(pk=f1, slot=beppu_slot, municipality=world.beppu,
                                           booked_by=beppu_lead, question=BEPPU_BOOKING_QUESTION)
    own_booking = Booking.objects.create(pk=o1, slot=own_slot, municipality=world.himeshima,
                                         booked_by=lead, question="姫島村のスポット相談")
    sequences_past_planted_ids(Skill, Specialist, SupportRequest, Engagement, TimeEntry,
                               Proposal, ProposedMatch, ConsultationSlot, Booking)
    world.foreign += [other, beppu_submitted, beppu_draft, beppu_rated, beppu_engagement,
                      proposal, match, beppu_slot, free_foreign, beppu_booking]
    world.own += [ours, own_draft, own_proposed, own_active, own_engagement, own_completed,
                  completed_engagement, own_slot, free_own, own_booking]


def _rows(queryset):
    from tests.isolation.foreign_data import rows

    return rows(queryset)


def requests_of(town) -> tuple:
    return (_rows(SupportRequest.objects.filter(municipality=town)),
            _rows(RequiredSkill.objects.filter(request__municipality=town)),
            _rows(Engagement.objects.filter(request__municipality=town)))


def hours_of(town) -> tuple:
    return _rows(TimeEntry.objects.filter(engagement__request__municipality=town))


def specialist_rows(pk) -> tuple:
    return (_rows(Specialist.objects.filter(pk=pk)),
            _rows(SpecialistSkill.objects.filter(specialist_id=pk)))


def proposals() -> tuple:
    return _rows(Proposal.objects.all())


def matches_of(town) -> tuple:
    return _rows(ProposedMatch.objects.filter(request__municipality=town))


def slots_of(pk) -> tuple:
    return _rows(ConsultationSlot.objects.filter(specialist_id=pk))


def bookings_of(town) -> tuple:
    return _rows(Booking.objects.filter(municipality=town))


def skills() -> tuple:
    return _rows(Skill.objects.all())
