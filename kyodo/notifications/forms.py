from django import forms
from django.utils.translation import gettext_lazy as _

from kyodo.forms import KyodoForm
from kyodo.notifications.models import EmailDelivery


class NotificationPreferenceForm(KyodoForm):
    email_delivery = forms.ChoiceField(
        label=_("メールでのお知らせ"), choices=EmailDelivery.choices, widget=forms.RadioSelect,
        help_text=_("お知らせは、いつでもこのサイトの「お知らせ」で確認できます。"))
