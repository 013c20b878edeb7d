"""The settlement statement of a disposal, step by step in Decimal: the sale's own costs come out of the price first,
then the pledgee takes its secured claim with priority (Civil Code Art 436 ¶2), the remainder goes to the pledgor
(Art 438), and what the proceeds do not cover stays an unsecured claim against the debtor. Each step keeps its
sentence as an English msgid with its figures, so a frozen statement reads in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from patentbridge.core.calculation import Calculation, Step, yuan
from patentbridge.core.errors import ValidationFailed
from patentbridge.core.money import money
from patentbridge.finance.models import PledgeDisposal

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Settlement:
    calculation: Calculation
    costs_part: Decimal
    bank_part: Decimal
    pledgor_part: Decimal
    shortfall: Decimal


def settle(disposal: PledgeDisposal, *, price: Decimal, commission: Decimal, other_costs: Decimal) -> Settlement:
    """Split the price: costs of the sale, then the secured claim, then the pledgor; the unpaid claim is shown."""
    price, costs = money(price), money(commission) + money(other_costs)
    if costs > price:
        raise ValidationFailed(details={"sale_commission": _("The costs of the sale exceed its price.")})
    net = price - costs
    claim, secured = money(disposal.claim), money(disposal.secured_claim)
    bank_part = min(secured, net)
    pledgor_part = net - bank_part
    shortfall = claim - bank_part
    steps = [
        Step("price", gettext_noop("Sale price"), price),
        Step("costs", gettext_noop("Costs of the sale, paid first: commission %(commission)s, other %(other)s"), costs,
             {"commission": yuan(commission), "other": yuan(other_costs)}),
        Step("net", gettext_noop("Net proceeds"), net),
        Step("claim", gettext_noop("Claim: principal %(principal)s + interest %(interest)s + enforcement costs %(costs)s"),
             claim, {"principal": yuan(disposal.principal), "interest": yuan(disposal.interest),
                     "costs": yuan(disposal.enforcement_costs)}),
        _secured_step(disposal, secured),
        Step("bank", gettext_noop("To the pledgee with priority (Civil Code Art 436 ¶2): the secured claim, at most the net "
                        "proceeds"), bank_part),
        Step("pledgor", gettext_noop("Remainder to the pledgor (Civil Code Art 438)"), pledgor_part),
        Step("shortfall", gettext_noop("Claim left unpaid: an unsecured claim against the debtor"), shortfall),
    ]
    return Settlement(Calculation(steps), costs_part=costs, bank_part=bank_part, pledgor_part=pledgor_part,
                      shortfall=shortfall)


def _secured_step(disposal: PledgeDisposal, secured: Decimal) -> Step:
    if disposal.scope_clause:
        return Step("secured", gettext_noop("Secured part: the whole claim (pledge contract, %(clause)s)"), secured,
                    {"clause": disposal.scope_clause})
    return Step("secured", gettext_noop("Secured part: at most the registered amount %(registered)s"), secured,
                {"registered": yuan(disposal.secured_amount)})


def frozen(disposal: PledgeDisposal) -> Calculation | None:
    """The statement the pledgee confirmed, as it was confirmed."""
    return Calculation.from_json(disposal.statement) if disposal.statement else None
