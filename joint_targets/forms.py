"""Forms of the joint targets: a procedure, the inventory file, the year and band shown."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from joint_targets.models import FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR
from joint_targets.workspace.models import (
    ApprovalMonth,
    AutomatedProcess,
    Milestone,
    OrganisationMeasure,
    Procedure,
    ResidentSurvey,
)
from kyodo.fiscal import fiscal_year_label, fiscal_year_of
from kyodo.forms import KyodoForm, KyodoModelForm
from tenants.bands import PopulationBand

MAX_FILE_SIZE = 2 * 1024 * 1024
TOWN_BANDS = [band for band in PopulationBand if band != PopulationBand.PREFECTURE]


def current_fiscal_year() -> int:
    return fiscal_year_of(timezone.localdate())


def fiscal_year_choices() -> list[tuple[int, str]]:
    """The years a town keeps evidence for: three back, this one and the next."""
    current = current_fiscal_year()
    return [(year, fiscal_year_label(year)) for year in range(current - 3, current + 2)]


class FiscalYearField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(label=_("年度"), coerce=int, choices=fiscal_year_choices, **kwargs)


class ProcedureForm(KyodoModelForm):
    """One procedure of the inventory (the year is the page's)."""

    class Meta:
        model = Procedure
        fields = ["name", "department", "legal_basis", "annual_cases", "online_available",
                  "card_authentication", "online_cases"]
        help_texts = {"annual_cases": _("把握していない場合は空欄にします。"),
                      "online_cases": _("把握していない場合は空欄にします。")}

    def __init__(self, *args, fiscal_year: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if fiscal_year is not None:
            self.instance.fiscal_year = fiscal_year


class OrganisationMeasureForm(KyodoModelForm):
    """One checklist item (the page shows one per item, prefixed by its code)."""

    class Meta:
        model = OrganisationMeasure
        fields = ["since", "until", "evidence"]
        widgets = {"since": forms.DateInput(attrs={"type": "date"}),
                   "until": forms.DateInput(attrs={"type": "date"})}


DATE_INPUT = forms.DateInput(attrs={"type": "date"})
YEAR_INPUT = forms.NumberInput(attrs={"min": FIRST_FISCAL_YEAR, "max": LAST_FISCAL_YEAR})


class AutomatedProcessForm(KyodoModelForm):
    """One line of the automation register."""

    class Meta:
        model = AutomatedProcess
        fields = ["name", "department", "tool", "started_on", "ended_on", "hours_saved"]
        widgets = {"started_on": DATE_INPUT, "ended_on": DATE_INPUT}


class ApprovalMonthForm(KyodoModelForm):
    """One month's decisions: the calendar year and month, not the fiscal year."""

    class Meta:
        model = ApprovalMonth
        fields = ["year", "month", "decided", "electronic"]
        widgets = {"year": YEAR_INPUT, "month": forms.NumberInput(attrs={"min": 1, "max": 12})}
        help_texts = {"year": _("暦年で入力します（2026年3月は2025年度に数えます）。")}


class ResidentSurveyForm(KyodoModelForm):
    class Meta:
        model = ResidentSurvey
        fields = ["fiscal_year", "respondents", "satisfied"]
        widgets = {"fiscal_year": YEAR_INPUT, "respondents": forms.NumberInput(attrs={"min": 1})}


class MilestoneForm(KyodoModelForm):
    class Meta:
        model = Milestone
        fields = ["step", "title", "owner", "due_on", "status"]
        widgets = {"due_on": DATE_INPUT}


class ProcedureImportForm(KyodoForm):
    fiscal_year = FiscalYearField()
    file = forms.FileField(label=_("ファイル（Excel・CSV）"), max_length=200,
                           help_text=_("テンプレートの見出しのまま、1行に1手続きを入力します。"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError(_("ファイルは2MBまでにしてください。"),
                                        code="file_too_large")
        return upload


def indicator_choices(empty_label, indicators) -> list[tuple[str, str]]:
    return [("", empty_label), *[(indicator.code, indicator.name) for indicator in indicators]]


class YearForm(KyodoForm):
    """The year a page shows (GET); anything else falls back to the current year."""

    fiscal_year = FiscalYearField(required=False)
    band = forms.ChoiceField(label=_("団体区分"), required=False,
                             choices=[("", _("すべて")), *[(band.value, band.label)
                                                          for band in TOWN_BANDS]])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The select shows the year the page shows: this year when none (or no year we
        # keep) was asked for, also when other choices were (?sort=…, ?page=…).
        self.fields["fiscal_year"].initial = current_fiscal_year()
        if self.is_bound:
            self.data = self.data.copy()
            self.data["fiscal_year"] = str(self.chosen_year())

    def chosen_year(self) -> int:
        """The year asked for, whatever else in the address is wrong; else this year."""
        try:
            asked = self.fields["fiscal_year"].clean(self.data.get("fiscal_year"))
        except forms.ValidationError:
            asked = None
        return asked or current_fiscal_year()

    def chosen_band(self) -> str:
        return self.cleaned_data.get("band", "") if self.is_valid() else ""


class ProgressForm(YearForm):
    """The matrix's year and band, and the indicator its towns are ordered by (best
    first, 未報告 last); without one, by 地方公共団体コード."""

    sort = forms.ChoiceField(label=_("並べ替え"), required=False)

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sort"].choices = indicator_choices(_("団体コード順"), indicators)

    def chosen_sort(self) -> str:
        return self.cleaned_data.get("sort", "") if self.is_valid() else ""


class PolarisationForm(YearForm):
    """The polarisation view's year and, optionally, the one indicator it shows (it shows
    every band, so the inherited band is not offered)."""

    indicator = forms.ChoiceField(label=_("指標"), required=False)

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = indicator_choices(_("すべての指標"), indicators)

    def chosen_indicator(self) -> str:
        return self.cleaned_data.get("indicator", "") if self.is_valid() else ""


class SuggestionForm(KyodoForm):
    """One click on the needs-support list: what to suggest for which target of the year."""

    fiscal_year = forms.IntegerField(widget=forms.HiddenInput, min_value=FIRST_FISCAL_YEAR,
                                     max_value=LAST_FISCAL_YEAR)
    indicator = forms.SlugField(widget=forms.HiddenInput)
    suggestion = forms.ChoiceField(widget=forms.HiddenInput, choices=[
        ("system", _("共通システムの導入")), ("specialist", _("デジタル人材の支援要請"))])
    system = forms.IntegerField(label=_("共通システム"), required=False)
    band = forms.CharField(widget=forms.HiddenInput, required=False)  # the list's filter
