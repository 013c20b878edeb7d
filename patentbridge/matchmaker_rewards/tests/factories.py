"""Small builders for the matchmaker-rewards tests: a university's deal with a Guangzhou enterprise, signed in YEAR
with its technology contract registered, attributed to a commissioner and confirmed; a city's policy; incomes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from patentbridge.commissioners.models import Attribution, AttributionStatus, RequestStatus
from patentbridge.commissioners.tests.factories import designated, enterprise, regulator_of, service_request
from patentbridge.deals.models import DealKind, DealStatus, DealTransition
from patentbridge.deals.tests.factories import DealFactory
from patentbridge.matchmaker_rewards.models import AmountBasis, Beneficiary, MatchmakerPolicy
from patentbridge.orgs.models import City, OrgKind
from patentbridge.orgs.tests.factories import OrganisationFactory
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.recordation.models import ContractStatus, TechContractRegistration, TechContractType
from patentbridge.revenue.models import Income, IncomeKind

GUANGZHOU, SHENZHEN = "440100", "440300"
YEAR = 2025

__all__ = ["GUANGZHOU", "SHENZHEN", "YEAR", "PolicyFactory", "attributed", "income", "regulator_of"]


class PolicyFactory(factory.django.DjangoModelFactory):
    """Guangzhou's reward for commissioners: 5 % of the contract amount, no caps, no budget."""

    class Meta:
        model = MatchmakerPolicy

    city = factory.LazyFunction(lambda: City.objects.get(pk=GUANGZHOU))
    title = factory.Sequence(lambda n: f"技术经纪奖励（测试配置{n}）")
    beneficiary = Beneficiary.COMMISSIONER
    basis = AmountBasis.CONTRACT
    first_year = 2024
    rate = Decimal("5")
    fixed_amount = Decimal("0")


def _registered_contract(deal) -> TechContractRegistration:
    return TechContractRegistration.objects.create(
        patent=deal.patent, seller=deal.owner, buyer=deal.counterparty, contract_type=TechContractType.LICENCE,
        signed_on=dt.date(YEAR, 3, 1), contract_amount=deal.amount, technology_amount=deal.amount,
        registered_on=dt.date(YEAR, 3, 20), status=ContractStatus.COUNTED)


def attributed(amount: str = "400000.00", *, status: str = DealStatus.SIGNED, confirmed: bool = True,
               registered: bool = True, designation=None, firm=None, university=None,
               signed: dt.datetime | None = None) -> Attribution:
    """A university's exclusive licence to a Guangzhou enterprise, signed in YEAR, attributed to a commissioner."""
    designation = designation or designated()
    firm = firm or enterprise()
    university = university or OrganisationFactory(kind=OrgKind.UNIVERSITY, city=City.objects.get(pk=GUANGZHOU))
    patent = PatentFactory(owner=university)
    deal = DealFactory(patent=patent, owner=university, counterparty=firm, amount=Decimal(amount), status=status,
                       kind=DealKind.EXCLUSIVE_LICENCE)
    step = DealTransition.objects.create(deal=deal, from_status=DealStatus.AGREED, to_status=DealStatus.SIGNED)
    DealTransition.objects.filter(pk=step.pk).update(at=signed or dt.datetime(YEAR, 3, 1, 10, tzinfo=dt.UTC))
    if registered:
        deal.contract = _registered_contract(deal)
        deal.save(update_fields=["contract"])
    service = service_request(firm, designation, status=RequestStatus.ACCEPTED)
    return Attribution.objects.create(
        deal=deal, designation=designation, request=service, claimed_by=designation.commissioner,
        status=AttributionStatus.CONFIRMED if confirmed else AttributionStatus.CLAIMED,
        decided_at=timezone.now() if confirmed else None)


def income(attribution: Attribution, gross: str, received_on: dt.date) -> Income:
    amount = Decimal(gross)
    return Income.objects.create(organisation=attribution.deal.owner, kind=IncomeKind.LICENCE, description="许可费",
                                 deal=attribution.deal, received_on=received_on, gross=amount, net=amount,
                                 reward_rate=Decimal("0"), reward_pool=Decimal("0"))
