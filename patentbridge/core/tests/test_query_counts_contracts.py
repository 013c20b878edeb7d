"""Technology-contract lists issue no query per row (flat_queries, core/tests/conftest.py)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.test import Client

from patentbridge.deals import services as deals
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of, signer_of
from patentbridge.recordation import contracts
from patentbridge.recordation.tests.factories import register

_names = itertools.count(1)


@pytest.fixture
def university(db):
    return OrganisationFactory(kind=OrgKind.UNIVERSITY, city_id="440100")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _contracts(university, n: int) -> list[str]:
    """n registered service contracts with n different clients; each row shows its project name."""
    names = []
    for _ in range(n):
        name = f"技术服务项目{next(_names):04d}"
        contract = contracts.contract_for_service(
            contract_type="service", seller=university, buyer=OrganisationFactory(kind=OrgKind.ENTERPRISE),
            subject=name, amount=Decimal("1000"), signed_on=dt.date(2026, 1, 5))
        register(contract, on=dt.date(2026, 11, 26))
        names.append(name)
    return names


def test_technology_contract_list_page(flat_queries, university):
    office = _client(member_of(university, Role.TECH_TRANSFER_MANAGER))
    flat_queries(lambda: office.get("/tech-contracts/"), lambda n: _contracts(university, n))


def test_technology_contract_list_api(flat_queries, university):
    office = _client(member_of(university, Role.TECH_TRANSFER_MANAGER))
    flat_queries(lambda: office.get("/api/v1/tech-contracts?limit=50"), lambda n: _contracts(university, n))


def test_deal_list_with_contracts_without_a_patent(flat_queries, university):
    office_user = signer_of(university)

    def grow(n: int) -> list[str]:
        names = []
        for _ in range(n):
            name = f"咨询项目{next(_names):04d}"
            deals.deal_create(actor=office_user, patent=None, kind="consulting", owner=university,
                              counterparty=OrganisationFactory(kind=OrgKind.ENTERPRISE),
                              data={"subject": name, "deliverables": "报告", "amount": Decimal("100")})
            names.append(name)
        return names

    flat_queries(lambda: _client(office_user).get("/deals/"), grow)
