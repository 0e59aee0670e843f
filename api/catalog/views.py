"""The catalog's API views: parse input, call one selector or service, render the output.

The prefecture's side and everyone's reads are under /api/v1/; a town's own adoption
requests under /m/<slug>/api/v1/ (the town is the path's: `request.tenant`, and only
its members get in, by tenants.middleware.WorkspaceMember).
"""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from api.catalog import serializers as s
from api.catalog.selectors import allocation_current, allocation_preview
from api.schema import ID_PARAMETER, error_response
from api.views import TownApi
from shared_services.lifecycle import AdoptionAction
from shared_services.selectors import (
    adopters,
    adoption_queue,
    adoption_request_get,
    adoption_request_list,
    common_system_get,
    common_system_list,
)
from shared_services.services.adoption import adoption_request_act, adoption_request_create

INVALID_TRANSITION = error_response(
    "`invalid_transition`: the request's current state does not allow this action "
    "(shared_services.lifecycle.TRANSITIONS); the message names the state and the action.")


# --- The catalog ----------------------------------------------------------------------------

class SystemListApi(GenericAPIView):
    serializer_class = s.SystemOutputSerializer

    @extend_schema(parameters=[s.SystemFilterSerializer],
                   responses=s.SystemOutputSerializer(many=True))
    def get(self, request):
        """The common systems the caller may see (drafts only for the prefecture's staff),
        by category and name."""
        filters = s.SystemFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        systems = common_system_list(actor=request.user, **filters.validated_data)
        page = self.paginate_queryset(systems)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class SystemDetailApi(APIView):
    @extend_schema(parameters=[ID_PARAMETER], responses=s.SystemDetailOutputSerializer)
    def get(self, request, pk: int):
        """A system with its standalone prices, specification versions and the towns using
        it. What each town pays is not here (see the allocations)."""
        system = common_system_get(actor=request.user, pk=pk)
        return Response(s.SystemDetailOutputSerializer(
            system, context={"request": request, "adopters": adopters(system=system)}).data)


# --- Adoption requests: the prefecture's side --------------------------------------------------

class AdoptionRequestListApi(GenericAPIView):
    serializer_class = s.AdoptionRequestOutputSerializer

    @extend_schema(parameters=[s.AdoptionRequestFilterSerializer],
                   responses=s.AdoptionRequestOutputSerializer(many=True))
    def get(self, request):
        """Every town's submitted requests, newest first: for the prefecture's staff (a
        draft stays the town's own until it is submitted)."""
        filters = s.AdoptionRequestFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        requests = adoption_request_list(actor=request.user)
        if "status" in filters.validated_data:
            requests = requests.filter(status=filters.validated_data["status"])
        page = self.paginate_queryset(requests)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class AdoptionQueueApi(GenericAPIView):
    serializer_class = s.AdoptionRequestOutputSerializer

    @extend_schema(responses=s.AdoptionRequestOutputSerializer(many=True))
    def get(self, request):
        """The prefecture's queue: requests waiting for its decision or for activation,
        oldest first, with the days each has waited."""
        page = self.paginate_queryset(adoption_queue(actor=request.user))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class AdoptionRequestDetailApi(APIView):
    @extend_schema(parameters=[ID_PARAMETER], responses=s.AdoptionRequestDetailOutputSerializer)
    def get(self, request, pk: int):
        """One request with its history, for the prefecture's staff and the town's members."""
        adoption = adoption_request_get(actor=request.user, pk=pk)
        return Response(s.AdoptionRequestDetailOutputSerializer(
            adoption, context={"request": request}).data)


class ActApi(APIView):
    """One lifecycle action on one request (shared_services.lifecycle). The input is read
    first, then the request is found among those the caller may see (404 otherwise),
    then the service decides: 409 `invalid_transition` from a state the action does not
    leave, 403 for a role that may not take it."""

    action: AdoptionAction
    input_serializer = s.ActInput
    parser_classes = [JSONParser]

    def find(self, request, pk: int):
        return adoption_request_get(actor=request.user, pk=pk)

    def post(self, request, pk: int):
        given = self.input_serializer(data=request.data)
        given.is_valid(raise_exception=True)
        adoption = adoption_request_act(actor=request.user, request=self.find(request, pk),
                                        action=self.action, **given.validated_data)
        return Response(s.AdoptionRequestDetailOutputSerializer(
            adoption, context={"request": request}).data)


def act_schema(input_serializer):
    return extend_schema(parameters=[ID_PARAMETER], request=input_serializer,
                         responses={200: s.AdoptionRequestDetailOutputSerializer,
                                    409: INVALID_TRANSITION})


class ReturnApi(ActApi):
    action = AdoptionAction.RETURN
    input_serializer = s.ActWithReasonInput

    @act_schema(s.ActWithReasonInput)
    def post(self, request, pk: int):
        """Return a submitted request to the town, with the reason (`comment`): the town may
        change it and submit it again. Coordinators only."""
        return super().post(request, pk)


class ApproveApi(ActApi):
    action = AdoptionAction.APPROVE

    @act_schema(s.ActInput)
    def post(self, request, pk: int):
        """Approve a submitted request. Coordinators only."""
        return super().post(request, pk)


class RejectApi(ActApi):
    action = AdoptionAction.REJECT
    input_serializer = s.ActWithReasonInput

    @act_schema(s.ActWithReasonInput)
    def post(self, request, pk: int):
        """Reject a submitted request, with the reason (`comment`). Coordinators only."""
        return super().post(request, pk)


class ActivateApi(ActApi):
    action = AdoptionAction.ACTIVATE
    input_serializer = s.ActivateInput

    @act_schema(s.ActivateInput)
    def post(self, request, pk: int):
        """Start the use of an approved request from `month` (by default the requested start):
        the town's subscription begins, and the allocation of every 年度 from then on is
        recomputed, with a new version where a town's share changes. Coordinators only."""
        return super().post(request, pk)


class EndApi(ActApi):
    action = AdoptionAction.END
    input_serializer = s.EndInput

    @act_schema(s.EndInput)
    def post(self, request, pk: int):
        """End the use of an active request after `month` (by default this month): the
        allocations from then on are recomputed. Coordinators only."""
        return super().post(request, pk)


# --- Allocations ----------------------------------------------------------------------------

PREVIEW_EXAMPLE = OpenApiExample("50% 均等割, 50% 人口割, three Oita towns", request_only=True,
                                 value={"total": 12_000_000,
                                        "rule": {"equal": 50, "population": 50, "usage": 0,
                                                 "taper": 1, "unit": 1},
                                        "adopters": [{"lg_code": "443221", "months": 12},
                                                     {"lg_code": "442020", "months": 12}]})


class AllocationPreviewApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(request=s.AllocationPreviewInput, examples=[PREVIEW_EXAMPLE],
                   responses={200: s.AllocationPreviewOutputSerializer})
    def post(self, request):
        """What a sharing rule would charge these towns, computed by the same engine as the
        bills (docs/shared_services.md), with populations from the master data; nothing is
        stored. For coordinators and towns' members. A value the engine refuses is a 400
        with its field path and code (`adopters[3].months`, `months_out_of_range`); a
        well-formed code of no municipality here is `lg_code_unknown`."""
        given = s.AllocationPreviewInput(data=request.data)
        given.is_valid(raise_exception=True)
        preview = allocation_preview(actor=request.user, **given.validated_data)
        return Response(s.AllocationPreviewOutputSerializer(preview).data)


class AllocationApi(APIView):
    @extend_schema(parameters=[s.AllocationQuerySerializer], responses={
        200: s.AllocationOutputSerializer,
        404: error_response("`not_found`: no such system (or one the caller may not see), "
                            "or no allocation of it in that fiscal year.")})
    def get(self, request):
        """The current version of a system's allocation in a fiscal year, with its reason
        and each line's parts: every town's line for the prefecture's staff, the caller's
        own town's line for a town's members (with a token, the token's town)."""
        query = s.AllocationQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        current = allocation_current(actor=request.user, system_id=query.validated_data["system"],
                                     fiscal_year=query.validated_data["fiscal_year"])
        return Response(s.AllocationOutputSerializer(current).data)


# --- A town's own adoption requests (/m/<slug>/api/v1/) -------------------------------------

class TownAdoptionRequestListApi(TownApi, GenericAPIView):
    serializer_class = s.AdoptionRequestOutputSerializer
    parser_classes = [JSONParser]

    @extend_schema(parameters=[s.AdoptionRequestFilterSerializer],
                   responses=s.AdoptionRequestOutputSerializer(many=True))
    def get(self, request):
        """The town's adoption requests, drafts included, newest first."""
        filters = s.AdoptionRequestFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        requests = adoption_request_list(actor=request.user, municipality=request.tenant)
        if "status" in filters.validated_data:
            requests = requests.filter(status=filters.validated_data["status"])
        page = self.paginate_queryset(requests)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=s.AdoptionRequestCreateInput, responses={
        201: s.AdoptionRequestDetailOutputSerializer,
        409: error_response("`already_requested`: the town has an open request for this "
                            "system. `conflict`: the system is not published (retired).")})
    def post(self, request):
        """A draft request for a published system. Any member of the town may draft; the
        town's lead submits it (…/submit/). A system the caller cannot see is a 400 on
        `system` (`does_not_exist`)."""
        given = s.AdoptionRequestCreateInput(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        try:
            system = common_system_get(actor=request.user, pk=data.pop("system"))
        except Http404 as error:
            raise ValidationError({"system": [_("この共通システムはありません。")]},
                                  code="does_not_exist") from error
        adoption = adoption_request_create(actor=request.user, municipality=request.tenant,
                                           system=system, data=data)
        return Response(s.AdoptionRequestDetailOutputSerializer(
            adoption, context={"request": request}).data, status=status.HTTP_201_CREATED)


class TownAdoptionRequestDetailApi(TownApi):
    @extend_schema(parameters=[ID_PARAMETER], responses=s.AdoptionRequestDetailOutputSerializer)
    def get(self, request, pk: int):
        """One of the town's requests, with its history; another town's is a 404."""
        adoption = adoption_request_get(actor=request.user, pk=pk, municipality=request.tenant)
        return Response(s.AdoptionRequestDetailOutputSerializer(
            adoption, context={"request": request}).data)


class TownActApi(TownApi, ActApi):
    def find(self, request, pk: int):
        return adoption_request_get(actor=request.user, pk=pk, municipality=request.tenant)


class SubmitApi(TownActApi):
    action = AdoptionAction.SUBMIT

    @act_schema(s.ActInput)
    def post(self, request, pk: int):
        """Submit the town's draft (or returned) request to the prefecture. The town's lead
        only: its staff draft, the lead submits."""
        return super().post(request, pk)


class WithdrawApi(TownActApi):
    action = AdoptionAction.WITHDRAW

    @act_schema(s.ActInput)
    def post(self, request, pk: int):
        """Withdraw the town's request (a draft, or one submitted, returned or approved but
        not yet in use). The town's lead only."""
        return super().post(request, pk)
