"""The only place where a disposal reaches the market apps: it sends the patent to an auction
(auctions.services.lot_create) or to a listed transfer (listings.services.listing_create) with the pledgee's right
to dispose as the authority, and listens to their sales (auctions.signals.lot_settled, listings.signals.listing_sold).
The names are those of the shared contract of issue 16; the market apps are built beside this one, so the imports
sit in the functions that use them until the apps are merged."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse

from patentbridge.finance.models import PledgeDisposal, Route
from patentbridge.orgs.models import Organisation, OrgKind


def auctioneers() -> QuerySet[Organisation]:
    """The service agencies registered on the platform (with members) that a bank may choose to run the auction;
    auctions.services.lot_create refuses one that holds no auctioneer's licence (Auction Law Art 11). After the merge
    this should read the auctions app's licensed auctioneers."""
    return (Organisation.objects.filter(kind=OrgKind.AGENCY, memberships__isnull=False).distinct()
            .order_by("name"))


def send_to_auction(*, actor: Any, disposal: PledgeDisposal, auctioneer: Organisation, appraisal: Decimal,
                    start_price: Decimal, authority: str, judicial: bool) -> int:
    """A draft lot of the one patent, consigned for the pledgor on the pledgee's authority; returns the lot's id."""
    from patentbridge.auctions import services as auctions

    lot = auctions.lot_create(actor=actor, organiser=auctioneer, consignor=disposal.pledgor,
                              patents=[disposal.pledge.patent],
                              data={"mode": "judicial" if judicial else "auction", "appraisal": appraisal,
                                    "start_price": start_price}, authority=authority)
    return lot.pk


def send_to_listing(*, actor: Any, disposal: PledgeDisposal, appraisal: Decimal, listing_price: Decimal,
                    authority: str) -> int:
    """A listed transfer of the patent, the pledgor as seller, on the pledgee's authority; returns the listing's id."""
    from patentbridge.listings import services as listings

    listing = listings.listing_create(actor=actor, seller=disposal.pledgor, patent=disposal.pledge.patent,
                                      data={"kind": "transfer", "appraisal": appraisal, "price": listing_price},
                                      authority=authority)
    return listing.pk


SALE_PAGES = {Route.AUCTION: "auctions:lot", Route.LISTING: "listings:listing"}


def sale_url(disposal: PledgeDisposal) -> str:
    """The lot's or the listing's page, where the market app has one."""
    if disposal.sale_id is None or disposal.route not in SALE_PAGES:
        return ""
    try:
        return reverse(SALE_PAGES[disposal.route], args=[disposal.sale_id])
    except NoReverseMatch:
        return ""


def connect() -> None:
    """Listen to the market's sales. Until the market apps are merged their signals do not exist yet."""
    from patentbridge.finance import receivers

    try:
        from patentbridge.auctions.signals import lot_settled
        from patentbridge.listings.signals import listing_sold
    except ImportError:  # remove at the merge of issue 16 (the market apps then provide both signals)
        return
    lot_settled.connect(receivers.on_lot_settled, dispatch_uid="finance.on_lot_settled")
    listing_sold.connect(receivers.on_listing_sold, dispatch_uid="finance.on_listing_sold")
