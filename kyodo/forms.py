"""Form fields every module shares."""

from django import forms
from django.utils.translation import gettext_lazy as _

# The longest address SMTP can carry (RFC 5321), and the length of every e-mail column.
EMAIL_MAX_LENGTH = 254
EMAIL_ERROR_MESSAGES = {
    "max_length": _("メールアドレスは%(limit_value)d文字以内で入力してください。"),
}


class EmailAddressField(forms.EmailField):
    """An e-mail address no longer than the columns that store it.

    Django's EmailField accepts up to 320 characters, so without the limit a longer
    address passed the form and failed in the database (a 500).
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", EMAIL_MAX_LENGTH)
        kwargs["error_messages"] = EMAIL_ERROR_MESSAGES | kwargs.get("error_messages", {})
        super().__init__(**kwargs)
