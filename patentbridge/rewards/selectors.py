"""Reads of sales-based rewards: policies, who sees which application, an application's calculation and rules, and
each city's ledger for a year with its totals."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Case, Q, QuerySet, Sum, Value, When

from patentbridge.core.calculation import Calculation
from patentbridge.core.errors import NotFound
from patentbridge.core.money import money
from patentbridge.orgs.models import City
from patentbridge.orgs.permissions import ALL_CITIES, regulated_city_ids, reward_applicant_org_ids
from patentbridge.products.models import Product, ProductStatus
from patentbridge.rewards.calculation import ZERO, calculate, committed
from patentbridge.rewards.eligibility import Check, checks, year_data
from patentbridge.rewards.models import (
    COMMITTED_STATUSES,
    ApplicationStatus,
    RewardApplication,
    SalesRewardPolicy,
)


def governed_cities(user: Any) -> QuerySet[City]:
    cities = regulated_city_ids(user)
    return City.objects.all() if cities is ALL_CITIES else City.objects.filter(pk__in=cities)


def policies_for(user: Any) -> QuerySet[SalesRewardPolicy]:
    """The policies a user may edit (its cities'), newest version first."""
    return SalesRewardPolicy.objects.filter(city__in=governed_cities(user)).select_related("city")


def policies_open_to(product: Product | None) -> QuerySet[SalesRewardPolicy]:
    """Policies an enterprise may apply under: its own city's first, examples left out."""
    rows = SalesRewardPolicy.objects.filter(is_example=False).select_related("city")
    own = product.filer.city_id if product is not None else None
    first = Case(When(city_id=own, then=Value(0)), default=Value(1))
    return rows.order_by(first, "city_id", "basis", "-first_year")


def policy_get(user: Any, policy_id: int) -> SalesRewardPolicy:
    policy = policies_for(user).filter(pk=policy_id).first()
    if policy is None:
        raise NotFound()
    return policy


def products_of(user: Any) -> QuerySet[Product]:
    """The filed products of the enterprises for which the user applies."""
    return (Product.objects.filter(filer_id__in=reward_applicant_org_ids(user), status=ProductStatus.FILED)
            .select_related("filer").order_by("name", "pk"))


def applications_visible_to(user: Any) -> QuerySet[RewardApplication]:
    """An enterprise's own applications; every application of the cities a regulator governs."""
    cities = regulated_city_ids(user)
    rows = (RewardApplication.objects.select_related("product", "enterprise", "city", "policy", "data")
            .order_by("-year", "-pk"))
    if cities is ALL_CITIES:
        return rows
    return rows.filter(Q(enterprise_id__in=reward_applicant_org_ids(user)) | Q(city_id__in=cities))


def application_get(user: Any, application_id: int) -> RewardApplication:
    application = applications_visible_to(user).filter(pk=application_id).first()
    if application is None:
        raise NotFound()
    return application


@dataclass(frozen=True)
class Assessment:
    """A product's standing under a policy for a year: each rule and the calculation (None without data)."""

    checks: list[Check]
    calculation: Calculation | None

    @property
    def eligible(self) -> bool:
        return all(check.passed for check in self.checks)


def assessment(policy: SalesRewardPolicy, product: Product, year: int) -> Assessment:
    data = year_data(product, year)
    calculation = calculate(policy, data, enterprise_id=product.filer_id) if data is not None else None
    return Assessment(checks(policy, product, year, data), calculation)


def application_calculation(application: RewardApplication) -> Calculation:
    """The calculation frozen at the decision, or (while it waits) the one the policy gives now."""
    if application.status != ApplicationStatus.APPLIED and application.calculation:
        return Calculation.from_json(application.calculation)
    return calculate(application.policy, application.data, enterprise_id=application.enterprise_id,
                     excluding=application.pk)


@dataclass(frozen=True)
class BudgetLine:
    policy: SalesRewardPolicy
    committed: Decimal

    @property
    def left(self) -> Decimal | None:
        return None if self.policy.budget is None else max(ZERO, self.policy.budget - self.committed)


@dataclass(frozen=True)
class Ledger:
    city: City
    year: int
    rows: list[RewardApplication]
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
    """The city's applications for the year, with the amounts applied for (withdrawn ones left out), approved,
    paid, and what each policy's budget has left."""
    rows = (RewardApplication.objects.filter(city=city, year=year)
            .select_related("product", "enterprise", "policy").order_by("status", "-pk"))
    live = rows.exclude(status=ApplicationStatus.WITHDRAWN)
    totals = live.aggregate(applied=Sum("calculated_amount"),
                            approved=Sum("approved_amount", filter=Q(status__in=COMMITTED_STATUSES)),
                            paid=Sum("paid_amount"))
    policies = SalesRewardPolicy.objects.filter(city=city, first_year__lte=year).filter(
        Q(last_year__isnull=True) | Q(last_year__gte=year))
    return Ledger(city=city, year=year, rows=list(rows), applied=money(totals["applied"] or ZERO),
                  approved=money(totals["approved"] or ZERO), paid=money(totals["paid"] or ZERO),
                  budgets=[BudgetLine(policy, committed(policy, year)) for policy in policies])
