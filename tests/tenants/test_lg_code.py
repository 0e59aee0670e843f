import pytest
from django.core.exceptions import ValidationError

from tenants.lg_code import check_digit, is_valid_lg_code, prefecture_lg_code, validate_lg_code
from tenants.master_data import read_municipalities


def test_every_shipped_municipality_code_passes_the_check_digit():
    codes = [record.lg_code for record in read_municipalities()]

    assert len(codes) == 1741
    assert all(is_valid_lg_code(code) for code in codes)


def test_every_wrong_check_digit_of_every_shipped_code_is_refused():
    for record in read_municipalities():
        right = int(record.lg_code[5])
        for wrong in set(range(10)) - {right}:
            assert not is_valid_lg_code(record.lg_code[:5] + str(wrong)), record.lg_code


@pytest.mark.parametrize("code", ["44322", "4432210", "44322a", "４４３２２１", "", "443 21"])
def test_codes_that_are_not_six_ascii_digits_are_refused(code):
    with pytest.raises(ValidationError) as error:
        validate_lg_code(code)
    assert error.value.code == "lg_code_format"


def test_a_corrupted_code_names_the_check_digit_as_the_problem():
    with pytest.raises(ValidationError) as error:
        validate_lg_code("443222")  # 姫島村 is 443221
    assert error.value.code == "lg_code_check_digit"
    assert "検査数字" in error.value.messages[0]


def test_known_codes_from_the_specification():
    assert check_digit("01100") == 2  # 札幌市 011002
    assert check_digit("44322") == 1  # 姫島村 443221
    assert prefecture_lg_code(44) == "440001"  # 大分県
