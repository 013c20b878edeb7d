"""The auctions app's sections on lower apps' pages."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from patentbridge.auctions.models import Lot
from patentbridge.listings.models import Listing


def listing_bidding(request: HttpRequest, listing: Listing) -> str:
    """A listing sent to competitive bidding: its lot(s), their status and price, linking to the live page."""
    lots = list(Lot.objects.filter(listing=listing).order_by("pk"))
    if not lots:
        return ""
    return render_to_string("auctions/_listing_panel.html", {"lots": lots}, request=request)
