"""The listing's step table, every allowed and every forbidden step; and the close at the period's end with zero, one
and two interested parties (the signals listened to)."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from patentbridge.core.errors import Conflict
from patentbridge.core.lifecycle import step_require
from patentbridge.deals.models import DealStatus
from patentbridge.listings import services
from patentbridge.listings.models import ListingStatus as S
from patentbridge.listings.signals import listing_needs_bidding, listing_sold
from patentbridge.listings.tests.factories import interested, listed, seller_world, terms

pytestmark = pytest.mark.django_db

ALLOWED = {(S.DRAFT, S.LISTED), (S.DRAFT, S.WITHDRAWN), (S.LISTED, S.AGREED), (S.LISTED, S.BIDDING),
           (S.LISTED, S.NO_INTEREST), (S.LISTED, S.WITHDRAWN), (S.BIDDING, S.BID_SOLD), (S.BIDDING, S.BID_FAILED)}


@pytest.mark.parametrize("step", sorted(ALLOWED))
def test_allowed_step(step):
    step_require(services.STEPS, step[0], step[1], labels={})


@pytest.mark.parametrize("step", sorted(set(itertools.product(S.values, S.values)) - ALLOWED))
def test_forbidden_step(step):
    with pytest.raises(Conflict) as exc:
        step_require(services.STEPS, step[0], step[1], labels={})
    assert exc.value.code == "invalid_transition"


def test_a_listed_listing_cannot_be_published_again():
    world = seller_world()
    with pytest.raises(Conflict):
        services.listing_publish(actor=world.signer, listing=listed(world))


@pytest.mark.parametrize("status", [S.AGREED, S.BIDDING, S.NO_INTEREST, S.WITHDRAWN])
def test_a_closed_listing_cannot_be_withdrawn(status):
    world = seller_world()
    with pytest.raises(Conflict):
        services.listing_withdraw(actor=world.signer, listing=listed(world, status=status), reason="x")


def test_a_draft_can_be_withdrawn():
    world = seller_world()
    draft = services.listing_create(actor=world.signer, seller=world.seller, patent=world.patent, data=terms(world))
    assert services.listing_withdraw(actor=world.signer, listing=draft, reason="价格重议").status == S.WITHDRAWN


# close -------------------------------------------------------------------------------------------------------------
@pytest.fixture
def heard():
    received: list[tuple[str, dict]] = []

    def on_sold(sender, **kwargs):
        received.append(("sold", kwargs))

    def on_bidding(sender, **kwargs):
        received.append(("bidding", kwargs))

    listing_sold.connect(on_sold)
    listing_needs_bidding.connect(on_bidding)
    yield received
    listing_sold.disconnect(on_sold)
    listing_needs_bidding.disconnect(on_bidding)


def test_nothing_closes_before_the_period_ends(heard):
    listing = services.listing_close(listing=listed(days_left=0))
    assert listing.status == S.LISTED and heard == []


def test_no_interest_ends_the_listing_without_a_deal(heard):
    listing = services.listing_close(listing=listed(days_left=-1))
    assert (listing.status, listing.deal, heard) == (S.NO_INTEREST, None, [])


def test_one_interested_party_gets_the_deal_at_the_listed_price(heard):
    world = seller_world()
    listing = listed(world, days_left=-1, price=Decimal("1234567.89"), appraisal_value=Decimal("1200000"))
    buyer = interested(listing).organisation
    listing = services.listing_close(listing=listing)
    deal = listing.deal
    assert (listing.status, deal.status, deal.amount, deal.owner, deal.counterparty, deal.kind) == (
        S.AGREED, DealStatus.AGREED, Decimal("1234567.89"), world.seller, buyer, "transfer")
    assert heard == [("sold", {"signal": listing_sold, "listing": listing, "deal": deal})]


def test_the_deal_names_the_listing_on_its_history():
    listing = listed(days_left=-1)
    interested(listing)
    deal = services.listing_close(listing=listing).deal
    assert deal.transitions.filter(comment=f"挂牌 {listing.number}").exists()


def test_a_licence_listing_opens_a_licence_deal_with_its_term():
    starts, ends = timezone.localdate(), timezone.localdate() + dt.timedelta(days=3 * 365)
    listing = listed(days_left=-1, kind="licence", licence_kind="exclusive_licence", licence_starts_on=starts,
                     licence_ends_on=ends)
    interested(listing)
    deal = services.listing_close(listing=listing).deal
    assert (deal.kind, deal.starts_on, deal.ends_on) == ("exclusive_licence", starts, ends)


def test_two_interested_parties_send_the_listing_to_bidding(heard):
    listing = listed(days_left=-1)
    first, second = interested(listing).organisation, interested(listing).organisation
    listing = services.listing_close(listing=listing)
    assert listing.status == S.BIDDING and listing.deal is None
    assert heard == [("bidding", {"signal": listing_needs_bidding, "listing": listing, "bidders": [first, second]})]


def test_closing_twice_changes_nothing(heard):
    listing = listed(days_left=-1)
    interested(listing)
    services.listing_close(listing=listing)
    again = services.listing_close(listing=listing)
    assert again.status == S.AGREED and len(heard) == 1


def test_everyone_is_told_at_close():
    world = seller_world()
    listing = listed(world, days_left=-1)
    eoi = interested(listing)
    services.listing_close(listing=listing)
    assert world.signer.notices.filter(params__variant="listing_closed").exists()
    assert eoi.user.notices.filter(params__variant="listing_closed").exists()


def test_the_command_closes_the_listings_whose_period_ended(capsys):
    ended, running = listed(days_left=-1), listed(days_left=2)
    call_command("close_listings")
    ended.refresh_from_db(), running.refresh_from_db()
    assert (ended.status, running.status) == (S.NO_INTEREST, S.LISTED)


def test_the_command_reports_a_listing_it_cannot_close(capsys):
    world = seller_world()
    listing = listed(world, days_left=-1)
    interested(listing)
    world.patent.applicant_links.update(organisation=None)  # the seller no longer holds it
    call_command("close_listings")
    listing.refresh_from_db()
    assert listing.status == S.LISTED and listing.number in capsys.readouterr().err
