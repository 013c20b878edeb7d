"""Who may and who may not: every page and endpoint that reads an organisation's contracts or binds it, tried by every
role of the parties, of other organisations of the same kind, and of the platform (the regulator, a bank, a broker,
the platform administrator). A role not listed as allowed must be refused (401/403/404) and change nothing."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.test import Client

from patentbridge.deals import services as deals
from patentbridge.deals.models import Deal, DealKind, DealStatus
from patentbridge.licensing import services as licensing
from patentbridge.orgs.models import Organisation, OrgKind, Role
from patentbridge.orgs.permissions import ROLE_CAPABILITIES, Capability
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.pool import maintenance_services as upkeep_services
from patentbridge.pool.models import (
    FeePayment,
    FundedProject,
    ImplementationReport,
    PoolEntry,
    StandardDeclaration,
)
from patentbridge.recordation import contracts
from patentbridge.recordation.models import ContractStatus, TechContractRegistration
from patentbridge.recordation.tests.factories import registration_number

TODAY = dt.date(2026, 11, 26)

# Who is who: (organisation key, role). `uni` and `firm` are the parties; `uni2` and `firm2` are organisations of the
# same kinds that are not.
ACTORS = {
    "uni_office": ("uni", Role.TECH_TRANSFER_MANAGER),
    "uni_inventor": ("uni", Role.INVENTOR),
    "uni_admin": ("uni", Role.ORG_ADMIN),
    "firm_user": ("firm", Role.ENTERPRISE_USER),
    "firm_signatory": ("firm", Role.SIGNATORY),
    "firm_admin": ("firm", Role.ORG_ADMIN),
    "uni2_office": ("uni2", Role.TECH_TRANSFER_MANAGER),
    "firm2_signatory": ("firm2", Role.SIGNATORY),
    "bank_officer": ("bank", Role.BANK_OFFICER),
    "broker": ("agency", Role.AGENCY_BROKER),
    "regulator": ("regulator", Role.REGULATOR),
    "platform_admin": ("platform", Role.PLATFORM_ADMIN),
}
KINDS = {"uni": OrgKind.UNIVERSITY, "uni2": OrgKind.UNIVERSITY, "firm": OrgKind.ENTERPRISE,
         "firm2": OrgKind.ENTERPRISE, "bank": OrgKind.FINANCIAL, "agency": OrgKind.AGENCY,
         "regulator": OrgKind.REGULATOR, "platform": OrgKind.AGENCY}
DEAL_READERS = {"uni_office", "uni_admin", "firm_user", "firm_signatory", "firm_admin", "regulator", "platform_admin"}


@pytest.fixture
def world(db):
    orgs = {key: OrganisationFactory(kind=kind) for key, kind in KINDS.items()}
    users = {name: member_of(orgs[org], role) for name, (org, role) in ACTORS.items()}
    patent = PatentFactory(owner=orgs["uni"], application_date=dt.date(2019, 1, 15), grant_date=dt.date(2021, 5, 1))
    spare = PatentFactory(owner=orgs["uni"], application_date=dt.date(2019, 2, 15), grant_date=dt.date(2021, 6, 1))
    deal = deals.deal_create(actor=users["uni_office"], patent=patent, kind=DealKind.ORDINARY_LICENCE,
                             owner=orgs["uni"], counterparty=orgs["firm"],
                             data={"starts_on": dt.date(2027, 1, 1), "ends_on": dt.date(2028, 1, 1),
                                   "amount": Decimal("1000")})
    Deal.objects.filter(pk=deal.pk).update(status=DealStatus.NEGOTIATING)
    declaration = licensing.declare(actor=users["uni_office"], organisation=orgs["uni"], patent=patent, today=TODAY,
                                    data={"payment_mode": "lump_sum", "lump_sum": Decimal("100"), "term_years": 1})
    licence = licensing.licence_take(actor=users["firm_signatory"], licensee=orgs["firm"], declaration=declaration,
                                     notice="通知", today=TODAY)
    contract, registered = (contracts.contract_for_service(
        contract_type="consulting", seller=orgs["uni"], buyer=orgs["firm"], subject="可行性论证", amount=Decimal("9000"),
        signed_on=dt.date(2026, 1, 5)) for _ in range(2))
    today = dt.date.today()
    contracts.contract_register(actor=users["uni_office"], contract=registered, city="440100", registered_on=today,
                                number=registration_number("440100", today))
    contracts.contract_ended_early(registered, on=today)
    return SimpleNamespace(orgs=orgs, users=users, patent=patent, spare=spare, deal=deal, declaration=declaration,
                           licence=licence, contract=contract, registered=registered)


def client_for(world, actor: str) -> Client:
    client = Client()
    client.force_login(world.users[actor])
    return client


def _refused(response) -> bool:
    return response.status_code in (401, 403, 404)


def _ok(response) -> bool:
    return response.status_code < 400


@pytest.mark.parametrize("actor", ACTORS)
def test_reading_a_deal_through_the_api(world, actor):
    response = client_for(world, actor).get(f"/api/v1/deals/{world.deal.pk}")
    assert _ok(response) if actor in DEAL_READERS else _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_reading_a_deal_page(world, actor):
    response = client_for(world, actor).get(f"/deals/{world.deal.pk}/")
    assert _ok(response) if actor in DEAL_READERS else _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_confirming_an_agreement(world, actor):
    response = client_for(world, actor).post(f"/api/v1/deals/{world.deal.pk}/transition",
                                             json.dumps({"to": "agreed"}), content_type="application/json")
    if actor in {"uni_office", "firm_signatory"}:
        assert _ok(response) and response.json()["confirmations"]
    else:
        assert _refused(response)
        assert not world.deal.consents.exists()


@pytest.mark.parametrize("actor", ACTORS)
def test_no_single_actor_gets_a_deal_agreed(world, actor):
    client_for(world, actor).post(f"/api/v1/deals/{world.deal.pk}/transition", json.dumps({"to": "agreed"}),
                                  content_type="application/json")
    world.deal.refresh_from_db()
    assert world.deal.status == DealStatus.NEGOTIATING


@pytest.mark.parametrize("actor", ACTORS)
def test_opening_a_transfer_of_the_universitys_patent_to_oneself_moves_nothing(world, actor):
    client = client_for(world, actor)
    own = world.users[actor].memberships.first().organisation
    created = client.post("/api/v1/deals", json.dumps({"patent": world.spare.lookup_number, "kind": "transfer",
                                                       "counterparty_id": own.pk, "amount": "1"}),
                          content_type="application/json")
    if _ok(created):
        for step in ("negotiating", "agreed", "signed"):
            client.post(f"/api/v1/deals/{created.json()['id']}/transition", json.dumps({"to": step}),
                        content_type="application/json")
        assert Deal.objects.get(pk=created.json()["id"]).status in (DealStatus.DRAFT, DealStatus.NEGOTIATING)
    assert world.spare.owner_org_ids() == [world.orgs["uni"].pk]


@pytest.mark.parametrize("actor", ACTORS)
def test_filing_a_deals_recordation(world, actor):
    deals.deal_transition(actor=world.users["uni_office"], deal=world.deal, to="agreed", today=TODAY)
    deals.deal_transition(actor=world.users["firm_signatory"], deal=world.deal, to="agreed", today=TODAY)
    deals.deal_transition(actor=world.users["uni_office"], deal=world.deal, to="signed", today=TODAY)
    deals.deal_transition(actor=world.users["firm_signatory"], deal=world.deal, to="signed", today=TODAY)
    client_for(world, actor).post(f"/deals/{world.deal.pk}/record/")
    world.deal.refresh_from_db()
    recorded = world.deal.status == DealStatus.RECORDED
    assert recorded == (actor in {"uni_office", "firm_signatory"})


@pytest.mark.parametrize("actor", ACTORS)
def test_opening_a_consulting_contract_between_the_parties(world, actor):
    response = client_for(world, actor).post("/api/v1/deals", json.dumps({
        "kind": "consulting", "owner_id": world.orgs["uni"].pk, "counterparty_id": world.orgs["firm"].pk,
        "subject": "可行性论证", "deliverables": "论证报告", "amount": "5000"}), content_type="application/json")
    proposers = {"uni_office", "firm_user", "firm_signatory"}
    assert response.status_code == 201 if actor in proposers else _refused(response)
    assert Deal.objects.filter(kind="consulting").exists() == (actor in proposers)


@pytest.mark.parametrize("actor", ACTORS)
def test_reading_a_technology_contract_registration(world, actor):
    response = client_for(world, actor).get(f"/api/v1/tech-contracts/{world.contract.pk}")
    assert _ok(response) if actor in DEAL_READERS else _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_registering_a_technology_contract(world, actor):
    today = dt.date.today()
    response = client_for(world, actor).post(f"/api/v1/tech-contracts/{world.contract.pk}/register", json.dumps({
        "registration_number": registration_number("440100", today), "registered_on": today.isoformat(),
        "city": "440100"}), content_type="application/json")
    registered = TechContractRegistration.objects.get(pk=world.contract.pk).status != ContractStatus.PENDING
    assert (_ok(response), registered) == ((True, True) if actor in {"uni_office", "firm_signatory"}
                                           else (False, False))
    assert response.status_code < 500


@pytest.mark.parametrize("actor", ACTORS)
def test_cancelling_the_registration_of_a_contract_that_ended_early(world, actor):
    response = client_for(world, actor).post(f"/api/v1/tech-contracts/{world.registered.pk}/cancel",
                                             json.dumps({"reason": "合同提前解除"}), content_type="application/json")
    cancelled = TechContractRegistration.objects.get(pk=world.registered.pk).status == ContractStatus.CANCELLED
    allowed = actor in {"uni_office", "firm_signatory"}
    assert (_ok(response) if allowed else _refused(response)) and cancelled == allowed


@pytest.mark.parametrize("actor", ACTORS)
def test_reading_a_licence_contract(world, actor):
    response = client_for(world, actor).get(f"/api/v1/licences/{world.licence.pk}")
    assert _ok(response) if actor in DEAL_READERS else _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_declaring_an_open_licence(world, actor):
    response = client_for(world, actor).post(
        f"/api/v1/patents/{world.spare.lookup_number}/open-licence",
        json.dumps({"payment_mode": "lump_sum", "lump_sum": "100", "term_years": 1}), content_type="application/json")
    assert _ok(response) if actor == "uni_office" else _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_taking_an_open_licence(world, actor):
    response = client_for(world, actor).post(f"/api/v1/open-licences/{world.declaration.pk}/take",
                                             json.dumps({"notice": "我方通知实施"}), content_type="application/json")
    if actor == "firm2_signatory":
        assert response.status_code == 201
    elif actor == "firm_signatory":
        assert response.status_code == 409  # already holds it
    else:
        assert _refused(response) or response.status_code == 400


@pytest.mark.parametrize("actor", ACTORS)
def test_ending_a_licence_is_the_licensees_signatorys(world, actor):
    response = client_for(world, actor).post(f"/api/v1/licences/{world.licence.pk}/end",
                                             json.dumps({"reason": "停止实施"}), content_type="application/json")
    assert _ok(response) if actor == "firm_signatory" else _refused(response)
    world.licence.refresh_from_db()
    assert (world.licence.status == "ended") == (actor == "firm_signatory")


PLEDGE = {"pledgee_name": "某某银行", "amount": "1000000", "registration_number": "Y2026440000001",
          "registered_on": "2026-06-01"}


@pytest.mark.parametrize("actor", ACTORS)
def test_recording_a_pledge_of_the_universitys_patent(world, actor):
    body = {**PLEDGE, "pledgee_id": world.orgs["bank"].pk} if actor == "bank_officer" else PLEDGE
    response = client_for(world, actor).post(f"/api/v1/patents/{world.patent.lookup_number}/pledges",
                                             json.dumps(body), content_type="application/json")
    allowed = {"uni_office", "bank_officer", "platform_admin"}
    assert response.status_code == 201 if actor in allowed else _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_releasing_the_banks_pledge(world, actor):
    from patentbridge.rights.services import pledge_register

    pledge = pledge_register(actor=world.users["bank_officer"], patent=world.patent,
                             data={**PLEDGE, "pledgee_id": world.orgs["bank"].pk})
    response = client_for(world, actor).post(f"/api/v1/pledges/{pledge.pk}/release", json.dumps({"on": "2026-09-01"}),
                                             content_type="application/json")
    assert _ok(response) if actor in {"bank_officer", "platform_admin"} else _refused(response)
    pledge.refresh_from_db()
    assert (pledge.released_on is not None) == (actor in {"bank_officer", "platform_admin"})


@pytest.mark.parametrize("actor", ACTORS)
def test_recording_a_suspension(world, actor):
    response = client_for(world, actor).post(
        f"/api/v1/patents/{world.patent.lookup_number}/suspensions",
        json.dumps({"ground": "preservation", "reference": "（2026）粤01执保1号", "started_on": "2026-05-01"}),
        content_type="application/json")
    assert response.status_code == 201 if actor == "platform_admin" else _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_changing_the_universitys_record(world, actor):
    response = client_for(world, actor).patch(f"/api/v1/organisations/{world.orgs['uni'].pk}",
                                              json.dumps({"description": "改过"}), content_type="application/json")
    assert _ok(response) if actor in {"uni_admin", "platform_admin"} else _refused(response)
    changed = Organisation.objects.get(pk=world.orgs["uni"].pk).description == "改过"
    assert changed == (actor in {"uni_admin", "platform_admin"})


@pytest.mark.parametrize("actor", ACTORS)
def test_editing_the_patent(world, actor):
    response = client_for(world, actor).patch(f"/api/v1/patents/{world.patent.lookup_number}",
                                              json.dumps({"title": "改过的名称"}), content_type="application/json")
    assert _ok(response) if actor in {"uni_office", "platform_admin"} else _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_reading_the_kpi_dashboard(world, actor):
    response = client_for(world, actor).get("/api/v1/kpi/summary")
    assert _ok(response) if actor in {"regulator", "platform_admin"} else _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_reviewing_identity_changes(world, actor):
    response = client_for(world, actor).get("/api/v1/identity-changes")
    assert _ok(response) if actor == "platform_admin" else _refused(response)


@pytest.mark.parametrize("path", ["/api/v1/deals", "/api/v1/open-licences/1/take", "/api/v1/kpi/contracts/1/decision",
                                  "/api/v1/patents/CN1/pledges", "/api/v1/pledges/1/release",
                                  "/api/v1/patents/CN1/suspensions", "/api/v1/suspensions/1/lift",
                                  "/api/v1/licences/1/end",
                                  "/api/v1/tech-contracts/1/register", "/api/v1/tech-contracts/1/cancel"])
def test_anonymous_writes_are_refused(db, path):
    assert _refused(Client().post(path, json.dumps({}), content_type="application/json"))


def _pages(world) -> dict[str, set[str] | None]:
    """Every page a person opens (GET), with the actors allowed to see it; None: any signed-in person."""
    number, uni = world.patent.lookup_number, world.orgs["uni"].pk
    everyone = None
    return {
        "/": everyone, "/patents/": everyone, f"/patents/{number}/": everyone, "/orgs/": everyone,
        f"/orgs/{uni}/": everyone, "/search/": everyone, "/demands/": everyone, "/pool/": everyone,
        "/pool/open-licences/": everyone, "/pool/standards/": everyone, "/pool/public-domain/": everyone,
        "/deals/": everyone, "/licensing/licences/": everyone, "/revenue/": everyone, "/push/inbox/": everyone,
        "/push/subscriptions/": everyone, "/patents/imports/": everyone,
        f"/orgs/{uni}/edit/": {"uni_admin", "platform_admin"},
        "/orgs/identity-changes/": {"platform_admin"},
        f"/patents/{number}/edit/": {"uni_office", "platform_admin"},
        f"/deals/{world.deal.pk}/": DEAL_READERS,
        f"/licensing/licences/{world.licence.pk}/": DEAL_READERS,
        f"/licensing/licences/{world.licence.pk}/contract.pdf": DEAL_READERS,
        f"/licensing/declare/{world.spare.lookup_number}/": {"uni_office"},
        f"/licensing/take/{world.declaration.pk}/": {"firm_signatory", "firm2_signatory"},
        f"/deals/new/{number}/": {name for name, (_, role) in ACTORS.items()
                                  if Capability.PROPOSE in ROLE_CAPABILITIES[role]},
        "/deals/new/": {name for name, (_, role) in ACTORS.items() if Capability.PROPOSE in ROLE_CAPABILITIES[role]},
        "/tech-contracts/": everyone,
        f"/tech-contracts/{world.contract.pk}/": DEAL_READERS,
        f"/tech-contracts/{world.registered.pk}/certificate.pdf": DEAL_READERS,
        "/kpi/": {"regulator", "platform_admin"},
        "/kpi/records/turnover/": {"regulator", "platform_admin"},
        "/kpi/records/held/": {"regulator", "platform_admin"},
        "/audit/": {"regulator", "platform_admin"},
        "/pool/config/": {"platform_admin"},
    }


@pytest.mark.parametrize("actor", ACTORS)
def test_every_page_opens_for_whom_it_should_and_for_no_one_else(world, actor):
    client = client_for(world, actor)
    wrong = []
    for path, allowed in _pages(world).items():
        status = client.get(path).status_code
        expected_ok = allowed is None or actor in allowed
        if status >= 500 or (expected_ok and status >= 400) or (not expected_ok and status < 400):
            wrong.append((path, status))
    assert wrong == [], f"{actor}: {wrong}"


def test_no_private_page_opens_for_an_anonymous_visitor(world):
    client = Client()
    private = [path for path, allowed in _pages(world).items() if allowed is not None]
    opened = [path for path in private if client.get(path).status_code == 200]
    assert opened == []


# ---------------------------------------------------------------- a patent's upkeep records (pool)

# The patent's keeper is the institution holding it in its inventory: its office commits, its members read, and so
# do the regulator and the platform administrator.
UPKEEP_WRITERS = {"uni_office"}
UPKEEP_READERS = {"uni_office", "uni_admin", "regulator", "platform_admin"}


@pytest.fixture
def upkeep(world):
    """world.patent in uni's inventory with two fee payments (years 7 and 8), a funded project and a standard."""
    office = world.users["uni_office"]
    entry = PoolEntry.objects.create(patent=world.patent, organisation=world.orgs["uni"])
    payments = [upkeep_services.fee_payment_record(actor=office, patent=world.patent, year=year,
                                                   amount=Decimal("2000"), paid_on=dt.date(2025, 1, 10), today=TODAY)
                for year in (7, 8)]
    upkeep_services.funded_project_declare(actor=office, patent=world.patent, project_name="课题", funder="科技部")
    standard = upkeep_services.standard_declare(actor=office, patent=world.patent, standard_number="GB/T 1-2020")
    return SimpleNamespace(entry=entry, payments=payments, standard=standard)


def _upkeep_writes(world, upkeep) -> list[tuple[str, str, dict]]:
    number, (seven, eight) = world.patent.lookup_number, upkeep.payments
    return [
        ("put", f"/api/v1/pool/entries/{upkeep.entry.pk}/fee-reduction", {"reduction": "single"}),
        ("post", f"/api/v1/patents/{number}/fee-payments", {"year": 9, "amount": "2000", "paid_on": "2025-01-10"}),
        ("post", f"/api/v1/patents/{number}/fee-payments/{seven.pk}/cancel", {"reason": "录错"}),
        ("post", f"/api/v1/patents/{number}/fee-payments/{eight.pk}/correct",
         {"amount": "1700", "paid_on": "2025-01-10", "reason": "录错"}),
        ("put", f"/api/v1/patents/{number}/funded-project", {"project_name": "改过", "funder": "科技部"}),
        ("put", f"/api/v1/patents/{number}/funded-project/reports/2025", {"mode": "own"}),
        ("post", f"/api/v1/patents/{number}/standards", {"standard_number": "GB/T 2-2020"}),
        ("delete", f"/api/v1/patents/{number}/standards/{upkeep.standard.pk}", {}),
    ]


def _upkeep_state(world, upkeep) -> tuple:
    return (PoolEntry.objects.get(pk=upkeep.entry.pk).fee_reduction,
            sorted(FeePayment.objects.standing().values_list("pk", flat=True)),
            list(FundedProject.objects.values_list("project_name", flat=True)),
            ImplementationReport.objects.count(),
            sorted(StandardDeclaration.objects.values_list("standard_number", flat=True)))


@pytest.mark.parametrize("actor", ACTORS)
def test_keeping_a_patents_upkeep_records_through_the_api(world, upkeep, actor):
    client, before = client_for(world, actor), _upkeep_state(world, upkeep)
    answers = [(path, getattr(client, method)(path, json.dumps(body), content_type="application/json"))
               for method, path, body in _upkeep_writes(world, upkeep)]
    if actor in UPKEEP_WRITERS:
        assert [(path, r.status_code) for path, r in answers if not _ok(r)] == []
    else:
        assert [(path, r.status_code) for path, r in answers if not _refused(r)] == []
        assert _upkeep_state(world, upkeep) == before


@pytest.mark.parametrize("actor", ACTORS)
def test_reading_a_patents_upkeep_records_through_the_api(world, upkeep, actor):
    client, number = client_for(world, actor), world.patent.lookup_number
    for path in (f"/api/v1/patents/{number}/fee-payments", f"/api/v1/patents/{number}/funded-project"):
        response = client.get(path)
        assert _ok(response) if actor in UPKEEP_READERS else _refused(response), path


def test_anonymous_upkeep_writes_are_401(world, upkeep):
    client = Client()
    statuses = {getattr(client, method)(path, json.dumps(body), content_type="application/json").status_code
                for method, path, body in _upkeep_writes(world, upkeep)}
    assert statuses == {401}


def _upkeep_pages(world, upkeep) -> dict[str, set[str] | None]:
    offices = {"uni_office", "uni2_office"}
    return {
        f"/pool/entries/{upkeep.entry.pk}/": {"uni_office", "platform_admin"},
        "/pool/fees/": offices,
        "/pool/dashboard/": offices | {"regulator", "platform_admin"},
        f"/patents/{world.patent.lookup_number}/": None,
    }


@pytest.mark.parametrize("actor", ACTORS)
def test_every_upkeep_page_opens_for_whom_it_should_and_for_no_one_else(world, upkeep, actor):
    client = client_for(world, actor)
    wrong = []
    for path, allowed in _upkeep_pages(world, upkeep).items():
        status = client.get(path).status_code
        expected_ok = allowed is None or actor in allowed
        if status >= 500 or (expected_ok and status >= 400) or (not expected_ok and status < 400):
            wrong.append((path, status))
    assert wrong == [], f"{actor}: {wrong}"


def test_no_upkeep_page_opens_for_an_anonymous_visitor(world, upkeep):
    private = [path for path, allowed in _upkeep_pages(world, upkeep).items() if allowed is not None]
    assert [path for path in private if Client().get(path).status_code == 200] == []


@pytest.mark.parametrize("actor", ACTORS)
def test_keeping_a_patents_upkeep_records_from_the_pages(world, upkeep, actor):
    client, before = client_for(world, actor), _upkeep_state(world, upkeep)
    entry, number = f"/pool/entries/{upkeep.entry.pk}", world.patent.lookup_number
    seven = upkeep.payments[0].pk
    for path, data in ((f"{entry}/fee-reduction/", {"reduction": "single"}),
                       ("/pool/fees/paid/", {"number": number, "year": "9", "amount": "2000", "paid_on": "2025-01-10"}),
                       (f"{entry}/fee-payments/", {"year": "10", "amount": "4000", "paid_on": "2025-01-10"}),
                       (f"{entry}/fee-payments/{seven}/cancel/", {"reason": "录错"}),
                       (f"{entry}/implementation-reports/", {"year": "2025", "mode": "own"}),
                       (f"{entry}/funded-project/", {"project_name": "改过", "funder": "科技部"}),
                       (f"{entry}/standards/", {"standard_number": "GB/T 2-2020"}),
                       (f"{entry}/standards/{upkeep.standard.pk}/remove/", {})):
        client.post(path, data)
    changed = _upkeep_state(world, upkeep) != before
    assert changed == (actor in UPKEEP_WRITERS)
