"""Input and output serializers of the API, one pair per operation."""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

from kyodo.accounts.models import Membership, Role
from kyodo.accounts.policy import can_enter_workspace
from tenants.bands import PopulationBand
from tenants.kinds import MunicipalityKind
from tenants.master_data import prefecture_names
from tenants.models import Municipality


class QueryParametersSerializer(serializers.Serializer):
    """The base of every operation's query parameters.

    A parameter sent with an empty value (`?prefecture=`) is a 400 naming it. DRF would
    take it as absent, so a client whose filter value went missing on the way would
    get every row back and never know; no enum in the schema allows "" either.
    """

    def to_internal_value(self, data):
        blank = {
            name: [ErrorDetail(_("空の値は指定できません。絞り込まない場合は、このパラメーター"
                                 "ごと省いてください。"), code="blank")]
            for name in self.fields
            if "" in (data.getlist(name) if hasattr(data, "getlist") else [data.get(name)])
        }
        if blank:
            raise serializers.ValidationError(blank)
        return super().to_internal_value(data)


class WholeNumberField(serializers.IntegerField):
    """An integer written in ASCII digits only: int() would also take "１２", "1_000",
    " 12 " and "12.0", none of which the schema's `integer` allows."""

    def to_internal_value(self, data):
        if not isinstance(data, str) or not re.fullmatch(r"[0-9]+", data):
            self.fail("invalid")
        return super().to_internal_value(data)


class PageQuerySerializer(QueryParametersSerializer):
    """`?limit=` and `?offset=` of every list, within the paginator's bounds (api.pagination)."""

    def __init__(self, *args, max_limit: int, max_offset: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["limit"] = WholeNumberField(required=False, min_value=1, max_value=max_limit)
        self.fields["offset"] = WholeNumberField(required=False, min_value=0,
                                                 max_value=max_offset)


class MunicipalityFilterSerializer(QueryParametersSerializer):
    """Query parameters of GET /api/v1/municipalities/. Unknown values are a 400."""

    prefecture = serializers.ChoiceField(
        choices=[(name, name) for name in prefecture_names()], required=False,
        help_text=_("都道府県名（例: 大分県）"),
    )
    band = serializers.ChoiceField(
        choices=[c for c in PopulationBand.choices if c[0] != PopulationBand.PREFECTURE],
        required=False, help_text=_("団体区分"),
    )
    kind = serializers.ChoiceField(
        choices=[c for c in MunicipalityKind.choices if c[0] != MunicipalityKind.PREFECTURE],
        required=False, help_text=_("団体の種類"),
    )


class MunicipalityOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Municipality
        fields = [
            "lg_code",
            "slug",
            "name",
            "name_kana",
            "kind",
            "prefecture",
            "population",
            "population_as_of",
            "population_source",
            "population_band",
            "mynumber_card_rate",
            "mynumber_card_rate_as_of",
        ]
        read_only_fields = fields


class OrganisationType(models.TextChoices):
    PREFECTURE = "prefecture", _("県")
    MUNICIPALITY = "municipality", _("市町村")
    VENDOR = "vendor", _("事業者")


class OrganisationOutputSerializer(serializers.Serializer):
    """The organisation a membership belongs to. `lg_code` is set for the prefecture and
    municipalities, `corporate_number` (法人番号) for vendors."""

    type = serializers.ChoiceField(choices=OrganisationType.choices)
    name = serializers.CharField()
    lg_code = serializers.CharField(allow_null=True, help_text=_("地方公共団体コード"))
    corporate_number = serializers.CharField(allow_null=True, help_text=_("法人番号"))
    workspace_url = serializers.URLField(
        allow_null=True, help_text=_("市町村ワークスペースのURL（市町村の所属だけ）"))

    def to_representation(self, membership: Membership) -> dict:
        if membership.vendor_id:
            vendor = membership.vendor
            return {"type": OrganisationType.VENDOR, "name": vendor.legal_name, "lg_code": None,
                    "corporate_number": vendor.corporate_number, "workspace_url": None}
        town = membership.municipality
        request = self.context.get("request")
        workspace_url = None
        if can_enter_workspace(membership.user, town):
            workspace_url = (request.build_absolute_uri(town.workspace_url) if request
                             else town.workspace_url)
        kind = OrganisationType.PREFECTURE if town.is_public else OrganisationType.MUNICIPALITY
        return {
            "type": kind, "name": town.name, "lg_code": town.lg_code, "corporate_number": None,
            "workspace_url": workspace_url,
        }


class MembershipOutputSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)
    role_label = serializers.CharField(source="get_role_display")
    organisation = OrganisationOutputSerializer(source="*")


class ApiTokenOutputSerializer(serializers.Serializer):
    name = serializers.CharField()
    prefix = serializers.CharField()
    expires_at = serializers.DateTimeField(allow_null=True)
    scope = MembershipOutputSerializer(source="membership",
                                       help_text=_("トークンが動作する唯一の所属"))


class MeOutputSerializer(serializers.Serializer):
    """GET /api/v1/me/. With a token, `memberships` holds only the token's own."""

    email = serializers.EmailField(source="user.email")
    full_name = serializers.CharField(source="user.full_name")
    memberships = MembershipOutputSerializer(many=True)
    token = ApiTokenOutputSerializer(allow_null=True,
                                     help_text=_("トークンで認証されたときだけ設定されます"))
