from django import forms
from django.utils.translation import gettext_lazy as _

from kyodo.forms import EmailAddressField, KyodoModelForm, NumberLikeField
from tenants.workspace.models import TownProfile


class TownProfileForm(KyodoModelForm):
    contact_email = EmailAddressField(label=_("連絡先メールアドレス"), required=False,
                                         help_text=TownProfile._meta.get_field(
                                             "contact_email").help_text)
    contact_phone = NumberLikeField(label=_("連絡先電話番号"), max_length=20, required=False,
                                    help_text=TownProfile._meta.get_field(
                                        "contact_phone").help_text)

    class Meta:
        model = TownProfile
        fields = list(TownProfile.AUDITED_FIELDS)
        widgets = {"notes": forms.Textarea(attrs={"rows": 5})}
        field_classes = {"contact_email": EmailAddressField}
