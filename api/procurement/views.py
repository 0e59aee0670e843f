"""The procurement API's views: parse, call one selector or service, render.

Refusals are the services' DomainErrors in the API's error shape: a late bid 409
`deadline_passed`, an unqualified vendor 409 `not_qualified`, an opening before its time
409 `sealed_until_opening`, a caller who may not 403 and a tender it may not see 404.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from api.procurement import serializers as s
from api.schema import error_response
from kyodo.accounts.policy import vendors_of
from procurement.selectors import own_bids_of, procurement_get, procurement_list
from procurement.services.bids import bid_submit
from procurement.services.opening import tender_open
from procurement.views.detail import acting_vendor

ID_PARAMETER = OpenApiParameter("id", int, OpenApiParameter.PATH, required=True,
                                description="The tender's id.")
REFUSED = error_response(
    "`deadline_passed`: the server's clock is at or past the bid deadline. `not_qualified`: "
    "the vendor lacks the 競争入札参加資格 the tender requires. `invalid_transition`: the "
    "tender is not taking bids.")
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
                   responses={201: s.ReceiptOutputSerializer, 409: REFUSED})
    def post(self, request, pk: int):
        """Seal and place a bid for the caller's vendor (replacing its earlier one); the
        answer is the receipt, with the canonical content it covers, given only here."""
        procurement = procurement_get(actor=request.user, pk=pk)
        vendor = acting_vendor(request.user, procurement)
        if vendor is None:
            raise PermissionDenied
        data = s.BidInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        bid, receipt = bid_submit(actor=request.user, vendor=vendor, procurement=procurement,
                                  total_price=data.validated_data["total_price"],
                                  kuji_number=data.validated_data["kuji_number"],
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
