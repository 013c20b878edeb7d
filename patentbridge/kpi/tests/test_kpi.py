import datetime as dt
from decimal import Decimal

import pytest

from patentbridge.deals.models import Deal, DealKind, DealStatus
from patentbridge.deals.tests.factories import DealFactory
from patentbridge.licensing import services as licensing
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, signer_of
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.recordation.services import recordation_file
from patentbridge.recordation.tests.factories import register

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def programme(db):
    university = OrganisationFactory(kind=OrgKind.UNIVERSITY, city_id="440100")
    patents = [PatentFactory(owner=university, application_date=dt.date(2020, 1, 1), grant_date=dt.date(2022, 1, 1))
               for _ in range(4)]
    declaration = licensing.declare(actor=signer_of(university), organisation=university, patent=patents[0],
                                    today=TODAY, data={"payment_mode": "lump_sum", "lump_sum": Decimal("120000"),
                                                       "term_years": 2})
    company = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    licence = licensing.licence_take(actor=signer_of(company), licensee=company, declaration=declaration,
                                     notice="通知", today=TODAY)
    recordation_file(actor=signer_of(company), recordation=licence.recordation, today=TODAY)
    register(licence.tech_contract)
    DealFactory(kind=DealKind.TRANSFER, patent=patents[1], owner=university, status=DealStatus.RECORDED,
                registered_on=dt.date(2025, 6, 1), amount=Decimal("500000"))
    return university


def _signed_licence(university, amount):
    """A licence both parties signed, whose contract awaits its registration."""
    from patentbridge.deals import services as deals

    patent = PatentFactory(owner=university, application_date=dt.date(2020, 1, 1), grant_date=dt.date(2022, 1, 1))
    company = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    deal = deals.deal_create(actor=signer_of(university), patent=patent, kind=DealKind.ORDINARY_LICENCE,
                             owner=university, counterparty=company,
                             data={"starts_on": TODAY, "ends_on": dt.date(2028, 1, 1), "amount": amount})
    Deal.objects.filter(pk=deal.pk).update(status=DealStatus.AGREED)
    deal.refresh_from_db()
    for signer in (signer_of(university), signer_of(company)):
        deal = deals.deal_transition(actor=signer, deal=deal, to=DealStatus.SIGNED, today=TODAY)
    return deal


def _self_signed_licence(university, amount):
    """A huge licence, signed and registered: above the plausibility bound it waits for the regulator."""
    deal = _signed_licence(university, amount)
    register(deal.tech_contract)
    deal.tech_contract.refresh_from_db()
    return deal


def test_a_signed_but_unregistered_licence_does_not_move_the_turnover(programme):
    from patentbridge.kpi.selectors import summary

    _signed_licence(programme, Decimal("999999999999.99"))
    assert summary()["turnover"]["contract_amount"] == Decimal("120000.00")
    assert summary()["conversion"]["institutions"][0]["converted"] == 2


def test_an_implausible_amount_is_held_until_a_regulator_confirms_it(programme, make_member):
    from patentbridge.kpi.selectors import summary
    from patentbridge.recordation.models import ContractStatus
    from patentbridge.recordation.services import contract_confirm

    deal = _self_signed_licence(programme, Decimal("999999999999.99"))
    figures = summary()["turnover"]
    assert (figures["contract_amount"], figures["held_contracts"]) == (Decimal("120000.00"), 1)
    regulator, _ = make_member(Role.REGULATOR, OrgKind.REGULATOR)
    contract = contract_confirm(actor=regulator, contract=deal.tech_contract, accept=True, note="核实合同原件")
    assert (contract.status, contract.confirmed_by) == (ContractStatus.COUNTED, regulator)
    assert summary()["turnover"]["contract_amount"] == Decimal("1000000119999.99")


@pytest.mark.parametrize("role,kind", [(Role.PLATFORM_ADMIN, OrgKind.AGENCY), (Role.TECH_TRANSFER_MANAGER,
                                                                              OrgKind.UNIVERSITY)])
def test_only_a_regulator_confirms_a_held_figure(programme, make_member, role, kind):
    from patentbridge.core.errors import PermissionDenied
    from patentbridge.recordation.services import contract_confirm

    deal = _self_signed_licence(programme, Decimal("2000000000"))
    with pytest.raises(PermissionDenied):
        contract_confirm(actor=make_member(role, kind)[0], contract=deal.tech_contract, accept=True)


def test_the_drill_down_names_who_confirmed(programme, logged_in_client):

    deal = _self_signed_licence(programme, Decimal("2000000000"))
    regulator, user, _ = logged_in_client(Role.REGULATOR, OrgKind.REGULATOR)
    assert 'data-testid="kpi-count"' in regulator.get("/kpi/records/held/").content.decode()
    regulator.post(f"/kpi/contracts/{deal.tech_contract.pk}/decide/", {"decision": "count", "note": "已核实"})
    page = regulator.get("/kpi/records/turnover/").content.decode()
    assert user.username in page and "已核实" in page


def test_summary_counts_turnover_recordations_conversion_and_licences(programme):
    from patentbridge.kpi.selectors import summary

    figures = summary()
    assert figures["turnover"]["contract_amount"] == Decimal("120000.00")
    assert [(y["year"], y["total"]) for y in figures["recordations"]["per_year"]] == [(2025, 1), (2026, 1)]
    assert figures["recordations"]["per_year"][1]["growth_percent"] == Decimal("0.0")
    row = figures["conversion"]["institutions"][0]
    assert (row["valid"], row["converted"]) == (4, 2)
    assert figures["conversion"]["by_city"] == [{"city": "广州市", "reason": None, "valid": 4, "converted": 2, "rate": 0.5}]
    assert figures["open_licensing"] == {"declarations_standing": 1, "declarations_total": 1, "licences_taken": 1}


def test_the_city_filter_excludes_other_cities(programme):
    from patentbridge.kpi.selectors import summary

    assert summary("440300")["turnover"]["contract_amount"] == 0


def test_the_dashboard_is_for_the_regulator_and_drills_down(programme, logged_in_client):
    regulator, _, _ = logged_in_client(Role.REGULATOR, OrgKind.REGULATOR)
    page = regulator.get("/kpi/").content.decode()
    assert "120,000.00" in page and 'id="recordation-chart"' in page
    assert "120,000.00" in regulator.get("/kpi/records/turnover/").content.decode()
    assert regulator.get("/api/v1/kpi/summary").json()["open_licensing"]["licences_taken"] == 1
    assert regulator.get("/kpi/?format=csv").content.decode("utf-8-sig").startswith("粤府办〔2024〕8号 2024–2025")
    assert regulator.get("/kpi/?format=xlsx").content.startswith(b"PK")
    office, _, _ = logged_in_client(Role.TECH_TRANSFER_MANAGER)
    assert office.get("/kpi/").status_code == 403
    assert office.get("/api/v1/kpi/summary").status_code == 403


def test_the_api_lists_held_contracts_and_takes_a_regulators_rejection(programme, logged_in_client):
    import json


    deal = _self_signed_licence(programme, Decimal("2000000000"))
    regulator, _, _ = logged_in_client(Role.REGULATOR, OrgKind.REGULATOR)
    assert [c["id"] for c in regulator.get("/api/v1/kpi/held-contracts").json()] == [deal.tech_contract.pk]
    url = f"/api/v1/kpi/contracts/{deal.tech_contract.pk}/decision"
    assert regulator.post(url, json.dumps({"count": False}), content_type="application/json").status_code == 400
    body = regulator.post(url, json.dumps({"count": False, "note": "金额与合同不符"}),
                          content_type="application/json").json()
    assert body["status"] == "rejected" and body["confirmed_by"]
