"""/api/v1/commissioners, /service-requests and /attributions with the project's error envelope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from patentbridge.commissioners.models import Recommendation, RequestStatus
from patentbridge.commissioners.tests.factories import (
    SHENZHEN,
    designated,
    enterprise,
    regulator_of,
    service_request,
)
from patentbridge.deals.tests.factories import DealFactory
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of, signer_of
from patentbridge.patents.tests.factories import PatentFactory

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, path: str, data: dict | None = None):
    return client.post(path, data or {}, content_type="application/json")


def test_a_bureau_designates_through_the_api():
    broker = member_of(OrganisationFactory(kind=OrgKind.AGENCY), Role.AGENCY_BROKER)
    response = post(client_of(regulator_of()), "/api/v1/commissioners/designations",
                    {"username": broker.username, "city": "440100", "starts_on": "2026-12-01"})
    assert response.status_code == 201 and response.json()["city"] == "440100"


def test_an_enterprise_designating_gets_the_error_envelope():
    broker = member_of(OrganisationFactory(kind=OrgKind.AGENCY), Role.AGENCY_BROKER)
    response = post(client_of(signer_of(enterprise())), "/api/v1/commissioners/designations",
                    {"username": broker.username, "city": "440100", "starts_on": "2026-12-01"})
    assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"


def test_the_overdue_list_through_the_api():
    service_request(accept_by=dt.date(2026, 1, 2))
    service_request(enterprise(SHENZHEN), accept_by=dt.date(2026, 1, 2))
    assert len(client_of(regulator_of()).get("/api/v1/commissioners/overdue").json()) == 1


def test_open_and_accept_through_the_api():
    firm = enterprise()
    designation = designated()
    opened = post(client_of(member_of(firm, Role.ENTERPRISE_USER)), "/api/v1/service-requests", {"need": "专利导航"})
    accepted = post(client_of(designation.commissioner), f"/api/v1/service-requests/{opened.json()['id']}/accept")
    assert accepted.json()["status"] == "accepted" and accepted.json()["commissioner"] == designation.commissioner.username


def test_accepting_twice_is_a_conflict():
    designation = designated()
    service = service_request(designation=designation, status=RequestStatus.ACCEPTED)
    response = post(client_of(designation.commissioner), f"/api/v1/service-requests/{service.pk}/accept")
    assert response.status_code == 409 and response.json()["error"]["code"] == "invalid_transition"


def test_claiming_twice_through_the_api_is_a_conflict():
    designation = designated()
    firm = enterprise()
    service = service_request(firm, designation, status=RequestStatus.ACCEPTED,
                              opened_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC))
    patent = PatentFactory(owner=OrganisationFactory())
    recommendation = Recommendation.objects.create(request=service, patent=patent)
    deal = DealFactory(patent=patent, counterparty=firm)
    client = client_of(designation.commissioner)
    body = {"deal_id": deal.pk, "request_id": service.pk, "recommendation_id": recommendation.pk}
    assert post(client, "/api/v1/attributions", body).status_code == 201
    again = post(client, "/api/v1/attributions", body)
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_claimed"
