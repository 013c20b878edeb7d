import datetime as dt
from decimal import Decimal

import pytest

from patentbridge.deals.models import Deal, DealKind, DealStatus
from patentbridge.licensing import services as licensing
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.recordation.services import recordation_file

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def programme(db):
    university = OrganisationFactory(kind=OrgKind.UNIVERSITY, city_id="440100")
    patents = [PatentFactory(owner=university, application_date=dt.date(2020, 1, 1), grant_date=dt.date(2022, 1, 1))
               for _ in range(4)]
    declaration = licensing.declare(actor=None, organisation=university, patent=patents[0], today=TODAY, data={
        "payment_mode": "lump_sum", "lump_sum": Decimal("120000"), "term_years": 2})
    licence = licensing.licence_take(actor=None, licensee=OrganisationFactory(kind=OrgKind.ENTERPRISE),
                                     declaration=declaration, notice="通知", today=TODAY)
    recordation_file(actor=None, recordation=licence.recordation, today=TODAY)
    Deal.objects.create(kind=DealKind.TRANSFER, patent=patents[1], owner=university,
                        counterparty=OrganisationFactory(kind=OrgKind.ENTERPRISE), status=DealStatus.RECORDED,
                        registered_on=dt.date(2025, 6, 1), amount=Decimal("500000"))
    return university


def test_summary_counts_turnover_recordations_conversion_and_licences(programme):
    from patentbridge.kpi.selectors import summary

    figures = summary()
    assert figures["turnover"]["contract_amount"] == Decimal("120000.00")
    assert [(y["year"], y["total"]) for y in figures["recordations"]["per_year"]] == [(2025, 1), (2026, 1)]
    assert figures["recordations"]["per_year"][1]["growth_percent"] == Decimal("0.0")
    row = figures["conversion"]["institutions"][0]
    assert (row["valid"], row["converted"]) == (4, 2)
    assert figures["conversion"]["by_city"] == [{"city": "广州市", "valid": 4, "converted": 2, "rate": 0.5}]
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
    assert regulator.get("/kpi/?format=csv").content.decode("utf-8-sig").startswith("指标")
    assert regulator.get("/kpi/?format=xlsx").content.startswith(b"PK")
    office, _, _ = logged_in_client(Role.TECH_TRANSFER_MANAGER)
    assert office.get("/kpi/").status_code == 403
    assert office.get("/api/v1/kpi/summary").status_code == 403
