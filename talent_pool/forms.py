"""The pool's forms. Skills are one select per skill of the taxonomy (none, or level
1–4), so a clerk picks from the list rather than typing codes; field names match the
services' so a service's field error lands on the right input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kyodo.forms import KyodoForm, KyodoModelForm, LocalDateField, LocalDateTimeField
from talent_pool.models import Skill, Specialist, SupportRequest, Theme
from tenants.models import Municipality

LEVEL_LABELS = {1: _("レベル1（指示を受けて担当できる）"), 2: _("レベル2（自立して担当できる）"),
                3: _("レベル3（指導・統括できる）"), 4: _("レベル4（第一人者）")}


class SkillLevelsMixin:
    """One `skill_<code>` select per skill; `skill_levels()` gives {Skill: level}."""

    none_label = _("なし")
    at_least_one_message = _("スキルを1つ以上選んでください。")

    def add_skill_fields(self, initial: dict[str, int]) -> None:
        self.skills = list(Skill.objects.all())
        choices = [("", self.none_label)] + [(str(level), label)
                                             for level, label in LEVEL_LABELS.items()]
        for skill in self.skills:
            self.fields[f"skill_{skill.code}"] = forms.TypedChoiceField(
                label=skill.name, choices=choices, required=False, coerce=int, empty_value=None,
                initial=initial.get(skill.code))

    def skill_fields(self):
        return [self[f"skill_{skill.code}"] for skill in self.skills]

    def skill_levels(self) -> dict[Skill, int]:
        return {skill: self.cleaned_data[f"skill_{skill.code}"] for skill in self.skills
                if self.cleaned_data.get(f"skill_{skill.code}")}

    def check_skills(self) -> None:
        if not any(self.cleaned_data.get(f"skill_{skill.code}") for skill in self.skills):
            self.add_error(None, self.at_least_one_message)


def prefill(query) -> dict:
    """A new request's theme and title from the link that opened the form (a coordinator's
    suggestion, joint_targets.needs_support); anything unknown is left out."""
    initial = {}
    if query.get("theme") in Theme.values:
        initial["theme"] = query["theme"]
    title = query.get("title", "")[:SupportRequest._meta.get_field("title").max_length]
    if title.strip():
        initial["title"] = title.strip()
    return initial


class SupportRequestForm(SkillLevelsMixin, KyodoModelForm):
    none_label = _("不要")
    at_least_one_message = _("必要なスキルを1つ以上選んでください。")
    period_from = LocalDateField(label=_("支援開始日"))
    period_until = LocalDateField(label=_("支援終了日"))

    class Meta:
        model = SupportRequest
        fields = ["title", "theme", "reason", "hours_per_month", "period_from", "period_until",
                  "on_site_percent", "priority"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"hours_per_month": _("打合せや資料作成を含めた、月あたりの目安の時間です。"),
                      "reason": _("困っていること、専門人材に期待することを書いてください。")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        initial = {}
        if self.instance.pk:
            initial = {row.skill.code: row.min_level
                       for row in self.instance.required_skills.select_related("skill")}
        self.add_skill_fields(initial)

    def clean(self):
        cleaned = super().clean()
        self.check_skills()
        start, end = cleaned.get("period_from"), cleaned.get("period_until")
        if start and end and end < start:
            self.add_error("period_until", _("支援終了日は支援開始日以降の日付にしてください。"))
        return cleaned

    def data_for_service(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class SpecialistForm(SkillLevelsMixin, KyodoModelForm):
    available_from = LocalDateField(label=_("稼働開始日"), required=False)
    available_until = LocalDateField(label=_("稼働終了日"), required=False)

    class Meta:
        model = Specialist
        fields = ["name", "engagement_type", "home", "work_mode", "monthly_capacity_hours",
                  "max_towns", "available_from", "available_until", "certifications",
                  "is_active"]
        widgets = {"certifications": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home"].queryset = Municipality.objects.exclude(
            schema_name="public").order_by("lg_code")
        initial = {}
        if self.instance.pk:
            initial = {row.skill.code: row.level
                       for row in self.instance.skills.select_related("skill")}
        self.add_skill_fields(initial)

    def clean(self):
        cleaned = super().clean()
        self.check_skills()
        start, end = cleaned.get("available_from"), cleaned.get("available_until")
        if start and end and end < start:
            self.add_error("available_until", _("稼働終了日は稼働開始日以降の日付にしてください。"))
        return cleaned

    def data_for_service(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class SkillForm(KyodoModelForm):
    """A skill of the taxonomy; its code is fixed once the skill exists."""

    class Meta:
        model = Skill
        fields = ["code", "role", "name", "name_en", "sort_order"]
        help_texts = {"code": _("半角英小文字・数字・アンダースコアで、書出しや記録に使います。"
                                "作成後は変更できません。"),
                      "sort_order": _("小さい順に表示します。")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True

    def validate_unique(self):
        """The service checks the code is new, and says so in its own words."""

    def data_for_service(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AvailabilityForm(KyodoModelForm):
    available_from = LocalDateField(label=_("稼働開始日"), required=False)
    available_until = LocalDateField(label=_("稼働終了日"), required=False)

    class Meta:
        model = Specialist
        fields = ["monthly_capacity_hours", "max_towns", "available_from", "available_until",
                  "work_mode"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("available_from"), cleaned.get("available_until")
        if start and end and end < start:
            self.add_error("available_until", _("稼働終了日は稼働開始日以降の日付にしてください。"))
        return cleaned


class TimeEntryForm(KyodoForm):
    day = LocalDateField(label=_("日付"))
    hours = forms.DecimalField(label=_("時間"), min_value=0.25, max_value=24, decimal_places=2,
                               help_text=_("15分（0.25時間）単位で入力します。"))
    note = forms.CharField(label=_("内容"), max_length=200, required=False)
    over_capacity_reason = forms.CharField(
        label=_("稼働可能時間を超える理由"), max_length=200, required=False,
        help_text=_("この月の稼働が月あたりの稼働可能時間を超えるときだけ入力します。"))


class SlotForm(KyodoForm):
    starts_at = LocalDateTimeField(label=_("開始日時"),
                                   help_text=_("1時間の枠です。開始時刻は00分か30分にしてください。"))
    online = forms.BooleanField(label=_("オンラインで行う"), required=False, initial=True)


class BookingForm(KyodoForm):
    question = forms.CharField(label=_("相談したいこと"), max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 3}))


class RatingForm(KyodoForm):
    rating = forms.TypedChoiceField(
        label=_("評価"), coerce=int,
        choices=[(str(n), label) for n, label in (
            (5, _("5（とても満足）")), (4, _("4（満足）")), (3, _("3（ふつう）")),
            (2, _("2（不満）")), (1, _("1（とても不満）")))])
    comment = forms.CharField(label=_("コメント"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("県のコーディネーターだけが読みます。"))


class DeclineForm(KyodoForm):
    reason = forms.CharField(label=_("見送りの理由"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("団体に通知されます。"))


class MatchEditForm(KyodoForm):
    """Accept a match as proposed, or with another specialist or fewer hours."""

    specialist = forms.ModelChoiceField(label=_("デジタル人材"), queryset=Specialist.objects.none())
    hours = forms.IntegerField(label=_("月あたりの支援時間"), min_value=1, max_value=160)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialist"].queryset = Specialist.objects.filter(is_active=True)
