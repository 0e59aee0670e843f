"""API views: parse input, call one selector or service, render the output."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from api.models import ApiToken
from api.schema import LG_CODE_PARAMETER, TOWN_SLUG_PARAMETER
from api.selectors import me_get
from api.serializers import (
    MeOutputSerializer,
    MunicipalityFilterSerializer,
    MunicipalityOutputSerializer,
)
from tenants.lg_code import validate_lg_code
from tenants.models import Municipality
from tenants.selectors import municipality_get, municipality_list


class MunicipalityListApi(GenericAPIView):
    serializer_class = MunicipalityOutputSerializer

    @extend_schema(parameters=[MunicipalityFilterSerializer],
                   responses=MunicipalityOutputSerializer(many=True))
    def get(self, request):
        filters = MunicipalityFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        municipalities = municipality_list(actor=request.user, **filters.validated_data)
        page = self.paginate_queryset(municipalities)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class MunicipalityDetailApi(GenericAPIView):
    serializer_class = MunicipalityOutputSerializer

    @extend_schema(parameters=[LG_CODE_PARAMETER], responses=MunicipalityOutputSerializer)
    def get(self, request, lg_code: str):
        try:
            validate_lg_code(lg_code)
        except DjangoValidationError as error:
            raise ValidationError({"lg_code": [error.messages[0]]}, code=error.code) from error
        try:
            municipality = municipality_get(actor=request.user, lg_code=lg_code)
        except Municipality.DoesNotExist as error:
            raise NotFound from error
        return Response(self.get_serializer(municipality).data)


class MeApi(APIView):
    """Who the caller is and what they act for. A client checks its token here."""

    @extend_schema(responses=MeOutputSerializer)
    def get(self, request):
        token = request.auth if isinstance(request.auth, ApiToken) else None
        me = me_get(actor=request.user, api_token=token)
        return Response(MeOutputSerializer(me, context={"request": request}).data)


@extend_schema(exclude=True)
class NotFoundApi(APIView):
    """Any /api/ address that names no operation: a 404 in the API's error shape.

    Without it Django answers with its HTML page, which an API client cannot read;
    a path parameter that cannot match its route (`/municipalities/44/20/`) ends here.
    """

    authentication_classes = []
    permission_classes = []

    def initial(self, request, *args, **kwargs):
        raise NotFound


@extend_schema(parameters=[TOWN_SLUG_PARAMETER])
class TownApi(APIView):
    """A view of a town's API, under /m/<slug>/api/: `request.tenant` is the town of the
    path, and only its members get in (tenants.middleware.WorkspaceMember)."""
