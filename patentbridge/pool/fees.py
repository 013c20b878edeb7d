"""Chinese patent annual fees (年费): the fee table, due dates, reductions and late surcharges.

Source: shared/domain/rules.md §10.3 (fee table, payment timing, 专利收费减缴) and §1.1 (open-licence 15 %).

Conventions:

- Patent years are counted from the filing date: year n = [year_start(n), year_start(n + 1)), where
  year_start(n) is the (n - 1)th anniversary of filing. A filing on Feb 29 has its anniversary on Feb 28 in
  common years (the last day of the month, as dateutil's relativedelta does it).
- The term, its last day and so the last fee year come from patents/terms.py (a design filed before the 15-year
  cutover pays ten years); the configured ``terms`` only say which years the fee table must cover.
- The fee of the grant year is paid with the grant registration; its ``due_date`` is the grant date.
- Every later year n is due by ``year_start(n)``; ``due_date`` is that anniversary itself and a payment made on
  it is on time (CNIPA's Examination Guidelines give the anniversary as the last day of the period).
- A late payment falls in the first surcharge band whose month count is at least the months started after the due
  date: up to one month late (inclusive) is month 1, one day more is month 2 (rules.md §10.3 correction).
- Money is ``Decimal`` rounded to 0.01 with ROUND_HALF_UP.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext_lazy

from patentbridge.core.money import money
from patentbridge.patents import terms as patent_terms

ZERO = Decimal("0.00")
OPEN_LICENCE = "open_licence"

DEFAULT_FEE_SCHEDULE: dict[str, Any] = {
    "annual": {
        "invention": [
            [1, 3, "900"], [4, 5, "1200"], [6, 6, "1200"], [7, 8, "2000"], [9, 9, "2000"], [10, 10, "4000"],
            [11, 12, "4000"], [13, 15, "6000"], [16, 20, "8000"],
        ],
        "utility_model": [
            [1, 3, "600"], [4, 5, "900"], [6, 6, "1200"], [7, 8, "1200"], [9, 9, "2000"], [10, 10, "2000"],
        ],
        "design": [
            [1, 3, "600"], [4, 5, "900"], [6, 6, "1200"], [7, 8, "1200"], [9, 9, "2000"], [10, 10, "2000"],
            [11, 12, "3000"], [13, 15, "3000"],
        ],
    },
    "terms": {"invention": 20, "utility_model": 10, "design": 15},
    "reduction_rates": {"single": "0.85", "joint": "0.70"},
    # The 2016 rule covers the first 6 years from grant; a later extension to 10 years is unverified (rules.md).
    "reduction_years_from_grant": 6,
    "open_licence_rate": "0.15",
    "late_months": 6,
    # [late by up to n months (inclusive), share of the full fee]; rules.md §10.3 correction, [S-weak].
    "surcharge_bands": [[1, "0"], [2, "0.05"], [3, "0.10"], [4, "0.15"], [5, "0.20"], [6, "0.25"]],
}
# Versions stored before the band table charged a flat share per started month after some free months.
LEGACY_SURCHARGE_FIELDS = ("surcharge_per_month", "surcharge_free_months")


class Reduction(StrEnum):
    NONE = "none"
    SINGLE = "single"
    JOINT = "joint"


# The reduction a fee line had, in words (fee-reduction measures: one applicant, joint applicants; open licence).
REDUCTION_LABELS = {"single": gettext_lazy("fee reduction (one applicant)"),
                    "joint": gettext_lazy("fee reduction (joint applicants)"),
                    "open_licence": gettext_lazy("open-licence fee reduction")}


class FeePeriodExpired(ValueError):
    """The 6-month late-payment window has passed: the patent has terminated (IR Art 115)."""




# --- schedule -------------------------------------------------------------------------------------------------


def _invalid(path: str, english: str, chinese: str) -> ValueError:
    return ValueError(f"{path}: {english} / {chinese}")


def _integer(value: Any, path: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        kind = "a positive integer" if minimum == 1 else f"an integer ≥ {minimum}"
        kind_zh = "正整数" if minimum == 1 else f"不小于 {minimum} 的整数"
        raise _invalid(path, f"must be {kind}, got {value!r}", f"必须是{kind_zh}")
    return value


def _decimal(value: Any, path: str) -> Decimal:
    # Floats are refused: a binary float would bring rounding noise into money and rates.
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise _invalid(path, f"must be a decimal string or an integer, got {value!r}", "必须是十进制字符串或整数")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise _invalid(path, f"is not a decimal number: {value!r}", "不是有效的十进制数") from None
    if not number.is_finite():
        raise _invalid(path, f"must be finite, got {value!r}", "必须是有限数值")
    return number


def _rate(value: Any, path: str) -> Decimal:
    rate = _decimal(value, path)
    if not Decimal(0) <= rate < Decimal(1):
        raise _invalid(path, f"rate must be in [0, 1), got {value!r}", "比率必须在 [0, 1) 区间内")
    return rate


def _mapping(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _invalid(path, "must be an object", "必须是对象（映射）")
    return value


def _required(data: Mapping[str, Any], key: str, path: str) -> Any:
    if key not in data:
        raise _invalid(f"{path}{key}", "is missing", "缺少该字段")
    return data[key]


@dataclass(frozen=True)
class FeeBand:
    first: int
    last: int
    amount: Decimal


def _bands(raw: Any, term: int, path: str) -> tuple[FeeBand, ...]:
    if not isinstance(raw, list | tuple) or not raw:
        raise _invalid(path, "must be a non-empty list of [first, last, amount]", "必须是非空的 [起始年, 结束年, 金额] 列表")
    bands = []
    for index, row in enumerate(raw):
        row_path = f"{path}[{index}]"
        if not isinstance(row, list | tuple) or len(row) != 3:
            raise _invalid(row_path, "must be [first, last, amount]", "必须是 [起始年, 结束年, 金额]")
        first, last = _integer(row[0], f"{row_path}[0]"), _integer(row[1], f"{row_path}[1]")
        amount = _decimal(row[2], f"{row_path}[2]")
        if last < first:
            raise _invalid(row_path, f"range {first}–{last} ends before it starts", f"年度区间 {first}–{last} 终点早于起点")
        if amount < 0:
            raise _invalid(row_path, f"amount must be ≥ 0, got {row[2]!r}", "金额不得为负数")
        bands.append(FeeBand(first, last, amount))
    bands.sort(key=lambda band: band.first)
    expected = 1
    for band in bands:
        if band.first < expected:
            raise _invalid(path, f"year ranges overlap at year {band.first}", f"年度区间重叠（第 {band.first} 年）")
        if band.first > expected:
            raise _invalid(path, f"year ranges leave a gap at year {expected}", f"年度区间有缺口（第 {expected} 年）")
        expected = band.last + 1
    if expected - 1 != term:
        raise _invalid(
            path, f"year ranges must cover years 1–{term} of the term, they end at {expected - 1}",
            f"年度区间必须恰好覆盖保护期第 1–{term} 年，实际止于第 {expected - 1} 年",
        )
    return tuple(bands)


@dataclass(frozen=True)
class SurchargeBand:
    months: int
    rate: Decimal


def _surcharge_bands(raw: Any, late_months: int, path: str = "surcharge_bands") -> tuple[SurchargeBand, ...]:
    if not isinstance(raw, list | tuple) or not raw:
        raise _invalid(path, "must be a non-empty list of [months late, rate]", "必须是非空的 [逾期月数, 比率] 列表")
    bands: list[SurchargeBand] = []
    for index, row in enumerate(raw):
        row_path = f"{path}[{index}]"
        if not isinstance(row, list | tuple) or len(row) != 2:
            raise _invalid(row_path, "must be [months late, rate]", "必须是 [逾期月数, 比率]")
        band = SurchargeBand(_integer(row[0], f"{row_path}[0]"), _rate(row[1], f"{row_path}[1]"))
        if bands and band.months <= bands[-1].months:
            raise _invalid(row_path, f"must end after month {bands[-1].months}", f"须晚于第 {bands[-1].months} 个月")
        if bands and band.rate < bands[-1].rate:
            raise _invalid(row_path, "rate is lower than the band before", "比率不得低于前一档")
        bands.append(band)
    if bands[-1].months != late_months:
        raise _invalid(path, f"the last band must end at late_months ({late_months})",
                       f"最后一档须止于 late_months（{late_months}）")
    return tuple(bands)


def _legacy_surcharge_bands(data: Mapping[str, Any], late_months: int) -> list[list[Any]]:
    per_month = _rate(_required(data, "surcharge_per_month", ""), "surcharge_per_month")
    free_months = _integer(data.get("surcharge_free_months", 0), "surcharge_free_months", minimum=0)
    return [[month, str(per_month * max(0, month - free_months))] for month in range(1, late_months + 1)]


@dataclass(frozen=True)
class FeeSchedule:
    annual: Mapping[str, tuple[FeeBand, ...]] = field(hash=False)
    terms: Mapping[str, int] = field(hash=False)
    reduction_rates: Mapping[Reduction, Decimal] = field(hash=False)
    reduction_years_from_grant: int
    open_licence_rate: Decimal
    late_months: int
    surcharge_bands: tuple[SurchargeBand, ...]

    @classmethod
    def default(cls) -> FeeSchedule:
        return cls.from_data(DEFAULT_FEE_SCHEDULE)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> FeeSchedule:
        """Validate a stored (JSON) configuration; every error names the offending field."""
        data = _mapping(data, "schedule")
        known = set(DEFAULT_FEE_SCHEDULE) | set(LEGACY_SURCHARGE_FIELDS)
        unknown = sorted(set(data) - known)
        if unknown:
            raise _invalid(unknown[0], "is not a known field", "不是已知字段")
        raw_terms = _mapping(_required(data, "terms", ""), "terms")
        terms = {str(kind): _integer(years, f"terms.{kind}") for kind, years in raw_terms.items()}
        if not terms:
            raise _invalid("terms", "must name at least one patent type", "至少需要一种专利类型")
        raw_annual = _mapping(_required(data, "annual", ""), "annual")
        if set(raw_annual) != set(terms):
            raise _invalid(
                "annual", f"patent types {sorted(raw_annual)} differ from terms {sorted(terms)}",
                "年费表的专利类型与保护期表不一致",
            )
        annual = {kind: _bands(raw_annual[kind], terms[kind], f"annual.{kind}") for kind in terms}
        raw_rates = _mapping(_required(data, "reduction_rates", ""), "reduction_rates")
        expected_rates = {Reduction.SINGLE.value, Reduction.JOINT.value}
        if set(raw_rates) != expected_rates:
            raise _invalid("reduction_rates", "must have exactly the keys 'single' and 'joint'", "必须且只能包含 single 和 joint")
        rates = {Reduction(key): _rate(value, f"reduction_rates.{key}") for key, value in raw_rates.items()}
        late_months = _integer(_required(data, "late_months", ""), "late_months")
        if "surcharge_bands" in data:
            raw_bands = data["surcharge_bands"]
        else:
            raw_bands = _legacy_surcharge_bands(data, late_months)
        return cls(
            annual=MappingProxyType(annual),
            terms=MappingProxyType(terms),
            reduction_rates=MappingProxyType(rates),
            reduction_years_from_grant=_integer(
                _required(data, "reduction_years_from_grant", ""), "reduction_years_from_grant"
            ),
            open_licence_rate=_rate(_required(data, "open_licence_rate", ""), "open_licence_rate"),
            late_months=late_months,
            surcharge_bands=_surcharge_bands(raw_bands, late_months),
        )

    def to_data(self) -> dict[str, Any]:
        return {
            "annual": {
                kind: [[band.first, band.last, str(band.amount)] for band in bands]
                for kind, bands in self.annual.items()
            },
            "terms": dict(self.terms),
            "reduction_rates": {reduction.value: str(rate) for reduction, rate in self.reduction_rates.items()},
            "reduction_years_from_grant": self.reduction_years_from_grant,
            "open_licence_rate": str(self.open_licence_rate),
            "late_months": self.late_months,
            "surcharge_bands": [[band.months, str(band.rate)] for band in self.surcharge_bands],
        }

    def term(self, patent_type: str) -> int:
        try:
            return self.terms[patent_type]
        except KeyError:
            raise _invalid("patent_type", f"unknown patent type {patent_type!r}", "未知的专利类型") from None


# --- dates ----------------------------------------------------------------------------------------------------


def year_start(application_date: date, year: int) -> date:
    if year < 1:
        raise ValueError(f"patent year must be ≥ 1, got {year}")
    return application_date + relativedelta(years=year - 1)


def patent_year(application_date: date, on: date) -> int:
    if on < application_date:
        raise ValueError(f"{on} is before the filing date {application_date}")
    year = on.year - application_date.year + 1
    while year > 1 and year_start(application_date, year) > on:
        year -= 1
    return year


def term_last_day(patent_type: str, application_date: date) -> date:
    """The last day of the term, as patents/terms.py defines it for every module."""
    end = patent_terms.last_day(patent_type, application_date)
    if end is None:
        raise _invalid("patent_type", f"unknown patent type {patent_type!r}", "未知的专利类型")
    return end


def last_fee_year(patent_type: str, application_date: date) -> int:
    """The patent year the last day of the term falls in: the last year a fee is due for."""
    return patent_year(application_date, term_last_day(patent_type, application_date))


# --- fees -----------------------------------------------------------------------------------------------------


def annual_fee(schedule: FeeSchedule, patent_type: str, year: int) -> Decimal:
    """The full-rate fee of one patent year."""
    term = schedule.term(patent_type)
    if not 1 <= year <= term:
        raise ValueError(f"year {year} is outside the {term}-year term of a {patent_type} patent")
    for band in schedule.annual[patent_type]:
        if band.first <= year <= band.last:
            return money(band.amount)
    raise AssertionError("validated bands cover the whole term")


@dataclass(frozen=True)
class FeeDue:
    year: int
    due_date: date
    full: Decimal
    reduction_rate: Decimal
    reduction_reason: str
    payable: Decimal
    late_deadline: date

    @property
    def reduction_label(self) -> str:
        return str(REDUCTION_LABELS.get(self.reduction_reason, self.reduction_reason))


def _best_reduction(
    schedule: FeeSchedule, year: int, grant_year: int, reduction: Reduction, open_licence: bool
) -> tuple[Decimal, str]:
    """Reductions never stack: the single largest applicable one wins (§1.1)."""
    candidates = [(Decimal(0), Reduction.NONE.value)]
    if reduction != Reduction.NONE and year < grant_year + schedule.reduction_years_from_grant:
        candidates.append((schedule.reduction_rates[reduction], reduction.value))
    if open_licence:
        candidates.append((schedule.open_licence_rate, OPEN_LICENCE))
    return max(candidates, key=lambda candidate: candidate[0])


def fee_due(
    schedule: FeeSchedule,
    *,
    patent_type: str,
    application_date: date,
    grant_date: date,
    year: int,
    reduction: Reduction = Reduction.NONE,
    open_licence: bool = False,
) -> FeeDue:
    reduction = Reduction(reduction)
    grant_year = patent_year(application_date, grant_date)
    if year < grant_year:
        raise ValueError(f"no annual fee for year {year}: fees start in the grant year {grant_year}")
    full = annual_fee(schedule, patent_type, year)
    due_date = grant_date if year == grant_year else year_start(application_date, year)
    rate, reason = _best_reduction(schedule, year, grant_year, reduction, open_licence)
    return FeeDue(
        year=year,
        due_date=due_date,
        full=full,
        reduction_rate=rate,
        reduction_reason=reason,
        payable=money(full * (1 - rate)),
        late_deadline=due_date + relativedelta(months=schedule.late_months),
    )


def fees_between(
    schedule: FeeSchedule,
    *,
    patent_type: str,
    application_date: date,
    grant_date: date | None,
    start: date,
    end: date,
    reduction: Reduction = Reduction.NONE,
    open_licence: bool = False,
) -> list[FeeDue]:
    """Every fee whose due date falls in [start, end], in year order."""
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    if grant_date is None:
        return []
    grant_year = patent_year(application_date, grant_date)
    fees = (
        fee_due(
            schedule, patent_type=patent_type, application_date=application_date, grant_date=grant_date,
            year=year, reduction=reduction, open_licence=open_licence,
        )
        for year in range(grant_year, last_fee_year(patent_type, application_date) + 1)
    )
    return [fee for fee in fees if start <= fee.due_date <= end]


def months_late(due_date: date, paid_on: date) -> int:
    """Started months after ``due_date``: late by up to one month (inclusive) is 1, one day more is 2."""
    months = 0
    while due_date + relativedelta(months=months) < paid_on:
        months += 1
    return months


def late_surcharge(schedule: FeeSchedule, full: Decimal, due_date: date, paid_on: date) -> Decimal:
    """Surcharge for paying after ``due_date``: the rate of the band the lateness falls in, on the *full* fee.

    rules.md bases it on "that year's full fee", so a reduced payer pays the same surcharge as a full payer.
    """
    months = months_late(due_date, paid_on)
    if months == 0:
        return ZERO
    if months > schedule.late_months:
        deadline = due_date + relativedelta(months=schedule.late_months)
        raise FeePeriodExpired(
            f"paid on {paid_on}, after the late-payment deadline {deadline}: the patent has terminated"
            f" / 已超过滞纳期（{deadline}），专利权终止"
        )
    rate = next(band.rate for band in schedule.surcharge_bands if months <= band.months)
    return money(full * rate)


def remaining_fees(
    schedule: FeeSchedule,
    *,
    patent_type: str,
    application_date: date,
    grant_date: date | None,
    on: date,
    reduction: Reduction = Reduction.NONE,
    open_licence: bool = False,
) -> Decimal:
    """Total still payable for fees due on or after ``on`` until the end of the term.

    Assumes today's reduction and open-licence status hold for the rest of the term. An ungranted patent has
    no fee schedule yet and returns 0.
    """
    term_end = term_last_day(patent_type, application_date)
    if on > term_end:
        return ZERO
    fees = fees_between(
        schedule, patent_type=patent_type, application_date=application_date, grant_date=grant_date,
        start=on, end=term_end, reduction=reduction, open_licence=open_licence,
    )
    return money(sum((fee.payable for fee in fees), ZERO))
