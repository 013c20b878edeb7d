"""The listing pages and the public API: what anyone sees, the forms of the seller and the enterprise, and the close
on read of a listing whose period ended before the daily command ran."""

import json

import pytest
from django.test import Client
from django.utils import translation

from patentbridge.listings.models import Listing, ListingStatus
from patentbridge.listings.tests.factories import interested, listed, seller_world
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _client(user=None) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.cookies["django_language"] = "en"
    if user is not None:
        client.force_login(user)
    return client


def test_the_public_list_shows_open_listings_with_their_interest_count():
    listing = listed()
    interested(listing)
    body = _client().get("/api/v1/listings").json()
    assert [(row["number"], row["interest_count"]) for row in body] == [(listing.number, 1)]


def test_the_public_list_leaves_out_drafts_and_closed_listings():
    world = seller_world()
    listed(world, status=ListingStatus.DRAFT, starts_on=None, ends_on=None)
    listed(seller_world(), status=ListingStatus.NO_INTEREST, days_left=-2)
    assert _client().get("/api/v1/listings").json() == []


def test_the_list_page_names_the_listing_for_anyone():
    listing = listed()
    assert listing.number in _client().get("/listings/").content.decode()


def test_the_listing_page_counts_down_in_working_days():
    listing = listed()
    page = _client().get(f"/listings/{listing.number}/").content.decode()
    assert 'data-testid="countdown"' in page


def test_an_enterprise_registers_its_interest_on_the_page():
    listing = listed()
    firm = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    client = _client(member_of(firm, Role.ENTERPRISE_USER))
    client.post(f"/listings/{listing.number}/interest/", {"organisation": firm.pk, "statement": "资格齐全"})
    assert listing.interests.filter(organisation=firm).exists()


def test_the_seller_creates_a_draft_on_the_page():
    world = seller_world()
    response = _client(world.signer).post("/listings/new/", {
        "seller": world.seller.pk, "patent": world.patent.application_number, "venue": world.venue.pk,
        "kind": "transfer", "price": "1200000", "appraisal_value": "1200000", "appraisal_report": "评报1号",
        "approval_number": "国资1号"})
    listing = Listing.objects.get(patent=world.patent)
    assert response.status_code == 302 and listing.status == ListingStatus.DRAFT


def test_the_create_page_shows_the_soe_floor_refusal():
    world = seller_world()
    response = _client(world.signer).post("/listings/new/", {
        "seller": world.seller.pk, "patent": world.patent.application_number, "venue": world.venue.pk,
        "kind": "transfer", "price": "1000000", "appraisal_value": "1200000", "appraisal_report": "评报1号",
        "approval_number": "国资1号"})
    assert response.status_code == 200 and "below the appraisal value" in response.content.decode()


def test_a_listing_whose_period_ended_is_closed_on_read():
    listing = listed(days_left=-1)
    _client().get(f"/listings/{listing.number}/")
    listing.refresh_from_db()
    assert listing.status == ListingStatus.NO_INTEREST


def test_withdrawing_on_the_page_records_the_reason():
    world = seller_world()
    listing = listed(world)
    _client(world.signer).post(f"/listings/{listing.number}/withdraw/", {"reason": "经营调整"})
    listing.refresh_from_db()
    assert (listing.status, listing.withdraw_reason) == (ListingStatus.WITHDRAWN, "经营调整")


def test_an_api_refusal_has_the_error_envelope():
    world = seller_world()
    listing = listed(world)
    interested(listing)
    client = _client(world.signer)
    response = client.post(f"/api/v1/listings/{listing.number}/withdraw", json.dumps({"reason": "x"}),
                           content_type="application/json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "has_interest"


def test_the_list_reads_the_calendar_once_whatever_the_number_of_listings(django_assert_max_num_queries):
    for _ in range(6):
        listed()
    with django_assert_max_num_queries(2):
        _client().get("/api/v1/listings")
