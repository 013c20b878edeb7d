"""Maintenance decisions: what each granted patent will cost, and whether its value carries that cost.

The rule is the design suggestion of rules.md §10.3 (unverified, so its thresholds are configuration):
keep a patent while its tier or its transactions promise more than the fees; look hard at patents with no
transaction signal at the years the fee steps up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext_lazy as _

from patentbridge.pool.config import AssessmentSettings
from patentbridge.pool.fees import FeeDue, FeeSchedule, Reduction, fees_between, remaining_fees

KEEP, OPEN_LICENCE, TRANSFER, LAPSE, NOT_APPLICABLE = "keep", "open_licence", "transfer", "lapse", "none"
ACTION_LABELS = {
    KEEP: _("Keep"),
    OPEN_LICENCE: _("Declare an open licence"),
    TRANSFER: _("Seek a transfer"),
    LAPSE: _("Let it lapse"),
    NOT_APPLICABLE: _("No fee due"),
}


@dataclass(frozen=True)
class PatentCostInputs:
    patent_type: str
    legal_status: str
    application_date: date | None
    grant_date: date | None
    expiry_date: date | None
    tier: str
    interest: float  # demand pull + transactions + enterprise feedback, 0 when none
    reduction: str = Reduction.NONE
    open_licence: bool = False


@dataclass(frozen=True)
class Recommendation:
    action: str
    reason: str
    next_fee: FeeDue | None
    fees_next_3_years: Decimal
    fees_to_term: Decimal

    @property
    def label(self) -> str:
        return str(ACTION_LABELS[self.action])


def _fees(schedule: FeeSchedule, p: PatentCostInputs, start: date, end: date) -> list[FeeDue]:
    return fees_between(schedule, patent_type=p.patent_type, application_date=p.application_date,
                        grant_date=p.grant_date, start=start, end=end, reduction=Reduction(p.reduction),
                        open_licence=p.open_licence)


def recommend(p: PatentCostInputs, schedule: FeeSchedule, settings: AssessmentSettings, today: date) -> Recommendation:
    zero = Decimal("0.00")
    if p.legal_status != "in_force" or p.grant_date is None or p.application_date is None:
        return Recommendation(NOT_APPLICABLE, "未授权或已失效，无需缴纳年费 / not granted or no longer in force",
                              None, zero, zero)
    upcoming = _fees(schedule, p, today, today + relativedelta(years=3))
    next_fee = upcoming[0] if upcoming else None
    three_years = sum((f.payable for f in upcoming), zero)
    to_term = remaining_fees(schedule, patent_type=p.patent_type, application_date=p.application_date,
                             grant_date=p.grant_date, on=today, reduction=Reduction(p.reduction),
                             open_licence=p.open_licence)
    years_left = (p.expiry_date - today).days / 365.25 if p.expiry_date else 0.0
    rules = settings.maintenance
    step = next_fee is not None and next_fee.year in rules.fee_step_years
    cost = f"未来三年年费 ¥{three_years:,.2f}，至期满 ¥{to_term:,.2f} / fees: ¥{three_years:,.2f} over 3 years, " \
           f"¥{to_term:,.2f} to the end of the term"

    def outcome(action: str, why: str) -> Recommendation:
        return Recommendation(action, f"{why}；{cost}", next_fee, three_years, to_term)

    if p.tier in ("A", "B"):
        return outcome(KEEP, f"价值分级 {p.tier}，建议维持并推动转化 / tier {p.tier}: keep and push for conversion")
    if p.tier == "C":
        if step and p.interest <= 0 and not p.open_licence:
            return outcome(OPEN_LICENCE, f"第 {next_fee.year} 年年费上调且尚无交易或企业兴趣，开放许可可减缴 15% 并寻找实施方"
                                         f" / the fee steps up in year {next_fee.year} with no transaction or "
                                         "interest: an open licence cuts it by 15 % and finds users")
        return outcome(KEEP, "价值分级 C，作为储备维持 / tier C: keep in reserve")
    if p.interest > 0:
        return outcome(TRANSFER, "价值较低但已有企业兴趣或交易记录，建议寻求转让 / low value but enterprises are "
                                 "interested: seek a transfer")
    if years_left < rules.lapse_below_years_left or step:
        return outcome(LAPSE, f"价值较低、无企业兴趣，剩余保护期 {years_left:.1f} 年，年费高于预期收益，可考虑放弃 / "
                              f"low value, no interest, {years_left:.1f} years left: the fees outweigh the "
                              "expected income, consider letting it lapse")
    return outcome(OPEN_LICENCE, "价值较低、无企业兴趣，建议以低许可费开放许可 / low value and no interest: offer "
                                 "a low-fee open licence")


def calendar_rows(p: PatentCostInputs, schedule: FeeSchedule, today: date, months: int = 12) -> list[FeeDue]:
    """The fees of one patent falling due in the next `months` months."""
    if p.legal_status != "in_force" or p.grant_date is None or p.application_date is None:
        return []
    return _fees(schedule, p, today, today + relativedelta(months=months))

