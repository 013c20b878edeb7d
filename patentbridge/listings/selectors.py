"""Reads of the listings app: the public list, one listing, a user's own listings and interests, the countdown."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.core.errors import NotFound
from patentbridge.core.workdays import count_working_days, count_working_days_each
from patentbridge.listings.models import ExpressionOfInterest, Listing, ListingStatus
from patentbridge.orgs.permissions import Action, Capability, is_allowed, org_ids_with


def _with_counts(listings: QuerySet[Listing]) -> QuerySet[Listing]:
    return listings.select_related("seller", "venue", "patent").annotate(interest_count=Count("interests"))


def listings_open(today: dt.date | None = None) -> QuerySet[Listing]:
    """Listed now (the period not over): public facts only are shown from these."""
    today = today or timezone.localdate()
    return _with_counts(Listing.objects.filter(status=ListingStatus.LISTED, ends_on__gte=today)).order_by("ends_on",
                                                                                                         "pk")


def listing_get(user: Any, number: str) -> Listing:
    """One listing by its number; a draft only for its parties (NotFound for anyone else)."""
    listing = _with_counts(Listing.objects.filter(number=number)).first()
    if listing is None or (listing.status == ListingStatus.DRAFT
                           and not is_allowed(user, Action.LISTING_VIEW, listing)):
        raise NotFound(_("No such listing."))
    return listing


def listings_of(user: Any) -> QuerySet[Listing]:
    """The listings of the organisations the user reads for, as seller, disposing party or venue."""
    own = org_ids_with(user, Capability.READ)
    return _with_counts(Listing.objects.filter(Q(seller_id__in=own) | Q(agent_id__in=own) | Q(venue_id__in=own)))


def interests_of(user: Any) -> QuerySet[ExpressionOfInterest]:
    """The interests the user's organisations expressed, with their listings."""
    return (ExpressionOfInterest.objects.filter(organisation_id__in=org_ids_with(user, Capability.READ))
            .select_related("listing", "listing__patent", "listing__seller", "organisation")
            .order_by("-created_at"))


def interested_parties(user: Any, listing: Listing) -> list[ExpressionOfInterest] | None:
    """Who is interested, for the seller, the venue and the regulator; None for everyone else (the count only)."""
    if not is_allowed(user, Action.LISTING_PARTIES_VIEW, listing):
        return None
    return list(listing.interests.select_related("organisation", "user"))


def working_days_left(listing: Listing, today: dt.date | None = None) -> int | None:
    """Working days left in the period, today included; None unless listed."""
    if listing.status != ListingStatus.LISTED or listing.ends_on is None:
        return None
    today = today or timezone.localdate()
    return count_working_days(max(today, listing.starts_on), listing.ends_on)


def with_days_left(listings: list[Listing], today: dt.date | None = None) -> list[Listing]:
    """Set `days_left` (working days left, today included) on each listed listing, reading the calendar once."""
    today = today or timezone.localdate()
    running = [listing for listing in listings if listing.status == ListingStatus.LISTED and listing.ends_on]
    counts = count_working_days_each([(max(today, listing.starts_on), listing.ends_on) for listing in running])
    for listing in listings:
        listing.days_left = None
    for listing, count in zip(running, counts, strict=True):
        listing.days_left = count
    return listings
