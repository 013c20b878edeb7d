import datetime as dt
import json
import re

import pytest

from patentbridge.deals.models import Deal, DealStatus
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.recordation.models import RecordationStatus


@pytest.fixture
def office(logged_in_client):
    client, user, org = logged_in_client(Role.TECH_TRANSFER_MANAGER)
    patent = PatentFactory(owner=org, application_date=dt.date(2020, 3, 1), grant_date=dt.date(2022, 6, 1))
    company = OrganisationFactory(kind=OrgKind.ENTERPRISE, name="佛山某某电机有限公司")
    return client, org, patent, company


@pytest.fixture
def licensee(office, client):
    signer = UserFactory()
    MembershipFactory(user=signer, organisation=office[3], role=Role.SIGNATORY)
    client.force_login(signer)
    return client


def _step(client, deal_id, to):
    return client.post(f"/api/v1/deals/{deal_id}/transition", json.dumps({"to": to}), content_type="application/json")


def _open(client, patent, company, kind="exclusive_licence"):
    return client.post("/api/v1/deals", json.dumps({
        "patent": patent.lookup_number, "kind": kind, "counterparty_id": company.pk, "starts_on": "2027-01-01",
        "ends_on": "2029-12-31", "amount": "800000.00"}), content_type="application/json")


def test_a_deal_goes_from_draft_to_recorded_with_both_parties_and_counts_its_amount(office, licensee):
    client, _, patent, company = office
    deal_id = _open(client, patent, company).json()["id"]
    _step(client, deal_id, "negotiating")
    for step in ("agreed", "signed"):
        assert _step(client, deal_id, step).json()["awaiting"] == {step: [company.name]}
        body = _step(licensee, deal_id, step).json()
    assert body["status"] == "signed"
    deal = Deal.objects.get(pk=deal_id)
    assert deal.tech_contract.contract_amount == 800000
    licensee.post(f"/deals/{deal_id}/record/")
    deal.refresh_from_db()
    assert (deal.recordation.status, deal.status) == (RecordationStatus.RECORDED, DealStatus.RECORDED)


def test_one_party_alone_cannot_sign_through_the_api(office):
    client, _, patent, company = office
    deal_id = _open(client, patent, company).json()["id"]
    _step(client, deal_id, "negotiating")
    body = _step(client, deal_id, "agreed").json()
    assert body["status"] == "negotiating" and body["your_steps"] == ["terminated"]


def test_the_recorded_step_is_not_offered_as_a_transition(office, licensee):
    client, _, patent, company = office
    deal_id = _open(client, patent, company).json()["id"]
    Deal.objects.filter(pk=deal_id).update(status=DealStatus.SIGNED)
    response = _step(client, deal_id, "recorded")
    assert (response.status_code, response.json()["error"]["code"]) == (409, "recordation_required")


def test_an_enterprise_creates_a_deal_on_a_universitys_patent_but_cannot_walk_it_alone(office, logged_in_client):
    _, _, patent, _ = office
    bank, _, bank_org = logged_in_client(Role.BANK_OFFICER, OrgKind.FINANCIAL)
    created = bank.post("/api/v1/deals", json.dumps({
        "patent": patent.lookup_number, "kind": "transfer", "counterparty_id": bank_org.pk, "amount": "1"}),
        content_type="application/json")
    deal_id = created.json()["id"]
    _step(bank, deal_id, "negotiating")
    for step in ("agreed", "signed"):
        _step(bank, deal_id, step)
    assert Deal.objects.get(pk=deal_id).status == DealStatus.NEGOTIATING
    assert patent.owner_org_ids() == [office[1].pk]


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
    from patentbridge.rights.models import GrantKind
    from patentbridge.rights.tests.factories import GrantFactory

    GrantFactory(kind=GrantKind.OPEN_DECLARATION, patent=patent, grantor=org, starts_on=dt.date(2026, 1, 1))
    deal_id = _open(client, patent, company).json()["id"]
    Deal.objects.filter(pk=deal_id).update(status=DealStatus.AGREED)
    page = client.post(f"/deals/{deal_id}/move/", {"to": "signed"}, follow=True).content.decode()
    assert "专利法第五十一条第三款" in page and "{" not in page.split("<main")[1].split("</main>")[0]


def test_the_owner_opens_a_deal_from_the_page_by_counterparty_name(office):
    client, _, patent, company = office
    response = client.post(f"/deals/new/{patent.lookup_number}/", {
        "kind": "transfer", "counterparty": company.name, "amount": "1200000", "territory": "CN"})
    deal = Deal.objects.get()
    assert response.url == f"/deals/{deal.pk}/" and deal.counterparty == company


def test_a_licence_ending_in_9999_is_refused_by_the_end_date_keeping_what_was_typed(office):
    client, _, patent, company = office
    page = client.post(f"/deals/new/{patent.lookup_number}/", {
        "kind": "ordinary_licence", "counterparty": company.name, "amount": "80000", "territory": "CN",
        "starts_on": "2026-01-01", "ends_on": "9999-12-31"}).content.decode()
    assert not Deal.objects.exists()
    assert 'value="9999-12-31"' in page and 'value="80000"' in page
    assert 'class="errorlist"' in page[page.index('name="ends_on"') - 300:page.index('name="ends_on"')]


def test_a_negative_amount_is_refused_by_its_field(office):
    client, _, patent, company = office
    page = client.post(f"/deals/new/{patent.lookup_number}/", {
        "kind": "transfer", "counterparty": company.name, "amount": "-5", "territory": "CN"}).content.decode()
    assert not Deal.objects.exists() and 'value="-5"' in page
    assert 'class="errorlist"' in page[page.index('name="amount"') - 300:page.index('name="amount"')]


def test_the_kind_starts_unchosen(office):
    client, _, patent, _ = office
    page = client.get(f"/deals/new/{patent.lookup_number}/").content.decode()
    assert re.search(r'<select name="kind" required><option value="">', page)
