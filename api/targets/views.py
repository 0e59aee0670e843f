"""The joint targets' API views: parse input, call one selector or service, render."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from api.schema import error_response
from api.targets import serializers as s
from api.views import TownApi
from joint_targets.aggregates import MEDIAN_MIN_TOWNS, QUARTILE_MIN_TOWNS
from joint_targets.selectors import (
    band_aggregates,
    indicator_list,
    procedure_list,
    progress_matrix,
    town_dashboard,
    town_record_list,
)
from joint_targets.services import evidence, roadmap
from joint_targets.services.procedures import procedure_create, procedures_import
from joint_targets.workspace.models import (
    ApprovalMonth,
    AutomatedProcess,
    Milestone,
    ResidentSurvey,
    fiscal_year_months,
)
from kyodo.accounts.policy import can_view_indicators
from kyodo.fiscal import fiscal_year_of


def _year(query: dict) -> int:
    return query.get("fiscal_year") or fiscal_year_of(timezone.localdate())


class IndicatorListApi(GenericAPIView):
    serializer_class = s.IndicatorOutputSerializer
    pagination_class = None

    @extend_schema(responses=s.IndicatorOutputSerializer(many=True))
    def get(self, request):
        """Every indicator of the joint targets with its definition and national reference
        (docs/joint_targets.md). For everyone signed in."""
        if not can_view_indicators(request.user):
            raise PermissionDenied
        return Response(self.get_serializer(indicator_list(), many=True).data)


class ProgressApi(GenericAPIView):
    serializer_class = s.ProgressRowSerializer

    @extend_schema(parameters=[s.ProgressQuerySerializer],
                   responses=s.ProgressRowSerializer(many=True))
    def get(self, request):
        """Every town's published values for a fiscal year against the targets that apply
        to it: on_track, behind, not_reported (未報告) or no_target. For the prefecture's
        staff; a town's token is refused."""
        query = s.ProgressQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        matrix = progress_matrix(actor=request.user, fiscal_year=_year(query.validated_data),
                                 band=query.validated_data.get("band", ""))
        page = self.paginate_queryset(matrix["rows"])
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class BandsApi(GenericAPIView):
    """Open data: no sign-in, no token."""

    permission_classes = [AllowAny]  # credentials are read (a bad token is a 401), not needed
    serializer_class = s.BandsOutputSerializer
    pagination_class = None

    @extend_schema(parameters=[s.BandsQuerySerializer], responses=s.BandsOutputSerializer)
    def get(self, request):
        """Per population band, for each indicator: how many towns published a value for
        the fiscal year and their median and quartiles (for a yes/no indicator, the share
        answering 有). No town is named, and a figure is null (never a town's value) while
        fewer than `median_min_towns` towns of the band published (the quartiles: fewer
        than `quartile_min_towns`). Quartiles are Excel's QUARTILE.INC
        (docs/joint_targets.md). For anyone, without signing in."""
        query = s.BandsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        fiscal_year = _year(query.validated_data)
        band = query.validated_data.get("band")
        rows = [row for row in band_aggregates(actor=request.user, fiscal_year=fiscal_year)
                if not band or row["band"] == band]
        return Response(self.get_serializer({
            "fiscal_year": fiscal_year, "median_min_towns": MEDIAN_MIN_TOWNS,
            "quartile_min_towns": QUARTILE_MIN_TOWNS, "results": rows}).data)


class TownProcedureListApi(TownApi, GenericAPIView):
    serializer_class = s.ProcedureOutputSerializer
    parser_classes = [JSONParser]

    @extend_schema(parameters=[s.YearQuerySerializer],
                   responses=s.ProcedureOutputSerializer(many=True))
    def get(self, request):
        """The town's procedure inventory for a fiscal year (this year unless given)."""
        query = s.YearQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        procedures = procedure_list(actor=request.user, municipality=request.tenant,
                                    fiscal_year=_year(query.validated_data))
        page = self.paginate_queryset(procedures)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=s.ProcedureCreateInput, responses={
        201: s.ProcedureOutputSerializer,
        400: error_response(
            "`validation_error`, with each field's code: besides the schema's, "
            "`procedure_exists` (the year already has this department and name), "
            "`online_cases_exceed_cases`, `card_authentication_needs_online` and "
            "`online_cases_need_online`.")})
    def post(self, request):
        """Add a procedure to the town's inventory. Any member of the town may; the year's
        indicator values are published to the prefecture once it is saved."""
        given = s.ProcedureCreateInput(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        procedure = procedure_create(actor=request.user, municipality=request.tenant,
                                     fiscal_year=data.pop("fiscal_year"), data=data)
        return Response(s.ProcedureOutputSerializer(procedure).data,
                        status=status.HTTP_201_CREATED)


class TownProcedureImportApi(TownApi):
    parser_classes = [MultiPartParser]

    @extend_schema(request={"multipart/form-data": s.ProcedureImportInput}, responses={
        200: s.ProcedureImportOutputSerializer,
        400: error_response(
            "`import_invalid`: nothing was imported. Each detail has `field` `file`, `code` "
            "`row_invalid` (with the `row` as the spreadsheet numbers it, the `column`'s "
            "heading and the reason in Japanese) or `file_unreadable` (row 0: not a "
            "spreadsheet, no heading row, a heading missing, too many rows).")})
    def post(self, request):
        """Import the year's inventory from the template file, all or nothing, as the page
        does: a row matching a procedure of the year by department and name updates it,
        any other is added, and procedures the file does not list are kept."""
        given = s.ProcedureImportInput(data=request.data)
        given.is_valid(raise_exception=True)
        counts = procedures_import(actor=request.user, municipality=request.tenant,
                                   fiscal_year=given.validated_data["fiscal_year"],
                                   content=given.validated_data["file"])
        return Response(s.ProcedureImportOutputSerializer(counts).data)


class TownIndicatorListApi(TownApi, GenericAPIView):
    serializer_class = s.TownIndicatorValueSerializer
    pagination_class = None

    @extend_schema(parameters=[s.YearQuerySerializer],
                   responses=s.TownIndicatorValueSerializer(many=True))
    def get(self, request):
        """The town's value of each indicator for a fiscal year, with the target that
        applies to it and its band's median; a value with nothing to compute it from is
        null (未報告), never 0."""
        query = s.YearQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = town_dashboard(actor=request.user, municipality=request.tenant,
                              fiscal_year=_year(query.validated_data))
        return Response(self.get_serializer(rows, many=True).data)


class TownRecordListApi(TownApi, GenericAPIView):
    """A town's register (the automation register, approval counts, resident surveys, the
    roadmap): list it and add a line, as its page under /m/<slug>/targets/ does. Only
    the town's lead and staff; the prefecture sees the values computed from it, never
    the rows. Each subclass names its model, its serializers and its create service."""

    parser_classes = [JSONParser]
    pagination_class = None
    model = None
    input_serializer = None
    create = None

    def rows(self, query: dict) -> list:
        return town_record_list(actor=self.request.user, municipality=self.request.tenant,
                                model=self.model)

    def get(self, request):
        query = s.YearQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(self.get_serializer(self.rows(query.validated_data), many=True).data)

    def post(self, request):
        given = self.input_serializer(data=request.data)
        given.is_valid(raise_exception=True)
        row = type(self).create(actor=request.user, municipality=request.tenant,
                                data=dict(given.validated_data))
        return Response(self.get_serializer(row).data, status=status.HTTP_201_CREATED)


def _record_schema(name: str, input_serializer, output_serializer, codes: str, *,
                   by_year: str = ""):
    """The OpenAPI description of a register's GET and POST."""
    year = ([s.YearQuerySerializer] if by_year else [])
    return extend_schema_view(
        get=extend_schema(
            parameters=year, responses=output_serializer(many=True),
            description=f"The town's {name}{by_year}. The town's lead and staff only."),
        post=extend_schema(
            request=input_serializer, responses={
                201: output_serializer,
                400: error_response(f"`validation_error`, with each field's code: the "
                                    f"schema's{', and ' + codes if codes else ''}.")},
            description=f"Add a line to the town's {name}; audited, and the town's "
                        "indicator values are published again once it is saved."))


@_record_schema("automation register (RPA等の導入業務)", s.AutomatedProcessInput,
                s.AutomatedProcessOutputSerializer,
                "`automated_process_exists` (the department already has a process of this "
                "name) and `ended_before_started`")
class TownAutomatedProcessListApi(TownRecordListApi):
    model = AutomatedProcess
    serializer_class = s.AutomatedProcessOutputSerializer
    input_serializer = s.AutomatedProcessInput
    create = staticmethod(evidence.automated_process_create)


@_record_schema("monthly approval counts (決裁件数)", s.ApprovalMonthInput,
                s.ApprovalMonthOutputSerializer,
                "`approval_month_exists` (the month is already there) and "
                "`electronic_exceeds_decided`",
                by_year=", the months of `fiscal_year` (April to March; all when not given)")
class TownApprovalMonthListApi(TownRecordListApi):
    model = ApprovalMonth
    serializer_class = s.ApprovalMonthOutputSerializer
    input_serializer = s.ApprovalMonthInput
    create = staticmethod(evidence.approval_month_create)

    def rows(self, query: dict) -> list:
        if not query.get("fiscal_year"):
            return super().rows(query)
        return town_record_list(actor=self.request.user, municipality=self.request.tenant,
                                model=ApprovalMonth,
                                filters=fiscal_year_months(query["fiscal_year"]))


@_record_schema("resident survey results (住民アンケート)", s.ResidentSurveyInput,
                s.ResidentSurveyOutputSerializer,
                "`survey_exists` (the year already has one) and "
                "`satisfied_exceeds_respondents`")
class TownResidentSurveyListApi(TownRecordListApi):
    model = ResidentSurvey
    serializer_class = s.ResidentSurveyOutputSerializer
    input_serializer = s.ResidentSurveyInput
    create = staticmethod(evidence.resident_survey_create)


@_record_schema("roadmap (工程表), by step and due date", s.MilestoneInput,
                s.MilestoneOutputSerializer, "")
class TownMilestoneListApi(TownRecordListApi):
    model = Milestone
    serializer_class = s.MilestoneOutputSerializer
    input_serializer = s.MilestoneInput
    create = staticmethod(roadmap.milestone_create)
