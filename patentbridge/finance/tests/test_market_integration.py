"""End to end across the market apps, with no fake of any of them: a bank disposes of a pledged patent through a real
auction (auctions) or a real listing (listings); the sale opens the deal (deals), the pledgee's consent flows into its
signatures, the transfer's registration (recordation) moves the register's owner and releases the pledge (rights), and
the disposal (finance) is sold, split and closed. An event (events) proposes what the market offers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from patentbridge.auctions import services as auctions
from patentbridge.auctions import settlement
from patentbridge.auctions.models import Lot, LotStatus
from patentbridge.auctions.tests.factories import auctioneer
from patentbridge.deals.models import Deal, DealStatus
from patentbridge.deals.services import deal_transition
from patentbridge.events import selectors as events
from patentbridge.events.tests.factories import EventFactory
from patentbridge.finance import routes, services
from patentbridge.finance.models import DisposalStatus, PledgeDisposal
from patentbridge.finance.tests.factories import agreed, pledge_of, pledged
from patentbridge.listings import services as listings
from patentbridge.listings.models import Listing, ListingStatus
from patentbridge.listings.tests.factories import listed
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of, signer_of
from patentbridge.patents.models import PatentClassification
from patentbridge.recordation.services import recordation_file
from patentbridge.rights.selectors import pledges_registered
from patentbridge.search import indexes

pytestmark = pytest.mark.django_db
HOUR = dt.timedelta(hours=1)


def _state(disposal: PledgeDisposal) -> PledgeDisposal:
    return PledgeDisposal.objects.get(pk=disposal.pk)


def _sent_to_auction(world: SimpleNamespace, house: SimpleNamespace, starts_at: dt.datetime) -> PledgeDisposal:
    return services.disposal_send(actor=world.officer, disposal=agreed(world), route="auction", data={
        "appraisal": "1200000", "price": "1000000", "organiser_id": house.org.pk, "deposit": "100000",
        "increment": "10000", "starts_at": starts_at, "ends_at": starts_at + dt.timedelta(hours=24)})


def _sent_to_listing(world: SimpleNamespace, venue) -> PledgeDisposal:
    return services.disposal_send(actor=world.officer, disposal=agreed(world), route="listing", data={
        "appraisal": "1200000", "price": "1000000", "organiser_id": venue.pk})


def _signed_and_registered(world: SimpleNamespace, deal: Deal) -> Deal:
    """Both parties sign the deal (the pledgee's consent came with the sale); the transfer registration is filed and
    recorded, as the recordation page does (row locks need a transaction on PostgreSQL)."""
    deal_transition(actor=world.signatory, deal=deal, to=DealStatus.SIGNED)
    deal_transition(actor=world.buyer_signatory, deal=Deal.objects.get(pk=deal.pk), to=DealStatus.SIGNED)
    deal = Deal.objects.get(pk=deal.pk)
    with transaction.atomic():
        recordation_file(actor=world.signatory, recordation=deal.recordation)
    return Deal.objects.get(pk=deal.pk)


def _registered_and_closed(world: SimpleNamespace, disposal: PledgeDisposal) -> None:
    """The deal opened for the buyer at the disposal's price is signed and registered: the buyer owns the patent,
    the pledge is released on the recording day and the case is closed."""
    deal = _signed_and_registered(world, disposal.deal)
    today = timezone.localdate()
    assert deal.status == DealStatus.RECORDED
    assert world.patent.owner_org_ids() == [world.buyer.pk]
    assert pledge_of(world).released_on == today and not pledges_registered(world.patent, today).exists()
    closed = _state(disposal)
    assert (closed.status, closed.released_on) == (DisposalStatus.CLOSED, today)


def test_a_pledged_patent_sold_at_auction_settles_the_disposal_and_moves_the_register():
    world, house = pledged(), auctioneer()
    starts = timezone.now().replace(microsecond=0) + dt.timedelta(days=8)
    disposal = _sent_to_auction(world, house, starts)
    lot = Lot.objects.get(pk=disposal.sale_id)
    assert (lot.status, lot.consignor, lot.organiser, lot.officer) == (LotStatus.CONSIGNED, world.firm, house.org,
                                                                      house.officer)
    assert disposal.number in lot.authority

    auctions.lot_announce(actor=house.staff, lot=lot)
    registration = auctions.registration_create(actor=world.buyer_signatory, lot=lot, organisation=world.buyer)
    auctions.deposit_pay(actor=world.buyer_signatory, registration=registration)
    auctions.bid_place(actor=world.buyer_signatory, lot=lot, amount=Decimal("1020000"), idempotency_key="b-1",
                       now=starts + HOUR)
    lot = auctions.lot_close(lot=lot, now=starts + dt.timedelta(hours=25))
    assert (lot.status, lot.winner.organisation) == (LotStatus.SOLD, world.buyer)

    settlement.confirmation_sign(actor=world.buyer_signatory, lot=lot, now=starts + dt.timedelta(hours=26))
    settlement.confirmation_sign(actor=house.staff, lot=Lot.objects.get(pk=lot.pk), now=starts + dt.timedelta(hours=26))
    [deal] = settlement.balance_pay(actor=world.buyer_signatory, lot=Lot.objects.get(pk=lot.pk),
                                    now=starts + dt.timedelta(hours=27))
    assert (deal.owner, deal.counterparty, deal.amount, deal.pledgee_consent) == (world.firm, world.buyer,
                                                                                  Decimal("1020000.00"), True)
    sold = _state(disposal)
    assert (sold.status, sold.price, sold.deal, sold.sale_id) == (DisposalStatus.SOLD, Decimal("1020000.00"), deal,
                                                                  lot.pk)

    split = services.statement_confirm(actor=world.officer, disposal=sold, commission="30000", other_costs="5000")
    # 1,020,000 − costs 35,000 = 985,000 net; the claim 800,000 + 40,000 + 10,000 = 850,000 (under the registered
    # 1,000,000) is paid first; 135,000 remains to the pledgor; nothing is left unpaid.
    assert (split.status, split.costs_part, split.bank_part, split.pledgor_part, split.shortfall) == (
        DisposalStatus.PROCEEDS_SPLIT, Decimal("35000.00"), Decimal("850000.00"), Decimal("135000.00"),
        Decimal("0.00"))

    _registered_and_closed(world, split)


def test_a_pledged_patent_sold_by_listing_to_its_one_interested_party_settles_the_disposal():
    world, venue = pledged(), OrganisationFactory(kind=OrgKind.AGENCY)
    disposal = _sent_to_listing(world, venue)
    listing = Listing.objects.get(pk=disposal.sale_id)
    assert (listing.status, listing.seller, listing.agent, listing.price) == (
        ListingStatus.DRAFT, world.firm, world.bank, Decimal("1000000.00"))

    listing = listings.listing_publish(actor=world.officer, listing=listing)
    listings.interest_register(actor=world.buyer_signatory, listing=listing, organisation=world.buyer,
                               statement="具备受让资格", today=listing.starts_on)
    listing = listings.listing_close(listing=listing, today=listing.ends_on + dt.timedelta(days=1))
    assert (listing.status, listing.deal.counterparty, listing.deal.amount) == (
        ListingStatus.AGREED, world.buyer, Decimal("1000000.00"))

    sold = _state(disposal)
    assert (sold.status, sold.price, sold.deal) == (DisposalStatus.SOLD, Decimal("1000000.00"), listing.deal)
    split = services.statement_confirm(actor=world.officer, disposal=sold, commission="20000", other_costs="0")
    assert (split.costs_part, split.bank_part, split.pledgor_part, split.shortfall) == (
        Decimal("20000.00"), Decimal("850000.00"), Decimal("130000.00"), Decimal("0.00"))

    _registered_and_closed(world, split)


def test_an_event_proposes_an_open_listings_patent_and_a_bidding_lots_patent_with_their_reasons():
    indexes.forget()
    listed_world, venue = pledged(), OrganisationFactory(kind=OrgKind.AGENCY)
    listing = listings.listing_publish(actor=listed_world.officer,
                                       listing=Listing.objects.get(pk=_sent_to_listing(listed_world, venue).sale_id))
    auctioned, house = pledged(), auctioneer()
    starts = timezone.now().replace(microsecond=0) + dt.timedelta(days=8)
    lot = Lot.objects.get(pk=_sent_to_auction(auctioned, house, starts).sale_id)
    auctions.lot_announce(actor=house.staff, lot=lot)
    registration = auctions.registration_create(actor=auctioned.buyer_signatory, lot=lot,
                                                organisation=auctioned.buyer)
    auctions.deposit_pay(actor=auctioned.buyer_signatory, registration=registration)
    lot = auctions.lot_open(lot=lot, now=starts + HOUR)
    assert (listing.status, lot.status) == (ListingStatus.LISTED, LotStatus.BIDDING)
    PatentClassification.objects.bulk_create([  # both in the event's IPC area (as PatentFactory classifies)
        PatentClassification(patent=patent, code="B25J9/16", subclass="B25J", is_main=False)
        for patent in (listed_world.patent, auctioned.patent)])

    event = EventFactory(theme_words="", title="对接会", ipc_areas=["B25J"])
    with translation.override("en"):
        proposals = {p.patent.pk: p.sources for p in events.proposed_patents(event)}
    indexes.forget()
    assert proposals == {listed_world.patent.pk: ["Listed for transfer (挂牌)"],
                         auctioned.patent.pk: ["In an auction open now"]}


def test_a_pledged_listing_with_two_interested_parties_is_sold_by_exchange_bidding_and_leaves_the_market():
    listed()  # another listing first, so that this disposal's listing and its lot have different ids
    world, venue = pledged(), OrganisationFactory(kind=OrgKind.AGENCY)
    venue_staff = member_of(venue, Role.AGENCY_BROKER)
    disposal = _sent_to_listing(world, venue)
    listing = listings.listing_publish(actor=world.officer, listing=Listing.objects.get(pk=disposal.sale_id))
    rival = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    bidders = {world.buyer.pk: world.buyer_signatory, rival.pk: signer_of(rival)}
    for org in (world.buyer, rival):
        listings.interest_register(actor=bidders[org.pk], listing=listing, organisation=org, statement="具备受让资格",
                                   today=listing.starts_on)
    listing = listings.listing_close(listing=listing, today=listing.ends_on + dt.timedelta(days=1))
    lot = Lot.objects.get(listing=listing)
    assert (listing.status, lot.status, lot.pledgee_consent) == (ListingStatus.BIDDING, LotStatus.ANNOUNCED, True)
    with translation.override("en"):
        assert events.candidate_sources(EventFactory())[world.patent.pk] == ["In an auction open now"]

    for org in (world.buyer, rival):
        registration = auctions.registration_create(actor=bidders[org.pk], lot=lot, organisation=org)
        auctions.deposit_pay(actor=bidders[org.pk], registration=registration)
    auctions.bid_place(actor=bidders[rival.pk], lot=lot, amount=Decimal("1000000"), idempotency_key="r-1",
                       now=lot.starts_at + HOUR)
    auctions.bid_place(actor=world.buyer_signatory, lot=lot, amount=Decimal("1050000"), idempotency_key="b-1",
                       now=lot.starts_at + 2 * HOUR)
    lot = auctions.lot_close(lot=lot, now=Lot.objects.get(pk=lot.pk).ends_at + dt.timedelta(seconds=1))
    after = lot.closed_at + HOUR
    settlement.confirmation_sign(actor=venue_staff, lot=lot, now=after)
    settlement.confirmation_sign(actor=world.buyer_signatory, lot=Lot.objects.get(pk=lot.pk), now=after)
    [deal] = settlement.balance_pay(actor=world.buyer_signatory, lot=Lot.objects.get(pk=lot.pk), now=after)

    sold = _state(disposal)
    assert (sold.status, sold.price, sold.deal, deal.counterparty) == (DisposalStatus.SOLD, Decimal("1050000.00"),
                                                                      deal, world.buyer)
    assert lot.pk != listing.pk and sold.sale_id == listing.pk and routes.sale_url(sold) == reverse("listings:detail", args=[listing.number])
    assert world.patent.pk not in events.candidate_sources(EventFactory())  # sold: no longer on offer
    split = services.statement_confirm(actor=world.officer, disposal=sold, commission="0", other_costs="0")
    _registered_and_closed(world, split)
