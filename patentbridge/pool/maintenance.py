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
from django.utils.translation import gettext
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
        return Recommendation(NOT_APPLICABLE, gettext("not granted or no longer in force"),
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
    cost = gettext("fees: ¥%(three)s over 3 years, ¥%(term)s to the end of the term") % {
        "three": f"{three_years:,.2f}", "term": f"{to_term:,.2f}"}

    def outcome(action: str, why: str) -> Recommendation:
        return Recommendation(action, f"{why}；{cost}", next_fee, three_years, to_term)

    if p.tier in ("A", "B"):
        return outcome(KEEP, gettext("tier %(tier)s: keep and push for conversion") % {"tier": p.tier})
    if p.tier == "C":
        if step and p.interest <= 0 and not p.open_licence:
            return outcome(OPEN_LICENCE, gettext("the fee steps up in year %(year)s with no transaction or interest: "
                                                 "an open licence cuts it by 15%% and finds users")
                           % {"year": next_fee.year})
        return outcome(KEEP, gettext("tier C: keep in reserve"))
    if p.interest > 0:
        return outcome(TRANSFER, gettext("low value but enterprises are interested: seek a transfer"))
    if years_left < rules.lapse_below_years_left or step:
        return outcome(LAPSE, gettext("low value, no interest, %(years)s years left: the fees outweigh the expected "
                                      "income, consider letting it lapse") % {"years": f"{years_left:.1f}"})
    return outcome(OPEN_LICENCE, gettext("low value and no interest: offer a low-fee open licence"))


def calendar_rows(p: PatentCostInputs, schedule: FeeSchedule, today: date, months: int = 12) -> list[FeeDue]:
    """The fees of one patent falling due in the next `months` months."""
    if p.legal_status != "in_force" or p.grant_date is None or p.application_date is None:
        return []
    return _fees(schedule, p, today, today + relativedelta(months=months))

