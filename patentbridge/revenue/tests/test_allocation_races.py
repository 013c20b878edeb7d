"""An income's reward pool is allocated once: under a row lock on the income, and refused by the database itself."""

import threading
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, connections, transaction

from patentbridge.core.errors import Conflict, ValidationFailed
from patentbridge.revenue import services
from patentbridge.revenue.models import Income, InventorShare
from patentbridge.revenue.services import ShareIn
from patentbridge.revenue.tests.factories import IncomeFactory, JurisdictionFloorFactory

POLICY = {"licence_share": "70", "equity_share": "60", "profit_share": "5", "main_contributor_share": "50"}


def _income() -> Income:
    income = IncomeFactory()
    services.policy_save(actor=None, organisation=income.organisation,
                         jurisdiction=JurisdictionFloorFactory(), data=POLICY)
    return income


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_allocations_of_one_income_allocate_it_once():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises writers by itself (make test runs both)")
    income = _income()
    barrier = threading.Barrier(2)
    refusals: list[Conflict] = []

    def allocate(name: str) -> None:
        try:
            barrier.wait()
            with transaction.atomic():
                services.allocate(actor=None, income=income, shares=[ShareIn(name, Decimal("100"), True)])
        except Conflict as error:
            refusals.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=allocate, args=(name,)) for name in ("张三", "李四")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    income.refresh_from_db()
    assert len(refusals) == 1
    assert InventorShare.objects.filter(income=income).count() == 1
    assert income.allocated == income.reward_pool


def test_allocating_an_allocated_income_again_is_refused(db):
    income = _income()
    services.allocate(actor=None, income=income, shares=[ShareIn("张三", Decimal("100"), True)])
    with pytest.raises(Conflict):
        services.allocate(actor=None, income=income, shares=[ShareIn("李四", Decimal("100"), True)])


def test_an_allocation_records_what_it_allocated_on_the_income(db):
    income = _income()
    services.allocate(actor=None, income=income, shares=[ShareIn("张三", Decimal("60"), True),
                                                         ShareIn("李四", Decimal("40"))])
    income.refresh_from_db()
    assert income.allocated == Decimal("3000.00")


def test_the_same_name_twice_in_one_allocation_is_a_validation_error(db):
    income = _income()
    with pytest.raises(ValidationFailed):
        services.allocate(actor=None, income=income, shares=[ShareIn("张三", Decimal("60"), True),
                                                             ShareIn("张三 ", Decimal("40"))])


def test_the_database_refuses_allocating_more_than_the_reward_pool(db):
    income = IncomeFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Income.objects.filter(pk=income.pk).update(allocated=Decimal("3000.01"))


def test_an_income_whose_allocated_total_is_already_spent_is_not_allocated_again(db):
    income = _income()  # e.g. its shares were deleted by a writer that skipped the service
    Income.objects.filter(pk=income.pk).update(allocated=income.reward_pool)
    with pytest.raises(Conflict):
        services.allocate(actor=None, income=income, shares=[ShareIn("张三", Decimal("100"), True)])
    assert not InventorShare.objects.filter(income=income).exists()
