"""Limits on free text, and the message a person sees when they pass one.

Every text a person can type has a limit, in the model (`max_length`, which the database
enforces as varchar(n)) and in the form; inputs that are never stored (passwords) are
bounded in the form. Django's own message for a too-long value is stiff
(「この値は 4000 文字以下でなければなりません( 5120 文字になっています)。」); forms that use
`LengthLimitMessages` say it as Kyodo does, with the limit and the current length:
「4,000文字以内で入力してください（現在 5,120文字）。」
"""

from django.core import validators
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# RFC 5321 allows 254 characters in an address, as Django's EmailField does by default.
EMAIL_MAX_LENGTH = 254
# Passwords are hashed, never stored; the bound keeps hashing and the similarity check
# on huge posts cheap, far above any password a person or a manager would choose.
PASSWORD_MAX_LENGTH = 4096


@deconstructible
class MaxLengthValidator(validators.MaxLengthValidator):
    message = _("%(limit)s文字以内で入力してください（現在 %(length)s文字）。")

    def __call__(self, value) -> None:
        limit = self.limit_value() if callable(self.limit_value) else self.limit_value
        length = self.clean(value)
        if self.compare(length, limit):
            raise ValidationError(self.message, code=self.code, params={
                "limit": f"{limit:,}", "length": f"{length:,}",
                "limit_value": limit, "show_value": length, "value": value,
            })


class LengthLimitMessages:
    """Form mixin: each field's length limit speaks with Kyodo's message."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.validators = [
                MaxLengthValidator(validator.limit_value)
                if type(validator) is validators.MaxLengthValidator else validator
                for validator in field.validators
            ]
