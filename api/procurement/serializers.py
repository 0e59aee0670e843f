"""Input and output serializers of the procurement API.

Nothing here reads a sealed value: a tender's output carries the ceiling only when it is
published (or to the prefecture's staff), the aggregated demand only, and no bid; a
bid's output is the caller's own receipt.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.fields import JsonBooleanField, JsonIntegerField, TextField
from kyodo.accounts.policy import can_use_console
from procurement.selectors import demand_of, participants_of
from procurement.services.bids import DECLARATIONS

YEN_MAX = 10**13
QUANTITY_MAX = 10**7  # users and licences, as the workspace's form allows
USAGE_MAX = 10**12
AFFIRMED = [(True, True)]  # a declaration's one accepted answer (one enum in the schema)


class DemandSerializer(serializers.Serializer):
    towns = serializers.IntegerField(help_text=_("参加団体数"))
    population = serializers.IntegerField(help_text=_("対象人口"))
    users = serializers.IntegerField()
    licences = serializers.IntegerField()
    expected_usage = serializers.IntegerField()


class TownSerializer(serializers.Serializer):
    lg_code = serializers.CharField(source="municipality.lg_code")
    name = serializers.CharField(source="municipality.name")


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
    asks_town_prices = serializers.BooleanField(
        help_text=_("入札で参加団体ごとの価格（town_prices）を求めるか"))
    participants = serializers.SerializerMethodField(
        help_text=_("参加団体（公告後。調査中は空）"))
    demand = serializers.SerializerMethodField()

    @extend_schema_field(TownSerializer(many=True))
    def get_participants(self, procurement) -> list:
        return TownSerializer(participants_of(procurement), many=True).data

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
    town_prices = serializers.DictField(
        child=JsonIntegerField(min_value=0, max_value=YEN_MAX), required=False, default=dict,
        help_text=_("参加団体ごとの価格（地方公共団体コード→税抜・円）。公告が求める場合は"
                    "全参加団体について、合計が入札金額と一致するように"))


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


# --- Survey answers (a town's workspace) ----------------------------------------------------

class SurveyAnswerInput(serializers.Serializer):
    joins = JsonBooleanField(help_text=_("参加する（true）か、しない（false）か"))
    users = JsonIntegerField(min_value=0, max_value=QUANTITY_MAX, required=False, default=0,
                             help_text=_("利用者数"))
    licences = JsonIntegerField(min_value=0, max_value=QUANTITY_MAX, required=False, default=0,
                                help_text=_("ライセンス数"))
    expected_usage = JsonIntegerField(min_value=0, max_value=USAGE_MAX, required=False,
                                      default=0, help_text=_("見込み利用量（年間）"))
    note = TextField(required=False, default="", max_length=2000, help_text=_("備考"))


class SurveyAnswerOutputSerializer(serializers.Serializer):
    tender = serializers.IntegerField(source="procurement_id")
    title = serializers.CharField(source="procurement.title")
    state = serializers.SerializerMethodField(help_text=_("時刻から導いた状態"))
    survey_deadline = serializers.DateTimeField(source="procurement.survey_deadline",
                                                allow_null=True)
    joins = serializers.BooleanField(allow_null=True, help_text=_("未回答はnull"))
    users = serializers.IntegerField()
    licences = serializers.IntegerField()
    expected_usage = serializers.IntegerField()
    note = serializers.CharField()
    answered_at = serializers.DateTimeField(allow_null=True)

    def get_state(self, invitation) -> str:
        return invitation.procurement.state().value


# --- Clarifications, reasons --------------------------------------------------------------------

class QuestionInput(serializers.Serializer):
    question = TextField(required_text=True, max_length=2000, help_text=_("質問"))


class AnswerInput(serializers.Serializer):
    answer = TextField(required_text=True, max_length=4000, help_text=_("回答"))


class ClarificationOutputSerializer(serializers.Serializer):
    """Never who asked."""

    id = serializers.IntegerField()
    tender = serializers.IntegerField(source="procurement_id")
    question = serializers.CharField()
    answer = serializers.CharField(help_text=_("未回答は空"))
    answered_at = serializers.DateTimeField(allow_null=True)


class ReasonRequestOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    tender = serializers.IntegerField(source="procurement_id")
    vendor = serializers.IntegerField(source="vendor_id")
    vendor_name = serializers.CharField(source="vendor.legal_name")
    question = serializers.CharField()
    answer = serializers.CharField(help_text=_("未回答は空"))
    asked_at = serializers.DateTimeField()
    answered_at = serializers.DateTimeField(allow_null=True)


# --- Scores, evaluation, award ------------------------------------------------------------

class ScoresInput(serializers.Serializer):
    points = serializers.DictField(
        allow_empty=False,
        child=serializers.DictField(allow_empty=False, child=serializers.DecimalField(
            max_digits=8, decimal_places=2, coerce_to_string=True)),
        help_text=_("入札ID→評価項目のキー→点数（0から配点まで、小数第2位まで）"))


class ScoreOutputSerializer(serializers.Serializer):
    bid = serializers.UUIDField(source="bid_id")
    item = serializers.CharField(source="item_key")
    points = serializers.DecimalField(max_digits=8, decimal_places=2, coerce_to_string=True)
    scored_at = serializers.DateTimeField()


class EvaluationRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField(allow_null=True, help_text=_("順位（無効・失格はnull）"))
    bid = serializers.CharField(source="bid_id")
    vendor = serializers.CharField(source="vendor_id")
    vendor_name = serializers.CharField()
    price = serializers.IntegerField(help_text=_("入札金額（税抜）"))
    tax = serializers.IntegerField(help_text=_("消費税及び地方消費税"))
    validity = serializers.CharField()
    technical_points = serializers.CharField(source="technical_points_text")
    price_points = serializers.CharField(source="price_points_text")
    score = serializers.CharField(source="score_text", help_text=_("評価値（表示桁で四捨五入）"))
    kuji_number = serializers.CharField()
    received_at = serializers.DateTimeField()
    decision_number = serializers.IntegerField(help_text=_("決定くじ番号"))
    receipt_sha256 = serializers.CharField()


class EvaluationOutputSerializer(serializers.Serializer):
    tender = serializers.IntegerField()
    method = serializers.CharField()
    ceiling_price = serializers.IntegerField()
    evaluators = serializers.IntegerField(help_text=_("採点した評価者の数"))
    rows = EvaluationRowSerializer(many=True)


class AwardInput(serializers.Serializer):
    bid = serializers.UUIDField(help_text=_("落札者とする入札のID"))
    reason = TextField(required=False, default="", max_length=2000,
                       help_text=_("第1順位以外を落札者とする理由"))


class AwardOutputSerializer(serializers.Serializer):
    tender = serializers.IntegerField(source="procurement_id")
    bid = serializers.UUIDField(source="bid_id")
    vendor = serializers.IntegerField(source="bid.vendor_id")
    rank = serializers.IntegerField()
    reason = serializers.CharField()
    decided_at = serializers.DateTimeField()
