"""地方公共団体コード (local government code): five digits and a check digit.

For the first five digits abcde, S = 6a + 5b + 4c + 3d + 2e and the sixth digit is
(11 − S mod 11) mod 10 (総務省, 全国地方公共団体コード仕様).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WEIGHTS = (6, 5, 4, 3, 2)


def check_digit(first_five: str) -> int:
    total = sum(weight * int(digit) for weight, digit in zip(WEIGHTS, first_five, strict=True))
    return (11 - total % 11) % 10


def is_valid_lg_code(code: str) -> bool:
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return False
    return check_digit(code[:5]) == int(code[5])


def lg_code_problem(code: str) -> str | None:
    """Why a code is not a valid 地方公共団体コード, or None if it is."""
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return "not_six_digits"
    if check_digit(code[:5]) != int(code[5]):
        return "bad_check_digit"
    return None


def validate_lg_code(code: str) -> None:
    problem = lg_code_problem(code)
    if problem == "not_six_digits":
        raise ValidationError(
            _("地方公共団体コードは半角数字6桁で入力してください。"), code="lg_code_format"
        )
    if problem == "bad_check_digit":
        raise ValidationError(
            _("地方公共団体コードの検査数字が正しくありません。"), code="lg_code_check_digit"
        )


def prefecture_lg_code(prefecture_number: int) -> str:
    """The prefecture's own code: its two-digit number, 000, and the check digit."""
    first_five = f"{prefecture_number:02d}000"
    return first_five + str(check_digit(first_five))
