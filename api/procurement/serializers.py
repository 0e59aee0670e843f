"""Input and output serializers of the procurement API.

Nothing here reads a sealed value: a tender's output carries the ceiling only when it is
published (or to the prefecture's staff), the aggregated demand only, and no bid; a
bid's output is the caller's own receipt.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.fields import JsonBooleanField, JsonIntegerField
from kyodo.accounts.policy import can_use_console
from procurement.selectors import demand_of
from procurement.services.bids import DECLARATIONS

YEN_MAX = 10**13
AFFIRMED = [(True, True)]  # a declaration's one accepted answer (one enum in the schema)


class DemandSerializer(serializers.Serializer):
    towns = serializers.IntegerField(help_text=_("参加団体数"))
    population = serializers.IntegerField(help_text=_("対象人口"))
    users = serializers.IntegerField()
    licences = serializers.IntegerField()
    expected_usage = serializers.IntegerField()


class TenderOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    need = serializers.CharField()
    state = serializers.SerializerMethodField(help_text=_("時刻から導いた状態"))
    qualification = serializers.CharField(help_text=_("必要な競争入札参加資格"))
    method = serializers.CharField(help_text=_("落札者の決定方法"))
    ceiling_price = serializers.SerializerMethodField(
        help_text=_("予定価格（税抜）。公表しない場合はnull（県の職員を除く）"))
    survey_deadline = serializers.DateTimeField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    clarification_deadline = serializers.DateTimeField(allow_null=True)
    bid_deadline = serializers.DateTimeField(allow_null=True)
    opening_at = serializers.DateTimeField(allow_null=True)
    terms_version = serializers.IntegerField()
    demand = serializers.SerializerMethodField()

    def get_state(self, procurement) -> str:
        return procurement.state().value

    def get_ceiling_price(self, procurement) -> int | None:
        if procurement.ceiling_published or can_use_console(self.context["request"].user):
            return procurement.ceiling_price
        return None

    @extend_schema_field(DemandSerializer)
    def get_demand(self, procurement) -> dict:
        return demand_of(procurement)


@extend_schema_field({"type": "boolean", "enum": [True]})
class AffirmedField(JsonBooleanField):
    """A declaration the bidder must affirm: only true is a bid (the service says which is
    missing when it is not)."""


class DeclarationsSerializer(serializers.Serializer):
    def get_fields(self):
        return {key: AffirmedField(help_text=str(text)) for key, text in DECLARATIONS.items()}


class BidInputSerializer(serializers.Serializer):
    total_price = JsonIntegerField(min_value=1, max_value=YEN_MAX,
                                   help_text=_("入札金額（税抜・円）"))
    kuji_number = serializers.RegexField(r"^[0-9]{3}$", help_text=_("くじ番号（3桁）"),
                                         error_messages={"invalid": _(
                                             "くじ番号は半角数字3桁で入力してください。")})
    declarations = DeclarationsSerializer(help_text=_("誓約事項（すべてtrue）"))


class ReceiptOutputSerializer(serializers.Serializer):
    bid = serializers.UUIDField()
    tender = serializers.IntegerField()
    received_at = serializers.DateTimeField(help_text=_("受付日時（サーバー時刻）"))
    receipt_sha256 = serializers.CharField(help_text=_("受付番号（SHA-256）"))
    canonical = serializers.CharField(
        help_text=_("受付番号が対象とする入札内容（正規化JSON）。この応答でだけ返します"))


class BidOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    tender = serializers.IntegerField(source="procurement_id")
    status = serializers.CharField()
    received_at = serializers.DateTimeField()
    receipt_sha256 = serializers.CharField()
