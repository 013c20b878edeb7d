"""Who may and who may not, for every commissioners' endpoint that changes something or reads a service request:
the city bureaus (Guangzhou's, Shenzhen's, the province's), the designated commissioner and another city's, the
enterprise's people and another enterprise's, a university office, a bank and the platform administrator. A role not
listed as allowed is refused (401/403/404) and changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

import pytest
from django.test import Client

from patentbridge.commissioners.models import Attribution, AttributionStatus, Designation, RequestStatus, ServiceRequest
from patentbridge.commissioners.tests.factories import (
    GUANGZHOU,
    SHENZHEN,
    assign,
    designated,
    enterprise,
    regulator_of,
    service_request,
)
from patentbridge.deals.tests.factories import DealFactory
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.patents.tests.factories import PatentFactory

ACTORS = ("gz_regulator", "sz_regulator", "prov_regulator", "commissioner", "sz_commissioner", "firm_user",
          "firm_signatory", "firm2_signatory", "uni_office", "bank_officer", "platform_admin")


@pytest.fixture
def world(db):
    firm, firm2 = enterprise(GUANGZHOU), enterprise(GUANGZHOU)
    uni = OrganisationFactory(kind=OrgKind.UNIVERSITY)
    mine, theirs = designated(GUANGZHOU), designated(SHENZHEN)
    assign(mine, firm)
    users = {
        "gz_regulator": regulator_of(GUANGZHOU), "sz_regulator": regulator_of(SHENZHEN),
        "prov_regulator": regulator_of(None), "commissioner": mine.commissioner,
        "sz_commissioner": theirs.commissioner, "firm_user": member_of(firm, Role.ENTERPRISE_USER),
        "firm_signatory": member_of(firm, Role.SIGNATORY), "firm2_signatory": member_of(firm2, Role.SIGNATORY),
        "uni_office": member_of(uni, Role.TECH_TRANSFER_MANAGER),
        "bank_officer": member_of(OrganisationFactory(kind=OrgKind.FINANCIAL), Role.BANK_OFFICER),
        "platform_admin": member_of(OrganisationFactory(kind=OrgKind.AGENCY), Role.PLATFORM_ADMIN),
    }
    opened = service_request(firm, mine)
    accepted = service_request(firm, mine, status=RequestStatus.ACCEPTED)
    deal = DealFactory(patent=PatentFactory(owner=uni), owner=uni, counterparty=firm)
    attribution = Attribution.objects.create(deal=deal, designation=mine, request=accepted,
                                             claimed_by=mine.commissioner)
    candidate = member_of(OrganisationFactory(kind=OrgKind.AGENCY), Role.AGENCY_BROKER)
    return SimpleNamespace(users=users, firm=firm, mine=mine, opened=opened, accepted=accepted,
                           attribution=attribution, candidate=candidate)


def client_for(world, actor: str) -> Client:
    client = Client()
    client.force_login(world.users[actor])
    return client


def _post(client: Client, url: str, body: dict | None = None):
    return client.post(url, json.dumps(body or {}, default=str), content_type="application/json")


def _refused(response) -> bool:
    return response.status_code in (401, 403, 404)


@pytest.mark.parametrize("actor", ACTORS)
def test_designating_a_commissioner_for_guangzhou(world, actor):
    response = _post(client_for(world, actor), "/api/v1/commissioners/designations", {
        "username": world.candidate.username, "city": GUANGZHOU, "starts_on": dt.date.today()})
    allowed = actor in {"gz_regulator", "prov_regulator"}
    assert response.status_code == 201 if allowed else _refused(response)
    assert Designation.objects.filter(commissioner=world.candidate).exists() == allowed


@pytest.mark.parametrize("actor", ACTORS)
def test_assigning_an_enterprise(world, actor):
    other = enterprise(GUANGZHOU)
    response = _post(client_for(world, actor), f"/api/v1/commissioners/designations/{world.mine.pk}/assignments",
                     {"enterprise_id": other.pk})
    allowed = actor in {"gz_regulator", "prov_regulator"}
    assert response.status_code == 201 if allowed else _refused(response)
    assert world.mine.assignments.filter(enterprise=other).exists() == allowed


@pytest.mark.parametrize("actor", ACTORS)
def test_revoking_the_designation(world, actor):
    response = _post(client_for(world, actor), f"/api/v1/commissioners/designations/{world.mine.pk}/revoke",
                     {"reason": "调岗"})
    world.mine.refresh_from_db()
    allowed = actor in {"gz_regulator", "prov_regulator"}
    assert (world.mine.revoked_at is not None) == allowed
    if not allowed:
        assert _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_reading_a_service_request(world, actor):
    response = client_for(world, actor).get(f"/api/v1/service-requests/{world.opened.pk}")
    readers = {"gz_regulator", "prov_regulator", "commissioner", "firm_user", "firm_signatory"}
    assert response.status_code == 200 if actor in readers else _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_reading_a_service_request_page(world, actor):
    response = client_for(world, actor).get(f"/commissioners/requests/{world.opened.pk}/")
    readers = {"gz_regulator", "prov_regulator", "commissioner", "firm_user", "firm_signatory"}
    assert response.status_code == 200 if actor in readers else _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_accepting_the_request(world, actor):
    response = _post(client_for(world, actor), f"/api/v1/service-requests/{world.opened.pk}/accept")
    world.opened.refresh_from_db()
    assert (world.opened.status == RequestStatus.ACCEPTED) == (actor == "commissioner")
    if actor != "commissioner":
        assert _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_withdrawing_the_request(world, actor):
    response = _post(client_for(world, actor), f"/api/v1/service-requests/{world.opened.pk}/withdraw",
                     {"reason": "已自行解决"})
    world.opened.refresh_from_db()
    allowed = actor in {"firm_user", "firm_signatory"}
    assert (world.opened.status == RequestStatus.WITHDRAWN) == allowed
    if not allowed:
        assert _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_recording_a_visit(world, actor):
    response = _post(client_for(world, actor), f"/api/v1/service-requests/{world.accepted.pk}/visits",
                     {"visited_on": dt.date.today(), "people": "技术总监"})
    allowed = actor == "commissioner"
    assert response.status_code == 201 if allowed else _refused(response)
    assert world.accepted.visits.exists() == allowed


@pytest.mark.parametrize("actor", ACTORS)
def test_opening_a_request_for_the_enterprise(world, actor):
    response = _post(client_for(world, actor), "/api/v1/service-requests",
                     {"enterprise_id": world.firm.pk, "need": "寻找专利"})
    allowed = actor in {"firm_user", "firm_signatory"}
    assert response.status_code == 201 if allowed else _refused(response)
    assert ServiceRequest.objects.filter(enterprise=world.firm).count() == (3 if allowed else 2)


@pytest.mark.parametrize("actor", ACTORS)
def test_confirming_the_commissioners_claim_on_a_deal(world, actor):
    response = _post(client_for(world, actor), f"/api/v1/attributions/{world.attribution.pk}/confirm")
    world.attribution.refresh_from_db()
    allowed = actor in {"firm_signatory", "uni_office"}
    assert (world.attribution.status == AttributionStatus.CONFIRMED) == allowed
    if not allowed:
        assert _refused(response)
