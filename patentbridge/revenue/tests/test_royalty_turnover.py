"""Royalties an institution receives under a running-royalty licence or deal are technology-contract turnover: the
contract's registered amounts grow as the revenue app records them (recordation.contracts)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from patentbridge.deals import services as deals
from patentbridge.deals.models import Deal, DealKind, DealStatus, PaymentMode
from patentbridge.licensing import services as licensing
from patentbridge.orgs.models import OrgKind
from patentbridge.orgs.tests.factories import OrganisationFactory, signer_of
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.recordation.tests.factories import register
from patentbridge.revenue import services
from patentbridge.revenue.models import IncomeKind, JurisdictionFloor
from patentbridge.revenue.tests.factories import income_post

TODAY = dt.date(2026, 11, 26)
POLICY = {"licence_share": "70", "equity_share": "60", "profit_share": "5", "main_contributor_share": "50"}


@pytest.fixture
def university(db):
    org = OrganisationFactory(kind=OrgKind.UNIVERSITY, city_id="440100")
    services.policy_save(actor=None, organisation=org, jurisdiction=JurisdictionFloor.objects.get(code="national"),
                         data=POLICY)
    return org


def _open_licence(university, mode, **fees):
    patent = PatentFactory(owner=university, application_date=dt.date(2020, 1, 1), grant_date=dt.date(2022, 1, 1))
    declaration = licensing.declare(actor=signer_of(university), organisation=university, patent=patent, today=TODAY,
                                    data={"payment_mode": mode, "term_years": 2, **fees})
    company = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    return licensing.licence_take(actor=signer_of(company), licensee=company, declaration=declaration,
                                  notice="通知实施", today=TODAY)


def _deal(university, amount, payment_mode):
    patent = PatentFactory(owner=university, application_date=dt.date(2020, 1, 1), grant_date=dt.date(2022, 1, 1))
    company = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    deal = deals.deal_create(actor=signer_of(university), patent=patent, kind=DealKind.ORDINARY_LICENCE,
                             owner=university, counterparty=company,
                             data={"starts_on": TODAY, "ends_on": dt.date(2028, 1, 1), "amount": Decimal(amount),
                                   "payment_mode": payment_mode})
    Deal.objects.filter(pk=deal.pk).update(status=DealStatus.AGREED)
    deal.refresh_from_db()
    for signer in (signer_of(university), signer_of(company)):
        deal = deals.deal_transition(actor=signer, deal=deal, to=DealStatus.SIGNED, today=TODAY)
    return deal


def _income(university, gross, **source):
    return services.income_record(actor=None, organisation=university, kind=IncomeKind.LICENCE, gross=gross,
                                  received_on=TODAY, description="提成", **source)


@pytest.mark.parametrize("mode", ["royalty_sales", "royalty_profit"])
def test_royalties_received_under_a_royalty_open_licence_grow_its_turnover(university, mode):
    licence = _open_licence(university, mode, royalty_rate=Decimal("3"))
    register(licence.tech_contract)
    _income(university, "12000", open_licence=licence)
    _income(university, "3000.50", open_licence=licence)
    contract = licence.tech_contract
    contract.refresh_from_db()
    assert (contract.contract_amount, contract.technology_amount) == (Decimal("15000.50"), Decimal("15000.50"))


def test_income_from_a_lump_sum_open_licence_does_not_add_to_its_turnover(university):
    licence = _open_licence(university, "lump_sum", lump_sum=Decimal("50000"))
    _income(university, "50000", open_licence=licence)
    licence.tech_contract.refresh_from_db()
    assert licence.tech_contract.contract_amount == Decimal("50000")


def test_an_entry_fee_and_royalties_are_counted_once(university):
    licence = _open_licence(university, "entry_plus_royalty", lump_sum=Decimal("20000"), royalty_rate=Decimal("2"))
    _income(university, "20000", open_licence=licence)
    _income(university, "5000", open_licence=licence)
    licence.tech_contract.refresh_from_db()
    assert licence.tech_contract.contract_amount == Decimal("25000")


def test_a_royalty_only_deal_of_amount_zero_reports_its_royalties_as_turnover(university):
    deal = _deal(university, "0", PaymentMode.ROYALTY)
    register(deal.tech_contract)
    _income(university, "8800", deal=deal)
    deal.tech_contract.refresh_from_db()
    assert (deal.tech_contract.contract_amount, deal.tech_contract.royalties_received) == (Decimal("8800"),
                                                                                            Decimal("8800"))


def test_a_fixed_price_deals_instalments_do_not_add_to_its_turnover(university):
    deal = _deal(university, "100000", PaymentMode.FIXED)
    _income(university, "40000", deal=deal)
    deal.tech_contract.refresh_from_db()
    assert deal.tech_contract.contract_amount == Decimal("100000")


def test_the_office_records_a_deals_royalty_from_the_revenue_page(university):
    deal = _deal(university, "0", PaymentMode.ROYALTY)
    client = Client()
    client.force_login(signer_of(university))
    assert f'value="{deal.pk}"' in client.get("/revenue/").content.decode()
    client.post("/revenue/income/", income_post(kind="licence", deal=deal.pk, gross="6000",
                                                received_on=TODAY.isoformat(), shares=[("张三", "100", True)]))
    deal.tech_contract.refresh_from_db()
    assert deal.tech_contract.contract_amount == Decimal("6000")
