"""Many bidders at once on one lot (PostgreSQL; SQLite serialises writers by itself): every accepted bid beats the one
before by the increment, none is lost, every attempt is either accepted or recorded as refused, and the top bid wins."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from patentbridge.auctions import services
from patentbridge.auctions.models import Bid, BidRefusal, Lot, LotStatus
from patentbridge.auctions.tests import factories as f
from patentbridge.core.errors import DomainError

BIDDERS = 12
ROUNDS = 5


@pytest.mark.django_db(transaction=True)
def test_concurrent_bids_are_serialised_and_the_right_bidder_wins():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises writers by itself (make test runs both)")
    w = f.world()
    people = f.bidding(w, bidders=BIDDERS)
    barrier = threading.Barrier(BIDDERS)
    attempts: list[int] = []
    lock = threading.Lock()

    def bid(person, index):
        try:
            barrier.wait()
            for round_ in range(ROUNDS):
                lot = Lot.objects.get(pk=w.lot.pk)
                amount = lot.start_price if lot.current_price is None else lot.current_price + lot.increment
                with lock:
                    attempts.append(1)
                try:
                    services.bid_place(actor=person.user, lot=lot, amount=amount + index,
                                       idempotency_key=f"{index}-{round_}")
                except DomainError:
                    pass
        finally:
            connections.close_all()

    threads = [threading.Thread(target=bid, args=(p, i)) for i, p in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    accepted = list(Bid.objects.filter(lot=w.lot).order_by("pk"))
    amounts = [b.amount for b in accepted]
    assert accepted and all(later >= earlier + Decimal("1000") for earlier, later in zip(amounts, amounts[1:]))
    assert [b.placed_at for b in accepted] == sorted(b.placed_at for b in accepted)
    assert len(accepted) + BidRefusal.objects.filter(lot=w.lot).count() == len(attempts) == BIDDERS * ROUNDS
    lot = Lot.objects.get(pk=w.lot.pk)
    assert (lot.current_price, lot.bid_count) == (amounts[-1], len(accepted))
    closed = services.lot_close(lot=lot, now=lot.ends_at)
    assert closed.status == LotStatus.SOLD and closed.winner_id == accepted[-1].registration_id
