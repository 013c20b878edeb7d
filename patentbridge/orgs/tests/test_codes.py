import pytest

from patentbridge.orgs.codes import InvalidCode, normalize_uscc

# Real unified social credit codes of well-known companies (public business-registration data).
REAL_CODES = ["914403001922038216", "91440300708461136T", "91440300192317458F", "91340000711771143J"]


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_credit_codes_pass(code):
    assert normalize_uscc(code) == code


@pytest.mark.parametrize("code", REAL_CODES)
def test_altered_check_character_is_refused(code):
    altered = code[:17] + ("0" if code[17] != "0" else "1")
    with pytest.raises(InvalidCode, match="校验位"):
        normalize_uscc(altered)


def test_letters_never_used_in_codes_are_refused():
    with pytest.raises(InvalidCode, match="非法字符"):
        normalize_uscc("91440300708461136I")


def test_wrong_length_is_refused():
    with pytest.raises(InvalidCode, match="18"):
        normalize_uscc("9144030070846113")


def test_lowercase_and_spaces_are_normalised():
    assert normalize_uscc(" 91440300708461136t ") == "91440300708461136T"
