"""The forms of joint procurement's pages. Each names its fields as the services do, so a
service's field error lands on the right input (kyodo.forms.add_domain_error)."""

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from kyodo.forms import (
    BLANK_LABEL,
    KyodoForm,
    KyodoModelForm,
    LocalDateField,
    LocalDateTimeField,
    YenField,
)
from procurement.models import Procurement
from procurement.services.bids import DECLARATIONS, MAX_DOCUMENT_BYTES, MAX_DOCUMENTS
from shared_services.models import Delivery
from tenants.models import Municipality

ITEM_LINE = re.compile(r"^\s*(?P<name>.+?)\s*[:：]\s*(?P<points>[0-9０-９]+(?:\.[0-9]+)?)\s*$")


class ProcurementForm(KyodoModelForm):
    class Meta:
        model = Procurement
        fields = ["title", "need", "category", "qualification"]
        widgets = {"need": forms.Textarea(attrs={"rows": 5})}


class SurveyOpenForm(KyodoForm):
    municipalities = forms.ModelMultipleChoiceField(
        label=_("調査する市町村"), queryset=Municipality.objects.none(),
        widget=forms.CheckboxSelectMultiple)
    survey_deadline = LocalDateTimeField(label=_("回答期限"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = Municipality.objects.exclude(
            schema_name="public").order_by("lg_code")


class TermsForm(KyodoModelForm):
    """The tender's terms and timeline; technical items are typed one per line, 項目名：配点."""

    ceiling_price = YenField(label=_("予定価格（税抜）"), min_value=1)
    low_price = YenField(label=_("基準価格（税抜）"), min_value=1, required=False)
    items_text = forms.CharField(
        label=_("技術評価項目"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("総合評価・プロポーザルのとき、1行に1項目を「項目名：配点」の形で入力します。"))
    clarification_deadline = LocalDateTimeField(label=_("質問の受付期限"))
    bid_deadline = LocalDateTimeField(
        label=_("入札書の提出期限"),
        help_text=_("公告から10日以上後の、県の開庁日にしてください。"))
    opening_at = LocalDateTimeField(label=_("開札日時"))

    class Meta:
        model = Procurement
        fields = ["method", "ceiling_price", "ceiling_published", "low_price_kind", "low_price",
                  "price_points_max", "price_formula", "standard_points", "asks_town_prices",
                  "equal_weight", "population_weight", "reasons_deadline_days",
                  "clarification_deadline", "bid_deadline", "opening_at"]
        help_texts = {"asks_town_prices": _(
            "入札書に、総額の内訳として参加団体ごとの価格を記載させます。")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance and self.instance.technical_items:
            self.fields["items_text"].initial = "\n".join(
                f"{item['name']}：{item['max_points']}" for item in self.instance.technical_items)

    def clean_items_text(self) -> list[dict]:
        items = []
        for number, line in enumerate(
                (line for line in self.cleaned_data["items_text"].splitlines() if line.strip()),
                start=1):
            match = ITEM_LINE.match(line)
            if not match:
                raise forms.ValidationError(
                    _("%(number)d行目を「項目名：配点」の形で入力してください。")
                    % {"number": number}, code="item_format")
            items.append({"key": f"item{number}", "name": match["name"],
                          "max_points": str(Decimal(match["points"]))})
        return items

    def terms(self) -> dict:
        data = dict(self.cleaned_data)
        data["technical_items"] = data.pop("items_text")
        return data


class AmendForm(TermsForm):
    summary = forms.CharField(label=_("変更の内容"), max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class SurveyAnswerForm(KyodoForm):
    joins = forms.TypedChoiceField(
        label=_("参加の意向"), coerce=lambda value: value == "yes", widget=forms.RadioSelect,
        choices=[("yes", _("参加する")), ("no", _("参加しない"))])
    users = forms.IntegerField(label=_("利用者数"), min_value=0, max_value=10**7, initial=0,
                               required=False)
    licences = forms.IntegerField(label=_("ライセンス数"), min_value=0, max_value=10**7,
                                  initial=0, required=False)
    expected_usage = forms.IntegerField(label=_("見込み利用量（年間）"), min_value=0,
                                        max_value=10**12, initial=0, required=False)
    note = forms.CharField(label=_("備考"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def answer(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("users", "licences", "expected_usage"):
            data[name] = data.get(name) or 0
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one <input type=file multiple> (none when not required)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class BidForm(KyodoForm):
    """The bid: total price, a price per joining town where the tender asks for them
    (`towns`: the participants), documents, declarations and the くじ番号."""

    total_price = YenField(label=_("入札金額（税抜・円）"), min_value=1, max_value=10**13,
                           help_text=_("消費税を除いた総額を入力してください。"))
    kuji_number = forms.CharField(
        label=_("くじ番号（3桁）"), max_length=3, min_length=3,
        help_text=_("同じ評価の入札が複数あったとき、電子くじに使う000から999の番号です。"))
    documents = MultipleFileField(
        label=_("技術提案書など（任意）"), required=False,
        help_text=_("%(count)d件まで、1件10MB以下で添付できます。") % {"count": MAX_DOCUMENTS})

    def __init__(self, *args, towns=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.towns = list(towns)
        for town in self.towns:
            self.fields[f"town_{town.lg_code}"] = YenField(
                label=_("うち%(town)sの分（税抜・円）") % {"town": town.name}, max_value=10**13)
        for key, text in DECLARATIONS.items():
            self.fields[f"declare_{key}"] = forms.BooleanField(label=text, required=True)
        self.order_fields(["total_price", *(f"town_{town.lg_code}" for town in self.towns)])

    def clean_kuji_number(self) -> str:
        value = self.cleaned_data["kuji_number"]
        if not re.fullmatch(r"[0-9]{3}", value):
            raise forms.ValidationError(_("くじ番号は半角数字3桁で入力してください。"),
                                        code="kuji_number")
        return value

    def clean_documents(self):
        documents = self.cleaned_data.get("documents") or []
        if len(documents) > MAX_DOCUMENTS:
            raise forms.ValidationError(_("添付できる書類は%(count)d件までです。")
                                        % {"count": MAX_DOCUMENTS}, code="too_many")
        for document in documents:
            if document.size > MAX_DOCUMENT_BYTES:
                raise forms.ValidationError(_("%(name)sは10MBを超えています。")
                                            % {"name": document.name}, code="too_large")
        return documents

    def town_prices(self) -> dict:
        return {town.lg_code: self.cleaned_data[f"town_{town.lg_code}"] for town in self.towns}

    def declarations(self) -> dict:
        return {key: self.cleaned_data.get(f"declare_{key}", False) for key in DECLARATIONS}

    def documents_read(self) -> list[tuple[str, bytes]]:
        return [(document.name, document.read())
                for document in self.cleaned_data.get("documents") or []]


class QuestionForm(KyodoForm):
    question = forms.CharField(label=_("質問"), max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(KyodoForm):
    answer = forms.CharField(label=_("回答"), max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class AwardForm(KyodoForm):
    bid = forms.ChoiceField(label=_("落札者とする入札"))
    reason = forms.CharField(label=_("理由（第1順位以外のとき）"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bid"].choices = choices


class ContractForm(KyodoForm):
    value = YenField(label=_("契約金額（税抜・円）"), min_value=1, max_value=10**13)
    signed_on = LocalDateField(label=_("契約締結日"))
    starts_on = LocalDateField(label=_("契約期間の始期"))
    ends_on = LocalDateField(label=_("契約期間の終期"))
    delivery = forms.ChoiceField(
        label=_("提供形態"), required=False, choices=[("", BLANK_LABEL), *Delivery.choices],
        help_text=_("共通システムの分類を指定した調達では、契約したシステムを参加団体が利用する"
                    "共通システムとしてカタログに載せます。その提供形態を選んでください。"))

    def __init__(self, *args, for_catalog: bool = False, **kwargs):
        """`for_catalog`: the procurement names a catalog category, so the contract puts the
        system in the catalog and its 提供形態 is asked; otherwise the field is not shown."""
        super().__init__(*args, **kwargs)
        if for_catalog:
            self.fields["delivery"].required = True
        else:
            del self.fields["delivery"]


class ScoresForm(KyodoForm):
    """One field per opened bid and technical item: this evaluator's points."""

    def __init__(self, *args, bids=(), items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.cells = []
        for bid in bids:
            for item in items:
                name = f"points_{bid.pk.hex}_{item['key']}"
                self.fields[name] = forms.DecimalField(
                    label=_("%(vendor)s：%(item)s（%(max)s点満点）") % {
                        "vendor": bid.vendor.legal_name, "item": item["name"],
                        "max": item["max_points"]},
                    min_value=0, max_value=Decimal(item["max_points"]), decimal_places=2)
                self.cells.append((name, str(bid.pk), item["key"]))

    def points(self) -> dict:
        return {(bid_id, key): self.cleaned_data[name] for name, bid_id, key in self.cells}
