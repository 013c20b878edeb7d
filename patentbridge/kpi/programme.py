"""The plan the dashboard measures: 《广东省专利转化运用专项行动实施方案》 (粤府办〔2024〕8号, rules.md §4.3), its period
and its six targets for the end of 2025, and where the platform stands in that period on a given day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

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


@dataclass(frozen=True)
class Period:
    """The programme seen from one day: before its end, its figures are progress; after, an outcome."""

    today: dt.date

    @property
    def ended(self) -> bool:
        return self.today > TARGET_DATE

    @property
    def start(self) -> dt.date:
        return dt.date(FIRST_YEAR, 1, 1)

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
