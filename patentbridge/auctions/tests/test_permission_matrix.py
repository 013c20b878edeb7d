"""Who may and who may not, for every auction page and endpoint that reads private data or changes anything: every role
of the auctioneer, the consignor and the bidder, of another organisation of the same kind, a regulator, a bank, a
broker and the platform administrator. Those not allowed are refused (401/403/404, or the refusal message) and nothing
changes."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from patentbridge.auctions import services, settlement
from patentbridge.auctions.models import AuctioneerLicence, Bid, Confirmation, Lot, LotStatus, Registration
from patentbridge.auctions.tests import factories as f
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.patents.tests.factories import PatentFactory

ACTORS = {
    "house_broker": ("house", Role.AGENCY_BROKER),
    "house_admin": ("house", Role.ORG_ADMIN),
    "house2_broker": ("house2", Role.AGENCY_BROKER),
    "uni_office": ("uni", Role.TECH_TRANSFER_MANAGER),
    "uni_inventor": ("uni", Role.INVENTOR),
    "uni_admin": ("uni", Role.ORG_ADMIN),
    "uni2_office": ("uni2", Role.TECH_TRANSFER_MANAGER),
    "firm_user": ("firm", Role.ENTERPRISE_USER),
    "firm_signatory": ("firm", Role.SIGNATORY),
    "firm_admin": ("firm", Role.ORG_ADMIN),
    "firm2_signatory": ("firm2", Role.SIGNATORY),
    "bank_officer": ("bank", Role.BANK_OFFICER),
    "regulator": ("regulator", Role.REGULATOR),
    "platform_admin": ("platform", Role.PLATFORM_ADMIN),
}
KINDS = {"house2": OrgKind.AGENCY, "uni": OrgKind.UNIVERSITY, "uni2": OrgKind.UNIVERSITY,
         "firm": OrgKind.ENTERPRISE, "firm2": OrgKind.ENTERPRISE, "bank": OrgKind.FINANCIAL,
         "regulator": OrgKind.REGULATOR, "platform": OrgKind.AGENCY}
RESERVE = Decimal("123456")


@pytest.fixture
def world(db):
    house = f.auctioneer()
    orgs = {key: OrganisationFactory(kind=kind) for key, kind in KINDS.items()} | {"house": house.org}
    users = {name: member_of(orgs[org], role) for name, (org, role) in ACTORS.items()}
    users["house_broker"] = house.staff  # the certified officer
    lot = services.lot_create(actor=house.staff, organiser=house.org, consignor=orgs["uni"],
                              patents=[PatentFactory(owner=orgs["uni"])],
                              data=f.terms(officer=house.officer, reserve_price=RESERVE))
    return SimpleNamespace(orgs=orgs, users=users, lot=lot, house=house)


def _client(world, actor: str) -> Client:
    client = Client()
    client.force_login(world.users[actor])
    return client


def _announced(world) -> Lot:
    services.lot_consign(actor=world.users["uni_office"], lot=world.lot)
    return services.lot_announce(actor=world.users["house_broker"], lot=world.lot)


def _bidding(world) -> Lot:
    lot = _announced(world)
    registration = services.registration_create(actor=world.users["firm_signatory"], lot=lot,
                                                organisation=world.orgs["firm"])
    services.deposit_pay(actor=world.users["firm_signatory"], registration=registration)
    now = timezone.now()
    Lot.objects.filter(pk=lot.pk).update(starts_at=now - dt.timedelta(seconds=1), ends_at=now + dt.timedelta(days=1))
    return services.lot_open(lot=lot)


def _sold(world) -> Lot:
    lot = _bidding(world)
    services.bid_place(actor=world.users["firm_signatory"], lot=lot, amount=Decimal("200000"), idempotency_key="w")
    return services.lot_close(lot=lot, now=Lot.objects.get(pk=lot.pk).ends_at)


def _refused(response) -> bool:
    return response.status_code in (401, 403, 404)


@pytest.mark.parametrize("actor", ACTORS)
def test_confirming_the_consignment(world, actor):
    response = _client(world, actor).post(f"/auctions/{world.lot.pk}/consign/")
    consigned = Lot.objects.get(pk=world.lot.pk).status == LotStatus.CONSIGNED
    assert consigned == (actor == "uni_office")
    if not consigned:
        assert _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_publishing_the_announcement(world, actor):
    services.lot_consign(actor=world.users["uni_office"], lot=world.lot)
    response = _client(world, actor).post(f"/auctions/{world.lot.pk}/announce/")
    announced = Lot.objects.get(pk=world.lot.pk).status == LotStatus.ANNOUNCED
    assert announced == (actor == "house_broker")
    if not announced:
        assert _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_reading_the_reserve_before_the_close(world, actor):
    lot = _announced(world)
    page = _client(world, actor).get(f"/auctions/{lot.pk}/").content.decode()
    api = _client(world, actor).get(f"/api/v1/auctions/{lot.pk}").json()
    sees = actor in {"house_broker", "uni_office", "uni_admin"}
    assert ("123456" in page.replace(",", "").replace("\u00a0", "")) == sees and (api["reserve_price"] is not None) == sees


@pytest.mark.parametrize("actor", ACTORS)
def test_registering_as_a_bidder(world, actor):
    lot = _announced(world)
    _client(world, actor).post(f"/auctions/{lot.pk}/register/")
    registered = Registration.objects.filter(lot=lot).exists()
    # Those who commit for an organisation that is neither the consignor nor the auctioneer.
    assert registered == (actor in {"firm_signatory", "firm2_signatory", "bank_officer", "uni2_office"})


@pytest.mark.parametrize("actor", ACTORS)
def test_bidding(world, actor):
    lot = _bidding(world)
    response = _client(world, actor).post(f"/api/v1/auctions/{lot.pk}/bids", json.dumps({"amount": "100000"}),
                                          content_type="application/json", HTTP_IDEMPOTENCY_KEY="k")
    placed = Bid.objects.filter(lot=lot).exists()
    assert placed == (actor == "firm_signatory")
    if not placed:
        assert response.status_code in (401, 403, 404, 409)


@pytest.mark.parametrize("actor", ACTORS)
def test_downloading_the_confirmation(world, actor):
    lot = _sold(world)
    response = _client(world, actor).get(f"/auctions/{lot.pk}/confirmation.pdf")
    readers = {"house_broker", "uni_office", "uni_admin", "firm_user", "firm_signatory", "firm_admin", "regulator",
               "platform_admin"}
    assert response.status_code == 200 if actor in readers else _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_signing_the_confirmation(world, actor):
    lot = _sold(world)
    _client(world, actor).post(f"/auctions/{lot.pk}/sign/")
    confirmation = Confirmation.objects.get(lot=lot)
    signed = {"house_broker": confirmation.auctioneer_signed_at, "firm_signatory": confirmation.buyer_signed_at}
    assert bool(signed.get(actor)) == (actor in signed)
    assert sum(1 for value in (confirmation.auctioneer_signed_at, confirmation.buyer_signed_at) if value) <= 1


@pytest.mark.parametrize("actor", ACTORS)
def test_paying_the_balance(world, actor):
    lot = _sold(world)
    settlement.confirmation_sign(actor=world.users["house_broker"], lot=lot)
    settlement.confirmation_sign(actor=world.users["firm_signatory"], lot=lot)
    _client(world, actor).post(f"/auctions/{lot.pk}/pay/")
    assert (Lot.objects.get(pk=lot.pk).status == LotStatus.SETTLED) == (actor == "firm_signatory")


@pytest.mark.parametrize("actor", ACTORS)
def test_verifying_an_auctioneers_licence(world, actor):
    AuctioneerLicence.objects.update(verified_at=None)
    response = _client(world, actor).post("/auctions/licences/", {"licence": AuctioneerLicence.objects.get().pk})
    verified = AuctioneerLicence.objects.get().verified_at is not None
    assert verified == (actor in {"regulator", "platform_admin"})
    if not verified:
        assert _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_entering_an_auctioneers_licence(world, actor):
    _client(world, actor).post("/auctions/licence/", {
        "licence_number": f"NEW-{actor}", "issued_by": "广东省商务厅", "valid_from": "2026-01-01",
        "valid_until": "2028-01-01", "registered_capital": "2000000"})
    entered = AuctioneerLicence.objects.filter(licence_number=f"NEW-{actor}").first()
    # Each organisation's administrator enters its own firm's licence, unverified; nobody else enters one.
    assert (entered is not None) == (actor in {"house_admin", "uni_admin", "firm_admin"})
    if entered is not None:
        assert entered.verified_at is None and world.users[actor].memberships.filter(
            organisation=entered.organisation).exists()
