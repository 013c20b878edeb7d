"""CN patent numbers: application numbers with their check character, patent numbers, publication numbers.

rules.md §10.1: post-2003 `YYYY T NNNNNNN . C` (12 digits, weights 2..9,2..5), pre-2003 `YY T NNNNN . C`
(8 digits, weights 2..9); C = "0123456789X"[Σ dᵢwᵢ mod 11]. Patent number = "ZL" + application number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CHECK_CHARACTERS = "0123456789X"
WEIGHTS_12 = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
WEIGHTS_8 = (2, 3, 4, 5, 6, 7, 8, 9)
TYPE_DIGITS = {"1": "invention", "2": "utility_model", "3": "design", "8": "invention", "9": "utility_model"}

_APPLICATION = re.compile(r"^(?:CN|ZL)?(\d{8}|\d{12})\.?([0-9X])$")
_PUBLICATION = re.compile(r"^CN(\d{6,10})([A-Z]\d?)?$")


class InvalidNumber(ValueError):
    """A patent number with a bad format or check character; the message says which."""


def check_character(digits: str) -> str:
    weights = WEIGHTS_12 if len(digits) == 12 else WEIGHTS_8
    return CHECK_CHARACTERS[sum(int(d) * w for d, w in zip(digits, weights)) % 11]


@dataclass(frozen=True)
class ApplicationNumber:
    digits: str
    check: str

    def __str__(self) -> str:
        return f"{self.digits}.{self.check}"

    @property
    def patent_number(self) -> str:
        return f"ZL{self}"

    @property
    def type_digit(self) -> str:
        return self.digits[4] if len(self.digits) == 12 else self.digits[2]

    @property
    def patent_type(self) -> str | None:
        return TYPE_DIGITS.get(self.type_digit)

    @property
    def filing_year(self) -> int:
        if len(self.digits) == 12:
            return int(self.digits[:4])
        year = int(self.digits[:2])
        return 1900 + year if year >= 85 else 2000 + year


def _clean(raw: str) -> str:
    return re.sub(r"[\s　]", "", raw or "").upper().replace("．", ".")


def parse_application_number(raw: str) -> ApplicationNumber:
    """Parse `CN201710667329.7`, `ZL201710667329.7`, `2017106673297` or `92103454.7`; raise InvalidNumber."""
    text = _clean(raw)
    match = _APPLICATION.match(text)
    if not match:
        raise InvalidNumber(f"申请号格式不正确: {raw!r} / malformed application number")
    digits, check = match.groups()
    expected = check_character(digits)
    if check != expected:
        raise InvalidNumber(
            f"申请号校验位错误: {raw} 应为 .{expected} / check character of {raw} should be {expected}, not {check}"
        )
    application = ApplicationNumber(digits, check)
    if application.patent_type is None:
        raise InvalidNumber(f"申请号类型位 {application.type_digit} 未知: {raw} / unknown type digit")
    return application


@dataclass(frozen=True)
class PublicationNumber:
    serial: str
    kind: str

    def __str__(self) -> str:
        return f"CN{self.serial}{self.kind}"


def parse_publication_number(raw: str) -> PublicationNumber:
    """Parse `CN107295441B` (kind code optional); raise InvalidNumber."""
    text = _clean(raw)
    if text and not text.startswith("CN"):
        text = "CN" + text
    match = _PUBLICATION.match(text)
    if not match:
        raise InvalidNumber(f"公开号格式不正确: {raw!r} / malformed publication number")
    serial, kind = match.groups()
    return PublicationNumber(serial, kind or "")


# Kind codes (rules.md §10.1, marked unverified there): which publications are grants.
GRANT_KINDS = frozenset({"B", "C", "U", "Y", "S", "D"})
APPLICATION_KINDS = frozenset({"A"})


def is_grant_kind(kind: str) -> bool:
    return kind[:1] in GRANT_KINDS
