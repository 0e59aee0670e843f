"""Fields of JSON request bodies that take exactly the JSON type the schema states.

DRF's own fields convert what they are given: IntegerField takes "12" and 12.0,
CharField takes 12 and makes it "12", FloatField takes "0.5". A client whose code
sends the wrong type would then see it work by accident, and the schema would say
one thing while the API does another. These fields refuse any other type with
`invalid`, naming the field, and otherwise behave as DRF's (bounds, lengths, NUL
and surrogate characters refused). `TextField` serves query parameters too.

A `TextField` refuses NUL (which PostgreSQL cannot store) and, with
`required_text=True`, a text of white space only; the schema states the same rule as
its pattern (`TEXT_PATTERN`, `NON_BLANK_TEXT_PATTERN`: api.schema.TextFieldExtension).
Text is checked as sent and stored without the white space around it.
"""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

# Valid both in Python's re and in ECMAScript, which JSON Schema patterns use. An empty
# text, where one is allowed, is not the pattern's: drf-spectacular states it as the
# other branch of a `oneOf`, which must not overlap the pattern.
TEXT_PATTERN = r"^[^\u0000]+$"
NON_BLANK_TEXT_PATTERN = r"^\s*[^\s\u0000][^\u0000]*$"


class JsonIntegerField(serializers.IntegerField):
    """A JSON integer: a number without a fractional part, which JSON Schema counts as an
    integer however it is written (12, 12.0, 1.2e1), never a string or true."""

    def to_internal_value(self, data):
        if isinstance(data, float) and data.is_integer():
            return int(Decimal(repr(data)))  # the number as written: 1e23 is 10**23
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return data


class JsonBooleanField(serializers.BooleanField):
    """A JSON true or false, never "true", 1 or "on"."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class JsonNumberField(serializers.FloatField):
    """A JSON number, integer or not, kept as sent (an int stays an int), so that exact
    arithmetic downstream starts from what the client wrote."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        return data


class TextRule:
    """The rule the schema's pattern states: no NUL, and (for a required text) something
    besides white space. Each failure has its own code."""

    def __init__(self, *, required_text: bool):
        self.required_text = required_text
        self.pattern = NON_BLANK_TEXT_PATTERN if required_text else TEXT_PATTERN

    def __call__(self, value) -> None:
        if "\x00" in value:
            raise ValidationError(_("NUL文字は使えません。"), code="null_characters_not_allowed")
        if not re.search(self.pattern, value):
            raise ValidationError(_("空白以外の文字を入力してください。"), code="blank")


class TextField(serializers.CharField):
    """A JSON string. `required_text=True`: it must say something (not only white space).

    White space is not trimmed before the checks, so that what the schema's pattern
    allows is exactly what is accepted; the stored value is stripped.
    """

    def __init__(self, *, required_text: bool = False, **kwargs):
        kwargs.setdefault("trim_whitespace", False)
        kwargs.setdefault("allow_blank", not required_text)
        super().__init__(**kwargs)
        self.validators = [validator for validator in self.validators
                           if not isinstance(validator, ProhibitNullCharactersValidator)]
        self.rule = TextRule(required_text=required_text)
        self.validators.append(self.rule)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)

    def run_validation(self, data=serializers.empty):
        value = super().run_validation(data)
        return value.strip() if isinstance(value, str) else value
