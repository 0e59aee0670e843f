from django import forms

from kyodo.text_limits import LengthLimitMessages
from tenants.workspace.models import TownProfile


class TownProfileForm(LengthLimitMessages, forms.ModelForm):
    class Meta:
        model = TownProfile
        fields = list(TownProfile.AUDITED_FIELDS)
        widgets = {"notes": forms.Textarea(attrs={"rows": 5})}
