"""/api/v1/tenders and /api/v1/agencies: the same rules as the pages, in the error envelope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, UserFactory, member_of
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.tendering.tests.factories import BidFactory, TenderFactory, registered_agency

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client(enforce_csrf_checks=False)
    client.force_login(user)
    return client


@pytest.fixture
def university():
    return OrganisationFactory(kind=OrgKind.UNIVERSITY)


@pytest.fixture
def office(university):
    return client_of(member_of(university))


def test_office_publishes_a_tender(office):
    response = office.post("/api/v1/tenders", {
        "title": "代理招标", "scope": "发明", "period_start": "2027-01-01", "period_end": "2027-12-31",
        "bid_deadline": (timezone.now() + dt.timedelta(days=21)).isoformat(), "price_weight": 30,
        "quality_weight": 70}, content_type="application/json")
    assert response.status_code == 201


def test_scores_are_sealed_before_the_deadline(office, university):
    tender = TenderFactory(organisation=university)
    assert office.get(f"/api/v1/tenders/{tender.pk}/scores").json()["error"]["code"] == "bids_sealed"


def test_broker_bid_through_the_api(university):
    agency = registered_agency()
    broker = client_of(member_of(agency, Role.AGENCY_BROKER))
    tender = TenderFactory(organisation=university)
    response = broker.post(f"/api/v1/tenders/{tender.pk}/bids", {"agency_id": agency.pk, "price": "90000",
                                                                  "offer": "方案"}, content_type="application/json")
    assert response.status_code == 201


def test_office_bid_is_refused_in_the_envelope(office, university):
    tender = TenderFactory(organisation=university)
    response = office.post(f"/api/v1/tenders/{tender.pk}/bids", {"agency_id": registered_agency().pk,
                                                                  "price": "1", "offer": "x"},
                           content_type="application/json")
    assert (response.status_code, response.json()["error"]["code"]) == (403, "permission_denied")


def test_agency_figures_are_public():
    agency = registered_agency()
    figures = Client().get(f"/api/v1/agencies/{agency.pk}").json()["quality"]["figures"]
    assert [f["key"] for f in figures] == ["grant_rate", "time_to_grant", "claims", "lapsed_3y", "invalidated"]


def test_office_reads_scores_after_the_deadline(office, university):
    tender = TenderFactory(organisation=university, bid_deadline=timezone.now() - dt.timedelta(hours=1))
    BidFactory(tender=tender)
    assert len(office.get(f"/api/v1/tenders/{tender.pk}/scores").json()) == 1


def test_platform_admin_imports_an_agency_list_through_the_api():
    PatentFactory(application_number="201710667329.7")
    upload = SimpleUploadedFile("list.csv", "申请号,代理机构\nCN201710667329.7,甲代理\nbad,乙\n".encode())
    body = client_of(UserFactory(is_superuser=True)).post("/api/v1/agency-lists", {"file": upload}).json()
    assert (body["updated"], [e["line"] for e in body["errors"]]) == (1, [3])
