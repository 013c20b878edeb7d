import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from patentbridge.core.errors import ValidationFailed
from patentbridge.deals import services
from patentbridge.deals.models import DealKind, DealStatus
from patentbridge.notices.models import Notice
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from patentbridge.patents.tests.factories import PatentFactory


def member(organisation, role):
    user = UserFactory()
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def sale(db):
    university = OrganisationFactory(kind=OrgKind.UNIVERSITY)
    buyer = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    auctioneer = member(OrganisationFactory(kind=OrgKind.AGENCY), Role.AGENCY_BROKER)
    patent = PatentFactory(owner=university, application_date=dt.date(2019, 1, 15), grant_date=dt.date(2021, 5, 1))
    return SimpleNamespace(university=university, buyer=buyer, auctioneer=auctioneer, patent=patent,
                           manager=member(university, Role.TECH_TRANSFER_MANAGER),
                           signer=member(buyer, Role.SIGNATORY))


def _sell(sale, **changes):
    arguments = {"actor": sale.auctioneer, "patent": sale.patent, "kind": DealKind.TRANSFER, "owner": sale.university,
                 "counterparty": sale.buyer, "amount": Decimal("1250000.00"), "source": "成交确认书 PM-2026-0001"}
    return services.deal_from_sale(**{**arguments, **changes})


def test_a_sale_opens_the_deal_agreed_at_the_hammer_price(sale):
    deal = _sell(sale)
    assert (deal.status, deal.amount, deal.counterparty) == (DealStatus.AGREED, Decimal("1250000.00"), sale.buyer)


def test_the_sale_is_named_on_the_deal_history(sale):
    deal = _sell(sale)
    assert deal.transitions.get().comment == "成交确认书 PM-2026-0001"


def test_both_parties_hear_that_the_deal_awaits_their_signature(sale):
    _sell(sale)
    assert set(Notice.objects.values_list("recipient_id", flat=True)) >= {sale.manager.pk, sale.signer.pk}


def test_a_sale_cannot_open_a_service_contract(sale):
    with pytest.raises(ValidationFailed):
        _sell(sale, kind=DealKind.CONSULTING)


def test_the_seller_must_hold_the_patent(sale):
    with pytest.raises(ValidationFailed):
        _sell(sale, owner=OrganisationFactory(kind=OrgKind.UNIVERSITY))


def test_a_sold_licence_still_needs_its_period(sale):
    with pytest.raises(ValidationFailed):
        _sell(sale, kind=DealKind.ORDINARY_LICENCE)
