"""Unified social credit code (统一社会信用代码), GB 32100-2015."""

from __future__ import annotations

from django.utils.translation import gettext

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


class InvalidCode(ValueError):
    """A code that fails its format or check-character rule; the message says which."""


def uscc_check_character(body: str) -> str:
    """The 18th character for the first 17 (GB 32100-2015 §5: weighted sum mod 31)."""
    total = sum(USCC_ALPHABET.index(char) * weight for char, weight in zip(body, USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def normalize_uscc(raw: str) -> str:
    """Return the code in canonical form or raise InvalidCode with the reason."""
    code = raw.strip().upper().replace(" ", "")
    if len(code) != 18:
        raise InvalidCode(gettext("must be 18 characters, got %(count)d") % {"count": len(code)})
    bad = sorted({char for char in code if char not in USCC_ALPHABET})
    if bad:
        raise InvalidCode(
            gettext("invalid characters %(chars)s (I, O, Z, S and V are not used)") % {"chars": "".join(bad)}
        )
    expected = uscc_check_character(code[:17])
    if code[17] != expected:
        raise InvalidCode(
            gettext("the check character should be %(expected)s, not %(actual)s") % {"expected": expected, "actual": code[17]}
        )
    return code
