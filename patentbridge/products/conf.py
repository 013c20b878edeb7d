"""The product-filing settings, each with its default (documented in docs/settings.md).

- PRODUCT_FILING_NUMBER_FORMAT: the filing number the clerk's decision gives, a str.format pattern with `year` and
  `seq` (the n-th filing of that year). The default "GDCP{year}{seq:06d}" is the platform's own: the national
  pilot platform's number format was not verified (rules.md §7).
- PRODUCT_UPDATE_WINDOW: the first-quarter update window as (month, day) pairs, by default ((1, 1), (3, 31)):
  last year's data are due within it (rules-round2.md §7).
- PRODUCT_SALES_JUMP_FACTOR: a year's sales above this many times the year before are kept but flagged for the
  clerk's review (default 100).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings

DEFAULT_FILING_NUMBER_FORMAT = "GDCP{year}{seq:06d}"
DEFAULT_UPDATE_WINDOW = ((1, 1), (3, 31))
DEFAULT_SALES_JUMP_FACTOR = 100


def filing_number_format() -> str:
    return getattr(settings, "PRODUCT_FILING_NUMBER_FORMAT", DEFAULT_FILING_NUMBER_FORMAT)


def update_window(data_year: int) -> tuple[dt.date, dt.date]:
    """The days within which the data of `data_year` are due: in the first quarter of the next year by default."""
    (start_month, start_day), (end_month, end_day) = getattr(settings, "PRODUCT_UPDATE_WINDOW", DEFAULT_UPDATE_WINDOW)
    return (dt.date(data_year + 1, start_month, start_day), dt.date(data_year + 1, end_month, end_day))


def sales_jump_factor() -> Decimal:
    return Decimal(str(getattr(settings, "PRODUCT_SALES_JUMP_FACTOR", DEFAULT_SALES_JUMP_FACTOR)))
