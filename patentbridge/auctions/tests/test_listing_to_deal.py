"""End to end with the real listings service (no signal sent by hand): a listing whose period ends with two interested
parties goes to bidding, the auctions receiver opens the exchange's competitive bidding for those two only, and the
winner's payment opens the deal at the hammer price."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from patentbridge.auctions import services, settlement
from patentbridge.auctions.models import Lot, LotMode, LotStatus
from patentbridge.core.errors import PermissionDenied
from patentbridge.deals.models import Deal, DealStatus
from patentbridge.listings import services as listings
from patentbridge.listings.models import Listing, ListingStatus
from patentbridge.listings.tests.factories import seller_world, terms
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of, signer_of

pytestmark = pytest.mark.django_db


def test_a_listing_with_two_interested_parties_is_bid_for_by_them_only_and_the_winner_gets_the_deal():
    world = seller_world(OrgKind.ENTERPRISE)
    venue_staff = member_of(world.venue, Role.AGENCY_BROKER)
    listing = listings.listing_create(actor=world.signer, seller=world.seller, patent=world.patent,
                                      data=terms(world, price=Decimal("500000"), appraisal_value=Decimal("500000")))
    listing = listings.listing_publish(actor=world.signer, listing=listing)
    one, two, third = (OrganisationFactory(kind=OrgKind.ENTERPRISE) for _ in range(3))
    signers = {org.pk: signer_of(org) for org in (one, two, third)}
    for org in (one, two):
        listings.interest_register(actor=signers[org.pk], listing=listing, organisation=org, statement="具备受让资格",
                                   today=listing.starts_on)

    listing = listings.listing_close(listing=listing, today=listing.ends_on + dt.timedelta(days=1))
    assert (listing.status, listing.deal) == (ListingStatus.BIDDING, None)
    lot = Lot.objects.get(listing=listing)
    assert (lot.mode, lot.status, lot.start_price, lot.organiser, lot.consignor) == (
        LotMode.EXCHANGE_BIDDING, LotStatus.ANNOUNCED, Decimal("500000.00"), world.venue, world.seller)
    assert set(lot.invited_bidders.all()) == {one, two}

    with pytest.raises(PermissionDenied) as refused:
        services.registration_create(actor=signers[third.pk], lot=lot, organisation=third)
    assert refused.value.code == "not_invited" and not lot.registrations.filter(organisation=third).exists()
    for org in (one, two):
        registration = services.registration_create(actor=signers[org.pk], lot=lot, organisation=org)
        services.deposit_pay(actor=signers[org.pk], registration=registration)

    opens = lot.starts_at
    services.bid_place(actor=signers[one.pk], lot=lot, amount=Decimal("500000"), idempotency_key="one-1",
                       now=opens + dt.timedelta(minutes=5))
    services.bid_place(actor=signers[two.pk], lot=lot, amount=Decimal("505000"), idempotency_key="two-1",
                       now=opens + dt.timedelta(minutes=10))
    lot = services.lot_close(lot=lot, now=Lot.objects.get(pk=lot.pk).ends_at + dt.timedelta(seconds=1))
    assert (lot.status, lot.winner.organisation) == (LotStatus.SOLD, two)

    after = lot.closed_at + dt.timedelta(minutes=5)
    settlement.confirmation_sign(actor=venue_staff, lot=lot, now=after)
    settlement.confirmation_sign(actor=signers[two.pk], lot=Lot.objects.get(pk=lot.pk), now=after)
    [deal] = settlement.balance_pay(actor=signers[two.pk], lot=Lot.objects.get(pk=lot.pk), now=after)
    assert (deal.status, deal.owner, deal.counterparty, deal.amount, deal.patent) == (
        DealStatus.AGREED, world.seller, two, Decimal("505000.00"), world.patent)
    assert Lot.objects.get(pk=lot.pk).status == LotStatus.SETTLED
    assert not Deal.objects.filter(counterparty=one).exists()
    assert Listing.objects.get(pk=listing.pk).status == ListingStatus.BID_SOLD


def test_a_listing_whose_bidding_fails_can_be_listed_again():
    world = seller_world(OrgKind.ENTERPRISE)
    listing = listings.listing_publish(actor=world.signer, listing=listings.listing_create(
        actor=world.signer, seller=world.seller, patent=world.patent,
        data=terms(world, price=Decimal("500000"), appraisal_value=Decimal("500000"))))
    for org in (OrganisationFactory(kind=OrgKind.ENTERPRISE) for _ in range(2)):
        listings.interest_register(actor=signer_of(org), listing=listing, organisation=org, statement="具备受让资格",
                                   today=listing.starts_on)
    listing = listings.listing_close(listing=listing, today=listing.ends_on + dt.timedelta(days=1))
    lot = Lot.objects.get(listing=listing)
    services.lot_close(lot=lot, now=lot.ends_at + dt.timedelta(seconds=1))  # nobody bid
    listing = Listing.objects.get(pk=listing.pk)
    relisting = listings.listing_relist(actor=world.signer, listing=listing, data={"price": Decimal("480000")})
    assert (listing.status, relisting.relist_of) == (ListingStatus.BID_FAILED, listing)
