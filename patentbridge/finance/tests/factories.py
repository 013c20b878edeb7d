"""Small builders for pledge disposal: a bank holding a registered pledge of an enterprise's patent, and a case moved
as far as a test needs through the services. The market apps' calls (finance.routes) are replaced by `fake_market`
until those apps are merged."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from patentbridge.deals import services as deals
from patentbridge.deals.models import Deal
from patentbridge.finance import receivers, routes, services
from patentbridge.finance.models import PledgeDisposal
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.regions import region_resolve
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.rights import services as rights_services
from patentbridge.rights.models import GrantKind, Pledge

_numbers = itertools.count(1)
AUCTION_TERMS = {"deposit": "100000", "increment": "10000", "starts_at": "2027-01-11T10:00",
                 "ends_at": "2027-01-12T10:00"}
DEFAULT = {"defaulted_on": dt.date(2026, 3, 1), "principal": "800000", "interest": "40000",
           "enforcement_costs": "10000"}


def pledged(*, amount: str = "1000000", city: str | None = "440100") -> SimpleNamespace:
    """A bank (an officer who commits, one who only reads), an enterprise pledgor (its signatory) and a buyer."""
    bank = OrganisationFactory(kind=OrgKind.FINANCIAL, city_id=city)
    firm = OrganisationFactory(kind=OrgKind.ENTERPRISE, city_id=city)
    buyer = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    patent = PatentFactory(owner=firm, application_date=dt.date(2020, 1, 6))
    officer, signatory = member_of(bank, Role.BANK_OFFICER), member_of(firm, Role.SIGNATORY)
    pledge = rights_services.pledge_register(actor=officer, patent=patent, data={
        "pledgee_id": bank.pk, "amount": amount, "registration_number": f"Y2025440{next(_numbers):07d}",
        "registered_on": dt.date(2025, 1, 10), "ends_on": dt.date(2026, 1, 9)})
    return SimpleNamespace(bank=bank, firm=firm, buyer=buyer, patent=patent, officer=officer, signatory=signatory,
                           buyer_signatory=member_of(buyer, Role.SIGNATORY), pledge=pledge)


def opened(world: SimpleNamespace, **data: Any) -> PledgeDisposal:
    return services.disposal_open(actor=world.officer, pledge=world.pledge, data={**DEFAULT, **data})


def agreed(world: SimpleNamespace, **data: Any) -> PledgeDisposal:
    return services.disposal_agree(actor=world.signatory, disposal=opened(world, **data))


class FakeMarket:
    """Stands in for the market apps: records each call and answers a new lot or listing id."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def auction(self, **kwargs: Any) -> int:
        self.calls.append({"route": "auction", **kwargs})
        return 900 + len(self.calls)

    def listing(self, **kwargs: Any) -> int:
        self.calls.append({"route": "listing", **kwargs})
        return 700 + len(self.calls)


def fake_market(monkeypatch: Any) -> FakeMarket:
    market = FakeMarket()
    monkeypatch.setattr(routes, "send_to_auction", market.auction)
    monkeypatch.setattr(routes, "send_to_listing", market.listing)
    return market


def sent(world: SimpleNamespace, route: str = "listing", **data: Any) -> PledgeDisposal:
    """Agreed and sent (the test must have faked the market)."""
    organiser = OrganisationFactory(kind=OrgKind.AGENCY)
    return services.disposal_send(actor=world.officer, disposal=agreed(world, **data), route=route,
                                  data={"appraisal": "1200000", "price": "1000000", "organiser_id": organiser.pk,
                                        **AUCTION_TERMS})


def sale_deal(world: SimpleNamespace, amount: str = "1000000", owner: Any = None) -> Deal:
    """The deal a market app opens for the sold patent, at the public price (the pledgee consents to the sale)."""
    return deals.deal_from_sale(actor=world.officer, patent=world.patent, kind=GrantKind.TRANSFER,
                                owner=owner or world.firm, counterparty=world.buyer, amount=Decimal(amount),
                                source="挂牌 GP-2026-0001", data={"pledgee_consent": True})


def sold(world: SimpleNamespace, amount: str = "1000000", **data: Any) -> PledgeDisposal:
    disposal = sent(world, **data)
    receivers.on_listing_sold(sender=None, listing=SimpleNamespace(pk=disposal.sale_id),
                              deal=sale_deal(world, amount))
    return PledgeDisposal.objects.get(pk=disposal.pk)


def transfer_recorded(world: SimpleNamespace, deal: Deal, *, grantee: Any = None, on: dt.date | None = None) -> Any:
    """The signed transfer's registration recorded in the register (as the recordation app does), by the buyer."""
    territory = region_resolve("中国")
    grant = rights_services.grant_bind(patent=world.patent, kind=GrantKind.TRANSFER, grantor=world.firm,
                                       grantee=grantee or world.buyer, territory=territory,
                                       starts_on=timezone.localdate(), ends_on=None, signed_on=timezone.localdate(),
                                       pledgee_consent=True, co_owners_consent=True)
    Deal.objects.filter(pk=deal.pk).update(grant=grant)
    return rights_services.grant_recorded_on(actor=world.buyer_signatory, grant=grant, on=on or timezone.localdate())


def pledge_of(world: SimpleNamespace) -> Pledge:
    return Pledge.objects.get(pk=world.pledge.pk)
