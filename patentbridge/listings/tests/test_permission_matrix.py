"""Who may and who may not, for every listings endpoint and page that changes something or reads private data: the
seller's signatory and its enterprise user (who does not sign), the exchange's broker, another SOE's signatory, an
enterprise's user and signatory, another university's office, the regulator, a bank, the platform administrator and
an anonymous visitor. A role not listed as allowed is refused (401/403/404) and changes nothing."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from patentbridge.listings.models import ExpressionOfInterest, Listing, ListingStatus
from patentbridge.listings.tests.factories import listed, seller_world
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of

ACTORS = ("seller_signer", "seller_user", "venue_broker", "other_soe_signer", "firm_user", "firm_signatory",
          "uni_office", "regulator", "bank_officer", "platform_admin", "anonymous")
PARTIES = {"seller_signer", "seller_user", "venue_broker", "regulator", "platform_admin"}


@pytest.fixture
def world(db):
    seller = seller_world()
    firm = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    users = {
        "seller_signer": seller.signer, "seller_user": member_of(seller.seller, Role.ENTERPRISE_USER),
        "venue_broker": member_of(seller.venue, Role.AGENCY_BROKER),
        "other_soe_signer": member_of(OrganisationFactory(kind=OrgKind.SOE), Role.SIGNATORY),
        "firm_user": member_of(firm, Role.ENTERPRISE_USER), "firm_signatory": member_of(firm, Role.SIGNATORY),
        "uni_office": member_of(OrganisationFactory(kind=OrgKind.UNIVERSITY), Role.TECH_TRANSFER_MANAGER),
        "regulator": member_of(OrganisationFactory(kind=OrgKind.REGULATOR), Role.REGULATOR),
        "bank_officer": member_of(OrganisationFactory(kind=OrgKind.FINANCIAL), Role.BANK_OFFICER),
        "platform_admin": member_of(OrganisationFactory(kind=OrgKind.AGENCY), Role.PLATFORM_ADMIN),
    }
    return SimpleNamespace(seller=seller, firm=firm, users=users)


def client_for(world, actor: str) -> Client:
    client = Client()
    if actor != "anonymous":
        client.force_login(world.users[actor])
    return client


def _post(client: Client, url: str, body: dict | None = None):
    return client.post(url, json.dumps(body or {}, default=str), content_type="application/json")


def _refused(response) -> bool:
    return response.status_code in (401, 403, 404)


@pytest.mark.parametrize("actor", ACTORS)
def test_listing_the_sellers_patent(world, actor):
    seller = world.seller
    response = _post(client_for(world, actor), "/api/v1/listings", {
        "seller_id": seller.seller.pk, "patent": seller.patent.application_number, "venue_id": seller.venue.pk,
        "price": "1200000", "appraisal_value": "1200000", "appraisal_report": "评报〔2026〕1号",
        "approval_number": "国资〔2026〕1号"})
    allowed = actor == "seller_signer"
    assert response.status_code == 201 if allowed else _refused(response)
    assert Listing.objects.filter(patent=seller.patent).exists() == allowed


@pytest.mark.parametrize("actor", ACTORS)
def test_publishing_the_draft(world, actor):
    draft = listed(world.seller, status=ListingStatus.DRAFT, starts_on=None, ends_on=None)
    response = _post(client_for(world, actor), f"/api/v1/listings/{draft.number}/publish")
    draft.refresh_from_db()
    allowed = actor == "seller_signer"
    assert (draft.status == ListingStatus.LISTED) == allowed
    assert response.status_code == 200 if allowed else _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_withdrawing_the_listing(world, actor):
    listing = listed(world.seller)
    response = _post(client_for(world, actor), f"/api/v1/listings/{listing.number}/withdraw", {"reason": "调整"})
    listing.refresh_from_db()
    allowed = actor == "seller_signer"
    assert (listing.status == ListingStatus.WITHDRAWN) == allowed
    assert response.status_code == 200 if allowed else _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_relisting(world, actor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    original = listed(world.seller, status=ListingStatus.NO_INTEREST, days_left=-3)
    response = client_for(world, actor).post(f"/api/v1/listings/{original.number}/relist", {
        "price": "900000", "approved_by": "广东省国资委", "approval_document": "粤国资函〔2026〕88号",
        "approved_on": "2026-11-01", "approval_file": SimpleUploadedFile("批复.pdf", b"%PDF-1.4")})
    allowed = actor == "seller_signer"
    assert response.status_code == 201 if allowed else _refused(response)
    assert Listing.objects.filter(relist_of=original).exists() == allowed


@pytest.mark.parametrize("actor", ACTORS)
def test_expressing_interest_for_the_enterprise(world, actor):
    listing = listed(world.seller)
    response = _post(client_for(world, actor), f"/api/v1/listings/{listing.number}/interest",
                     {"organisation_id": world.firm.pk, "statement": "资格齐全"})
    allowed = actor in {"firm_user", "firm_signatory"}
    assert response.status_code == 201 if allowed else _refused(response)
    assert ExpressionOfInterest.objects.filter(listing=listing).exists() == allowed


@pytest.mark.parametrize("actor", ACTORS)
def test_reading_a_draft(world, actor):
    draft = listed(world.seller, status=ListingStatus.DRAFT, starts_on=None, ends_on=None)
    response = client_for(world, actor).get(f"/api/v1/listings/{draft.number}")
    assert response.status_code == 200 if actor in PARTIES else _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_reading_a_draft_page(world, actor):
    draft = listed(world.seller, status=ListingStatus.DRAFT, starts_on=None, ends_on=None)
    response = client_for(world, actor).get(f"/listings/{draft.number}/")
    assert response.status_code == 200 if actor in PARTIES else _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_who_is_interested_only_for_the_parties(world, actor):
    listing = listed(world.seller)
    ExpressionOfInterest.objects.create(listing=listing, organisation=world.firm, statement="资格齐全")
    body = client_for(world, actor).get(f"/api/v1/listings/{listing.number}").json()
    assert body["interest_count"] == 1
    assert (body["interests"] is not None) == (actor in PARTIES)
    assert (body["appraisal_value"] is not None) == (actor in PARTIES)


@pytest.mark.parametrize("actor", ACTORS)
def test_who_is_interested_on_the_page_only_for_the_parties(world, actor):
    listing = listed(world.seller)
    ExpressionOfInterest.objects.create(listing=listing, organisation=world.firm, statement="资格齐全")
    page = client_for(world, actor).get(f"/listings/{listing.number}/").content.decode()
    assert (world.firm.name in page) == (actor in PARTIES | {"firm_user", "firm_signatory"})


@pytest.mark.parametrize("actor", ACTORS)
def test_the_relist_page(world, actor):
    original = listed(world.seller, status=ListingStatus.NO_INTEREST, days_left=-3)
    response = client_for(world, actor).get(f"/listings/{original.number}/relist/")
    if actor == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == 200 if actor == "seller_signer" else _refused(response)
