from django import forms

from tenants.workspace.models import TownProfile


class TownProfileForm(forms.ModelForm):
    class Meta:
        model = TownProfile
        fields = list(TownProfile.AUDITED_FIELDS)
        widgets = {"notes": forms.Textarea(attrs={"rows": 5})}
