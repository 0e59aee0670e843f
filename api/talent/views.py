"""The talent pool's API views: parse input, call one selector or service, render.

The prefecture's side (/api/v1/talent/) serves the coordinators (profiles, engagements,
proposals) and the specialists (their own profile, engagements, hours and slots); a
town's side (/m/<slug>/api/v1/talent/) serves its members: the pool's skills without
names, the town's requests, open slots and bookings, and the engagements serving it.
Who may do what is kyodo.accounts.policy's, asked through the selectors and services.
"""

from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from api.schema import ID_PARAMETER, error_response
from api.talent import serializers as s
from api.views import TownApi
from talent_pool import selectors
from talent_pool.explain import explanation_from_dict, match_text
from talent_pool.services.consultations import slot_book, slot_publish
from talent_pool.services.engagements import time_entry_log
from talent_pool.services.proposals import proposal_run
from talent_pool.services.requests import (
    support_request_create,
    support_request_submit,
    support_request_withdraw,
)
from talent_pool.services.specialists import specialist_availability_update

INVALID_TRANSITION = error_response(
    "`invalid_transition`: the request's current state does not allow this action "
    "(talent_pool.lifecycle.TRANSITIONS).")


def _does_not_exist(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]}, code="does_not_exist")


class ListApi(GenericAPIView):
    """A paged list from one selector."""

    def page(self, rows):
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


# --- Specialists -----------------------------------------------------------------------------

class SpecialistListApi(ListApi):
    serializer_class = s.SpecialistOutputSerializer

    @extend_schema(responses=s.SpecialistOutputSerializer(many=True))
    def get(self, request):
        """Every profile in the pool, for the coordinators; a specialist gets their own. A
        town's members see the pool without names at /m/{slug}/api/v1/talent/skill-availability/
        (403 here)."""
        return self.page(selectors.specialist_visible_list(actor=request.user))


class SpecialistDetailApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(parameters=[ID_PARAMETER], responses=s.SpecialistOutputSerializer)
    def get(self, request, pk: int):
        """One profile: any for the coordinators, the caller's own for a specialist."""
        specialist = selectors.specialist_visible_get(actor=request.user, pk=pk)
        return Response(s.SpecialistOutputSerializer(specialist).data)

    @extend_schema(parameters=[ID_PARAMETER], request=s.AvailabilityInput,
                   responses=s.SpecialistOutputSerializer)
    def patch(self, request, pk: int):
        """Change the availability (monthly hours, towns at once, period, way of working):
        the specialist their own, a coordinator anyone's. Only the fields sent change; a
        capacity below 1 is a 400 on `monthly_capacity_hours` (`min_value`), an end before
        the start one on `available_until` (`period_order`)."""
        specialist = selectors.specialist_visible_get(actor=request.user, pk=pk)
        given = s.AvailabilityInput(data=request.data)
        given.is_valid(raise_exception=True)
        specialist = specialist_availability_update(actor=request.user, specialist=specialist,
                                                    data=given.validated_data)
        specialist = selectors.specialist_visible_get(actor=request.user, pk=specialist.pk)
        return Response(s.SpecialistOutputSerializer(specialist).data)


class SkillAvailabilityApi(TownApi):
    @extend_schema(responses=s.SkillAvailabilityOutputSerializer(many=True))
    def get(self, request):
        """What the pool can offer now, per skill of the taxonomy, without names or any
        personal data: how many specialists with free hours this month have the skill at
        each level or above, and their free hours together."""
        rows = selectors.skill_availability(actor=request.user, municipality=request.tenant)
        return Response(s.SkillAvailabilityOutputSerializer(rows, many=True).data)


# --- A town's support requests (/m/<slug>/api/v1/talent/requests/) -------------------------

class TownRequestListApi(TownApi, ListApi):
    serializer_class = s.SupportRequestOutputSerializer
    parser_classes = [JSONParser]

    @extend_schema(parameters=[s.SupportRequestFilterSerializer],
                   responses=s.SupportRequestOutputSerializer(many=True))
    def get(self, request):
        """The town's support requests, drafts included, newest first."""
        filters = s.SupportRequestFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        requests = selectors.town_request_list(actor=request.user, municipality=request.tenant)
        if "status" in filters.validated_data:
            requests = requests.filter(status=filters.validated_data["status"])
        return self.page(requests)

    @extend_schema(request=s.SupportRequestCreateInput,
                   responses={201: s.SupportRequestOutputSerializer},
                   examples=[OpenApiExample("姫島村のセキュリティ支援", request_only=True, value={
                       "theme": "security", "title": "情報セキュリティポリシーの改定",
                       "hours_per_month": 16, "period_from": "2027-04-01",
                       "period_until": "2028-03-31", "on_site_percent": 25,
                       "priority": "normal", "reason": "職員に専門知識がないため。",
                       "skills": [{"skill": "security_manager", "min_level": 2}]})])
    def post(self, request):
        """A draft request of the town, by any of its members; the town's lead submits it
        (…/submit/). A skill code not in the taxonomy is a 400 on `skills[i].skill`
        (`unknown_skill`), an end before the start one on `period_until`
        (`period_order`)."""
        given = s.SupportRequestCreateInput(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        skills = data.pop("skills")
        created = support_request_create(actor=request.user, municipality=request.tenant,
                                         data=data, skills=skills)
        created = selectors.request_get(actor=request.user, pk=created.pk,
                                        municipality=request.tenant)
        return Response(s.SupportRequestOutputSerializer(created).data,
                        status=status.HTTP_201_CREATED)


class TownRequestDetailApi(TownApi):
    @extend_schema(parameters=[ID_PARAMETER], responses=s.SupportRequestOutputSerializer)
    def get(self, request, pk: int):
        """One of the town's requests; another town's is a 404."""
        found = selectors.request_get(actor=request.user, pk=pk, municipality=request.tenant)
        return Response(s.SupportRequestOutputSerializer(found).data)


class TownRequestStepApi(TownApi):
    step = None

    @extend_schema(parameters=[ID_PARAMETER], request=None,
                   responses={200: s.SupportRequestOutputSerializer, 409: INVALID_TRANSITION})
    def post(self, request, pk: int):
        found = selectors.request_get(actor=request.user, pk=pk, municipality=request.tenant)
        type(self).step(actor=request.user, request=found)
        found = selectors.request_get(actor=request.user, pk=pk, municipality=request.tenant)
        return Response(s.SupportRequestOutputSerializer(found).data)


class TownRequestSubmitApi(TownRequestStepApi):
    """Submit the town's draft to the prefecture: the town's lead only (403 for its staff)."""

    step = support_request_submit


class TownRequestWithdrawApi(TownRequestStepApi):
    """Withdraw the town's request (a draft, submitted or proposed one): the town's lead
    only; an undecided match made for it is dropped."""

    step = support_request_withdraw


# --- Engagements and hours -------------------------------------------------------------------

class EngagementListApi(ListApi):
    serializer_class = s.EngagementOutputSerializer

    @extend_schema(responses=s.EngagementOutputSerializer(many=True))
    def get(self, request):
        """Every engagement for the coordinators (with the towns' ratings); a specialist's
        own for them. A town's are at /m/{slug}/api/v1/talent/engagements/."""
        return self.page(selectors.engagement_visible_list(actor=request.user))


class TownEngagementListApi(TownApi, ListApi):
    serializer_class = s.TownEngagementOutputSerializer

    @extend_schema(operation_id="town_talent_engagements_list",
                   responses=s.TownEngagementOutputSerializer(many=True))
    def get(self, request):
        """The engagements serving the town's requests: who, and the hours delivered in
        total and month by month. The town's rating is not here (the coordinators' only)."""
        return self.page(selectors.town_engagement_list(actor=request.user,
                                                        municipality=request.tenant))


class TimeEntryListApi(ListApi):
    serializer_class = s.TimeEntryOutputSerializer
    parser_classes = [JSONParser]

    @extend_schema(parameters=[s.TimeEntryFilterSerializer],
                   responses=s.TimeEntryOutputSerializer(many=True))
    def get(self, request):
        """The specialist's own hours, newest day first (specialists only)."""
        filters = s.TimeEntryFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        return self.page(selectors.time_entry_list(
            actor=request.user, engagement_id=filters.validated_data.get("engagement")))

    @extend_schema(request=s.TimeEntryInput, responses={201: s.TimeEntryOutputSerializer},
                   examples=[OpenApiExample("2.5 hours on one day", request_only=True, value={
                       "engagement": 12, "day": "2026-12-01", "hours": 2.5,
                       "note": "ポリシー改定の打合せ"})])
    def post(self, request):
        """Log (or correct) one day's hours on the specialist's own running engagement.
        Hours that take the specialist's month past their monthly capacity are a 400
        `over_capacity` naming `over_capacity_reason` unless a reason is given."""
        selectors.time_entry_list(actor=request.user)  # specialists only
        given = s.TimeEntryInput(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        try:
            engagement = selectors.engagement_get(actor=request.user, pk=data.pop("engagement"))
        except Http404 as error:
            raise _does_not_exist("engagement", _("この支援はありません。")) from error
        entry = time_entry_log(actor=request.user, engagement=engagement, **data)
        return Response(s.TimeEntryOutputSerializer(entry).data, status=status.HTTP_201_CREATED)


# --- Spot consultations ----------------------------------------------------------------------

class OwnSlotListApi(ListApi):
    serializer_class = s.OwnSlotOutputSerializer
    parser_classes = [JSONParser]

    @extend_schema(responses=s.OwnSlotOutputSerializer(many=True))
    def get(self, request):
        """The slots the specialist offers (from 30 days back), with who booked them."""
        return self.page(selectors.own_slot_list(actor=request.user))

    @extend_schema(request=s.SlotInput, responses={201: s.OwnSlotOutputSerializer})
    def post(self, request):
        """Offer a one-hour slot: in the future, up to 180 days ahead, starting on the hour
        or half hour, not overlapping the specialist's own slots (400 on `starts_at`:
        `in_past`, `too_far`, `not_on_half_hour`, `overlaps`)."""
        selectors.own_slot_list(actor=request.user)  # specialists only
        given = s.SlotInput(data=request.data)
        given.is_valid(raise_exception=True)
        specialist = selectors.specialist_of(request.user)
        if specialist is None:
            raise Http404
        slot = slot_publish(actor=request.user, specialist=specialist, **given.validated_data)
        return Response(s.OwnSlotOutputSerializer(slot).data, status=status.HTTP_201_CREATED)


class TownOpenSlotListApi(TownApi, ListApi):
    serializer_class = s.OpenSlotOutputSerializer

    @extend_schema(operation_id="town_talent_slots_list",
                   responses=s.OpenSlotOutputSerializer(many=True))
    def get(self, request):
        """Slots from now on that nobody has booked, earliest first."""
        return self.page(selectors.open_slots(actor=request.user, municipality=request.tenant))


class TownBookingListApi(TownApi, ListApi):
    serializer_class = s.BookingOutputSerializer
    parser_classes = [JSONParser]

    @extend_schema(responses=s.BookingOutputSerializer(many=True))
    def get(self, request):
        """The town's bookings, latest slot first, cancelled ones included."""
        return self.page(selectors.town_bookings(actor=request.user,
                                                 municipality=request.tenant))

    @extend_schema(request=s.BookingInput, responses={
        201: s.BookingOutputSerializer,
        409: error_response("`slot_taken`: another booking holds the slot (two at the same "
                            "moment: exactly one gets it). `deadline_passed`: the slot has "
                            "started.")})
    def post(self, request):
        """Book a slot for the town with a question; the specialist and the town are
        notified. A slot that does not exist is a 400 on `slot` (`does_not_exist`)."""
        given = s.BookingInput(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            slot = selectors.slot_get(actor=request.user, municipality=request.tenant,
                                      pk=given.validated_data["slot"])
        except Http404 as error:
            raise _does_not_exist("slot", _("この枠はありません。")) from error
        booking = slot_book(actor=request.user, slot=slot, municipality=request.tenant,
                            question=given.validated_data["question"])
        return Response(s.BookingOutputSerializer(booking).data, status=status.HTTP_201_CREATED)


# --- Proposals -------------------------------------------------------------------------------

class ProposalApi(APIView):
    @extend_schema(request=None, responses={201: s.ProposalOutputSerializer})
    def post(self, request):
        """Run the optimiser over every open request (submitted, or proposed by an earlier
        run nobody decided) and keep the proposal: coordinators only. `optimal` is true
        when the total fit is proven the highest possible; otherwise `gap` bounds how far
        below it may be. Each match explains itself in the request's language; each
        unserved request has its reason's code (docs/talent_pool.md)."""
        proposal = proposal_run(actor=request.user)
        language = get_language() or "ja"
        names = {skill.code: skill.label(language) for skill in selectors.skill_list()}
        matches = [{"request": match.request_id, "specialist": match.specialist_id,
                    "hours": match.hours,
                    "explanation": match_text(explanation_from_dict(match.explanation), names)}
                   for match in selectors.proposal_matches(proposal)]
        unserved = [{"request": row["request"], "reason": row["reason"]}
                    for row in proposal.unserved]
        return Response(s.ProposalOutputSerializer({
            "objective": proposal.objective, "optimal": proposal.optimal, "gap": proposal.gap,
            "matches": matches, "unserved": unserved}).data, status=status.HTTP_201_CREATED)
