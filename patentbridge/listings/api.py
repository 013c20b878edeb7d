"""/api/v1/listings: listed transfers (挂牌转让) — the public list and one listing (interested parties' names only for
the seller, the venue and the regulator), create (a draft), publish, withdraw, express interest, relist."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from patentbridge.core.api_support import READ_AUTH, WRITE_AUTH
from patentbridge.core.errors import NotFound
from patentbridge.listings import selectors, services
from patentbridge.listings.models import Listing
from patentbridge.orgs.models import Organisation
from patentbridge.patents.selectors import patent_get

router = Router(tags=["listings"])


class InterestOut(Schema):
    organisation: str = Field(..., alias="organisation.name")
    statement: str
    created_at: dt.datetime


class ListingOut(Schema):
    number: str
    status: str
    kind: str
    licence_kind: str
    patent: str = Field(..., alias="patent.display_number")
    title: str = Field(..., alias="patent.title")
    seller: str = Field(..., alias="seller.name")
    venue: str = Field(..., alias="venue.name")
    price: Decimal
    period_days: int = Field(..., description="working days")
    starts_on: dt.date | None
    ends_on: dt.date | None = Field(None, description="the last day interest is registered")
    working_days_left: int | None = None
    conditions: str
    payment_terms: str
    interest_count: int
    relist_of: str | None = Field(None, alias="relist_of.number")


class ListingDetailOut(ListingOut):
    appraisal_value: Decimal | None = Field(None, alias="visible_appraisal",
                                            description="for the seller, the venue and the regulator only")
    interests: list[InterestOut] | None = Field(None, alias="visible_interests",
                                                description="for the seller, the venue and the regulator only; "
                                                            "others see interest_count")
    deal_id: int | None = Field(None, alias="visible_deal_id")


class ListingIn(Schema):
    seller_id: int
    patent: str = Field(..., max_length=40, description="a number of a patent the seller holds")
    venue_id: int = Field(..., description="the exchange: a service agency or financial institution")
    kind: Literal["transfer", "licence"] = "transfer"
    licence_kind: str = Field("", max_length=20, description="ordinary_licence | sole_licence | exclusive_licence")
    licence_starts_on: dt.date | None = None
    licence_ends_on: dt.date | None = None
    price: Decimal = Field(..., gt=0, max_digits=16, decimal_places=2)
    appraisal_value: Decimal | None = Field(None, gt=0, max_digits=16, decimal_places=2)
    appraisal_report: str = Field("", max_length=200)
    approval_number: str = Field("", max_length=100, description="an SOE's approval or filing number")
    period_days: int | None = Field(None, ge=1, le=250, description="working days; the shortest when left out")
    conditions: str = Field("", max_length=4000)
    payment_terms: str = Field("", max_length=2000)
    pledgee_consent: bool = False
    publish: bool = Field(False, description="publish at once instead of saving a draft")


class ReasonIn(Schema):
    reason: str = Field("", max_length=2000)


class InterestIn(Schema):
    organisation_id: int
    statement: str = Field(..., min_length=1, max_length=4000)


class RelistIn(Schema):
    price: Decimal = Field(..., gt=0, max_digits=16, decimal_places=2)
    period_days: int | None = Field(None, ge=1, le=250)
    conditions: str | None = Field(None, max_length=4000)
    payment_terms: str | None = Field(None, max_length=2000)
    approved_by: str = Field("", max_length=200)
    approval_document: str = Field("", max_length=100)
    approved_on: dt.date | None = None


def _organisation(pk: int) -> Organisation:
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None:
        raise NotFound(gettext("No such organisation."))
    return organisation


def _out(request: HttpRequest, listing: Listing) -> Listing:
    """The listing with what this caller may see of it: the private facts for its parties only."""
    parties = selectors.interested_parties(request.user, listing)
    listing.working_days_left = selectors.working_days_left(listing)
    listing.visible_interests = parties
    if parties is not None:
        listing.visible_appraisal, listing.visible_deal_id = listing.appraisal_value, listing.deal_id
    return listing


def _fresh(request: HttpRequest, listing: Listing) -> Listing:
    return _out(request, selectors.listing_get(request.user, listing.number))


@router.get("/listings", response=list[ListingOut], auth=READ_AUTH)
def open_listings(request: HttpRequest):
    """Listings open now (public facts only), the soonest to end first."""
    listings = selectors.with_days_left(list(selectors.listings_open()[:1000]))
    for listing in listings:
        listing.working_days_left = listing.days_left
    return listings


@router.get("/listings/mine", response=list[ListingOut], auth=WRITE_AUTH)
def my_listings(request: HttpRequest):
    """The listings of your organisations, as seller, disposing party or venue."""
    return list(selectors.listings_of(request.user)[:1000])


@router.get("/listings/{number}", response=ListingDetailOut, auth=READ_AUTH)
def get_listing(request: HttpRequest, number: str):
    """One listing; a draft only for its parties (404 otherwise)."""
    return _out(request, selectors.listing_get(request.user, number))


@router.post("/listings", response={201: ListingDetailOut}, auth=WRITE_AUTH)
def create(request: HttpRequest, payload: ListingIn):
    """List a patent of an organisation you commit for: a draft, or listed at once with `publish`. 422 names every
    broken rule (an SOE's first price below the appraisal, the period under the minimum, the patent not held, not in
    force, suspended, fees unpaid, or pledged without consent)."""
    data = payload.dict(exclude={"seller_id", "patent", "venue_id"})
    data["venue"] = _organisation(payload.venue_id)
    seller, patent = _organisation(payload.seller_id), patent_get(payload.patent)
    with transaction.atomic():
        listing = services.listing_create(actor=request.user, seller=seller, patent=patent, data=data)
    return Status(201, _fresh(request, listing))


@router.post("/listings/{number}/publish", response=ListingDetailOut, auth=WRITE_AUTH)
def publish(request: HttpRequest, number: str):
    """Publish a draft: the period starts on the next working day (409 `invalid_transition`, `already_listed`)."""
    listing = selectors.listing_get(request.user, number)
    with transaction.atomic():
        listing = services.listing_publish(actor=request.user, listing=listing, request=request)
    return _fresh(request, listing)


@router.post("/listings/{number}/withdraw", response=ListingDetailOut, auth=WRITE_AUTH)
def withdraw(request: HttpRequest, number: str, payload: ReasonIn):
    """The seller withdraws, with the reason, before anyone expressed interest (409 `has_interest`)."""
    listing = selectors.listing_get(request.user, number)
    with transaction.atomic():
        listing = services.listing_withdraw(actor=request.user, listing=listing, reason=payload.reason,
                                            request=request)
    return _fresh(request, listing)


@router.post("/listings/{number}/interest", response={201: InterestOut}, auth=WRITE_AUTH)
def interest(request: HttpRequest, number: str, payload: InterestIn):
    """Register your organisation's interest during the period (409 `listing_not_open`, `already_interested`,
    `own_listing`)."""
    listing = selectors.listing_get(request.user, number)
    with transaction.atomic():
        return Status(201, services.interest_register(actor=request.user, listing=listing,
                                                      organisation=_organisation(payload.organisation_id),
                                                      statement=payload.statement, request=request))


@router.post("/listings/{number}/relist", response={201: ListingDetailOut}, auth=WRITE_AUTH)
def relist(request: HttpRequest, number: str, payload: Form[RelistIn],
           approval_file: File[UploadedFile] = None):
    """Relist a listing that ended without interest, as a new draft (multipart form). Below 90 % of the appraisal the
    approval is required: approved_by, approval_document, approved_on and approval_file (422 otherwise)."""
    listing = selectors.listing_get(request.user, number)
    data = {k: v for k, v in payload.dict().items() if v is not None}
    with transaction.atomic():
        relisting = services.listing_relist(actor=request.user, listing=listing,
                                            data={**data, "approval_file": approval_file}, request=request)
    return Status(201, _fresh(request, relisting))
