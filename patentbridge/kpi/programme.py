"""The plan the dashboard measures: 《广东省专利转化运用专项行动实施方案》 (粤府办〔2024〕8号, rules.md §4.3), its period
and its six targets for the end of 2025, and where the platform stands in that period on a given day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

DOCUMENT = "粤府办〔2024〕8号"
FIRST_YEAR = 2024
LAST_YEAR = 2025
TARGET_DATE = dt.date(LAST_YEAR, 12, 31)
# "年均增长10%" is measured from the year before the plan to its last year.
BASELINE_YEAR = FIRST_YEAR - 1

TURNOVER_TARGET = Decimal("60000000000")  # RMB 60 bn cumulative by end-2025
PRODUCT_FIRMS_TARGET = 3000  # > 3,000 enterprises with filed patent products
PRODUCT_PATENTS_TARGET = 45000  # > 45,000 patents in filed products
PRODUCT_OUTPUT_TARGET = Decimal("100000000000")  # > RMB 100 bn output of recognised patent-intensive products
RECORDATION_GROWTH_TARGET = Decimal("10")  # % a year on average

# The six targets in the plan's order ("到2025年底，……"); `source` names where a figure will come from when the
# platform does not hold it yet.
TARGETS: tuple[tuple[str, str], ...] = (
    ("conversion_rate", ""),
    ("turnover", ""),
    ("product_firms", "product_filing"),
    ("product_patents", "product_filing"),
    ("product_output", "product_filing"),
    ("recordation_growth", ""),
)


def programme_start() -> dt.date:
    """The first day the cumulative figures count from: setting KPI_PROGRAMME_START (ISO date), else 2024-01-01."""
    return dt.date.fromisoformat(str(getattr(settings, "KPI_PROGRAMME_START", "") or f"{FIRST_YEAR}-01-01"))


@dataclass(frozen=True)
class Period:
    """The programme seen from one day: before its end, its figures are progress; after, an outcome."""

    today: dt.date

    @property
    def ended(self) -> bool:
        return self.today > TARGET_DATE

    @property
    def start(self) -> dt.date:
        return programme_start()

    @property
    def outcome_end(self) -> dt.date:
        """The last day the programme's figures cover: the target date, or today while it runs."""
        return min(self.today, TARGET_DATE)

    @property
    def current_year(self) -> int:
        return self.today.year

    @property
    def days_left(self) -> int:
        return max((TARGET_DATE - self.today).days, 0)

    def end_of(self, year: int | None) -> dt.date:
        """The last day a figure for the chosen year covers: its 31 December, or today for the year still running;
        without a choice, today."""
        return self.today if year is None else min(dt.date(year, 12, 31), self.today)

    @property
    def last_complete_year(self) -> int:
        """The last year of the programme whose recordations are complete on this day."""
        return min(LAST_YEAR, self.today.year - 1)


def average_growth(counts: dict[int, int], first: int, last: int) -> Decimal | None:
    """Average yearly growth in % from `first` to `last` (compound, as 年均增长 is read); None without a base."""
    base, end, years = counts.get(first, 0), counts.get(last, 0), last - first
    if years <= 0 or base <= 0:
        return None
    rate = (end / base) ** (1 / years) - 1
    return (Decimal(str(rate)) * 100).quantize(Decimal("0.1"))


def same_day_a_year_before(day: dt.date) -> dt.date:
    """The same calendar day a year earlier (29 February → 28 February), for year-to-date comparisons."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)
