"""The reward's calculation, step by step: what the product's sales give at the policy's rate, plus the fixed amount,
then each cap and the year's budget in turn. Every step is a Decimal rounded to the fen half up (only the rate step
can produce fractions of a fen); each step keeps its sentence as an English msgid with its figures, so it reads in
the reader's language wherever it is shown, and a frozen copy on a decided application reads the same."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext_noop as N_

from patentbridge.core.calculation import Calculation, Step, yuan
from patentbridge.core.money import money
from patentbridge.products.models import ProductYear
from patentbridge.rewards.models import COMMITTED_STATUSES, RewardApplication, SalesRewardPolicy

ZERO = Decimal("0.00")


def committed(policy: SalesRewardPolicy, year: int, *, enterprise_id: int | None = None,
              excluding: int | None = None) -> Decimal:
    """What the policy's approved (and paid) rewards for the year already hold, for one enterprise or all."""
    rows = RewardApplication.objects.filter(policy=policy, year=year, status__in=COMMITTED_STATUSES)
    if enterprise_id is not None:
        rows = rows.filter(enterprise_id=enterprise_id)
    if excluding is not None:
        rows = rows.exclude(pk=excluding)
    return money(rows.aggregate(total=Sum("approved_amount"))["total"] or ZERO)


def calculate(policy: SalesRewardPolicy, data: ProductYear, *, enterprise_id: int,
              excluding: int | None = None) -> Calculation:
    """The reward the policy gives the product for the data's year, with what the caps and the budget leave."""
    sales = money(data.sales)
    share = money(sales * policy.rate / 100)
    steps = [
        Step("basis", N_("Sales of %(year)s"), sales, {"year": str(data.year)}),
        Step("rate", N_("× %(rate)s %% of sales"), share, {"rate": f"{policy.rate.normalize():f}"}),
        Step("fixed", N_("+ fixed amount %(fixed)s"), share + policy.fixed_amount, {"fixed": yuan(policy.fixed_amount)}),
    ]
    steps.append(_product_cap(policy, steps[-1].amount))
    steps.append(_enterprise_cap(policy, data.year, steps[-1].amount, enterprise_id, excluding))
    steps.append(_budget(policy, data.year, steps[-1].amount, excluding))
    steps.append(Step("result", N_("Reward"), steps[-1].amount))
    return Calculation(steps)


def _product_cap(policy: SalesRewardPolicy, amount: Decimal) -> Step:
    if policy.product_cap is None:
        return Step("product_cap", N_("no cap per product"), amount)
    return Step("product_cap", N_("capped at %(cap)s per product"), min(amount, policy.product_cap),
                {"cap": yuan(policy.product_cap)})


def _enterprise_cap(policy: SalesRewardPolicy, year: int, amount: Decimal, enterprise_id: int,
                    excluding: int | None) -> Step:
    if policy.enterprise_cap is None:
        return Step("enterprise_cap", N_("no cap per enterprise"), amount)
    left = max(ZERO, policy.enterprise_cap - committed(policy, year, enterprise_id=enterprise_id, excluding=excluding))
    return Step("enterprise_cap", N_("within the enterprise's cap for %(year)s: %(left)s left of %(cap)s"),
                min(amount, left), {"year": str(year), "left": yuan(left), "cap": yuan(policy.enterprise_cap)})


def _budget(policy: SalesRewardPolicy, year: int, amount: Decimal, excluding: int | None) -> Step:
    if policy.budget is None:
        return Step("budget", N_("no budget limit set"), amount)
    left = max(ZERO, policy.budget - committed(policy, year, excluding=excluding))
    return Step("budget", N_("within the %(year)s budget: %(left)s left of %(budget)s"), min(amount, left),
                {"year": str(year), "left": yuan(left), "budget": yuan(policy.budget)})
