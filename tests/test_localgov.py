"""全国地方公共団体コード: real codes pass their check digit; the prefecture comes from the code."""

import pytest

from jointhire.localgov import check_digit, prefecture_of


@pytest.mark.parametrize("code", ["132233", "132039", "132047", "131016", "011002", "472018", "271004"])
def test_real_codes_have_matching_check_digits(code):
    assert check_digit(code[:5]) == int(code[5])


def test_prefecture_from_the_first_two_digits():
    assert prefecture_of("132233") == "東京都"
    assert prefecture_of("011002") == "北海道"
    assert prefecture_of("472018") == "沖縄県"
    assert prefecture_of("482000") is None
