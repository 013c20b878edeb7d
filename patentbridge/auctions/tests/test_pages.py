"""The pages: the public list and lot page without the reserve, the live fragment, bidding through the page (the
refusal shown, nothing accepted), registration, the confirmation PDF, and run-auctions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from patentbridge.auctions import services
from patentbridge.auctions.models import Bid, BidRefusal, Lot, LotStatus
from patentbridge.auctions.tests import factories as f
from patentbridge.orgs.models import OrgKind
from patentbridge.orgs.tests.factories import OrganisationFactory, signer_of

pytestmark = pytest.mark.django_db


def _client(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["django_language"] = "en"
    if user is not None:
        client.force_login(user)
    return client


def test_the_reserve_is_shown_only_to_consignor_and_auctioneer():
    w = f.world(reserve_price=Decimal("123456"))
    f.consign_and_announce(w)
    url = reverse("auctions:detail", args=[w.lot.pk])
    assert "123,456" not in _client().get(url).content.decode()
    assert "123,456" in _client(w.uni_office).get(url).content.decode()
    assert "123,456" in _client(w.house.staff).get(url).content.decode()


def test_a_draft_lot_is_not_public():
    w = f.world()
    assert _client().get(reverse("auctions:detail", args=[w.lot.pk])).status_code == 404
    assert _client().get(reverse("auctions:list")).status_code == 200


def test_bid_through_the_page_and_the_live_fragment_shows_it():
    w = f.world()
    one, _two = f.bidding(w)
    client = _client(one.user)
    response = client.post(reverse("auctions:bid", args=[w.lot.pk]), {"amount": "100000", "idempotency_key": "x1"},
                           HTTP_HX_REQUEST="true")
    assert 'data-testid="you-lead"' in response.content.decode()
    live = _client().get(reverse("auctions:live", args=[w.lot.pk])).content.decode()
    assert one.registration.code in live and one.org.name not in live


def test_a_refused_bid_through_the_page_shows_the_reason_and_keeps_the_refusal():
    w = f.world()
    one, _two = f.bidding(w)
    response = _client(one.user).post(reverse("auctions:bid", args=[w.lot.pk]),
                                      {"amount": "1", "idempotency_key": "x1"}, HTTP_HX_REQUEST="true")
    assert 'data-testid="bid-error"' in response.content.decode()
    assert not Bid.objects.exists() and BidRefusal.objects.get().code == "below_increment"


def test_registration_through_the_page_pays_the_deposit():
    w = f.world()
    lot = f.consign_and_announce(w)
    firm = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    _client(signer_of(firm)).post(reverse("auctions:register", args=[lot.pk]))
    assert lot.registrations.get(organisation=firm).deposit_state == "paid"


def test_the_poll_closes_a_lot_whose_time_has_passed():
    w = f.world()
    f.bidding(w)
    Lot.objects.filter(pk=w.lot.pk).update(ends_at=timezone.now() - dt.timedelta(seconds=1))
    _client().get(reverse("auctions:live", args=[w.lot.pk]))
    assert Lot.objects.get(pk=w.lot.pk).status == LotStatus.UNSOLD


def test_run_auctions_opens_and_closes_due_lots():
    w = f.world()
    lot = f.consign_and_announce(w)
    Lot.objects.filter(pk=lot.pk).update(starts_at=timezone.now() - dt.timedelta(days=2),
                                         ends_at=timezone.now() - dt.timedelta(days=1))
    call_command("run_auctions")
    assert Lot.objects.get(pk=lot.pk).status == LotStatus.UNSOLD


def test_the_winner_downloads_the_confirmation_pdf_and_a_loser_cannot():
    w = f.world()
    one, two = f.bidding(w)
    services.bid_place(actor=two.user, lot=w.lot, amount=Decimal("100000"), idempotency_key="a")
    services.lot_close(lot=w.lot, now=Lot.objects.get(pk=w.lot.pk).ends_at)
    url = reverse("auctions:confirmation", args=[w.lot.pk])
    response = _client(two.user).get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert _client(one.user).get(url).status_code == 403


def test_the_auctioneer_relists_an_unsold_lot_through_the_page():
    w = f.world(reserve_price=Decimal("500000"))
    f.bidding(w)
    services.lot_close(lot=w.lot, now=Lot.objects.get(pk=w.lot.pk).ends_at)
    start = timezone.localtime() + dt.timedelta(days=9)
    fmt = "%Y-%m-%dT%H:%M"
    response = _client(w.house.staff).post(reverse("auctions:relist", args=[w.lot.pk]), {
        "start_price": "80000", "deposit": "8000", "increment": "1000",
        "viewing_starts_at": (start - dt.timedelta(days=4)).strftime(fmt),
        "viewing_ends_at": (start - dt.timedelta(days=1)).strftime(fmt), "starts_at": start.strftime(fmt),
        "ends_at": (start + dt.timedelta(days=1)).strftime(fmt)})
    relisted = Lot.objects.get(relist_of=w.lot)
    assert response.status_code == 302 and relisted.status == LotStatus.DRAFT and relisted.reserve_price is None


def test_the_desk_offers_a_new_lot_only_to_a_licensed_auctioneers_staff():
    w = f.world()
    assert 'data-testid="new-lot"' in _client(w.house.staff).get(reverse("auctions:desk")).content.decode()
    assert 'data-testid="new-lot"' not in _client(w.uni_office).get(reverse("auctions:desk")).content.decode()
