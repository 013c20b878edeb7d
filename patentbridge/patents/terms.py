"""Patent terms (rules.md §10.2, PL Art 42): the one last day of a patent's term, from type and filing date.

The term runs from the filing date, so it ends on the day before the anniversary: an invention filed 2019-01-15
is in force through 2039-01-14. A 29 February filing has its anniversary on 28 February in a common year (as the
fee years in pool/fees.py count it), so its term then ends on 27 February. Every date that is compared with the
end of the term (stored expiry, fee years, licence terms) comes from ``last_day``.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from dateutil.relativedelta import relativedelta
from django.conf import settings

from patentbridge.patents.models import PatentType

TERM_YEARS = {PatentType.INVENTION: 20, PatentType.UTILITY_MODEL: 10, PatentType.DESIGN: 15}
DESIGN_TERM_BEFORE_2021 = 10
ONE_DAY = dt.timedelta(days=1)


class HasTerm(Protocol):
    patent_type: str
    application_date: dt.date | None


def add_years(day: dt.date, years: int) -> dt.date:
    return day + relativedelta(years=years)  # 29 February → 28 February in a common year


def term_years(patent_type: str, filed: dt.date) -> int | None:
    if patent_type == PatentType.DESIGN:
        cutover = dt.date.fromisoformat(settings.PATENT_DESIGN_15_YEAR_TERM_FROM)
        return TERM_YEARS[PatentType.DESIGN] if filed >= cutover else DESIGN_TERM_BEFORE_2021
    return TERM_YEARS.get(patent_type)


def last_day(patent_type: str, filed: dt.date | None) -> dt.date | None:
    """The last day the maximum term runs (no term adjustment applied), or None when it cannot be known."""
    if filed is None:
        return None
    years = term_years(patent_type, filed)
    return add_years(filed, years) - ONE_DAY if years else None


def expiry_date(patent_type: str, filed: dt.date | None) -> dt.date | None:
    """The stored ``Patent.expiry_date``: the last day of the term."""
    return last_day(patent_type, filed)


def licence_last_day(starts: dt.date, years: int) -> dt.date:
    """A licence of ``years`` from ``starts`` runs through the day before the anniversary of its start."""
    return add_years(starts, years) - ONE_DAY


def runs_beyond_term(patent: HasTerm, ends_on: dt.date) -> bool:
    """Whether something lasting through ``ends_on`` outlasts the patent; the last day itself is within the term."""
    end = last_day(patent.patent_type, patent.application_date)
    return end is not None and ends_on > end
