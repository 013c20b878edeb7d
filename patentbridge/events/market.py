"""The one module of the events app that reads the market apps (listings, auctions, both below it): the patents of
listings and auction lots open now, to propose at an event."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from patentbridge.auctions.models import LotItem, LotStatus
from patentbridge.listings.models import Listing, ListingStatus

# A listing taking expressions of interest or in its competitive bidding; a lot announced or under the hammer.
LOT_OPEN = (LotStatus.ANNOUNCED, LotStatus.BIDDING)
# A listing keeps the status "bidding" after its competitive bidding ends: it is open only while its lot is.
LISTING_OPEN = Q(status=ListingStatus.LISTED) | Q(status=ListingStatus.BIDDING, lots__status__in=LOT_OPEN)


def market_patent_ids() -> dict[int, str]:
    """Patent id → why it is on the market now (a listing, an auction lot)."""
    found = {pk: _("Listed for transfer (挂牌)")
             for pk in Listing.objects.filter(LISTING_OPEN).values_list("patent_id", flat=True)}
    found.update({pk: _("In an auction open now")
                  for pk in LotItem.objects.filter(lot__status__in=LOT_OPEN).values_list("patent_id", flat=True)})
    return found
