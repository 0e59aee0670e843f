import pytest
from django.core.exceptions import ValidationError

from kyodo.accounts.models import corporate_number_validator


@pytest.mark.parametrize("number", ["3944000012345", "2030001012345", "5835678256246"])
def test_valid_corporate_numbers_pass(number):
    corporate_number_validator(number)


@pytest.mark.parametrize(("number", "code", "message"), [
    ("4944000012345", "corporate_number_check_digit", "法人番号の検査用数字が正しくありません。"),
    ("394400001234", "corporate_number_length", "法人番号は13桁で入力してください。"),
    ("39440000123456", "corporate_number_length", "法人番号は13桁で入力してください。"),
    ("394400001234X", "corporate_number_format", "法人番号は半角数字で入力してください。"),
])
def test_wrong_corporate_numbers_get_a_field_error_with_a_stable_code(number, code, message):
    with pytest.raises(ValidationError) as error:
        corporate_number_validator(number)

    assert error.value.code == code
    assert error.value.messages == [message]
