"""Form conventions shared by every Kyodo page.

Every form in the platform inherits `KyodoForm` or `KyodoModelForm`, so that:

- a blank choice reads 「選択してください」, not Django's 「---------」;
- a length limit says the limit and the current length (kyodo.text_limits);
- each input is described by its hint and its error message (Django gives the ids
  `<id>_helptext` and `<id>_error`, which forms/fields.html uses);
- number-like text (phone numbers, 法人番号, codes, amounts) typed with full-width digits or
  Japanese dashes is normalised once, the same way everywhere (`normalize_number_like`).

Django's own default messages (required, lengths, choices, formset counts …) are worded
in Kyodo's Japanese by the `ja` catalogue in `kyodo/locale/ja/`, which takes precedence over
Django's. The templates `forms/fields.html` and the `error_summary` tag draw the fields
with 必須/任意 markers and the error summary that takes focus.
"""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

from kyodo.text_limits import EMAIL_MAX_LENGTH, LengthLimitMessages

BLANK_LABEL = _("選択してください")
_DASH_LABEL = BLANK_CHOICE_DASH[0][1]

# Characters people type for a hyphen in numbers: unicodedata names them all as some kind
# of hyphen, dash or minus, and Japanese input methods produce the prolonged sound mark
# (ー) or the wave dash for a hyphen between digits.
_DASH_WORDS = ("HYPHEN", "DASH", "MINUS", "PROLONGED SOUND MARK")


def normalize_number_like(value: str) -> str:
    """Half-width digits, letters and hyphens for something a person types as a number.

    NFKC turns full-width digits and letters (０３ー１２３４ → 03ー1234) into ASCII; every
    character that Unicode names as a hyphen, dash or minus becomes "-"; spaces go.
    """
    text = unicodedata.normalize("NFKC", value or "")
    characters = []
    for character in text:
        if character.isspace():
            continue
        if not character.isascii() and any(
                word in unicodedata.name(character, "") for word in _DASH_WORDS):
            characters.append("-")
        else:
            characters.append(character)
    return "".join(characters)


class NumberLikeField(forms.CharField):
    """A phone number, code or registration number, normalised before it is validated."""

    def to_python(self, value):
        return normalize_number_like(super().to_python(value))


class DigitsField(NumberLikeField):
    """Digits only once normalised (法人番号, 地方公共団体コード): hyphens are separators."""

    def to_python(self, value):
        return super().to_python(value).replace("-", "")


class YenField(forms.IntegerField):
    """An amount of yen: accepts 「１２，０００円」, 「¥12,000」 and 「12000」 alike."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value)
            for mark in (",", "¥", "円", " "):
                value = value.replace(mark, "")
        return super().to_python(value)


class EmailAddressField(forms.EmailField):
    """An e-mail address no longer than the columns that store it (Django's EmailField
    accepts 320 characters, which failed in the database), normalised when typed with a
    Japanese input method (full-width ＠ and letters)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", EMAIL_MAX_LENGTH)
        super().__init__(**kwargs)

    def to_python(self, value):
        return unicodedata.normalize("NFKC", super().to_python(value)).strip()


class KyodoFormMixin(LengthLimitMessages):
    label_suffix = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _replace_dash_label(field)


def _replace_dash_label(field: forms.Field) -> None:
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == _DASH_LABEL:
            field.empty_label = BLANK_LABEL
        return
    if isinstance(field, forms.ChoiceField):
        field.choices = [(value, BLANK_LABEL if value == "" and label == _DASH_LABEL else label)
                         for value, label in field.choices]


class KyodoForm(KyodoFormMixin, forms.Form):
    pass


class KyodoModelForm(KyodoFormMixin, forms.ModelForm):
    pass


class ReasonForm(KyodoForm):
    """The reason a person gives for a destructive action (suspend, reject, withdraw …).

    It is stored with the change and shown to whoever the action affects, so it is
    required where the policy says it matters.
    """

    MAX_LENGTH = 1000

    reason = forms.CharField(label=_("理由"), max_length=MAX_LENGTH,
                             widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if self.fields["reason"].required and not reason:
            raise ValidationError(_("理由を入力してください。"), code="required")
        return reason


def add_domain_error(form: forms.Form, error) -> None:
    """Put a service's DomainError on the form: each detail on the field it names (when
    the form has that field), the rest above the form."""
    placed = False
    for detail in getattr(error, "details", []):
        field = str(detail.get("field", "")).split(".")[0]
        if field in form.fields:
            form.add_error(field, detail.get("message") or error.message)
            placed = True
    if not placed:
        form.add_error(None, error.message)


class LocalDateTimeField(forms.DateTimeField):
    """A date and time typed in the prefecture's time zone (an <input type=datetime-local>)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M",
                                            "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"])
        super().__init__(**kwargs)


class LocalDateField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
