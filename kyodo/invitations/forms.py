import re

import jaconv
from django import forms
from django.contrib.auth.password_validation import (
    password_validators_help_text_html,
    validate_password,
)
from django.forms import modelformset_factory
from django.utils.translation import gettext_lazy as _
from stdnum.jp import cn

from kyodo.accounts.models import (
    MUNICIPALITY_ROLES,
    PUBLIC_TENANT_ROLES,
    VENDOR_ROLES,
    Role,
    User,
    Vendor,
    VendorQualification,
    VendorStatus,
    corporate_number_validator,
)
from kyodo.forms import (
    BLANK_LABEL,
    DigitsField,
    EmailAddressField,
    KyodoForm,
    KyodoModelForm,
    NumberLikeField,
)
from kyodo.invitations.vendors import EDITABLE_FIELDS, QUALIFICATION_FIELDS, VENDOR_FIELDS
from kyodo.text_limits import PASSWORD_MAX_LENGTH


class AcceptNewAccountForm(KyodoForm):
    """A new person's name and password, set when they accept an invitation."""

    full_name = forms.CharField(label=_("氏名"), max_length=100,
                                widget=forms.TextInput(attrs={"autocomplete": "name"}))
    password1 = forms.CharField(
        label=_("パスワード"), strip=False, max_length=PASSWORD_MAX_LENGTH,
        help_text=password_validators_help_text_html(),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(
        label=_("パスワード（確認）"), strip=False, max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("確認用のパスワードが一致しません。"))
        elif password1:
            candidate = User(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class WorkspaceInvitationForm(KyodoForm):
    """A town's lead invites a colleague, as staff unless they choose otherwise."""

    email = EmailAddressField(label=_("招待する方のメールアドレス"))
    role = forms.ChoiceField(
        label=_("役割"), initial=Role.MUNICIPALITY_STAFF,
        choices=[(role.value, role.label)
                 for role in (Role.MUNICIPALITY_STAFF, Role.MUNICIPALITY_LEAD)])


class VendorInvitationForm(KyodoForm):
    """A vendor's administrator invites a colleague, as a member unless they choose otherwise."""

    email = EmailAddressField(label=_("招待する方のメールアドレス"))
    role = forms.ChoiceField(
        label=_("役割"), initial=Role.VENDOR_MEMBER,
        choices=[(role.value, role.label) for role in (Role.VENDOR_MEMBER, Role.VENDOR_ADMIN)])


class MembershipRoleForm(KyodoForm):
    """Another role for a member, among those their organisation has."""

    role = forms.ChoiceField(label=_("役割"))

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role, Role(role).label)
                                       for role in membership.roles_available()]
        self.fields["role"].initial = membership.role


class ConsoleInvitationForm(KyodoForm):
    """A coordinator invites someone into a municipality, the prefecture or a vendor.

    The organisation is one field: `m<id>` for a municipality (the prefecture is one
    too) and `v<id>` for a vendor, grouped in the select, towns first (the invitations a
    coordinator sends most). The role starts unselected and
    lists the least powerful first: giving someone the coordinator's powers must be a
    deliberate choice.
    """

    ROLES_LEAST_POWERFUL_FIRST = (
        Role.MUNICIPALITY_STAFF, Role.MUNICIPALITY_LEAD, Role.VENDOR_MEMBER, Role.VENDOR_ADMIN,
        Role.SPECIALIST, Role.PREFECTURE_OPERATOR, Role.PREFECTURE_COORDINATOR)

    email = EmailAddressField(label=_("招待する方のメールアドレス"))
    organisation = forms.ChoiceField(label=_("所属先"))
    role = forms.ChoiceField(label=_("役割"), choices=[
        ("", BLANK_LABEL), *((role.value, role.label) for role in ROLES_LEAST_POWERFUL_FIRST)])

    def __init__(self, *args, prefecture, municipalities, vendors, **kwargs):
        super().__init__(*args, **kwargs)
        self._organisations = {f"m{prefecture.pk}": prefecture}
        self._organisations |= {f"m{town.pk}": town for town in municipalities}
        self._organisations |= {f"v{vendor.pk}": vendor for vendor in vendors}
        self.fields["organisation"].choices = [
            ("", BLANK_LABEL),
            (_("市町村"), [(f"m{town.pk}", town.name) for town in municipalities]),
            (_("県"), [(f"m{prefecture.pk}", prefecture.name)]),
            (_("事業者（承認済み）"), [(f"v{vendor.pk}", vendor.legal_name) for vendor in vendors]),
        ]

    def clean(self):
        cleaned = super().clean()
        organisation = self._organisations.get(cleaned.get("organisation", ""))
        role = cleaned.get("role")
        if organisation is None or role is None:
            return cleaned
        if isinstance(organisation, Vendor):
            cleaned.update(vendor=organisation, municipality=None)
            allowed = VENDOR_ROLES
        else:
            cleaned.update(municipality=organisation, vendor=None)
            allowed = PUBLIC_TENANT_ROLES if organisation.is_public else MUNICIPALITY_ROLES
        if role not in allowed:
            self.add_error("role", _("選んだ所属先では、この役割を指定できません。"))
        return cleaned


KANA = re.compile(r"^[ァ-ヶー・ 　]+$")


class VendorRegistrationForm(KyodoModelForm):
    # Declared so that hyphens and full-width digits may be typed; the number is then
    # normalised and checked here, giving one clear message instead of a length error.
    corporate_number = DigitsField(
        label=_("法人番号"), max_length=30,
        help_text=_("国税庁法人番号公表サイトに記載の13桁の番号です。"),
        error_messages={"unique": _("この法人番号の事業者は既に登録されています。")},
    )
    contact_email = EmailAddressField(label=_("担当者メールアドレス"))
    contact_phone = NumberLikeField(label=_("担当者電話番号"), max_length=20, required=False)

    class Meta:
        model = Vendor
        fields = list(VENDOR_FIELDS)
        field_classes = {"contact_email": EmailAddressField}
        help_texts = {"legal_name_kana": _("全角カタカナで入力してください。")}

    def clean_legal_name_kana(self) -> str:
        value = jaconv.hira2kata(jaconv.h2z(self.cleaned_data["legal_name_kana"], kana=True))
        if not KANA.match(value):
            raise forms.ValidationError(_("フリガナは全角カタカナで入力してください。"),
                                        code="kana")
        return value

    def clean_corporate_number(self) -> str:
        number = cn.compact(self.cleaned_data["corporate_number"])
        corporate_number_validator(number)
        return number

    def validate_unique(self):
        """A company whose application was declined applies again under its own number."""
        number = self.cleaned_data.get("corporate_number")
        if number and Vendor.objects.filter(corporate_number=number,
                                            status=VendorStatus.REJECTED).exists():
            return
        super().validate_unique()


class QualificationForm(KyodoModelForm):
    class Meta:
        model = VendorQualification
        fields = list(QUALIFICATION_FIELDS)
        widgets = {"valid_from": forms.DateInput(attrs={"type": "date"}),
                   "valid_until": forms.DateInput(attrs={"type": "date"})}

    def clean(self):
        cleaned = super().clean()
        valid_from, valid_until = cleaned.get("valid_from"), cleaned.get("valid_until")
        if valid_from and valid_until and valid_until < valid_from:
            self.add_error("valid_until", _("有効期間の終期は、始期以降の日付にしてください。"))
        return cleaned


class BaseQualificationFormSet(forms.BaseModelFormSet):
    """At least one 競争入札参加資格, none listed twice."""

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            key = (form.cleaned_data.get("category"), form.cleaned_data.get("valid_from"))
            if None in key:
                continue
            if key in seen:
                raise forms.ValidationError(
                    _("同じ業種区分で始期も同じ資格が重複しています。"), code="duplicate")
            seen.add(key)


QualificationFormSet = modelformset_factory(
    VendorQualification, form=QualificationForm, formset=BaseQualificationFormSet,
    extra=2, min_num=1, validate_min=True, max_num=10, validate_max=True,
)


class VendorEditForm(VendorRegistrationForm):
    """The vendor's own registration, all but its 法人番号 (which identifies it)."""

    class Meta(VendorRegistrationForm.Meta):
        fields = list(EDITABLE_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["corporate_number"]
