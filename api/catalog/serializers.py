"""Input and output serializers of the catalog's API, one pair per operation.

Bodies take exactly the JSON types their schema states (api.fields). The allocation
preview's input checks types only: its values (ranges, the weights' sum, codes) are
checked by the engine, shared_services.allocation, so the API answers with the
engine's own field paths and codes (docs/shared_services.md, "Errors"); the schema
states the same ranges.
"""

import datetime
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.fields import JsonIntegerField, JsonNumberField, TextField
from api.schema import LG_CODE_SCHEMA
from api.serializers import QueryParametersSerializer, WholeNumberField
from kyodo.accounts.policy import can_take_adoption_action
from shared_services.allocation import Part
from shared_services.lifecycle import (
    AWAITING_PREFECTURE,
    TRANSITIONS,
    AdoptionAction,
    AdoptionStatus,
)
from shared_services.models import Category, Delivery, StandardArea, SystemStatus
from tenants.bands import PopulationBand

# The years a request, an allocation or an activation month may name (as the model's).
FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR = 2019, 2099
DB_INTEGER_MAX = 2**31 - 1
DB_BIG_INTEGER_MAX = 2**63 - 1
TEXT_MAX_LENGTH = 2000
MONTH_PATTERN = r"^20(19|[2-9][0-9])-(0[1-9]|1[0-2])$"


# --- Query parameters -------------------------------------------------------------------

class SystemFilterSerializer(QueryParametersSerializer):
    """GET /api/v1/catalog/systems/."""

    category = serializers.ChoiceField(choices=Category.choices, required=False,
                                       help_text=_("分類"))
    status = serializers.ChoiceField(
        choices=SystemStatus.choices, required=False,
        help_text=_("状態（下書きは県の職員にだけ見えます）"))
    q = TextField(required=False, allow_blank=False, max_length=100,
                  help_text=_("キーワード（名称、説明、提供事業者名。空白で区切るとすべてを含むもの）"))


class AdoptionRequestFilterSerializer(QueryParametersSerializer):
    status = serializers.ChoiceField(choices=AdoptionStatus.choices, required=False,
                                     help_text=_("申請の状態"))


class AllocationQuerySerializer(QueryParametersSerializer):
    """GET /api/v1/allocations/."""

    system = WholeNumberField(min_value=1, max_value=DB_INTEGER_MAX,
                              help_text=_("共通システムのID"))
    fiscal_year = WholeNumberField(min_value=FIRST_FISCAL_YEAR, max_value=LAST_FISCAL_YEAR,
                                   help_text=_("年度（西暦。2026年度は2026）"))


# --- Adoption requests: inputs ----------------------------------------------------------

class AdoptionRequestCreateInput(serializers.Serializer):
    """A draft request of the town whose path it is posted to."""

    system = JsonIntegerField(min_value=1, max_value=DB_INTEGER_MAX,
                              help_text=_("共通システムのID（公開中のもの）"))
    start_fiscal_year = JsonIntegerField(min_value=FIRST_FISCAL_YEAR,
                                         max_value=LAST_FISCAL_YEAR,
                                         help_text=_("利用開始の年度（西暦）"))
    start_month = JsonIntegerField(min_value=1, max_value=12,
                                   help_text=_("利用開始の月（1〜12。1〜3月は翌年の暦月）"))
    expected_users = JsonIntegerField(min_value=0, max_value=DB_INTEGER_MAX, required=False,
                                      default=0, help_text=_("利用予定者数"))
    expected_usage = JsonIntegerField(min_value=0, max_value=DB_BIG_INTEGER_MAX,
                                      required=False, default=0,
                                      help_text=_("見込み利用量（システムの利用量の単位で）"))
    reason = TextField(required_text=True, max_length=TEXT_MAX_LENGTH,
                       help_text=_("導入の目的・理由"))

    def validate(self, data: dict) -> dict:
        """The start may not lie in the past (the workspace's form says the same)."""
        year = data["start_fiscal_year"] + (1 if data["start_month"] <= 3 else 0)
        if datetime.date(year, data["start_month"], 1) < timezone.localdate().replace(day=1):
            raise serializers.ValidationError(
                {"start_month": serializers.ErrorDetail(
                    _("利用開始の月は今月以降にしてください。"), code="start_in_past")})
        return data


class ActInput(serializers.Serializer):
    comment = TextField(required=False, default="", max_length=TEXT_MAX_LENGTH,
                        help_text=_("相手に伝えるコメント（任意）"))


class ActWithReasonInput(serializers.Serializer):
    """Returning and rejecting tell the town why."""

    comment = TextField(required_text=True, max_length=TEXT_MAX_LENGTH,
                        help_text=_("市町村に伝える理由"))


class MonthField(serializers.CharField):
    """A month as "YYYY-MM", read as the first day of that month."""

    def __init__(self, **kwargs):
        super().__init__(trim_whitespace=False, **kwargs)
        self.validators.append(RegexValidator(
            MONTH_PATTERN, message=_("年月を「2026-04」の形で入力してください。"),
            code="month_format"))

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)

    def run_validation(self, data=serializers.empty):
        value = super().run_validation(data)
        if not value:
            return None
        return datetime.date(int(value[:4]), int(value[5:7]), 1)


class ActivateInput(ActInput):
    month = MonthField(required=False, help_text=_(
        "利用開始月（YYYY-MM）。省略すると申請の利用開始月です。"))


class EndInput(ActInput):
    month = MonthField(required=False, help_text=_(
        "最後に利用する月（YYYY-MM）。省略すると今月です。"))


# --- Adoption requests: outputs ---------------------------------------------------------

class TownOutputSerializer(serializers.Serializer):
    lg_code = serializers.CharField(help_text=_("地方公共団体コード"))
    name = serializers.CharField()


class SystemReferenceOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class TransitionOutputSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=AdoptionAction.choices)
    from_status = serializers.ChoiceField(choices=AdoptionStatus.choices)
    to_status = serializers.ChoiceField(choices=AdoptionStatus.choices)
    actor = serializers.CharField(source="actor.full_name", help_text=_("操作した人の氏名"))
    comment = serializers.CharField()
    occurred_at = serializers.DateTimeField()


class AdoptionRequestOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    municipality = TownOutputSerializer()
    system = SystemReferenceOutputSerializer()
    status = serializers.ChoiceField(choices=AdoptionStatus.choices)
    status_label = serializers.CharField(source="get_status_display")
    start_fiscal_year = serializers.IntegerField()
    start_month = serializers.IntegerField()
    expected_users = serializers.IntegerField()
    expected_usage = serializers.IntegerField()
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    days_waiting = serializers.SerializerMethodField(help_text=_(
        "県の判断または利用開始を待っている日数（申請中・承認済みのときだけ）"))
    actions = serializers.SerializerMethodField(help_text=_(
        "呼び出した人が今とれる操作（ライフサイクルの表と権限による）"))

    @extend_schema_field({"type": "integer", "minimum": 0, "nullable": True})
    def get_days_waiting(self, request) -> int | None:
        if request.status not in AWAITING_PREFECTURE or request.submitted_at is None:
            return None
        return (timezone.now() - request.submitted_at).days

    @extend_schema_field(serializers.ListField(
        child=serializers.ChoiceField(choices=AdoptionAction.choices)))
    def get_actions(self, request) -> list[str]:
        user = self.context["request"].user
        return [transition.action.value for transition in TRANSITIONS.values()
                if can_take_adoption_action(user, request, transition.action)]


class AdoptionRequestDetailOutputSerializer(AdoptionRequestOutputSerializer):
    transitions = TransitionOutputSerializer(many=True, source="transitions.all",
                                             help_text=_("これまでの操作（古い順）"))


# --- The catalog --------------------------------------------------------------------------

class ProviderOutputSerializer(serializers.Serializer):
    name = serializers.CharField(source="legal_name")
    corporate_number = serializers.CharField(help_text=_("法人番号"))


class SharingRuleOutputSerializer(serializers.Serializer):
    """A system's (or an allocation version's) rule, as the allocation preview's `rule`."""

    equal = serializers.IntegerField(source="equal_weight", help_text=_("均等割（%）"))
    population = serializers.IntegerField(source="population_weight", help_text=_("人口割（%）"))
    usage = serializers.IntegerField(source="usage_weight", help_text=_("利用量割（%）"))
    taper = serializers.DecimalField(max_digits=4, decimal_places=3, coerce_to_string=False,
                                     help_text=_("人口割の逓減指数（1で人口に比例）"))
    unit = serializers.IntegerField(source="rounding_unit", help_text=_("端数処理の単位（円）"))


class SystemOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    category = serializers.ChoiceField(choices=Category.choices)
    category_label = serializers.CharField(source="get_category_display")
    standard_areas = serializers.ListField(child=serializers.ChoiceField(
        choices=StandardArea.choices), help_text=_("標準化対象事務"))
    provider = ProviderOutputSerializer(allow_null=True, help_text=_("提供事業者"))
    delivery = serializers.ChoiceField(choices=Delivery.choices)
    standard_compliant = serializers.BooleanField(help_text=_("標準準拠"))
    ismap_registered = serializers.BooleanField(help_text=_("ISMAP登録"))
    status = serializers.ChoiceField(choices=SystemStatus.choices)
    annual_cost = serializers.IntegerField(
        help_text=_("利用団体全体で分担する年間の費用（円・税抜）"))
    rule = SharingRuleOutputSerializer(source="*", help_text=_("分担の方法"))
    usage_label = serializers.CharField(help_text=_("利用量の単位"))
    population_source = serializers.CharField(help_text=_("人口の出典"))
    population_as_of = serializers.DateField(allow_null=True, help_text=_("人口の基準日"))


class StandalonePriceOutputSerializer(serializers.Serializer):
    band = serializers.ChoiceField(
        choices=[band for band in PopulationBand.choices if band[0] != PopulationBand.PREFECTURE])
    annual_price = serializers.IntegerField(help_text=_("単独で導入したときの年額（円・税抜）"))


class SpecificationOutputSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    title = serializers.CharField()
    uploaded_at = serializers.DateTimeField()


class AdopterOutputSerializer(serializers.Serializer):
    lg_code = serializers.CharField(source="municipality.lg_code")
    name = serializers.CharField(source="municipality.name")
    first_month = serializers.DateField(help_text=_("利用開始月（その月の1日）"))


class SystemDetailOutputSerializer(SystemOutputSerializer):
    description = serializers.CharField()
    standalone_prices = serializers.SerializerMethodField(help_text=_(
        "団体区分ごとの単独導入の年額"))
    specifications = SpecificationOutputSerializer(
        many=True, source="specifications.all", help_text=_("仕様書の版（新しい順）"))
    adopters = serializers.SerializerMethodField(help_text=_(
        "利用している団体（団体ごとの負担額は含みません）"))

    @extend_schema_field(StandalonePriceOutputSerializer(many=True))
    def get_standalone_prices(self, system) -> list[dict]:
        order = list(PopulationBand.values)
        charges = sorted(system.standalone_charges.all(), key=lambda c: order.index(c.band))
        return StandalonePriceOutputSerializer(charges, many=True).data

    @extend_schema_field(AdopterOutputSerializer(many=True))
    def get_adopters(self, system) -> list[dict]:
        return AdopterOutputSerializer(self.context["adopters"], many=True).data


# --- Allocations ----------------------------------------------------------------------------

def two_places(value: Fraction) -> Decimal:
    """An exact part of a share, to the sen, rounded half to even (as allocation lines are)."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_EVEN)


@extend_schema_field({"type": "integer", "minimum": 0, "maximum": 100})
class WeightField(JsonIntegerField):
    """Whole percent. The engine checks the range and the sum."""


@extend_schema_field({"type": "integer", "minimum": 0})
class TotalField(JsonIntegerField):
    """Yen. The engine refuses a negative total."""


@extend_schema_field({"type": "number", "minimum": 0, "exclusiveMinimum": True, "maximum": 1,
                      "default": 1})
class TaperField(JsonNumberField):
    """k, with 0 < k ≤ 1. The engine checks it."""


@extend_schema_field({"type": "integer", "minimum": 1, "default": 1})
class UnitField(JsonIntegerField):
    """The rounding unit in yen. The engine checks it."""


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 12, "default": 12})
class MonthsField(JsonIntegerField):
    """Months active in the fiscal year. The engine checks the range."""


@extend_schema_field({"type": "number", "minimum": 0, "default": 0})
class UsageField(JsonNumberField):
    """The town's usage in the year. The engine refuses a negative one."""


@extend_schema_field(LG_CODE_SCHEMA)
class LgCodeField(serializers.CharField):
    """A 地方公共団体コード as a JSON string; its shape and check digit are the engine's to
    check, and whether Kyodo knows the town is the preview's."""

    def __init__(self, **kwargs):
        super().__init__(trim_whitespace=False, **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class SharingRuleInput(serializers.Serializer):
    equal = WeightField(help_text=_("均等割（%）"))
    population = WeightField(help_text=_("人口割（%）"))
    usage = WeightField(help_text=_("利用量割（%）"))
    taper = TaperField(required=False, default=1, help_text=_("人口割の逓減指数"))
    unit = UnitField(required=False, default=1, help_text=_("端数処理の単位（円）"))


class PreviewAdopterInput(serializers.Serializer):
    lg_code = LgCodeField()
    months = MonthsField(required=False, default=12, help_text=_("年度内の利用月数"))
    usage = UsageField(required=False, default=0, help_text=_("年度の利用量"))


MAX_PREVIEW_ADOPTERS = 2000  # more than Japan's 1,741 municipalities


class AllocationPreviewInput(serializers.Serializer):
    total = TotalField(help_text=_("分担する総額（円）"))
    rule = SharingRuleInput()
    adopters = PreviewAdopterInput(many=True, min_length=1, max_length=MAX_PREVIEW_ADOPTERS,
                                   help_text=_("負担する団体（各団体1回まで）"))


class PartsOutputSerializer(serializers.Serializer):
    """The exact parts of a raw share, to the sen: why the amount is what it is."""

    equal = serializers.DecimalField(max_digits=20, decimal_places=2, help_text=_("均等割"))
    population = serializers.DecimalField(max_digits=20, decimal_places=2,
                                          help_text=_("人口割"))
    usage = serializers.DecimalField(max_digits=20, decimal_places=2, help_text=_("利用量割"))


class PreviewShareOutputSerializer(serializers.Serializer):
    lg_code = serializers.CharField()
    name = serializers.CharField()
    population = serializers.IntegerField(help_text=_("計算に使った人口（マスタデータ）"))
    months = serializers.IntegerField()
    usage = serializers.FloatField()
    amount = serializers.IntegerField(help_text=_("負担額（円）"))
    parts = serializers.SerializerMethodField()

    @extend_schema_field(PartsOutputSerializer)
    def get_parts(self, share) -> dict:
        return PartsOutputSerializer({part: two_places(value)
                                      for part, value in share.parts.items()}).data


class AllocationPreviewOutputSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    unit = serializers.IntegerField()
    population_as_of = serializers.DateField(allow_null=True, help_text=_(
        "計算に使った人口の基準日（団体によって異なるときは最も古い日）"))
    left_out = serializers.ListField(
        child=serializers.ChoiceField(choices=[(part.value, part.value) for part in Part]),
        help_text=_("分母が0のため除いた配分（その割合は残りの配分に比例して振り分けます）"))
    shares = PreviewShareOutputSerializer(many=True, help_text=_("指定した順"))


class AllocationLineOutputSerializer(serializers.Serializer):
    lg_code = serializers.CharField(source="municipality.lg_code")
    name = serializers.CharField(source="municipality.name")
    amount = serializers.IntegerField(help_text=_("負担額（円）"))
    months = serializers.IntegerField(help_text=_("利用月数"))
    population = serializers.IntegerField()
    usage = serializers.IntegerField()
    parts = serializers.SerializerMethodField()

    @extend_schema_field(PartsOutputSerializer)
    def get_parts(self, line) -> dict:
        return PartsOutputSerializer({"equal": line.equal_part, "population": line.population_part,
                                      "usage": line.usage_part}).data


class AllocationOutputSerializer(serializers.Serializer):
    system = SystemReferenceOutputSerializer(source="version.system")
    fiscal_year = serializers.IntegerField(source="version.fiscal_year")
    version = serializers.IntegerField(source="version.version")
    reason = serializers.CharField(source="version.reason", help_text=_("この版を作った理由"))
    computed_at = serializers.DateTimeField(source="version.computed_at")
    total = serializers.IntegerField(source="version.total")
    rule = SharingRuleOutputSerializer(source="version")
    population_as_of = serializers.DateField(source="version.population_as_of",
                                             allow_null=True)
    lines = AllocationLineOutputSerializer(many=True, help_text=_(
        "県の職員にはすべての団体の行、市町村の所属には自分の団体の行だけ"))

