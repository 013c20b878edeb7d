"""Who may and who may not, on every pledge-disposal page and endpoint: each role of the pledgee bank and of the
pledgor, another bank, another enterprise, a university office, a broker, the provincial regulator, a city regulator
of the case's city and of another, the platform administrator and nobody signed in. The allowed read or act; everyone
else is refused (401/403/404) and nothing changes."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from patentbridge.core.errors import PermissionDenied
from patentbridge.finance import services
from patentbridge.finance.models import PledgeDisposal
from patentbridge.finance.tests.factories import DEFAULT, agreed, fake_market, opened, pledged, sold
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.rights import services as rights_services

ACTORS = {
    "bank_officer": ("bank", Role.BANK_OFFICER),
    "bank_admin": ("bank", Role.ORG_ADMIN),
    "firm_signatory": ("firm", Role.SIGNATORY),
    "firm_user": ("firm", Role.ENTERPRISE_USER),
    "firm_admin": ("firm", Role.ORG_ADMIN),
    "bank2_officer": ("bank2", Role.BANK_OFFICER),
    "firm2_signatory": ("firm2", Role.SIGNATORY),
    "uni_office": ("uni", Role.TECH_TRANSFER_MANAGER),
    "broker": ("agency", Role.AGENCY_BROKER),
    "regulator": ("regulator", Role.REGULATOR),
    "city_regulator": ("city_regulator", Role.REGULATOR),
    "other_city_regulator": ("other_city_regulator", Role.REGULATOR),
    "platform_admin": ("platform", Role.PLATFORM_ADMIN),
    "anonymous": (None, None),
}
KINDS = {"bank2": (OrgKind.FINANCIAL, "440100"), "firm2": (OrgKind.ENTERPRISE, "440100"),
         "uni": (OrgKind.UNIVERSITY, "440100"), "agency": (OrgKind.AGENCY, "440100"),
         "regulator": (OrgKind.REGULATOR, None), "city_regulator": (OrgKind.REGULATOR, "440100"),
         "other_city_regulator": (OrgKind.REGULATOR, "440300"), "platform": (OrgKind.AGENCY, None)}
READERS = {"bank_officer", "bank_admin", "firm_signatory", "firm_user", "firm_admin", "regulator", "city_regulator",
           "platform_admin"}
OVERVIEW = {"regulator", "city_regulator", "other_city_regulator", "platform_admin"}
REFUSED = {401, 403, 404}


@pytest.fixture
def world(db, monkeypatch):
    fake_market(monkeypatch)
    case = pledged()
    orgs = {"bank": case.bank, "firm": case.firm}
    orgs.update({key: OrganisationFactory(kind=kind, city_id=city) for key, (kind, city) in KINDS.items()})
    users = {name: None if org is None else member_of(orgs[org], role) for name, (org, role) in ACTORS.items()}
    users["bank_officer"], users["firm_signatory"] = case.officer, case.signatory
    case.users = users
    return case


def _client(world, actor: str) -> Client:
    client = Client()
    if world.users[actor] is not None:
        client.force_login(world.users[actor])
    return client


def _post(world, actor: str, url: str, body: dict | None = None):
    return _client(world, actor).post(url, json.dumps(body or {}), content_type="application/json")


def _snapshot(disposal: PledgeDisposal) -> tuple:
    d = PledgeDisposal.objects.get(pk=disposal.pk)
    return d.status, d.basis, d.route, d.statement, d.repayment_note, d.released_on, d.steps.count()


READS = {
    "page": lambda d: f"/finance/disposals/{d.pk}/",
    "api": lambda d: f"/api/v1/finance/disposals/{d.pk}",
}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("read", READS)
def test_only_the_parties_and_the_supervisors_read_a_case(world, actor, read):
    response = _client(world, actor).get(READS[read](opened(world)))
    if actor in READERS:
        assert response.status_code == 200
    else:
        assert response.status_code in REFUSED | ({302} if actor == "anonymous" else set())


@pytest.mark.parametrize("actor", ACTORS)
def test_the_list_shows_a_case_to_its_readers_only(world, actor):
    disposal = opened(world)
    response = _client(world, actor).get("/api/v1/finance/disposals")
    if actor == "anonymous":
        assert response.status_code == 401
        return
    assert (disposal.pk in [row["id"] for row in response.json()]) is (actor in READERS)


@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_pledgees_officer_opens_a_disposal(world, actor):
    response = _post(world, actor, "/api/v1/finance/disposals", {"pledge_id": world.pledge.pk, **DEFAULT, "defaulted_on": "2026-03-01"})
    if actor == "bank_officer":
        assert response.status_code == 201
    else:
        assert response.status_code in REFUSED and not PledgeDisposal.objects.exists()


def test_another_bank_cannot_open_a_disposal_on_a_pledge_it_does_not_hold(world):
    other = PatentFactory(owner=world.firm)
    bank2_officer = world.users["bank2_officer"]
    foreign = rights_services.pledge_register(actor=world.officer, patent=other, data={
        "pledgee_id": world.bank.pk, "amount": "5000", "registration_number": "Y-OTHER-1",
        "registered_on": dt.date(2025, 2, 1)})
    with pytest.raises(PermissionDenied):
        services.disposal_open(actor=bank2_officer, pledge=foreign, data=DEFAULT)


@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_pledgors_committing_member_agrees(world, actor):
    disposal = opened(world)
    before = _snapshot(disposal)
    response = _post(world, actor, f"/api/v1/finance/disposals/{disposal.pk}/agree")
    if actor == "firm_signatory":
        assert response.status_code == 200 and response.json()["status"] == "agreed"
    else:
        assert response.status_code in REFUSED and _snapshot(disposal) == before


@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_pledgees_officer_sends_to_sale(world, actor):
    disposal = agreed(world)
    before = _snapshot(disposal)
    response = _post(world, actor, f"/api/v1/finance/disposals/{disposal.pk}/send",
                     {"route": "listing", "appraisal": "1200000", "price": "1000000",
                      "organiser_id": world.bank.pk})
    if actor == "bank_officer":
        assert response.status_code == 200 and response.json()["status"] == "sent"
    else:
        assert response.status_code in REFUSED and _snapshot(disposal) == before


@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_pledgees_officer_confirms_the_statement(world, actor):
    disposal = sold(world)
    before = _snapshot(disposal)
    response = _post(world, actor, f"/api/v1/finance/disposals/{disposal.pk}/statement", {"sale_commission": "100"})
    if actor == "bank_officer":
        assert response.status_code == 200 and response.json()["status"] == "proceeds_split"
    else:
        assert response.status_code in REFUSED and _snapshot(disposal) == before


@pytest.mark.parametrize("actor", ACTORS)
def test_either_partys_committing_member_shows_the_repayment(world, actor):
    disposal = agreed(world)
    before = _snapshot(disposal)
    response = _post(world, actor, f"/api/v1/finance/disposals/{disposal.pk}/repayment", {"note": "已还清"})
    if actor in {"bank_officer", "firm_signatory"}:
        assert response.status_code == 200 and response.json()["repayment_note"] == "已还清"
    else:
        assert response.status_code in REFUSED and _snapshot(disposal) == before


@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_pledgees_officer_withdraws(world, actor):
    disposal = services.repayment_show(actor=world.signatory, disposal=agreed(world), note="已还清")
    before = _snapshot(disposal)
    response = _post(world, actor, f"/api/v1/finance/disposals/{disposal.pk}/withdraw")
    if actor == "bank_officer":
        assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    else:
        assert response.status_code in REFUSED and _snapshot(disposal) == before


@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_pledgees_officer_records_the_release(world, actor):
    disposal = sold(world)
    before = _snapshot(disposal)
    response = _post(world, actor, f"/api/v1/finance/disposals/{disposal.pk}/release",
                     {"on": dt.date.today().isoformat()})
    if actor == "bank_officer":
        assert response.status_code == 200 and response.json()["released_on"]
    else:
        assert response.status_code in REFUSED and _snapshot(disposal) == before


@pytest.mark.parametrize("actor", ACTORS)
def test_the_agreement_page_form_is_the_pledgors_alone(world, actor):
    disposal = opened(world)
    before = _snapshot(disposal)
    _client(world, actor).post(f"/finance/disposals/{disposal.pk}/agree/")
    assert (_snapshot(disposal)[0] == "agreed") is (actor == "firm_signatory")
    if actor != "firm_signatory":
        assert _snapshot(disposal) == before


@pytest.mark.parametrize("actor", ACTORS)
def test_the_overview_is_the_regulators_and_the_platforms(world, actor):
    opened(world)
    client = _client(world, actor)
    api, page = client.get("/api/v1/finance/overview"), client.get("/finance/overview/")
    if actor in OVERVIEW:
        assert api.status_code == 200 and page.status_code == 200
        cases = sum(row["cases"] for row in api.json())
        assert cases == (0 if actor == "other_city_regulator" else 1)
    else:
        assert api.status_code in REFUSED and page.status_code in REFUSED | {302}


def test_an_enterprise_outside_the_case_sees_nothing(world):
    disposal = opened(world)
    client = _client(world, "firm2_signatory")
    assert client.get("/api/v1/finance/disposals").json() == []
    assert client.get("/finance/").status_code == 403
    assert client.get(f"/finance/disposals/{disposal.pk}/").status_code == 404
    assert disposal.number not in client.get(f"/patents/{world.patent.lookup_number}/").content.decode()
