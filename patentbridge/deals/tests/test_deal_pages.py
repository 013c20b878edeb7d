import datetime as dt
import json

import pytest

from patentbridge.deals.models import Deal, DealStatus
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.recordation.models import RecordationStatus


@pytest.fixture
def office(logged_in_client):
    client, user, org = logged_in_client(Role.TECH_TRANSFER_MANAGER)
    patent = PatentFactory(owner=org, application_date=dt.date(2020, 3, 1), grant_date=dt.date(2022, 6, 1))
    company = OrganisationFactory(kind=OrgKind.ENTERPRISE, name="佛山某某电机有限公司")
    return client, org, patent, company


def _open(client, patent, company, kind="exclusive_licence"):
    return client.post("/api/v1/deals", json.dumps({
        "patent": patent.lookup_number, "kind": kind, "counterparty_id": company.pk, "starts_on": "2027-01-01",
        "ends_on": "2029-12-31", "amount": "800000.00"}), content_type="application/json")


def test_a_deal_goes_from_draft_to_recorded_and_counts_its_amount(office):
    client, _, patent, company = office
    deal_id = _open(client, patent, company).json()["id"]
    for step in ("negotiating", "agreed", "signed"):
        body = client.post(f"/api/v1/deals/{deal_id}/transition", json.dumps({"to": step}),
                           content_type="application/json").json()
    assert body["status"] == "signed"
    deal = Deal.objects.get(pk=deal_id)
    assert deal.tech_contract.contract_amount == 800000
    client.post(f"/deals/{deal_id}/record/")
    deal.refresh_from_db()
    assert (deal.recordation.status, deal.status) == (RecordationStatus.RECORDED, DealStatus.RECORDED)


def test_a_skipped_step_is_refused_with_the_allowed_ones(office):
    client, _, patent, company = office
    deal_id = _open(client, patent, company).json()["id"]
    response = client.post(f"/api/v1/deals/{deal_id}/transition", json.dumps({"to": "signed"}),
                           content_type="application/json")
    assert response.status_code == 409
    assert response.json()["error"]["details"]["allowed"] == ["negotiating", "terminated"]


def test_only_parties_and_the_regulator_see_a_deal(office, logged_in_client):
    client, _, patent, company = office
    deal_id = _open(client, patent, company).json()["id"]
    stranger, _, _ = logged_in_client(Role.ENTERPRISE_USER, OrgKind.ENTERPRISE)
    assert stranger.get(f"/api/v1/deals/{deal_id}").status_code == 404
    assert stranger.get(f"/deals/{deal_id}/").status_code == 404
    regulator, _, _ = logged_in_client(Role.REGULATOR, OrgKind.REGULATOR)
    assert regulator.get(f"/api/v1/deals/{deal_id}").json()["amount"] == "800000.00"


def test_the_deal_page_explains_a_conflict(office):
    client, org, patent, company = office
    from patentbridge.licensing.models import OpenLicenceDeclaration

    OpenLicenceDeclaration.objects.create(patent=patent, organisation=org, declared_on=dt.date(2026, 1, 1),
                                          term_years=3)
    deal_id = _open(client, patent, company).json()["id"]
    Deal.objects.filter(pk=deal_id).update(status=DealStatus.AGREED)
    page = client.post(f"/deals/{deal_id}/move/", {"to": "signed"}, follow=True).content.decode()
    assert "专利法第五十一条第三款" in page


def test_the_owner_opens_a_deal_from_the_page_by_counterparty_name(office):
    client, _, patent, company = office
    response = client.post(f"/deals/new/{patent.lookup_number}/", {
        "kind": "transfer", "counterparty": company.name, "amount": "1200000"})
    deal = Deal.objects.get()
    assert response.url == f"/deals/{deal.pk}/" and deal.counterparty == company
