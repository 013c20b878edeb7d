"""Patent terms (rules.md §10.2, PL Art 42): expiry from type and filing date."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from patentbridge.patents.models import PatentType

TERM_YEARS = {PatentType.INVENTION: 20, PatentType.UTILITY_MODEL: 10, PatentType.DESIGN: 15}
DESIGN_TERM_BEFORE_2021 = 10


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def term_years(patent_type: str, filed: dt.date) -> int | None:
    if patent_type == PatentType.DESIGN:
        cutover = dt.date.fromisoformat(settings.PATENT_DESIGN_15_YEAR_TERM_FROM)
        return TERM_YEARS[PatentType.DESIGN] if filed >= cutover else DESIGN_TERM_BEFORE_2021
    return TERM_YEARS.get(patent_type)


def expiry_date(patent_type: str, filed: dt.date | None) -> dt.date | None:
    """The date the maximum term ends, counted from the filing date (no term adjustment applied)."""
    if filed is None:
        return None
    years = term_years(patent_type, filed)
    return add_years(filed, years) if years else None
