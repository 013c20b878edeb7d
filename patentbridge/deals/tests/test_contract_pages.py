"""A development, consulting or service contract through the API and the pages, from opening to its registration,
certificate and cancellation; and who may not (another organisation, a read-only role, one party alone)."""

import datetime as dt
import json

import pytest
from django.test import Client

from patentbridge.deals.models import Deal
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of, signer_of
from patentbridge.patents.models import LegalStatus
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.recordation.models import ContractStatus
from patentbridge.recordation.tests.factories import registration_number

TODAY = dt.date.today()
JSON = "application/json"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world(db):
    university = OrganisationFactory(kind=OrgKind.UNIVERSITY, city_id="440100")
    company = OrganisationFactory(kind=OrgKind.ENTERPRISE, name="东莞某某模具有限公司")
    return {"university": university, "company": company, "office": _client(signer_of(university)),
            "signer": _client(signer_of(company))}


def _open(client, counterparty, **extra):
    body = {"kind": "consulting", "counterparty_id": counterparty.pk, "subject": "模具寿命评估",
            "deliverables": "可行性论证报告", "amount": "80000.00", **extra}
    return client.post("/api/v1/deals", json.dumps(body), content_type=JSON)


def _step(client, deal_id, to):
    return client.post(f"/api/v1/deals/{deal_id}/transition", json.dumps({"to": to}), content_type=JSON)


def _signed(world) -> int:
    deal_id = _open(world["office"], world["company"]).json()["id"]
    _step(world["office"], deal_id, "negotiating")
    for step in ("agreed", "signed"):
        _step(world["office"], deal_id, step)
        body = _step(world["signer"], deal_id, step).json()
    assert body["status"] == "signed"
    return body["tech_contract_id"]


def _register(client, contract_id, **extra):
    body = {"registration_number": registration_number("440100", TODAY), "registered_on": TODAY.isoformat(),
            **extra}
    return client.post(f"/api/v1/tech-contracts/{contract_id}/register", json.dumps(body), content_type=JSON)


def test_a_consulting_contract_is_opened_without_a_patent_through_the_api(world):
    body = _open(world["office"], world["company"]).json()
    assert (body["kind"], body["patent_number"], body["subject"]) == ("consulting", None, "模具寿命评估")
    assert body["allowed"] == ["negotiating", "terminated"]


def test_the_api_says_what_a_service_contract_lacks(world):
    response = _open(world["office"], world["company"], subject="", deliverables="")
    assert response.status_code == 400
    assert {"subject", "deliverables"} <= set(response.json()["error"]["details"])


def test_an_application_right_transfer_is_opened_on_a_pending_application(world):
    pending = PatentFactory(owner=world["university"], legal_status=LegalStatus.PENDING)
    body = world["office"].post("/api/v1/deals", json.dumps({
        "patent": pending.lookup_number, "kind": "application_right_transfer",
        "counterparty_id": world["company"].pk, "amount": "50000"}), content_type=JSON).json()
    assert (body["kind"], body["patent_number"]) == ("application_right_transfer", pending.patent_number)


def test_one_party_alone_cannot_sign_a_service_contract_through_the_api(world):
    deal_id = _open(world["office"], world["company"]).json()["id"]
    _step(world["office"], deal_id, "negotiating")
    _step(world["office"], deal_id, "agreed")
    assert _step(world["office"], deal_id, "agreed").json()["status"] == "negotiating"
    assert Deal.objects.get(pk=deal_id).contract_id is None


def test_a_signed_service_contract_is_registered_and_its_certificate_downloaded(world):
    contract_id = _signed(world)
    body = _register(world["signer"], contract_id).json()
    assert (body["status"], body["city"], body["history"][0]["to_status"]) == ("counted", "440100", "counted")
    pdf = world["office"].get(f"/api/v1/tech-contracts/{contract_id}/certificate.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_contract_not_yet_registered_has_no_certificate(world):
    response = world["office"].get(f"/api/v1/tech-contracts/{_signed(world)}/certificate.pdf")
    assert response.status_code == 409 and response.json()["error"]["code"] == "not_registered"


def test_a_terminated_contracts_registration_is_cancelled_through_the_api(world):
    contract_id = _signed(world)
    _register(world["office"], contract_id)
    deal_id = Deal.objects.get(contract_id=contract_id).pk
    for client in (world["office"], world["signer"]):
        _step(client, deal_id, "terminated")
    body = world["signer"].post(f"/api/v1/tech-contracts/{contract_id}/cancel", json.dumps({"reason": "委托方撤回项目"}),
                                content_type=JSON).json()
    assert (body["status"], body["cancellation_reason"]) == ("cancelled", "委托方撤回项目")


def test_a_registration_of_a_contract_in_force_is_not_cancelled(world):
    contract_id = _signed(world)
    _register(world["office"], contract_id)
    response = world["office"].post(f"/api/v1/tech-contracts/{contract_id}/cancel", json.dumps({"reason": "x"}),
                                    content_type=JSON)
    assert response.status_code == 409 and response.json()["error"]["code"] == "contract_not_ended"


def test_another_organisation_neither_sees_nor_registers_a_contract(world):
    contract_id = _signed(world)
    stranger = _client(signer_of(OrganisationFactory(kind=OrgKind.ENTERPRISE)))
    assert stranger.get(f"/api/v1/tech-contracts/{contract_id}").status_code == 404
    assert _register(stranger, contract_id).status_code == 404
    assert stranger.get(f"/tech-contracts/{contract_id}/").status_code == 404


@pytest.mark.parametrize("role", [Role.ENTERPRISE_USER, Role.ORG_ADMIN])
def test_a_read_only_member_of_a_party_reads_but_does_not_register(world, role):
    contract_id = _signed(world)
    reader = _client(member_of(world["company"], role))
    assert reader.get(f"/api/v1/tech-contracts/{contract_id}").status_code == 200
    assert _register(reader, contract_id).status_code == 403
    assert reader.get(f"/api/v1/tech-contracts/{contract_id}").json()["status"] == "pending"


def test_the_regulator_reads_every_contract_but_registers_none(world):
    contract_id = _signed(world)
    regulator = _client(member_of(OrganisationFactory(kind=OrgKind.REGULATOR), Role.REGULATOR))
    assert contract_id in [c["id"] for c in regulator.get("/api/v1/tech-contracts").json()["items"]]
    assert _register(regulator, contract_id).status_code == 403


# ---------------------------------------------------------------------------------------------- pages

def test_the_office_opens_a_service_contract_from_the_page(world):
    response = world["office"].post("/deals/new/", {
        "kind": "development_commissioned", "side": "seller", "counterparty": world["company"].name,
        "subject": "新型模具钢热处理工艺开发", "deliverables": "工艺规程与样件", "amount": "150000",
        "payment_mode": "fixed"})
    deal = Deal.objects.get(subject="新型模具钢热处理工艺开发")
    assert response.status_code == 302 and (deal.owner, deal.counterparty) == (world["university"], world["company"])
    assert deal.results_owner == "developer"


def test_the_client_opens_a_contract_with_the_developer_from_the_page(world):
    world["signer"].post("/deals/new/", {
        "kind": "service", "side": "client", "counterparty": world["university"].name, "subject": "产线故障诊断",
        "deliverables": "诊断报告", "amount": "30000", "payment_mode": "fixed"})
    deal = Deal.objects.get(subject="产线故障诊断")
    assert (deal.owner, deal.counterparty) == (world["university"], world["company"])


def test_the_contract_page_explains_what_is_missing(world):
    page = world["office"].post("/deals/new/", {"kind": "service", "counterparty": world["company"].name,
                                                "amount": "1000"}).content.decode()
    assert 'role="alert"' in page and not Deal.objects.exists()


def test_the_deal_page_registers_downloads_and_cancels(world):
    contract_id = _signed(world)
    deal = Deal.objects.get(contract_id=contract_id)
    page = world["office"].get(f"/deals/{deal.pk}/").content.decode()
    assert 'data-testid="tech-contract-register"' in page
    number = registration_number("440100", TODAY)
    world["office"].post(f"/tech-contracts/{contract_id}/register/", {
        "registration_number": number, "registered_on": TODAY.isoformat(), "city": "440100"})
    page = world["office"].get(f"/deals/{deal.pk}/").content.decode()
    assert number in page and 'data-testid="tech-contract-pdf"' in page
    assert 'data-testid="tech-contract-cancel"' not in page
    assert world["office"].get(f"/tech-contracts/{contract_id}/certificate.pdf").content.startswith(b"%PDF")
    for client in (world["office"], world["signer"]):
        _step(client, deal.pk, "terminated")
    assert 'data-testid="tech-contract-cancel"' in world["office"].get(f"/tech-contracts/{contract_id}/").content.decode()
    world["signer"].post(f"/tech-contracts/{contract_id}/cancel/", {"reason": "合同解除"})
    deal.contract.refresh_from_db()
    assert deal.contract.status == ContractStatus.CANCELLED


def test_a_wrong_number_comes_back_as_typed_with_the_error_by_the_number(world):
    contract_id = _signed(world)
    response = world["office"].post(f"/tech-contracts/{contract_id}/register/", {
        "registration_number": "123", "registered_on": TODAY.isoformat(), "city": "440100"})
    page = response.content.decode()
    assert response.status_code == 400 and 'value="123"' in page
    assert page.index('class="errorlist"') < page.index('name="registration_number"')


def test_the_deal_list_shows_a_contract_without_a_patent(world):
    _open(world["office"], world["company"])
    assert "模具寿命评估" in world["office"].get("/deals/").content.decode()


def test_a_deal_on_a_pending_application_offers_an_application_right_transfer(world):
    pending = PatentFactory(owner=world["university"], legal_status=LegalStatus.PENDING)
    page = world["office"].get(f"/deals/new/{pending.lookup_number}/").content.decode()
    assert 'value="application_right_transfer"' in page and 'value="transfer"' not in page
    assert not Deal.objects.exists()


def test_the_deal_list_offers_a_new_contract_only_to_those_who_may_propose_one(db):
    regulator = _client(member_of(OrganisationFactory(kind=OrgKind.REGULATOR), Role.REGULATOR))
    assert 'href="/deals/new/"' not in regulator.get("/deals/").content.decode()
    assert regulator.get("/deals/new/").status_code == 403
