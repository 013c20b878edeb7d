"""What a disposal does when the market sells the patent (auctions' lot_settled, listings' listing_sold) and when the
register records its transfer (rights' grant_recorded). Each receiver runs inside the sender's transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from patentbridge.deals.models import Deal
from patentbridge.finance import services
from patentbridge.finance.models import DisposalStatus, PledgeDisposal
from patentbridge.rights.signals import grant_recorded


def _sold(deal: Deal, sale_id: int | None) -> None:
    with transaction.atomic():
        disposal = services.disposal_for_sale(deal)
        if disposal is not None:
            services.disposal_sold(disposal=disposal, deal=deal, sale_id=sale_id)


def on_lot_settled(sender: Any, *, lot: Any, deals: list[Deal], price: Any = None, **kwargs: Any) -> None:
    """The winner paid: one deal per patent of the lot, each at its part of the price. A lot of a listing's
    competitive bidding leaves the case pointing at its listing (the sale a listing-route case links to)."""
    for deal in deals:
        _sold(deal, getattr(lot, "listing_id", None) or getattr(lot, "pk", None))


def on_listing_sold(sender: Any, *, listing: Any, deal: Deal, **kwargs: Any) -> None:
    _sold(deal, getattr(listing, "pk", None))


def on_grant_recorded(sender: Any, *, grant: Any, on: dt.date, actor: Any, **kwargs: Any) -> None:
    cases = (PledgeDisposal.objects.select_for_update(of=("self",)).select_related("deal", "pledge", "opened_by")
             .filter(pledge__patent_id=grant.patent_id, deal__isnull=False, released_on__isnull=True,
                     status__in=(DisposalStatus.SOLD, DisposalStatus.PROCEEDS_SPLIT)))
    with transaction.atomic():
        for disposal in cases:
            services.transfer_registered(disposal=disposal, grant=grant, on=on, actor=actor)


def connect() -> None:
    grant_recorded.connect(on_grant_recorded, dispatch_uid="finance.on_grant_recorded")
