"""The one place the auctions app meets the listings app: a listing whose period ended with two or more qualified
interested parties goes to the exchange's competitive bidding (rules-round2 §2.2: bidding is mandatory), at the listed
price, open to those parties only. The listing's venue runs it; where the listing names none, the seller does."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone

from patentbridge.auctions import rules
from patentbridge.auctions.models import Lot, LotMode, LotStatus
from patentbridge.auctions.services import lot_create, step_take
from patentbridge.core.errors import ValidationFailed
from patentbridge.listings.signals import listing_needs_bidding


def _terms(listing: Any, bidders: list[Any], now: dt.datetime) -> dict[str, Any]:
    price = Decimal(listing.price)
    starts = now + dt.timedelta(days=settings.AUCTION_EXCHANGE_NOTICE_DAYS)
    licence = listing.kind != "transfer"
    return {
        "title": f"{listing.patent.title}（挂牌竞价）", "mode": LotMode.EXCHANGE_BIDDING,
        "right_kind": (listing.licence_kind or "ordinary_licence") if licence else "transfer",
        "licence_starts_on": listing.licence_starts_on, "licence_ends_on": listing.licence_ends_on,
        "pledgee_consent": listing.pledgee_consent,
        "appraisal_value": Decimal(listing.appraisal_value or 0), "start_price": price,
        "deposit": (price * Decimal(settings.AUCTION_DEPOSIT_MIN_PERCENT) / 100).quantize(Decimal("0.01")),
        "increment": max(Decimal("1"), (price / 100).quantize(Decimal("1"))), "commission_agreed": True,
        "viewing_starts_at": now, "viewing_ends_at": starts, "starts_at": starts,
        "ends_at": starts + dt.timedelta(hours=rules.WINDOW_HOURS), "invited_bidders": bidders,
    }


def exchange_bidding_open(sender: Any, listing: Any, bidders: list[Any], **kwargs: Any) -> Lot:
    """Open the exchange bidding of a listing (listings.signals.listing_needs_bidding), announced at once."""
    now = timezone.now()
    lot = lot_create(actor=None, organiser=listing.venue or listing.seller, consignor=listing.seller,
                     patents=[listing.patent], data=_terms(listing, bidders, now) | {"listing": listing},
                     authority=f"挂牌 {listing.number}")
    errors = rules.announce_problems(lot, now)
    if errors:
        raise ValidationFailed(details=errors)
    lot.announced_at = now
    step_take(lot, LotStatus.ANNOUNCED, actor=None, now=now)
    return lot


def connect() -> None:
    listing_needs_bidding.connect(exchange_bidding_open, dispatch_uid="auctions.exchange_bidding_open")
