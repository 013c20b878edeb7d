"""A listing whose period ends with two or more interested parties goes to the exchange's competitive bidding: a lot at
the listed price, announced at once, that only those parties may register for."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from patentbridge.auctions import services
from patentbridge.auctions.models import Lot, LotMode, LotStatus
from patentbridge.core.errors import PermissionDenied
from patentbridge.listings.models import Listing
from patentbridge.listings.signals import listing_needs_bidding
from patentbridge.orgs.models import OrgKind
from patentbridge.orgs.tests.factories import OrganisationFactory, signer_of
from patentbridge.patents.tests.factories import PatentFactory

pytestmark = pytest.mark.django_db


def _listing() -> Listing:
    seller = OrganisationFactory(kind=OrgKind.SOE)
    return Listing.objects.create(number="GP-2026-0099", seller=seller, venue=OrganisationFactory(kind=OrgKind.AGENCY),
                                  patent=PatentFactory(owner=seller), kind="transfer", price=Decimal("2000000"),
                                  appraisal_value=Decimal("1900000"), period_days=10, listed_at=timezone.now())


def test_a_listing_with_two_bidders_opens_an_exchange_bidding_for_them_only():
    listing = _listing()
    bidders = [OrganisationFactory(kind=OrgKind.ENTERPRISE) for _ in range(2)]
    listing_needs_bidding.send(sender=Listing, listing=listing, bidders=bidders)
    lot = Lot.objects.get(listing=listing)
    assert (lot.mode, lot.status, lot.start_price, lot.organiser, lot.consignor) == (
        LotMode.EXCHANGE_BIDDING, LotStatus.ANNOUNCED, Decimal("2000000"), listing.venue, listing.seller)
    assert set(lot.invited_bidders.all()) == set(bidders) and lot.authority == "挂牌 GP-2026-0099"
    assert services.registration_create(actor=signer_of(bidders[0]), lot=lot, organisation=bidders[0]).pk
    outsider = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    with pytest.raises(PermissionDenied):
        services.registration_create(actor=signer_of(outsider), lot=lot, organisation=outsider)


def test_the_listing_page_links_its_competitive_bidding(client):
    listing = _listing()
    listing_needs_bidding.send(sender=Listing, listing=listing,
                               bidders=[OrganisationFactory(kind=OrgKind.ENTERPRISE) for _ in range(2)])
    lot = Lot.objects.get(listing=listing)
    Listing.objects.filter(pk=listing.pk).update(status="bidding")
    page = client.get(f"/listings/{listing.number}/").content.decode()
    assert f'href="/auctions/{lot.pk}/"' in page and "网络竞价" in page
