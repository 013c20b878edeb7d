"""Money recorded once: the same receipt (source, day, amount) is refused by the service, naming the earlier
record, and by the database; a receipt's day is neither ahead nor before its contract nor before the Patent Law."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from patentbridge.core.errors import Conflict, ValidationFailed
from patentbridge.deals.tests.factories import DealFactory
from patentbridge.orgs.models import OrgKind
from patentbridge.orgs.tests.factories import OrganisationFactory
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.revenue import services
from patentbridge.revenue.models import Income, IncomeKind, JurisdictionFloor
from patentbridge.revenue.tests.factories import IncomeFactory, InventorShareFactory

POLICY = {"licence_share": "70", "equity_share": "60", "profit_share": "5", "main_contributor_share": "50"}
DAY = dt.date(2025, 9, 1)


@pytest.fixture
def university(db):
    org = OrganisationFactory(kind=OrgKind.UNIVERSITY)
    services.policy_save(actor=None, organisation=org, jurisdiction=JurisdictionFloor.objects.get(code="national"),
                         data=POLICY)
    return org


@pytest.fixture
def deal(university):
    return DealFactory(patent=PatentFactory(owner=university), owner=university, starts_on=dt.date(2025, 6, 1))


def _record(university, *, gross="5000", received_on=DAY, **source):
    return services.income_record(actor=None, organisation=university, kind=IncomeKind.LICENCE, gross=gross,
                                  received_on=received_on, description="许可费", **source)


def test_the_same_receipt_under_a_deal_is_refused_naming_the_earlier_record(university, deal):
    earlier = _record(university, deal=deal)
    with pytest.raises(Conflict) as error:
        _record(university, deal=deal, gross="5000.00")
    assert error.value.code == "duplicate_income"
    assert f"第 {earlier.pk} 号" in error.value.message and "2025-09-01" in error.value.message
    assert "received_on" in error.value.details


def test_a_second_payment_of_the_same_amount_on_another_day_is_recorded(university, deal):
    _record(university, deal=deal)
    _record(university, deal=deal, received_on=DAY + dt.timedelta(days=30))
    assert Income.objects.filter(deal=deal).count() == 2


def test_another_amount_the_same_day_is_another_receipt(university, deal):
    _record(university, deal=deal)
    _record(university, deal=deal, gross="5000.01")
    assert Income.objects.filter(deal=deal).count() == 2


def test_an_unsourced_receipt_typed_twice_is_refused(university):
    _record(university)
    with pytest.raises(Conflict):
        _record(university)


def test_the_database_refuses_a_second_row_for_the_same_deal_day_and_amount(db, deal):
    IncomeFactory(organisation=deal.owner, deal=deal, received_on=DAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        IncomeFactory(organisation=deal.owner, deal=deal, received_on=DAY, description="另一说明")


def test_the_database_refuses_a_second_unsourced_row_for_the_same_receipt(db):
    first = IncomeFactory(received_on=DAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        IncomeFactory(organisation=first.organisation, received_on=DAY)


def test_income_from_a_licence_and_a_deal_at_once_is_refused(db, deal):
    with pytest.raises(ValidationFailed) as error:
        services.income_record(actor=None, organisation=deal.owner, kind=IncomeKind.LICENCE, gross="1",
                               received_on=DAY, description="x", deal=deal, open_licence=object())
    assert "deal" in error.value.details


def test_a_receipt_dated_tomorrow_is_refused(university):
    with pytest.raises(ValidationFailed) as error:
        _record(university, received_on=timezone.localdate() + dt.timedelta(days=1))
    assert "received_on" in error.value.details


def test_a_receipt_dated_before_the_patent_law_is_refused(university):
    with pytest.raises(ValidationFailed) as error:
        _record(university, received_on=dt.date(1984, 12, 31))
    assert "1985-04-01" in error.value.details["received_on"]


def test_a_receipt_before_its_deal_starts_is_refused(university, deal):
    with pytest.raises(ValidationFailed) as error:
        _record(university, deal=deal, received_on=dt.date(2025, 5, 31))
    assert "2025-06-01" in error.value.details["received_on"]


def test_a_receipt_on_the_day_its_deal_starts_is_recorded(university, deal):
    assert _record(university, deal=deal, received_on=dt.date(2025, 6, 1)).gross == Decimal("5000.00")


def test_a_long_description_is_refused_not_cut(university):
    with pytest.raises(ValidationFailed) as error:
        services.income_record(actor=None, organisation=university, kind=IncomeKind.PROFIT, gross="1",
                               received_on=DAY, description="长" * 301)
    assert "description" in error.value.details


def test_a_reward_payment_dated_tomorrow_is_refused(db):
    share = InventorShareFactory()
    with pytest.raises(ValidationFailed) as error:
        services.pay(actor=None, share=share, amount="10", paid_on=timezone.localdate() + dt.timedelta(days=1))
    assert "paid_on" in error.value.details
