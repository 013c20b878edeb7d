"""Payments to inventors never exceed what a share owes: under a row lock, and refused by the database itself."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.db.models import F

from patentbridge.core.errors import ValidationFailed
from patentbridge.revenue import services
from patentbridge.revenue.models import InventorShare
from patentbridge.revenue.tests.factories import InventorShareFactory

PAID_ON = dt.date(2026, 11, 20)


def _pay(share: InventorShare, amount: str):
    return services.pay(actor=None, share=share, amount=amount, paid_on=PAID_ON)


def _pay_1000_in_a_thread(share: InventorShare, barrier: threading.Barrier, refusals: list[ValidationFailed]) -> None:
    try:
        barrier.wait()
        with transaction.atomic():
            _pay(share, "1000")
    except ValidationFailed as refusal:
        refusals.append(refusal)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_eight_concurrent_payments_never_pay_a_share_more_than_it_owes():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises writers by itself (make test runs both)")
    for share in InventorShareFactory.create_batch(3):  # each owes 3,000
        barrier, refusals = threading.Barrier(8), []
        threads = [threading.Thread(target=_pay_1000_in_a_thread, args=(share, barrier, refusals)) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        share.refresh_from_db()
        assert sum(p.amount for p in share.payments.all()) == share.paid == Decimal("3000.00")
        assert len(refusals) == 5
        assert all("尚欠的 0.00" in r.details["amount"] for r in refusals)  # the total seen under the lock


@pytest.mark.parametrize("paid", ["3000.01", "-0.01"])
def test_the_database_refuses_a_paid_total_outside_zero_and_the_amount(db, paid):
    share = InventorShareFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        InventorShare.objects.filter(pk=share.pk).update(paid=Decimal(paid))


def test_the_database_refuses_a_direct_increment_past_the_amount(db):
    share = InventorShareFactory()
    _pay(share, "2000")
    with pytest.raises(IntegrityError), transaction.atomic():
        InventorShare.objects.filter(pk=share.pk).update(paid=F("paid") + Decimal("1000.01"))


def test_paying_exactly_what_is_still_owed_settles_the_share(db):
    share = InventorShareFactory()
    _pay(share, "1234.56")
    _pay(share, "1765.44")
    share.refresh_from_db()
    assert share.paid == share.amount == Decimal("3000.00")


def test_one_fen_more_than_is_owed_is_refused_naming_what_is_owed(db):
    share = InventorShareFactory()
    _pay(share, "1234.56")
    with pytest.raises(ValidationFailed) as error:
        _pay(share, "1765.45")
    assert "尚欠的 1765.44" in error.value.details["amount"]
    share.refresh_from_db()
    assert share.paid == Decimal("1234.56") and share.payments.count() == 1


def test_a_refused_payment_leaves_the_surrounding_transaction_usable(db):
    share = InventorShareFactory()
    with transaction.atomic():
        with pytest.raises(ValidationFailed):
            _pay(share, "3000.01")
        _pay(share, "3000.00")
    share.refresh_from_db()
    assert share.paid == Decimal("3000.00")


def test_a_payment_of_nothing_is_refused(db):
    with pytest.raises(ValidationFailed):
        _pay(InventorShareFactory(), "0")


def test_a_stale_share_object_cannot_overpay(db):
    share = InventorShareFactory()
    stale = InventorShare.objects.get(pk=share.pk)
    _pay(share, "3000")
    with pytest.raises(ValidationFailed):
        _pay(stale, "1")


def test_a_payment_too_large_for_the_money_column_is_refused_naming_what_is_owed(db):
    with pytest.raises(ValidationFailed):
        _pay(InventorShareFactory(), "100000000000000")
