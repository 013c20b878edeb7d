"""Whether a commissioner's attributed deal earns a city's reward for a year: each rule of the policy, met or not, in
words, and the amount the reward is reckoned on (the contract amount in the year of signing, or what was paid for
the deal in the year, from the revenue app's incomes)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

from patentbridge.commissioners.models import Attribution, AttributionStatus
from patentbridge.deals.models import Deal, DealStatus, DealTransition
from patentbridge.matchmaker_rewards.calculation import ZERO
from patentbridge.matchmaker_rewards.models import STATUS_ORDER, AmountBasis, MatchmakerPolicy, PartyInCity
from patentbridge.orgs.models import ENTERPRISE_KINDS, Organisation, OrgKind
from patentbridge.recordation.models import ContractStatus
from patentbridge.revenue.models import Income

RESEARCH_KINDS = (OrgKind.UNIVERSITY, OrgKind.INSTITUTE)


@dataclass(frozen=True)
class Check:
    key: str
    label: str  # English msgid with %(name)s figures
    passed: bool
    params: dict[str, str] = field(default_factory=dict)

    def text(self) -> str:
        return gettext(self.label) % self.params if self.params else gettext(self.label)


def signed_on(deal: Deal) -> dt.date | None:
    """The day the deal was signed: its step to signed, else its registered contract's signing day."""
    step = DealTransition.objects.filter(deal=deal, to_status=DealStatus.SIGNED).order_by("at").first()
    if step is not None:
        return step.at.date()
    return deal.contract.signed_on if deal.contract_id else None


def paid_in(deal: Deal, year: int) -> Decimal:
    """What the deal's incomes received in the year add up to."""
    rows = Income.objects.filter(deal=deal, received_on__year=year)
    return rows.aggregate(total=Sum("gross"))["total"] or ZERO


def basis_amount(policy: MatchmakerPolicy, deal: Deal, year: int) -> Decimal:
    return paid_in(deal, year) if policy.basis == AmountBasis.PAID else deal.amount


def reached(status: str, minimum: str) -> bool:
    return status in STATUS_ORDER and STATUS_ORDER.index(status) >= STATUS_ORDER.index(minimum)


def checks(policy: MatchmakerPolicy, attribution: Attribution, year: int) -> list[Check]:
    """Every rule the policy applies to the attributed deal for the year, in the order people read them."""
    deal = attribution.deal
    found = [
        Check("in_force", N_("The policy is in force (not an example)"), not policy.is_example),
        Check("year", N_("The policy covers %(year)s"), policy.covers(year), {"year": str(year)}),
        Check("attribution", N_("A party of the deal confirmed the commissioner's attribution"),
              attribution.status == AttributionStatus.CONFIRMED),
        _timing(policy, deal, year),
        Check("status", N_("The deal has reached “%(status)s”"), reached(deal.status, policy.min_status),
              {"status": str(DealStatus(policy.min_status).label)}),
    ]
    if policy.deal_kinds:
        found.append(Check("kind", N_("The deal is one of: %(kinds)s"), deal.kind in policy.deal_kinds,
                           {"kinds": "、".join(policy.kind_labels())}))
    if policy.university_enterprise:
        found.append(Check("parties", N_("One party is a university or institute, the other an enterprise"),
                           _university_enterprise(deal.owner, deal.counterparty)))
    if policy.party_in_city != PartyInCity.NONE:
        found.append(_in_city(policy, deal))
    if policy.contract_registered:
        found.append(Check("contract", N_("The technology contract is registered"),
                           deal.contract_id is not None and deal.contract.status == ContractStatus.COUNTED))
    return found


def failures(found: list[Check]) -> list[str]:
    return [check.text() for check in found if not check.passed]


def _timing(policy: MatchmakerPolicy, deal: Deal, year: int) -> Check:
    params = {"year": str(year)}
    if policy.basis == AmountBasis.PAID:
        return Check("timing", N_("Payments for the deal were received in %(year)s"), paid_in(deal, year) > 0, params)
    day = signed_on(deal)
    return Check("timing", N_("The deal was signed in %(year)s"), day is not None and day.year == year, params)


def _university_enterprise(one: Organisation, other: Organisation) -> bool:
    return ((one.kind in RESEARCH_KINDS and other.kind in ENTERPRISE_KINDS)
            or (other.kind in RESEARCH_KINDS and one.kind in ENTERPRISE_KINDS))


def _in_city(policy: MatchmakerPolicy, deal: Deal) -> Check:
    parties = (deal.owner, deal.counterparty)
    wanted = {PartyInCity.ENTERPRISE: ENTERPRISE_KINDS, PartyInCity.INSTITUTION: RESEARCH_KINDS}.get(
        policy.party_in_city)
    inside = any(p.city_id == policy.city_id and (wanted is None or p.kind in wanted) for p in parties)
    label = {PartyInCity.ENTERPRISE: N_("The enterprise is registered in %(city)s"),
             PartyInCity.INSTITUTION: N_("The university or institute is registered in %(city)s")}.get(
        policy.party_in_city, N_("A party is registered in %(city)s"))
    return Check("city", label, inside, {"city": policy.city.name})
