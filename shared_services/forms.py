"""Forms of the catalog module: curating a system, requesting one, deciding a request."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kyodo.accounts.models import Vendor, VendorStatus
from kyodo.fiscal import fiscal_year_label, fiscal_year_of
from kyodo.forms import BLANK_LABEL, KyodoForm, KyodoModelForm, YenField
from shared_services.models import (
    AdoptionRequest,
    Category,
    CommonSystem,
    StandardArea,
    SystemStatus,
)
from tenants.bands import PopulationBand

FISCAL_MONTHS = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]
TOWN_BANDS = [band for band in PopulationBand if band != PopulationBand.PREFECTURE]


def fiscal_year_choices(first: int | None = None, count: int = 3) -> list[tuple[int, str]]:
    first = first or fiscal_year_of(timezone.localdate())
    return [(year, fiscal_year_label(year)) for year in range(first, first + count)]


def month_choices() -> list[tuple[int, str]]:
    return [(month, _("%(month)d月") % {"month": month}) for month in FISCAL_MONTHS]


class CatalogFilterForm(KyodoForm):
    q = forms.CharField(label=_("キーワード"), required=False, max_length=100)
    category = forms.ChoiceField(label=_("分類"), required=False,
                                 choices=[("", _("すべて")), *Category.choices])
    status = forms.ChoiceField(label=_("状態"), required=False,
                               choices=[("", _("すべて")), *SystemStatus.choices])


class CommonSystemForm(KyodoModelForm):
    """A system and its sharing rule, with the standalone price for each population band."""

    annual_cost = YenField(label=_("年間費用（円・税抜）"),
                           help_text=_("利用団体全体で分担する年間の費用です。"))
    standard_areas = forms.MultipleChoiceField(
        label=_("標準化対象事務"), required=False, choices=StandardArea.choices,
        widget=forms.CheckboxSelectMultiple, help_text=_("標準準拠システムが対応する業務です。"))

    class Meta:
        model = CommonSystem
        fields = list(CommonSystem.AUDITED_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 6}),
                   "population_as_of": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Vendor.objects.filter(status=VendorStatus.APPROVED)
        self.fields["provider"].empty_label = BLANK_LABEL
        prices = dict(self.instance.standalone_charges.values_list("band", "annual_price")) \
            if self.instance.pk else {}
        for band in TOWN_BANDS:
            self.fields[f"standalone_{band.value}"] = YenField(
                label=_("単独導入の年額：%(band)s") % {"band": band.label}, required=False,
                initial=prices.get(band.value))

    def standalone_prices(self) -> dict[str, int]:
        return {band.value: self.cleaned_data[f"standalone_{band.value}"] for band in TOWN_BANDS
                if self.cleaned_data.get(f"standalone_{band.value}") is not None}

    def system_data(self) -> dict:
        return {field: self.cleaned_data[field] for field in CommonSystem.AUDITED_FIELDS}


class SystemStatusForm(KyodoForm):
    status = forms.ChoiceField(label=_("状態"), choices=SystemStatus.choices)
    comment = forms.CharField(label=_("コメント"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class SpecificationForm(KyodoForm):
    title = forms.CharField(label=_("表題"), max_length=200)
    file = forms.FileField(label=_("ファイル"), max_length=200)


class AdoptionRequestForm(KyodoModelForm):
    start_fiscal_year = forms.TypedChoiceField(label=_("利用開始の年度"), coerce=int)
    start_month = forms.TypedChoiceField(label=_("利用開始の月"), coerce=int)

    class Meta:
        model = AdoptionRequest
        fields = ["start_fiscal_year", "start_month", "expected_users", "expected_usage", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, usage_label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_fiscal_year"].choices = fiscal_year_choices()
        self.fields["start_month"].choices = month_choices()
        if usage_label:
            self.fields["expected_usage"].help_text = _("単位: %(unit)s") % {"unit": usage_label}

    def clean(self):
        cleaned = super().clean()
        year, month = cleaned.get("start_fiscal_year"), cleaned.get("start_month")
        if year and month:
            calendar_year = year + (1 if month <= 3 else 0)
            if datetime.date(calendar_year, month, 1) < timezone.localdate().replace(day=1):
                self.add_error("start_month", _("利用開始の月は今月以降にしてください。"))
        return cleaned


class EstimateForm(KyodoForm):
    """What-if inputs for 'what my town would pay': expected usage and the start month."""

    usage = forms.IntegerField(label=_("見込み利用量"), min_value=0, max_value=10**12, initial=0,
                               required=False)
    start = forms.CharField(label=_("利用開始の月"), max_length=7, required=False,
                            widget=forms.DateInput(attrs={"type": "month"}))

    def clean_start(self) -> datetime.date:
        text = self.cleaned_data.get("start") or ""
        if not text:
            return timezone.localdate().replace(day=1)
        try:
            year, month = (int(part) for part in text.split("-"))
            return datetime.date(year, month, 1)
        except ValueError as error:
            raise forms.ValidationError(_("年月を「2026-04」の形で入力してください。"),
                                        code="month_format") from error


class CommentForm(KyodoForm):
    body = forms.CharField(label=_("コメント"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class AttachmentForm(KyodoForm):
    file = forms.FileField(label=_("添付ファイル"), max_length=200)


class ActForm(KyodoForm):
    """A lifecycle action's comment (required where the other side must learn why) and, for
    activation and ending, the month."""

    comment = forms.CharField(label=_("コメント"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    month = forms.CharField(label=_("月"), required=False, max_length=7,
                            widget=forms.DateInput(attrs={"type": "month"}))

    def clean_month(self) -> datetime.date | None:
        text = self.cleaned_data.get("month") or ""
        if not text:
            return None
        try:
            year, month = (int(part) for part in text.split("-"))
            return datetime.date(year, month, 1)
        except ValueError as error:
            raise forms.ValidationError(_("年月を「2026-04」の形で入力してください。"),
                                        code="month_format") from error
