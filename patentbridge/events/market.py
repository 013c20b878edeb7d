"""The one module of the events app that reads the market apps built alongside it (listings, auctions): the patents
of listings and auction lots open now. Their models are looked up by name, so that until those apps have models the
events app works without them (they add nothing); the names are the contract's (listings.Listing with `patent` and
`status`, auctions.Lot with `items` and `status`)."""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext_lazy as _

LISTING_OPEN = ("open", "published", "listed")  # the statuses of a listing taking expressions of interest
LOT_OPEN = ("announced", "open", "published")  # the statuses of a lot before it closes
LISTED = _("Listed for transfer (挂牌)")
AUCTIONED = _("In an auction open now")


def _model(label: str, name: str):
    try:
        return apps.get_model(label, name)
    except LookupError:
        return None


def _status_values(model, wanted: tuple[str, ...]) -> list[str]:
    field = model._meta.get_field("status")
    known = {value for value, _label in field.choices} if field.choices else set(wanted)
    return [value for value in wanted if value in known]


def market_patent_ids() -> dict[int, str]:
    """Patent id → why it is on the market now (a listing, an auction lot)."""
    found: dict[int, str] = {}
    listing = _model("listings", "Listing")
    if listing is not None:
        ids = listing.objects.filter(status__in=_status_values(listing, LISTING_OPEN)).values_list("patent_id",
                                                                                                    flat=True)
        found.update({pk: str(LISTED) for pk in ids})
    lot = _model("auctions", "Lot")
    if lot is not None:
        ids = lot.objects.filter(status__in=_status_values(lot, LOT_OPEN)).values_list("items", flat=True)
        found.update({pk: str(AUCTIONED) for pk in ids if pk is not None})
    return found
