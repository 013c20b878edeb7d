"""The only place where a disposal reaches the market apps: it sends the patent to an auction
(auctions.services.lot_create) or to a listed transfer (listings.services.listing_create) with the pledgee's right
to dispose as the authority, and listens to their sales (auctions.signals.lot_settled, listings.signals.listing_sold).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from patentbridge.auctions import services as auctions
from patentbridge.auctions.models import AuctionOfficer
from patentbridge.auctions.signals import lot_settled
from patentbridge.finance import receivers
from patentbridge.finance.models import DisposalRoute, PledgeDisposal
from patentbridge.listings import services as listings
from patentbridge.listings.models import Listing
from patentbridge.listings.signals import listing_sold
from patentbridge.orgs.models import Organisation, OrgKind


def organisers() -> QuerySet[Organisation]:
    """Who may run the sale: for an auction, an auctioneer with a verified licence (Auction Law Art 11:
    auctions.services.lot_create refuses any other); for a listing, the exchange (a service agency or a financial
    institution registered on the platform)."""
    return (Organisation.objects.filter(kind__in=(OrgKind.AGENCY, OrgKind.FINANCIAL), memberships__isnull=False)
            .distinct().order_by("kind", "name"))


def send_to_auction(*, actor: Any, disposal: PledgeDisposal, auctioneer: Organisation, appraisal: Decimal,
                    start_price: Decimal, terms: dict[str, Any], authority: str, judicial: bool) -> int:
    """A lot of the one patent, consigned for the pledgor on the pledgee's authority (consigned at once), presided by
    the auctioneer's first active officer; the viewing runs from today to the bidding. Returns the lot's id."""
    officer = AuctionOfficer.objects.filter(organisation=auctioneer, active=True).order_by("pk").first()
    patent = disposal.pledge.patent
    lot = auctions.lot_create(actor=actor, organiser=auctioneer, consignor=disposal.pledgor, patents=[patent], data={
        "title": patent.title[:200], "mode": "judicial" if judicial else "auction", "right_kind": "transfer",
        "officer": officer, "appraisal_value": appraisal, "start_price": start_price, "pledgee_consent": True,
        "deposit": terms["deposit"], "increment": terms["increment"], "viewing_starts_at": timezone.now(),
        "viewing_ends_at": terms["starts_at"], "starts_at": terms["starts_at"], "ends_at": terms["ends_at"]},
        authority=authority)
    return lot.pk


def send_to_listing(*, actor: Any, disposal: PledgeDisposal, venue: Organisation, appraisal: Decimal,
                    listing_price: Decimal, authority: str) -> int:
    """A draft listed transfer of the patent at the exchange, the pledgor as seller and the pledgee disposing under
    its authority (it publishes the listing on the listing's page). Returns the listing's id."""
    listing = listings.listing_create(actor=actor, seller=disposal.pledgor, patent=disposal.pledge.patent, data={
        "venue": venue, "kind": "transfer", "price": listing_price, "appraisal_value": appraisal,
        "pledgee_consent": True, "agent": disposal.bank}, authority=authority)
    return listing.pk


def sale_url(disposal: PledgeDisposal) -> str:
    """The lot's page (by its id) or the listing's (by its number)."""
    if disposal.sale_id is None:
        return ""
    if disposal.route == DisposalRoute.AUCTION:
        return reverse("auctions:detail", args=[disposal.sale_id])
    listing = Listing.objects.filter(pk=disposal.sale_id).only("number").first()
    return reverse("listings:detail", args=[listing.number]) if listing else ""


def connect() -> None:
    """Listen to the market's sales."""
    lot_settled.connect(receivers.on_lot_settled, dispatch_uid="finance.on_lot_settled")
    listing_sold.connect(receivers.on_listing_sold, dispatch_uid="finance.on_listing_sold")
