"""The turnover KPI counts registered, not cancelled, patent-related technology contracts, with their royalties."""

import datetime as dt
from decimal import Decimal

import pytest

from patentbridge.kpi.selectors import summary
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, signer_of
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.recordation import contracts
from patentbridge.recordation.models import TechContractType
from patentbridge.recordation.tests.factories import register

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def contract(db):
    def make(amount="300000", patent=True):
        university = OrganisationFactory(kind=OrgKind.UNIVERSITY, city_id="440100")
        return contracts.contract_for_service(
            contract_type=TechContractType.DEVELOPMENT, seller=university,
            buyer=OrganisationFactory(kind=OrgKind.ENTERPRISE), subject="新型电机控制算法开发",
            amount=Decimal(amount), signed_on=dt.date(2026, 10, 1),
            patent=PatentFactory(owner=university) if patent else None)
    return make


def _turnover():
    return summary()["turnover"]


def test_an_unregistered_contract_does_not_count(contract):
    contract()
    assert _turnover()["contract_amount"] == 0


def test_a_registered_patent_related_contract_counts(contract):
    register(contract())
    assert (_turnover()["contract_amount"], _turnover()["contracts"]) == (Decimal("300000"), 1)


def test_a_cancelled_registration_no_longer_counts(contract):
    registered = contracts.contract_ended_early(register(contract()), on=TODAY)
    contracts.contract_cancel(actor=signer_of(registered.seller), contract=registered, reason="合同提前解除", on=TODAY)
    assert (_turnover()["contract_amount"], _turnover()["contracts"]) == (0, 0)


def test_a_held_registration_does_not_count_until_confirmed(contract, settings):
    settings.KPI_PLAUSIBILITY_LIMIT = "100000"
    register(contract())
    assert (_turnover()["contract_amount"], _turnover()["held_contracts"]) == (0, 1)


def test_a_contract_without_a_patent_is_outside_the_patent_related_target(contract):
    register(contract(patent=False))
    assert (_turnover()["contract_amount"], _turnover()["other_contracts"], _turnover()["other_amount"]) == (
        0, 1, Decimal("300000"))


def test_received_royalties_count_toward_the_turnover(contract):
    registered = register(contract(amount="0"))
    contracts.contract_royalty_received(contract=registered, amount=Decimal("4500"), received_on=TODAY,
                                        reference="r1")
    assert (_turnover()["contract_amount"], _turnover()["technology_amount"]) == (Decimal("4500"), Decimal("4500"))


def test_the_drill_downs_list_a_contract_without_a_patent(contract, logged_in_client, settings):
    settings.KPI_PLAUSIBILITY_LIMIT = "100000"
    register(contract(patent=False))
    regulator, _, _ = logged_in_client(Role.REGULATOR, OrgKind.REGULATOR)
    page = regulator.get("/kpi/records/held/")
    assert page.status_code == 200 and "新型电机控制算法开发" in page.content.decode()
