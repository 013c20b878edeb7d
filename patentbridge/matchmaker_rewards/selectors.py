"""Reads of matchmaker rewards: the public policies, a commissioner's attributed deals and where each is eligible,
who sees which application, the review queue, an application's calculation and rules, and each city's ledger."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum

from patentbridge.commissioners.models import Attribution, AttributionStatus
from patentbridge.core.calculation import Calculation
from patentbridge.core.errors import NotFound
from patentbridge.core.money import money
from patentbridge.matchmaker_rewards.calculation import ZERO, committed
from patentbridge.matchmaker_rewards.eligibility import Check, checks, signed_on
from patentbridge.matchmaker_rewards.models import (
    COMMITTED_STATUSES,
    LIVE_STATUSES,
    AmountBasis,
    ApplicationStatus,
    MatchmakerApplication,
    MatchmakerPolicy,
    PartyInCity,
)
from patentbridge.matchmaker_rewards.services import calculation_for
from patentbridge.orgs.models import City
from patentbridge.orgs.permissions import ALL_CITIES, regulated_city_ids
from patentbridge.revenue.models import Income

RELATED = ("deal__owner", "deal__counterparty", "deal__patent", "city", "policy", "commissioner", "agency")


def public_policies() -> QuerySet[MatchmakerPolicy]:
    """Every city's policy versions, examples included (they are labelled): public reading."""
    return MatchmakerPolicy.objects.select_related("city").order_by("city_id", "beneficiary", "-first_year")


def governed_cities(user: Any) -> QuerySet[City]:
    cities = regulated_city_ids(user)
    return City.objects.all() if cities is ALL_CITIES else City.objects.filter(pk__in=cities)


def policies_for(user: Any) -> QuerySet[MatchmakerPolicy]:
    """The policies a regulator may edit (its cities')."""
    return public_policies().filter(city__in=governed_cities(user))


def policy_get(user: Any, policy_id: int) -> MatchmakerPolicy:
    policy = policies_for(user).filter(pk=policy_id).first()
    if policy is None:
        raise NotFound()
    return policy


def open_policy(policy_id: int) -> MatchmakerPolicy:
    """A policy in force (examples take no applications)."""
    policy = MatchmakerPolicy.objects.select_related("city").filter(pk=policy_id, is_example=False).first()
    if policy is None:
        raise NotFound()
    return policy


def attributions_of(user: Any) -> QuerySet[Attribution]:
    """The confirmed attributions of the deals the user brokered as commissioner."""
    return (Attribution.objects.filter(designation__commissioner=user, status=AttributionStatus.CONFIRMED)
            .select_related("deal__owner", "deal__counterparty", "deal__patent", "deal__contract", "designation")
            .order_by("-pk"))


def attribution_get(user: Any, attribution_id: int) -> Attribution:
    attribution = attributions_of(user).filter(pk=attribution_id).first()
    if attribution is None:
        raise NotFound()
    return attribution


@dataclass(frozen=True)
class Assessment:
    """An attributed deal's standing under a policy for a year: each rule, and the calculation."""

    policy: MatchmakerPolicy
    attribution: Attribution
    year: int
    checks: list[Check]
    calculation: Calculation

    @property
    def eligible(self) -> bool:
        return all(check.passed for check in self.checks) and self.calculation.result > 0


def assessment(policy: MatchmakerPolicy, attribution: Attribution, year: int) -> Assessment:
    return Assessment(policy, attribution, year, checks(policy, attribution, year),
                      calculation_for(policy, attribution, year))


def candidate_years(policy: MatchmakerPolicy, attribution: Attribution) -> list[int]:
    """The years the deal could be rewarded under the policy: its signing year, or each year something was paid."""
    if policy.basis == AmountBasis.PAID:
        years = sorted({d.year for d in Income.objects.filter(deal=attribution.deal).values_list(
            "received_on", flat=True)})
    else:
        day = signed_on(attribution.deal)
        years = [day.year] if day is not None else []
    return [year for year in years if policy.covers(year)]


def eligible_for(user: Any) -> list[Assessment]:
    """Each reward the user's attributed deals may be applied for now: eligible, not yet held by a live application."""
    held = set(MatchmakerApplication.objects.filter(commissioner=user, status__in=LIVE_STATUSES)
               .values_list("deal_id", "year"))
    policies = list(MatchmakerPolicy.objects.filter(is_example=False).select_related("city"))
    found = []
    for attribution in attributions_of(user):
        for policy in (p for p in policies if _may_concern(p, attribution)):
            for year in candidate_years(policy, attribution):
                if (attribution.deal_id, year) not in held:
                    found.append(assessment(policy, attribution, year))
    return [row for row in found if row.eligible]


def _may_concern(policy: MatchmakerPolicy, attribution: Attribution) -> bool:
    """A policy that asks for a party in its city concerns only deals with a party there (saves assessing the rest)."""
    deal = attribution.deal
    return policy.party_in_city == PartyInCity.NONE or policy.city_id in (deal.owner.city_id,
                                                                         deal.counterparty.city_id)


def applications_visible_to(user: Any) -> QuerySet[MatchmakerApplication]:
    """A commissioner's own applications; every application of the cities a regulator governs."""
    cities = regulated_city_ids(user)
    rows = MatchmakerApplication.objects.select_related(*RELATED).order_by("-year", "-pk")
    if cities is ALL_CITIES:
        return rows
    return rows.filter(Q(commissioner=user) | Q(city_id__in=cities))


def own_applications(user: Any) -> QuerySet[MatchmakerApplication]:
    return MatchmakerApplication.objects.filter(commissioner=user).select_related(*RELATED).order_by("-year", "-pk")


def review_queue(user: Any) -> QuerySet[MatchmakerApplication]:
    """What waits for the regulator: applications to decide, approvals to pay, in the cities it governs."""
    return (MatchmakerApplication.objects.filter(city__in=governed_cities(user),
                                                 status__in=(ApplicationStatus.APPLIED, ApplicationStatus.APPROVED))
            .select_related(*RELATED).order_by("status", "applied_at", "pk"))


def application_get(user: Any, application_id: int) -> MatchmakerApplication:
    application = applications_visible_to(user).filter(pk=application_id).first()
    if application is None:
        raise NotFound()
    return application


def application_calculation(application: MatchmakerApplication) -> Calculation:
    """The calculation frozen at the decision, or (while it waits) the one the policy gives now."""
    if application.status != ApplicationStatus.APPLIED and application.calculation:
        return Calculation.from_json(application.calculation)
    return calculation_for(application.policy, application.attribution, application.year, excluding=application.pk)


def application_checks(application: MatchmakerApplication) -> list[Check]:
    return checks(application.policy, application.attribution, application.year)


@dataclass(frozen=True)
class BudgetLine:
    policy: MatchmakerPolicy
    committed: Decimal

    @property
    def left(self) -> Decimal | None:
        return None if self.policy.budget is None else max(ZERO, self.policy.budget - self.committed)


@dataclass(frozen=True)
class Ledger:
    city: City
    year: int
    rows: list[MatchmakerApplication]
    applied: Decimal
    approved: Decimal
    paid: Decimal
    budgets: list[BudgetLine]

    @property
    def budget_left(self) -> Decimal | None:
        """What is left of the year's budgets, or None when no policy of the year sets one."""
        lefts = [line.left for line in self.budgets if line.left is not None]
        return sum(lefts, ZERO) if lefts else None


def ledger(city: City, year: int) -> Ledger:
    """The city's applications for the year, with the amounts applied for (withdrawn ones left out), approved, paid,
    and what each policy's budget has left."""
    rows = (MatchmakerApplication.objects.filter(city=city, year=year).select_related(*RELATED)
            .order_by("status", "-pk"))
    live = rows.exclude(status=ApplicationStatus.WITHDRAWN)
    totals = live.aggregate(applied=Sum("calculated_amount"),
                            approved=Sum("approved_amount", filter=Q(status__in=COMMITTED_STATUSES)),
                            paid=Sum("paid_amount"))
    policies = MatchmakerPolicy.objects.filter(city=city, first_year__lte=year).filter(
        Q(last_year__isnull=True) | Q(last_year__gte=year))
    return Ledger(city=city, year=year, rows=list(rows), applied=money(totals["applied"] or ZERO),
                  approved=money(totals["approved"] or ZERO), paid=money(totals["paid"] or ZERO),
                  budgets=[BudgetLine(policy, committed(policy, year)) for policy in policies])
