"""Money: Decimal, never float, rounded to the fen (0.01) half up; amounts read from users are checked here."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext

from patentbridge.core.errors import ValidationFailed

CENT = Decimal("0.01")


def money(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def non_negative(value: Any, field: str) -> Decimal:
    """A finite, non-negative Decimal from user input, or ValidationFailed naming the field."""
    try:
        number = Decimal(str(value))
    except Exception as exc:
        raise ValidationFailed(details={field: gettext("enter a number")}) from exc
    if not number.is_finite() or number < 0:
        raise ValidationFailed(details={field: gettext("must not be negative")})
    return number
