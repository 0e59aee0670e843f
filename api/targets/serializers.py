"""Input and output serializers of the joint targets' API, one pair per operation."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.fields import JsonBooleanField, JsonIntegerField, TextField
from api.serializers import QueryParametersSerializer, WholeNumberField
from joint_targets.models import FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR
from joint_targets.progress import Progress
from joint_targets.workspace.models import AutomationTool, MilestoneStatus, RoadmapStep
from tenants.bands import PopulationBand

DB_INTEGER_MAX = 2**31 - 1
TOWN_BANDS = [(band.value, band.label) for band in PopulationBand
              if band != PopulationBand.PREFECTURE]


def fiscal_year_field(**kwargs):
    return WholeNumberField(min_value=FIRST_FISCAL_YEAR, max_value=LAST_FISCAL_YEAR,
                            help_text=_("年度（西暦。2025年度は2025。省略すると今年度）"),
                            **kwargs)


class YearQuerySerializer(QueryParametersSerializer):
    fiscal_year = fiscal_year_field(required=False)


class ProgressQuerySerializer(QueryParametersSerializer):
    fiscal_year = fiscal_year_field(required=False)
    band = serializers.ChoiceField(choices=TOWN_BANDS, required=False,
                                   help_text=_("団体区分"))


class ProcedureCreateInput(serializers.Serializer):
    """One procedure of the town's inventory for a fiscal year."""

    fiscal_year = JsonIntegerField(min_value=FIRST_FISCAL_YEAR, max_value=LAST_FISCAL_YEAR,
                                   help_text=_("年度（西暦）"))
    name = TextField(required_text=True, max_length=200, help_text=_("手続名"))
    department = TextField(required_text=True, max_length=100, help_text=_("担当部署"))
    legal_basis = TextField(required=False, default="", max_length=200,
                            help_text=_("根拠法令"))
    annual_cases = JsonIntegerField(min_value=0, max_value=DB_INTEGER_MAX, required=False,
                                    allow_null=True, default=None,
                                    help_text=_("年間件数（把握していない場合はnull）"))
    online_available = JsonBooleanField(required=False, default=False,
                                                help_text=_("オンライン化済み"))
    card_authentication = JsonBooleanField(
        required=False, default=False,
        help_text=_("マイナンバーカード認証（オンライン化済みの手続きだけ）"))
    online_cases = JsonIntegerField(
        min_value=0, max_value=DB_INTEGER_MAX, required=False, allow_null=True, default=None,
        help_text=_("オンライン件数（年間件数以下。把握していない場合はnull）"))


@extend_schema_field({"type": "string", "format": "binary", "minLength": 1})
class FileContentField(serializers.Field):
    """The content of a multipart part, as bytes: a file part, or a part sent without a
    file name (which Django reads as a text field), as some clients send a file."""

    default_error_messages = {"required": _("ファイルを選んでください。"),
                              "invalid": _("ファイルを読み取れませんでした。")}

    def to_internal_value(self, data) -> bytes:
        if isinstance(data, str):
            return data.encode("utf-8")
        if hasattr(data, "read"):
            return data.read()
        self.fail("invalid")

    def to_representation(self, value):
        return None


class ProcedureImportInput(serializers.Serializer):
    """multipart/form-data: the year and the inventory file, as on the page."""

    fiscal_year = WholeNumberField(min_value=FIRST_FISCAL_YEAR, max_value=LAST_FISCAL_YEAR,
                                   help_text=_("年度（西暦）"))
    file = FileContentField(help_text=_(
        "行政手続き一覧のテンプレートと同じ形のExcel（.xlsx）かCSV（UTF-8またはShift_JIS）"))


class ProcedureImportOutputSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text=_("追加した手続きの数"))
    updated = serializers.IntegerField(help_text=_("更新した手続きの数"))
    unchanged = serializers.IntegerField(help_text=_("変更のなかった手続きの数"))


class ProcedureOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    fiscal_year = serializers.IntegerField()
    name = serializers.CharField()
    department = serializers.CharField()
    legal_basis = serializers.CharField()
    annual_cases = serializers.IntegerField(allow_null=True)
    online_available = serializers.BooleanField()
    card_authentication = serializers.BooleanField()
    online_cases = serializers.IntegerField(allow_null=True)


def value_field(help_text):
    return serializers.DecimalField(max_digits=12, decimal_places=1, coerce_to_string=False,
                                    allow_null=True, help_text=help_text)


class IndicatorOutputSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    unit = serializers.CharField()
    numerator = serializers.CharField()
    denominator = serializers.CharField()
    direction = serializers.CharField()
    source = serializers.CharField()
    national_value = value_field(_("全国の参考値（有無の指標では「有」の団体の割合）"))
    national_year = serializers.IntegerField(allow_null=True)
    national_source = serializers.CharField()
    national_note = serializers.CharField()
    is_sample = serializers.BooleanField(help_text=_("参考値が公表値ではないサンプルか"))


class TownIndicatorValueSerializer(serializers.Serializer):
    """A value of the town: null is 未報告 (nothing to compute it from), never 0."""

    code = serializers.CharField(source="indicator.code")
    unit = serializers.CharField(source="indicator.unit")
    value = value_field(_("値（未報告はnull）"))
    target = value_field(_("今年度の目標"))
    band_median = value_field(_("団体区分の中央値（3団体以上が公開している場合だけ）"))
    progress = serializers.ChoiceField(choices=Progress.choices)

    def to_representation(self, row: dict) -> dict:
        return {"code": row["indicator"].code, "unit": row["indicator"].unit,
                "value": _number(row["value"]),
                "target": _number(row["target"].value) if row["target"] else None,
                "band_median": _number(row["median"]), "progress": str(row["progress"])}


def _number(value):
    return None if value is None else float(value)


class ProgressCellSerializer(serializers.Serializer):
    code = serializers.CharField()
    value = value_field(_("公開された値（未報告はnull）"))
    target = value_field(_("この団体に適用される目標"))
    progress = serializers.ChoiceField(choices=Progress.choices)


class ProgressRowSerializer(serializers.Serializer):
    lg_code = serializers.CharField()
    name = serializers.CharField()
    population_band = serializers.CharField()
    indicators = ProgressCellSerializer(many=True)

    def to_representation(self, row: dict) -> dict:
        town = row["town"]
        return {"lg_code": town.lg_code, "name": town.name,
                "population_band": town.population_band,
                "indicators": [{"code": cell["indicator"].code, "value": _number(cell["value"]),
                                "target": _number(cell["target"].value) if cell["target"]
                                else None, "progress": str(cell["progress"])}
                               for cell in row["cells"]]}


class BandsQuerySerializer(QueryParametersSerializer):
    fiscal_year = fiscal_year_field(required=False)
    band = serializers.ChoiceField(choices=TOWN_BANDS, required=False,
                                   help_text=_("団体区分（省略するとすべて）"))


class BandAggregateSerializer(serializers.Serializer):
    """One indicator in one population band for the year. A figure is null where too few
    towns published a value to show it without revealing a town's value."""

    code = serializers.CharField(help_text=_("指標コード"))
    unit = serializers.CharField(help_text=_("単位（percent, count, hours, yes_no）"))
    band = serializers.ChoiceField(choices=TOWN_BANDS, help_text=_("団体区分"))
    towns_reporting = serializers.IntegerField(help_text=_("値を公開した団体の数"))
    q1 = value_field(_("第1四分位（5団体以上の場合だけ）"))
    median = value_field(_("中央値（3団体以上の場合だけ。有無の指標ではnull）"))
    q3 = value_field(_("第3四分位（5団体以上の場合だけ）"))
    share_yes = value_field(_("「有」の団体の割合（%。有無の指標で3団体以上の場合だけ）"))

    def to_representation(self, row: dict) -> dict:
        return {"code": row["indicator"].code, "unit": row["indicator"].unit,
                "band": row["band"].value, "towns_reporting": row["count"],
                **{figure: _number(row[figure]) for figure in ("q1", "median", "q3",
                                                               "share_yes")}}


class BandsOutputSerializer(serializers.Serializer):
    fiscal_year = serializers.IntegerField(help_text=_("年度（西暦）"))
    median_min_towns = serializers.IntegerField(
        help_text=_("中央値・「有」の割合を示すのに必要な公開団体数"))
    quartile_min_towns = serializers.IntegerField(help_text=_("四分位を示すのに必要な公開団体数"))
    results = BandAggregateSerializer(many=True)


# --- The town's evidence registers and roadmap (joint_targets.services.evidence/roadmap) ---


class AutomatedProcessInput(serializers.Serializer):
    """One line of the automation register (RPA等の導入業務)."""

    name = TextField(required_text=True, max_length=200, help_text=_("業務名"))
    department = TextField(required_text=True, max_length=100, help_text=_("担当部署"))
    tool = serializers.ChoiceField(choices=AutomationTool.choices, default=AutomationTool.RPA,
                                   help_text=_("ツール"))
    started_on = serializers.DateField(help_text=_("稼働開始日"))
    ended_on = serializers.DateField(required=False, allow_null=True, default=None,
                                     help_text=_("稼働終了日（稼働中の場合はnull）"))
    hours_saved = JsonIntegerField(min_value=0, max_value=DB_INTEGER_MAX,
                                   help_text=_("年間削減時間"))


class AutomatedProcessOutputSerializer(AutomatedProcessInput):
    id = serializers.IntegerField()


class ApprovalMonthInput(serializers.Serializer):
    """One calendar month's approval counts (決裁件数); the month belongs to the fiscal year
    it falls in (March 2027 to 2026年度)."""

    year = JsonIntegerField(min_value=FIRST_FISCAL_YEAR, max_value=LAST_FISCAL_YEAR + 1,
                            help_text=_("年（西暦）"))
    month = JsonIntegerField(min_value=1, max_value=12, help_text=_("月"))
    decided = JsonIntegerField(min_value=0, max_value=DB_INTEGER_MAX, help_text=_("決裁件数"))
    electronic = JsonIntegerField(min_value=0, max_value=DB_INTEGER_MAX,
                                  help_text=_("うち電子決裁（決裁件数以下）"))


class ApprovalMonthOutputSerializer(ApprovalMonthInput):
    id = serializers.IntegerField()
    fiscal_year = serializers.IntegerField(help_text=_("その月が属する年度"))


class ResidentSurveyInput(serializers.Serializer):
    """A fiscal year's resident survey: respondents and those satisfied (満足・やや満足)."""

    fiscal_year = JsonIntegerField(min_value=FIRST_FISCAL_YEAR, max_value=LAST_FISCAL_YEAR,
                                   help_text=_("年度（西暦）"))
    respondents = JsonIntegerField(min_value=1, max_value=DB_INTEGER_MAX,
                                   help_text=_("回答者数"))
    satisfied = JsonIntegerField(min_value=0, max_value=DB_INTEGER_MAX,
                                 help_text=_("満足と回答した人数（回答者数以下）"))


class ResidentSurveyOutputSerializer(ResidentSurveyInput):
    id = serializers.IntegerField()


class MilestoneInput(serializers.Serializer):
    """One milestone of the roadmap (工程表), under one of the four steps."""

    step = serializers.ChoiceField(choices=RoadmapStep.choices, help_text=_("手順"))
    title = TextField(required_text=True, max_length=200, help_text=_("マイルストーン"))
    owner = TextField(required_text=True, max_length=100, help_text=_("担当"))
    due_on = serializers.DateField(help_text=_("期限"))
    status = serializers.ChoiceField(choices=MilestoneStatus.choices,
                                     default=MilestoneStatus.SCHEDULED, help_text=_("状況"))


class MilestoneOutputSerializer(MilestoneInput):
    id = serializers.IntegerField()
    overdue = serializers.SerializerMethodField(help_text=_("期限を過ぎても予定のままか"))

    def get_overdue(self, milestone) -> bool:
        return milestone.is_overdue(timezone.localdate())
