"""The procurement API's views: parse, call one selector or service, render.

Refusals are the services' DomainErrors in the API's error shape: a late bid 409
`deadline_passed`, an unqualified vendor 403 `not_qualified`, an opening or an
evaluation before its time 409 `sealed_until_opening`, an award before the evaluation
409 `invalid_transition` or `evaluation_incomplete`, a caller who may not 403 and a
tender it may not see 404. Nothing here reads a bid before the opening: the services
and selectors keep the seal, and these views only render what they return.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from api.procurement import serializers as s
from api.schema import error_response
from api.views import TownApi
from kyodo.accounts.policy import can_manage_procurement, can_view_evaluation, vendors_of
from procurement.selectors import (
    clarification_get,
    clarifications_for,
    own_bids_of,
    own_scores,
    procurement_get,
    procurement_list,
    reason_request_get,
    reason_requests_for,
    town_invitation,
    town_procurements,
)
from procurement.services.bids import bid_submit, clarification_answer, clarification_ask
from procurement.services.opening import (
    award_decide,
    evaluation_of,
    reasons_answer,
    reasons_request,
    scores_record,
    tender_open,
)
from procurement.services.survey import survey_answer
from procurement.tabulation import tabulation_build
from procurement.views.detail import acting_vendor

ID_PARAMETER = OpenApiParameter("id", int, OpenApiParameter.PATH, required=True,
                                description="The tender's id.")
QUESTION_ID_PARAMETER = OpenApiParameter("id", int, OpenApiParameter.PATH, required=True,
                                         description="The question's or request's id.")
REFUSED = error_response(
    "`deadline_passed`: the server's clock is at or past the bid deadline. "
    "`invalid_transition`: the tender is not taking bids.")
NOT_QUALIFIED = error_response(
    "`not_qualified`: the vendor lacks the 競争入札参加資格 the tender requires (on the "
    "server's date). `permission_denied`: the caller acts for no vendor that may bid.")
SEALED = error_response(
    "`sealed_until_opening`: the opening time has not come. `invalid_transition`: the tender "
    "is not waiting for its opening.")


class TenderListApi(GenericAPIView):
    serializer_class = s.TenderOutputSerializer

    @extend_schema(responses=s.TenderOutputSerializer(many=True))
    def get(self, request):
        """The tenders the caller may see: the prefecture's staff all; a town those it was
        asked to join; a vendor the published ones it may bid on or has bid on."""
        page = self.paginate_queryset(procurement_list(actor=request.user))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class TenderDetailApi(APIView):
    @extend_schema(parameters=[ID_PARAMETER], responses=s.TenderOutputSerializer)
    def get(self, request, pk: int):
        """One tender, with the aggregated demand (never a town's own quantities)."""
        procurement = procurement_get(actor=request.user, pk=pk)
        return Response(s.TenderOutputSerializer(procurement,
                                                 context={"request": request}).data)


class BidCreateApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(parameters=[ID_PARAMETER], request=s.BidInputSerializer,
                   responses={201: s.ReceiptOutputSerializer, 403: NOT_QUALIFIED,
                              409: REFUSED})
    def post(self, request, pk: int):
        """Seal and place a bid for the caller's vendor (replacing its earlier one); the
        answer is the receipt, with the canonical content it covers, given only here.
        Where the tender asks for them (`asks_town_prices`), `town_prices` gives each
        joining town's part; the parts must add up to the total (400 on `town_prices`:
        `required`, `unknown_town`, `sum_mismatch`)."""
        procurement = procurement_get(actor=request.user, pk=pk)
        vendor = acting_vendor(request.user, procurement)
        if vendor is None:
            raise PermissionDenied
        data = s.BidInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        bid, receipt = bid_submit(actor=request.user, vendor=vendor, procurement=procurement,
                                  total_price=data.validated_data["total_price"],
                                  kuji_number=data.validated_data["kuji_number"],
                                  town_prices=data.validated_data["town_prices"],
                                  declarations=data.validated_data["declarations"])
        return Response(s.ReceiptOutputSerializer({
            "bid": bid.pk, "tender": procurement.pk, "received_at": bid.received_at,
            "receipt_sha256": receipt.sha256,
            "canonical": receipt.canonical.decode("utf-8")}).data,
            status=status.HTTP_201_CREATED)


class OwnBidListApi(GenericAPIView):
    serializer_class = s.BidOutputSerializer

    @extend_schema(responses=s.BidOutputSerializer(many=True))
    def get(self, request):
        """The bids of the caller's vendors, newest first (nobody else's, ever)."""
        page = self.paginate_queryset(own_bids_of(vendors=vendors_of(request.user)))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class TenderOpenApi(APIView):
    @extend_schema(parameters=[ID_PARAMETER], request=None,
                   responses={200: s.TenderOutputSerializer, 409: SEALED})
    def post(self, request, pk: int):
        """Open the bids (coordinators), at or after the opening time; opening an opened
        tender again changes nothing."""
        procurement = procurement_get(actor=request.user, pk=pk)
        procurement = tender_open(actor=request.user, procurement=procurement)
        return Response(s.TenderOutputSerializer(procurement,
                                                 context={"request": request}).data)


def _vendor_asks(request, pk: int, ask, output):
    """A question of the caller's vendor on a tender (a clarification, or the reasons for
    the award): the service decides whether it may be asked now."""
    procurement = procurement_get(actor=request.user, pk=pk)
    vendor = acting_vendor(request.user, procurement)
    if vendor is None:
        raise PermissionDenied
    given = s.QuestionInput(data=request.data)
    given.is_valid(raise_exception=True)
    asked = ask(actor=request.user, vendor=vendor, procurement=procurement,
                question=given.validated_data["question"])
    return Response(output(asked).data, status=status.HTTP_201_CREATED)


# --- Clarifications (質問と回答) -----------------------------------------------------------

class ClarificationListApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(parameters=[ID_PARAMETER], responses=s.ClarificationOutputSerializer(many=True))
    def get(self, request, pk: int):
        """The tender's questions the caller may read: every answered one (for everyone who
        may see the tender: vendors and the towns asked to join), the unanswered ones for
        the coordinators, and a vendor's own unanswered ones. Never who asked."""
        procurement = procurement_get(actor=request.user, pk=pk)
        return Response(s.ClarificationOutputSerializer(
            clarifications_for(actor=request.user, procurement=procurement), many=True).data)

    @extend_schema(parameters=[ID_PARAMETER], request=s.QuestionInput,
                   responses={201: s.ClarificationOutputSerializer, 409: error_response(
                       "`deadline_passed`: the clarification deadline has passed. "
                       "`invalid_transition`: the tender is not published.")})
    def post(self, request, pk: int):
        """A question from the caller's vendor, until the clarification deadline, while it
        may bid (403 otherwise). The answer is published to all without the asker."""
        return _vendor_asks(request, pk, clarification_ask, s.ClarificationOutputSerializer)


class ClarificationAnswerApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(parameters=[QUESTION_ID_PARAMETER], request=s.AnswerInput,
                   responses={200: s.ClarificationOutputSerializer, 409: error_response(
                       "`invalid_transition`: bids are no longer taken on the tender.")})
    def post(self, request, pk: int):
        """Answer a question (coordinators), until the bid deadline; answering again
        replaces the answer. It is published to every vendor and the towns asked."""
        clarification = clarification_get(actor=request.user, pk=pk)
        given = s.AnswerInput(data=request.data)
        given.is_valid(raise_exception=True)
        clarification = clarification_answer(actor=request.user, clarification=clarification,
                                             answer=given.validated_data["answer"])
        return Response(s.ClarificationOutputSerializer(clarification).data)


# --- Scores, evaluation, award ------------------------------------------------------------

class ScoresApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(parameters=[ID_PARAMETER], responses=s.ScoreOutputSerializer(many=True))
    def get(self, request, pk: int):
        """The technical points the calling evaluator gave (coordinators); nobody reads
        another evaluator's before the tabulation averages them."""
        procurement = procurement_get(actor=request.user, pk=pk)
        if not can_manage_procurement(request.user):
            raise PermissionDenied
        return Response(s.ScoreOutputSerializer(
            own_scores(actor=request.user, procurement=procurement), many=True).data)

    @extend_schema(parameters=[ID_PARAMETER], request=s.ScoresInput,
                   responses={200: s.ScoreOutputSerializer(many=True), 409: error_response(
                       "`invalid_transition`: the tender is not in evaluation (not opened "
                       "yet, or awarded), or it is decided by price alone.")})
    def post(self, request, pk: int):
        """Record the calling evaluator's points (coordinators), `{bid id: {item key:
        points}}`, each from 0 to the item's maximum with at most two decimals (400 on
        `points.<bid>.<item>`: `unknown`, `range`). Scoring again replaces a point."""
        procurement = procurement_get(actor=request.user, pk=pk)
        given = s.ScoresInput(data=request.data)
        given.is_valid(raise_exception=True)
        scores_record(actor=request.user, procurement=procurement, points={
            (bid_id, item): points for bid_id, items in given.validated_data["points"].items()
            for item, points in items.items()})
        return Response(s.ScoreOutputSerializer(
            own_scores(actor=request.user, procurement=procurement), many=True).data)


class EvaluationApi(APIView):
    @extend_schema(parameters=[ID_PARAMETER], responses={
        200: s.EvaluationOutputSerializer, 409: error_response(
            "`sealed_until_opening`: the tender is not opened. `evaluation_incomplete`: an "
            "evaluator has not scored every item of every valid bid (the details name the "
            "first one missing).")})
    def get(self, request, pk: int):
        """The evaluation and ranking (the 入札経過調書's rows: price, tax, validity, points,
        rank, くじ): for the prefecture's staff from the opening, for the bidders and the
        joining towns from the award. Before the opening nobody reads it."""
        procurement = procurement_get(actor=request.user, pk=pk)
        if not can_view_evaluation(request.user, procurement):
            raise PermissionDenied
        tabulation = tabulation_build(evaluation_of(procurement))
        return Response(s.EvaluationOutputSerializer({
            "tender": procurement.pk, "method": tabulation.method,
            "ceiling_price": tabulation.ceiling_price,
            "evaluators": len(tabulation.evaluators), "rows": tabulation.rows}).data)


class AwardApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(parameters=[ID_PARAMETER], request=s.AwardInput, responses={
        201: s.AwardOutputSerializer, 409: error_response(
            "`invalid_transition`: the tender is not in evaluation (not opened yet, or "
            "already awarded). `evaluation_incomplete`: the evaluators have not finished "
            "scoring. `sealed_until_opening`: not opened.")})
    def post(self, request, pk: int):
        """Decide the winner (coordinators): the first rank, or another ranked bid with a
        `reason` (400 on `reason`: `required`; a bid not ranked is 400 on `bid`:
        `not_ranked`). The bidders and the joining towns are told."""
        procurement = procurement_get(actor=request.user, pk=pk)
        given = s.AwardInput(data=request.data)
        given.is_valid(raise_exception=True)
        award = award_decide(actor=request.user, procurement=procurement,
                             bid_id=str(given.validated_data["bid"]),
                             reason=given.validated_data["reason"])
        return Response(s.AwardOutputSerializer(award).data, status=status.HTTP_201_CREATED)


# --- Reasons for the award (理由の説明) -------------------------------------------------------

class ReasonRequestListApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(parameters=[ID_PARAMETER],
                   responses=s.ReasonRequestOutputSerializer(many=True))
    def get(self, request, pk: int):
        """Requests for the reasons of the award, with their recorded answers: all of them
        for the coordinators, the caller's vendor's own for a vendor."""
        procurement = procurement_get(actor=request.user, pk=pk)
        return Response(s.ReasonRequestOutputSerializer(
            reason_requests_for(actor=request.user, procurement=procurement), many=True).data)

    @extend_schema(parameters=[ID_PARAMETER], request=s.QuestionInput, responses={
        201: s.ReasonRequestOutputSerializer, 409: error_response(
            "`already_requested`: the vendor has asked already.")})
    def post(self, request, pk: int):
        """A vendor whose bid did not win asks why, within the tender's period after the
        award (403 for anyone else, or after the period)."""
        return _vendor_asks(request, pk, reasons_request, s.ReasonRequestOutputSerializer)


class ReasonAnswerApi(APIView):
    parser_classes = [JSONParser]

    @extend_schema(parameters=[QUESTION_ID_PARAMETER], request=s.AnswerInput,
                   responses=s.ReasonRequestOutputSerializer)
    def post(self, request, pk: int):
        """Record the answer to a request for reasons (coordinators); the vendor is told."""
        reason_request = reason_request_get(actor=request.user, pk=pk)
        given = s.AnswerInput(data=request.data)
        given.is_valid(raise_exception=True)
        reason_request = reasons_answer(actor=request.user, request=reason_request,
                                        answer=given.validated_data["answer"])
        return Response(s.ReasonRequestOutputSerializer(reason_request).data)


# --- A town's survey answers (/m/<slug>/api/v1/) --------------------------------------------

def _invitation(request, pk: int):
    procurement = town_procurements(municipality=request.tenant).filter(pk=pk).first()
    if procurement is None:
        raise NotFound
    return town_invitation(procurement=procurement, municipality=request.tenant)


class SurveyListApi(TownApi, GenericAPIView):
    serializer_class = s.SurveyAnswerOutputSerializer

    @extend_schema(responses=s.SurveyAnswerOutputSerializer(many=True))
    def get(self, request):
        """The procurements the town was asked to join, each with the town's own answer
        (never another town's), newest first."""
        invitations = [town_invitation(procurement=procurement, municipality=request.tenant)
                       for procurement in town_procurements(municipality=request.tenant)]
        page = self.paginate_queryset(invitations)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class SurveyAnswerApi(TownApi):
    parser_classes = [JSONParser]
    answer_schema = extend_schema(
        parameters=[ID_PARAMETER], request=s.SurveyAnswerInput,
        responses={200: s.SurveyAnswerOutputSerializer, 409: error_response(
            "`deadline_passed`: the survey's deadline has passed. `invalid_transition`: "
            "the survey is not open.")})

    @extend_schema(parameters=[ID_PARAMETER], responses=s.SurveyAnswerOutputSerializer)
    def get(self, request, pk: int):
        """The town's answer to one procurement's survey (`joins` null until answered)."""
        return Response(s.SurveyAnswerOutputSerializer(_invitation(request, pk)).data)

    def _answer(self, request, pk: int):
        invitation = _invitation(request, pk)
        given = s.SurveyAnswerInput(data=request.data)
        given.is_valid(raise_exception=True)
        invitation = survey_answer(actor=request.user, invitation=invitation,
                                   data=given.validated_data)
        return Response(s.SurveyAnswerOutputSerializer(invitation).data)

    @answer_schema
    def put(self, request, pk: int):
        """Answer for the town (its lead only, 403 otherwise): join or not, with the users,
        licences and expected annual usage, until the survey's deadline; answering again
        replaces the answer. Not joining sets the quantities to 0."""
        return self._answer(request, pk)

    @answer_schema
    def post(self, request, pk: int):
        """The same as PUT."""
        return self._answer(request, pk)
