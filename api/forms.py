from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kyodo.accounts.policy import memberships_of
from kyodo.forms import KyodoForm

LIFETIMES = [
    (30, _("30日")),
    (90, _("90日")),
    (365, _("1年")),
    (0, _("無期限")),
]


class MembershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, membership) -> str:
        return f"{membership.organisation}（{membership.get_role_display()}）"


class ApiTokenCreateForm(KyodoForm):
    name = forms.CharField(
        label=_("名前"), max_length=100,
        help_text=_("どのシステムで使うトークンかが分かる名前にしてください"
                    "（例: 入札管理システム）。"),
    )
    membership = MembershipChoiceField(
        label=_("所属"), queryset=None, empty_label=None,
        help_text=_("トークンはこの団体・役割としてだけ動作します。"),
    )
    lifetime = forms.TypedChoiceField(label=_("有効期限"), choices=LIFETIMES, coerce=int,
                                      initial=365)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = memberships_of(user)

    def expires_at(self) -> datetime | None:
        days = self.cleaned_data["lifetime"]
        return timezone.now() + timedelta(days=days) if days else None
