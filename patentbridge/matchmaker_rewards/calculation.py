"""The reward's calculation, step by step: the deal's amount at the policy's rate, plus the fixed amount, then the
cap per deal, what the beneficiary's cap for the year leaves after rewards approved before, and what the year's
budget leaves. Every step is a Decimal rounded to the fen half up; each step keeps its sentence as an English msgid
with its figures, so a frozen copy on a decided application reads in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext_noop as N_

from patentbridge.core.calculation import Calculation, Step, yuan
from patentbridge.core.money import money
from patentbridge.matchmaker_rewards.models import (
    COMMITTED_STATUSES,
    AmountBasis,
    Beneficiary,
    MatchmakerApplication,
    MatchmakerPolicy,
)

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Payee:
    """Whom a cap per beneficiary counts: the commissioner (in person or as a team's lead) or their agency."""

    commissioner_id: int
    agency_id: int


def committed(policy: MatchmakerPolicy, year: int, *, payee: Payee | None = None,
              excluding: int | None = None) -> Decimal:
    """What the policy's approved (and paid) rewards for the year already hold, for one beneficiary or all."""
    rows = MatchmakerApplication.objects.filter(policy=policy, year=year, status__in=COMMITTED_STATUSES)
    if payee is not None and policy.beneficiary == Beneficiary.AGENCY:
        rows = rows.filter(agency_id=payee.agency_id)
    elif payee is not None:
        rows = rows.filter(commissioner_id=payee.commissioner_id)
    if excluding is not None:
        rows = rows.exclude(pk=excluding)
    return money(rows.aggregate(total=Sum("approved_amount"))["total"] or ZERO)


def calculate(policy: MatchmakerPolicy, amount: Decimal, year: int, *, payee: Payee,
              excluding: int | None = None) -> Calculation:
    """The reward the policy gives for a deal's amount (contract or paid in the year), within the caps and budget."""
    amount = money(amount)
    share = money(amount * policy.rate / 100)
    steps = [_basis(policy, amount, year),
             Step("rate", N_("× %(rate)s %%"), share, {"rate": f"{policy.rate.normalize():f}"}),
             Step("fixed", N_("+ fixed amount %(fixed)s"), share + policy.fixed_amount,
                  {"fixed": yuan(policy.fixed_amount)})]
    steps.append(_deal_cap(policy, steps[-1].amount))
    steps.append(_beneficiary_cap(policy, year, steps[-1].amount, payee, excluding))
    steps.append(_budget(policy, year, steps[-1].amount, excluding))
    steps.append(Step("result", N_("Reward"), steps[-1].amount))
    return Calculation(steps)


def _basis(policy: MatchmakerPolicy, amount: Decimal, year: int) -> Step:
    if policy.basis == AmountBasis.PAID:
        return Step("basis", N_("Paid for the deal in %(year)s"), amount, {"year": str(year)})
    return Step("basis", N_("Contract amount of the deal"), amount)


def _deal_cap(policy: MatchmakerPolicy, amount: Decimal) -> Step:
    if policy.deal_cap is None:
        return Step("deal_cap", N_("no cap per deal"), amount)
    return Step("deal_cap", N_("capped at %(cap)s per deal"), min(amount, policy.deal_cap),
                {"cap": yuan(policy.deal_cap)})


def _beneficiary_cap(policy: MatchmakerPolicy, year: int, amount: Decimal, payee: Payee,
                     excluding: int | None) -> Step:
    if policy.beneficiary_cap is None:
        return Step("beneficiary_cap", N_("no cap per beneficiary"), amount)
    left = max(ZERO, policy.beneficiary_cap - committed(policy, year, payee=payee, excluding=excluding))
    return Step("beneficiary_cap", N_("within the beneficiary's cap for %(year)s: %(left)s left of %(cap)s"),
                min(amount, left), {"year": str(year), "left": yuan(left), "cap": yuan(policy.beneficiary_cap)})


def _budget(policy: MatchmakerPolicy, year: int, amount: Decimal, excluding: int | None) -> Step:
    if policy.budget is None:
        return Step("budget", N_("no budget limit set"), amount)
    left = max(ZERO, policy.budget - committed(policy, year, excluding=excluding))
    return Step("budget", N_("within the %(year)s budget: %(left)s left of %(budget)s"), min(amount, left),
                {"year": str(year), "left": yuan(left), "budget": yuan(policy.budget)})
