"""A licensed auctioneer with an officer, a consignor holding patents, bidders with paid deposits, and lots at any
step, built through the services (so that each step's rules run)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from patentbridge.auctions import services
from patentbridge.auctions.models import AuctioneerLicence, AuctionOfficer, Lot, Registration
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of, signer_of
from patentbridge.patents.tests.factories import PatentFactory


def auctioneer(*, verified: bool = True) -> SimpleNamespace:
    """An auction firm with a verified licence valid today, a broker and a certified officer."""
    firm = OrganisationFactory(kind=OrgKind.AGENCY)
    today = timezone.localdate()
    AuctioneerLicence.objects.create(organisation=firm, licence_number=f"粤拍{firm.pk:06d}", issued_by="广东省商务厅",
                                     valid_from=today - dt.timedelta(days=365),
                                     valid_until=today + dt.timedelta(days=365),
                                     registered_capital=Decimal("2000000"),
                                     verified_at=timezone.now() if verified else None)
    staff = member_of(firm, Role.AGENCY_BROKER)
    officer = AuctionOfficer.objects.create(organisation=firm, user=staff, certificate_number=f"PMS{firm.pk:06d}")
    return SimpleNamespace(org=firm, staff=staff, officer=officer, admin=member_of(firm, Role.ORG_ADMIN))


def terms(start: dt.datetime | None = None, **overrides: Any) -> dict[str, Any]:
    """Terms that meet every rule when announced now: bidding 8 days on, for 24 hours."""
    start = start or timezone.now() + dt.timedelta(days=8)
    return {"title": "一种测试装置的专利权", "officer": None, "appraisal_value": Decimal("100000"),
            "start_price": Decimal("100000"), "reserve_price": None, "deposit": Decimal("10000"),
            "increment": Decimal("1000"), "viewing_starts_at": start - dt.timedelta(days=5),
            "viewing_ends_at": start - dt.timedelta(days=1), "starts_at": start,
            "ends_at": start + dt.timedelta(hours=24), "contract_number": "WT-2026-001",
            "contract_signed_on": timezone.localdate(), **overrides}


def world(patents: int = 1, start: dt.datetime | None = None, **overrides: Any) -> SimpleNamespace:
    """An auctioneer, a consignor (a university) with patents, and a draft lot of them."""
    house = auctioneer()
    uni = OrganisationFactory(kind=OrgKind.UNIVERSITY)
    owned = [PatentFactory(owner=uni) for _ in range(patents)]
    lot = services.lot_create(actor=house.staff, organiser=house.org, consignor=uni, patents=owned,
                              data=terms(start, **{"officer": house.officer, **overrides}))
    return SimpleNamespace(house=house, uni=uni, uni_office=signer_of(uni), patents=owned, lot=lot)


def consign_and_announce(w: SimpleNamespace) -> Lot:
    services.lot_consign(actor=w.uni_office, lot=w.lot)
    return services.lot_announce(actor=w.house.staff, lot=w.lot)


def bidder(lot: Lot, *, pay: bool = True) -> SimpleNamespace:
    """An enterprise with a signatory, registered for the announced lot (and its deposit paid)."""
    firm = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    signer = signer_of(firm)
    registration = services.registration_create(actor=signer, lot=lot, organisation=firm)
    if pay:
        services.deposit_pay(actor=signer, registration=registration)
    return SimpleNamespace(org=firm, user=signer, registration=Registration.objects.get(pk=registration.pk))


def bidding(w: SimpleNamespace, bidders: int = 2) -> list[SimpleNamespace]:
    """Announce the lot, register and pay the bidders, then open bidding (moving the start to now)."""
    lot = consign_and_announce(w)
    people = [bidder(lot) for _ in range(bidders)]
    now = timezone.now()
    Lot.objects.filter(pk=lot.pk).update(starts_at=now - dt.timedelta(seconds=1), ends_at=now + dt.timedelta(hours=24))
    w.lot = services.lot_open(lot=lot)
    return people
