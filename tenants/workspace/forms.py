from django import forms

from kyodo.forms import EmailAddressField
from tenants.workspace.models import TownProfile


class TownProfileForm(forms.ModelForm):
    class Meta:
        model = TownProfile
        fields = list(TownProfile.AUDITED_FIELDS)
        widgets = {"notes": forms.Textarea(attrs={"rows": 5})}
        field_classes = {"contact_email": EmailAddressField}
