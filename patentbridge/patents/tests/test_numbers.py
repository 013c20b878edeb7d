import pytest
from hypothesis import given
from hypothesis import strategies as st

from patentbridge.patents.numbers import (
    InvalidNumber,
    check_character,
    parse_application_number,
    parse_publication_number,
)

# rules.md §10.1: five real numbers verified against their check characters.
REAL_NUMBERS = ["201410264351.3", "202111434680.4", "201921898050.0", "201921897980.4", "201921897855.3",
                # real numbers from the bundled exports, incl. an X check character and a pre-2003 form
                "CN201710667329.7", "CN202211590380.X", "CN200930179201.2"]


@pytest.mark.parametrize("number", REAL_NUMBERS)
def test_real_application_numbers_pass_the_check(number):
    assert str(parse_application_number(number)) == number.removeprefix("CN")


@pytest.mark.parametrize("number, altered", [
    ("201410264351.3", "201410264351.4"),
    ("202111434680.4", "202111434680.X"),
    ("201921898050.0", "201921898051.0"),
    ("201921897855.3", "201912897855.3"),
])
def test_altered_application_numbers_are_refused_with_the_expected_character(number, altered):
    with pytest.raises(InvalidNumber, match=number.split(".")[1]):
        parse_application_number(altered)


def test_pre_2003_eight_digit_number_uses_weights_two_to_nine():
    digits = "98123456"
    check = "0123456789X"[sum(int(d) * w for d, w in zip(digits, range(2, 10))) % 11]
    parsed = parse_application_number(f"{digits}.{check}")
    assert parsed.filing_year == 1998 and parsed.patent_type == "invention"


def test_patent_number_is_zl_plus_application_number():
    assert parse_application_number("ZL201410264351.3").patent_number == "ZL201410264351.3"


def test_compact_form_without_dot_is_accepted():
    assert str(parse_application_number("2014102643513")) == "201410264351.3"


def test_unknown_type_digit_is_refused():
    digits = "201450264351"
    with pytest.raises(InvalidNumber, match="类型位"):
        parse_application_number(f"{digits}.{check_character(digits)}")


@given(st.text(alphabet="0123456789", min_size=12, max_size=12), st.integers(0, 11), st.integers(1, 9))
def test_any_single_digit_change_is_detected(digits, position, delta):
    altered = digits[:position] + str((int(digits[position]) + delta) % 10) + digits[position + 1:]
    assert check_character(altered) != check_character(digits)


@pytest.mark.parametrize("raw, kind", [("CN107295441B", "B"), ("CN218751475U", "U"), ("CN105807763B8", "B8"),
                                       ("CN116245100A", "A"), ("CN301097661D", "D")])
def test_publication_numbers_keep_their_kind_code(raw, kind):
    assert parse_publication_number(raw).kind == kind


def test_malformed_publication_number_is_refused():
    with pytest.raises(InvalidNumber):
        parse_publication_number("US123456B2")
