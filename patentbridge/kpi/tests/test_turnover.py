"""The patent-related technology-contract turnover: registered contracts that name a patent, from the programme start
to the period end, by the seller's Guangdong city; ended contracts left out; royalty contracts by receipts."""

import datetime as dt
from decimal import Decimal

import pytest

from patentbridge.deals.models import PaymentMode
from patentbridge.deals.tests.factories import DealFactory
from patentbridge.kpi.selectors import turnover_figure
from patentbridge.kpi.tests.factories import contract, outside, receipt, university
from patentbridge.orgs.models import OrgKind
from patentbridge.orgs.tests.factories import OrganisationFactory
from patentbridge.recordation.models import ContractStatus

END = dt.date(2025, 12, 31)
pytestmark = pytest.mark.django_db


def amount(end=END, city=None):
    return turnover_figure(end, city)["amount"]


def test_a_registered_patent_contract_counts_its_contract_amount():
    contract(university(), dt.date(2024, 5, 1), "300000")
    assert (amount(), turnover_figure(END)["contracts"]) == (Decimal("300000"), 1)


def test_a_contract_registered_before_the_programme_start_does_not_count():
    contract(university(), dt.date(2023, 12, 31), "300000")
    assert amount() == 0


def test_the_programme_start_is_a_setting(settings):
    contract(university(), dt.date(2023, 12, 31), "300000")
    settings.KPI_PROGRAMME_START = "2023-07-01"
    assert amount() == Decimal("300000")


def test_a_contract_registered_after_the_period_end_does_not_count():
    contract(university(), dt.date(2026, 1, 1), "300000")
    assert amount() == 0


def test_a_contract_terminated_before_performance_does_not_count():
    contract(university(), dt.date(2024, 5, 1), "300000", ended_early_on=dt.date(2024, 6, 1))
    figure = turnover_figure(END)
    assert (figure["amount"], figure["left_out"]["ended_early"]["contracts"]) == (0, 1)


def test_a_cancelled_registration_does_not_count():
    contract(university(), dt.date(2024, 5, 1), "300000", status=ContractStatus.CANCELLED,
             cancelled_on=dt.date(2024, 7, 1), cancellation_reason="合同提前解除")
    assert amount() == 0


def test_a_contract_paid_by_royalty_counts_nothing_before_royalties_arrive():
    royalty = contract(university(), dt.date(2024, 5, 1), "900000")
    DealFactory(patent=royalty.patent, owner=royalty.seller, payment_mode=PaymentMode.ROYALTY, contract=royalty)
    assert amount() == 0


def test_a_seller_outside_guangdong_is_left_out_of_the_provincial_figure():
    contract(outside(), dt.date(2024, 5, 1), "300000", city_id="440100")
    figure = turnover_figure(END)
    assert (figure["amount"], figure["left_out"]["outside_guangdong"]["amount"]) == (0, Decimal("300000"))


def test_the_city_is_the_sellers_not_the_registering_offices():
    contract(university("440300"), dt.date(2024, 5, 1), "300000", city_id="440100")
    assert (amount(city="440300"), amount(city="440100")) == (Decimal("300000"), 0)
    assert turnover_figure(END)["by_city"] == [{"city": "深圳市", "amount": Decimal("300000"), "contracts": 1}]


def test_a_guangdong_seller_without_a_city_counts_under_city_unknown():
    seller = OrganisationFactory(kind=OrgKind.UNIVERSITY, uscc="12440000MB2C12345X")
    contract(seller, dt.date(2024, 5, 1), "5000", city_id="440100")
    assert turnover_figure(END)["by_city"] == [{"city": None, "amount": Decimal("5000"), "contracts": 1}]


def test_a_royalty_contract_counts_the_royalties_received_not_the_amount_agreed():
    royalty = contract(university(), dt.date(2024, 5, 1), "900000")
    receipt(royalty, dt.date(2024, 9, 1), "40000")
    assert amount() == Decimal("40000")


def test_royalties_received_after_the_period_end_do_not_count_in_it():
    royalty = contract(university(), dt.date(2024, 5, 1), "0")
    receipt(royalty, dt.date(2024, 9, 1), "40000")
    receipt(royalty, dt.date(2026, 2, 1), "60000")
    assert (amount(), amount(dt.date(2026, 3, 1))) == (Decimal("40000"), Decimal("100000"))


def test_a_contract_held_for_confirmation_does_not_count_until_confirmed():
    contract(university(), dt.date(2024, 5, 1), "300000", status=ContractStatus.HELD)
    assert (amount(), turnover_figure(END)["left_out"]["held"]["contracts"]) == (0, 1)


def test_a_contract_that_names_no_patent_is_outside_the_target():
    contract(university(), dt.date(2024, 5, 1), "300000", patent=False)
    assert amount() == 0
