"""/api/v1/auctions: list and detail without the reserve, state by the server's clock, registration and deposit, bids
with the Idempotency-Key header and refusals in the error envelope."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from patentbridge.auctions.models import BidRefusal
from patentbridge.auctions.tests import factories as f
from patentbridge.orgs.models import OrgKind
from patentbridge.orgs.tests.factories import OrganisationFactory, signer_of

pytestmark = pytest.mark.django_db


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_api_never_shows_the_reserve_to_a_bidder_and_shows_it_to_the_consignor():
    w = f.world(reserve_price=Decimal("150000"))
    lot = f.consign_and_announce(w)
    assert _client().get(f"/api/v1/auctions/{lot.pk}").json()["reserve_price"] is None
    assert _client(w.uni_office).get(f"/api/v1/auctions/{lot.pk}").json()["reserve_price"] == "150000.00"
    assert [row["id"] for row in _client().get("/api/v1/auctions").json()["items"]] == [lot.pk]


def test_register_pay_and_bid_through_the_api():
    w = f.world()
    lot = f.consign_and_announce(w)
    firm = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    client = _client(signer_of(firm))
    registration = client.post(f"/api/v1/auctions/{lot.pk}/registrations", {}, content_type="application/json")
    assert registration.status_code == 201
    paid = client.post(f"/api/v1/auctions/{lot.pk}/registrations/{registration.json()['id']}/deposit")
    assert paid.json()["deposit_state"] == "paid"
    refused = client.post(f"/api/v1/auctions/{lot.pk}/bids", {"amount": "100000"}, content_type="application/json",
                          HTTP_IDEMPOTENCY_KEY="k1")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "lot_not_open"


def test_a_replayed_idempotency_key_gets_the_duplicate_bid_envelope():
    w = f.world()
    one, _two = f.bidding(w)
    client = _client(one.user)
    url = f"/api/v1/auctions/{w.lot.pk}/bids"
    first = client.post(url, {"amount": "100000"}, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1")
    again = client.post(url, {"amount": "101000"}, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1")
    assert first.status_code == 201 and first.json()["bidder_code"] == one.registration.code
    assert again.status_code == 409 and again.json()["error"]["code"] == "duplicate_bid"
    assert BidRefusal.objects.filter(code="duplicate_bid").count() == 1
    state = _client().get(f"/api/v1/auctions/{w.lot.pk}/state").json()
    assert state["current_price"] == "100000.00" and state["minimum_bid"] == "101000.00"
    assert state["bids"][0]["bidder"] == ""


def test_an_anonymous_bid_is_refused_with_401():
    w = f.world()
    f.bidding(w)
    response = _client().post(f"/api/v1/auctions/{w.lot.pk}/bids", {"amount": "100000", "idempotency_key": "x"},
                              content_type="application/json")
    assert response.status_code == 401
