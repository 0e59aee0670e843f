"""Input and output serializers of the talent pool's API, one pair per operation.

Inputs take exactly the JSON types their schema states (api.fields) and the bounds of
the models (talent_pool.models); what only the services know (a period in the right
order, a skill of the taxonomy, the specialist's monthly capacity) they answer with a
400 naming the field and a stable code (docs/talent_pool.md, "API").

Nothing here reads a rating or a note for someone who may not see it: a rating is the
coordinators' alone (kyodo.accounts.policy.can_view_rating), and hours with their notes
are listed only to the specialist who logged them.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.catalog.serializers import TownOutputSerializer
from api.fields import JsonBooleanField, JsonIntegerField, JsonNumberField, TextField
from api.serializers import QueryParametersSerializer, WholeNumberField
from kyodo.accounts.policy import can_view_rating
from talent_pool.candidates import MAX_LEVEL, MIN_LEVEL
from talent_pool.lifecycle import RequestStatus
from talent_pool.models import (
    MAX_MONTHLY_HOURS,
    EngagementType,
    PriorityChoice,
    SkillRole,
    Theme,
    WorkModeChoice,
)
from talent_pool.optimiser import UnservedReason
from talent_pool.selectors import monthly_hours, skill_list

DB_INTEGER_MAX = 2**31 - 1
MAX_TOWNS = 20  # as Specialist.max_towns' validator
MAX_SKILLS = 100


# --- Shared pieces ---------------------------------------------------------------------------

class SkillLevelOutputSerializer(serializers.Serializer):
    skill = serializers.CharField(source="skill.code", help_text=_("スキルのコード"))
    name = serializers.CharField(source="skill.name")
    level = serializers.IntegerField(min_value=MIN_LEVEL, max_value=MAX_LEVEL)


class RequiredSkillOutputSerializer(serializers.Serializer):
    skill = serializers.CharField(source="skill.code", help_text=_("スキルのコード"))
    name = serializers.CharField(source="skill.name")
    min_level = serializers.IntegerField(min_value=MIN_LEVEL, max_value=MAX_LEVEL)


class HoursField(serializers.DecimalField):
    """Hours as a JSON number (quarter hours), never a string."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=8, decimal_places=2, coerce_to_string=False, **kwargs)


# --- Specialists -----------------------------------------------------------------------------

class SpecialistOutputSerializer(serializers.Serializer):
    """A profile, for the coordinators (every one) and for the specialist (their own)."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    engagement_type = serializers.ChoiceField(choices=EngagementType.choices,
                                              help_text=_("任用形態"))
    home = TownOutputSerializer(help_text=_("活動拠点"))
    work_mode = serializers.ChoiceField(choices=WorkModeChoice.choices)
    monthly_capacity_hours = serializers.IntegerField(help_text=_("月あたりの稼働可能時間"))
    max_towns = serializers.IntegerField(help_text=_("同時に支援できる団体数"))
    available_from = serializers.DateField(allow_null=True)
    available_until = serializers.DateField(allow_null=True)
    certifications = serializers.ListField(child=serializers.CharField(),
                                           source="certification_list")
    is_active = serializers.BooleanField(help_text=_("割当ての対象"))
    skills = SkillLevelOutputSerializer(many=True, source="skills.all")


class AvailabilityInput(serializers.Serializer):
    """The specialist's own availability (the coordinator may correct it); only the fields
    sent change."""

    monthly_capacity_hours = JsonIntegerField(
        min_value=1, max_value=MAX_MONTHLY_HOURS, required=False,
        help_text=_("月あたりの稼働可能時間（1〜160）"))
    max_towns = JsonIntegerField(min_value=1, max_value=MAX_TOWNS, required=False,
                                 help_text=_("同時に支援できる団体数"))
    available_from = serializers.DateField(required=False, allow_null=True)
    available_until = serializers.DateField(required=False, allow_null=True)
    work_mode = serializers.ChoiceField(choices=WorkModeChoice.choices, required=False)


class SkillAvailabilityLevelSerializer(serializers.Serializer):
    level = serializers.IntegerField(min_value=MIN_LEVEL, max_value=MAX_LEVEL)
    specialists = serializers.IntegerField(help_text=_(
        "このレベル以上で、今月の稼働に空きがある人数"))


class SkillAvailabilityOutputSerializer(serializers.Serializer):
    """What the pool can offer a town now, per skill, without names."""

    skill = serializers.CharField(source="skill.code")
    name = serializers.CharField(source="skill.name")
    role = serializers.ChoiceField(choices=SkillRole.choices, source="skill.role")
    levels = serializers.SerializerMethodField()
    free_hours = serializers.IntegerField(help_text=_("空いている稼働時間の合計（月あたり）"))

    @extend_schema_field(SkillAvailabilityLevelSerializer(many=True))
    def get_levels(self, row) -> list[dict]:
        return [{"level": level, "specialists": count}
                for level, count in sorted(row.levels.items())]


# --- Support requests ------------------------------------------------------------------------

class RequiredSkillInput(serializers.Serializer):
    skill = TextField(required_text=True, max_length=40,
                      help_text=_("スキルのコード（スキルの分類にあるもの）"))
    min_level = JsonIntegerField(min_value=MIN_LEVEL, max_value=MAX_LEVEL,
                                 help_text=_("必要なレベル（1〜4）"))


class SupportRequestCreateInput(serializers.Serializer):
    """A draft request of the town whose path it is posted to."""

    theme = serializers.ChoiceField(choices=Theme.choices)
    title = TextField(required_text=True, max_length=120)
    hours_per_month = JsonIntegerField(min_value=1, max_value=MAX_MONTHLY_HOURS,
                                       help_text=_("月あたりの支援時間（1〜160）"))
    period_from = serializers.DateField(help_text=_("支援開始日"))
    period_until = serializers.DateField(help_text=_("支援終了日（開始日以降）"))
    on_site_percent = JsonIntegerField(min_value=0, max_value=100, required=False, default=0,
                                       help_text=_("訪問の割合（%）"))
    priority = serializers.ChoiceField(choices=PriorityChoice.choices, required=False,
                                       default=PriorityChoice.NORMAL)
    reason = TextField(required_text=True, max_length=2000, help_text=_("依頼の理由"))
    skills = RequiredSkillInput(many=True, min_length=1, max_length=MAX_SKILLS,
                                help_text=_("必要なスキルと最低レベル（1つ以上）"))

    def validate_skills(self, rows: list[dict]) -> dict:
        """{Skill: minimum level}, each code a skill of the taxonomy, named once."""
        codes = [row["skill"] for row in rows]
        known = {skill.code: skill for skill in skill_list().filter(code__in=codes)}
        problems, seen = {}, set()
        for index, code in enumerate(codes):
            if code not in known:
                problems[index] = {"skill": [serializers.ErrorDetail(
                    _("このコードのスキルはスキルの分類にありません。"), code="unknown_skill")]}
            elif code in seen:
                problems[index] = {"skill": [serializers.ErrorDetail(
                    _("同じスキルが2回指定されています。"), code="duplicate")]}
            seen.add(code)
        if problems:
            raise serializers.ValidationError(problems)
        return {known[row["skill"]]: row["min_level"] for row in rows}


class SupportRequestFilterSerializer(QueryParametersSerializer):
    status = serializers.ChoiceField(choices=RequestStatus.choices, required=False,
                                     help_text=_("支援要請の状態"))


class SupportRequestOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    municipality = TownOutputSerializer()
    theme = serializers.ChoiceField(choices=Theme.choices)
    title = serializers.CharField()
    hours_per_month = serializers.IntegerField()
    period_from = serializers.DateField()
    period_until = serializers.DateField()
    on_site_percent = serializers.IntegerField()
    priority = serializers.ChoiceField(choices=PriorityChoice.choices)
    reason = serializers.CharField()
    status = serializers.ChoiceField(choices=RequestStatus.choices)
    status_label = serializers.CharField(source="get_status_display")
    decline_reason = serializers.CharField(help_text=_("見送りの理由（見送りのときだけ）"))
    skills = RequiredSkillOutputSerializer(many=True, source="required_skills.all")
    specialist = serializers.SerializerMethodField(help_text=_("支援するデジタル人材の氏名"))
    created_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field({"type": "string", "nullable": True})
    def get_specialist(self, request) -> str | None:
        engagement = getattr(request, "engagement", None)
        return engagement.specialist.name if engagement else None


# --- Engagements and hours -------------------------------------------------------------------

class RequestReferenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    municipality = TownOutputSerializer()
    status = serializers.ChoiceField(choices=RequestStatus.choices)


class SpecialistReferenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MonthHoursSerializer(serializers.Serializer):
    month = serializers.DateField(help_text=_("月（その月の1日）"))
    hours = HoursField()


class EngagementOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    request = RequestReferenceSerializer()
    specialist = SpecialistReferenceSerializer()
    hours_per_month = serializers.IntegerField()
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    hours_delivered = HoursField(source="hours_logged", default=0,
                                 help_text=_("記録された稼働時間の合計"))
    rating = serializers.SerializerMethodField(
        help_text=_("団体の評価（県のコーディネーターだけ）"))
    rating_comment = serializers.SerializerMethodField(
        help_text=_("評価のコメント（県のコーディネーターだけ）"))

    def _rated(self, engagement) -> bool:
        return can_view_rating(self.context["request"].user, engagement)

    @extend_schema_field({"type": "integer", "minimum": 1, "maximum": 5, "nullable": True})
    def get_rating(self, engagement) -> int | None:
        return engagement.rating if self._rated(engagement) else None

    @extend_schema_field({"type": "string", "nullable": True})
    def get_rating_comment(self, engagement) -> str | None:
        return engagement.rating_comment if self._rated(engagement) else None


class TownEngagementOutputSerializer(EngagementOutputSerializer):
    monthly = serializers.SerializerMethodField(help_text=_("月ごとの稼働時間"))

    @extend_schema_field(MonthHoursSerializer(many=True))
    def get_monthly(self, engagement) -> list[dict]:
        return MonthHoursSerializer([{"month": month, "hours": hours}
                                     for month, hours in monthly_hours(engagement)],
                                    many=True).data


class TimeEntryFilterSerializer(QueryParametersSerializer):
    engagement = WholeNumberField(min_value=1, max_value=DB_INTEGER_MAX, required=False,
                                  help_text=_("支援のID"))


@extend_schema_field({"type": "number", "minimum": 0.25, "maximum": 24, "multipleOf": 0.25})
class QuarterHoursField(JsonNumberField):
    """Hours of one day in quarter hours; the service checks the quarter (`quarter_hours`)."""


class TimeEntryInput(serializers.Serializer):
    engagement = JsonIntegerField(min_value=1, max_value=DB_INTEGER_MAX,
                                  help_text=_("支援のID（自分のもの）"))
    day = serializers.DateField(help_text=_("日付（今日以前、支援の期間内）"))
    hours = QuarterHoursField(min_value=0.25, max_value=24, help_text=_("時間（15分単位）"))
    note = TextField(required=False, default="", max_length=200, help_text=_("内容"))
    over_capacity_reason = TextField(
        required=False, default="", max_length=200,
        help_text=_("月の稼働が稼働可能時間を超えるときの理由（そのときは必須）"))


class TimeEntryOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    engagement = serializers.IntegerField(source="engagement_id")
    day = serializers.DateField()
    hours = HoursField()
    note = serializers.CharField()
    over_capacity_reason = serializers.CharField()
    logged_at = serializers.DateTimeField()


# --- Spot consultations ----------------------------------------------------------------------

class SlotInput(serializers.Serializer):
    starts_at = serializers.DateTimeField(help_text=_(
        "開始日時（180日先まで、00分か30分に始まる1時間）"))
    online = JsonBooleanField(required=False, default=True, help_text=_("オンラインで行う"))


class SlotOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    online = serializers.BooleanField()


class BookingBaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    question = serializers.CharField()
    created_at = serializers.DateTimeField()
    cancelled_at = serializers.DateTimeField(allow_null=True)


class SlotBookingOutputSerializer(BookingBaseSerializer):
    municipality = TownOutputSerializer()


class OwnSlotOutputSerializer(SlotOutputSerializer):
    bookings = SlotBookingOutputSerializer(many=True, source="bookings.all")


class SlotSpecialistSerializer(serializers.Serializer):
    name = serializers.CharField(help_text=_("相談相手"))
    skills = SkillLevelOutputSerializer(many=True, source="skills.all")


class OpenSlotOutputSerializer(SlotOutputSerializer):
    specialist = SlotSpecialistSerializer()


class BookingInput(serializers.Serializer):
    slot = JsonIntegerField(min_value=1, max_value=DB_INTEGER_MAX, help_text=_("枠のID"))
    question = TextField(required_text=True, max_length=2000, help_text=_("相談したいこと"))


class BookedSlotSerializer(SlotOutputSerializer):
    specialist = serializers.CharField(source="specialist.name", help_text=_("相談相手"))


class BookingOutputSerializer(BookingBaseSerializer):
    slot = BookedSlotSerializer()


# --- Proposals -------------------------------------------------------------------------------

class ProposedMatchOutputSerializer(serializers.Serializer):
    request = serializers.IntegerField(help_text=_("支援要請のID"))
    specialist = serializers.IntegerField(help_text=_("デジタル人材のID"))
    hours = serializers.IntegerField(help_text=_("月あたりの支援時間"))
    explanation = serializers.CharField(help_text=_(
        "割当ての理由（スキル、移動距離、継続支援、優先）。要求の言語で"))


class UnservedOutputSerializer(serializers.Serializer):
    request = serializers.IntegerField(help_text=_("支援要請のID"))
    reason = serializers.ChoiceField(choices=[(reason.value, reason.value)
                                              for reason in UnservedReason],
                                     help_text=_("割り当てられなかった理由のコード"))


class ProposalOutputSerializer(serializers.Serializer):
    objective = serializers.FloatField(help_text=_("適合度の合計"))
    optimal = serializers.BooleanField(help_text=_("最適であることが証明されたか"))
    gap = serializers.FloatField(allow_null=True, help_text=_(
        "最適値までの差の上限（上界に対する割合。証明済みなら0）"))
    matches = ProposedMatchOutputSerializer(many=True)
    unserved = UnservedOutputSerializer(many=True)
