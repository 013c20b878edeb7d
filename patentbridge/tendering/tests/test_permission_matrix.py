"""Who may and who may not, for every tendering page and endpoint that changes something or reads sealed bids: every
role of the tendering university and of its agency, of another organisation of the same kind, and of the platform.
A role not listed as allowed is refused (401/403/404) and changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.tendering.models import AgencyRegistration, Bid, Tender, TenderStatus
from patentbridge.tendering.tests.factories import BidFactory, RegistrationFactory, TenderFactory

ACTORS = {
    "uni_office": ("uni", Role.TECH_TRANSFER_MANAGER),
    "uni_inventor": ("uni", Role.INVENTOR),
    "uni_admin": ("uni", Role.ORG_ADMIN),
    "uni2_office": ("uni2", Role.TECH_TRANSFER_MANAGER),
    "broker": ("agency", Role.AGENCY_BROKER),
    "agency_admin": ("agency", Role.ORG_ADMIN),
    "broker2": ("agency2", Role.AGENCY_BROKER),
    "firm_signatory": ("firm", Role.SIGNATORY),
    "bank_officer": ("bank", Role.BANK_OFFICER),
    "regulator": ("regulator", Role.REGULATOR),
    "platform_admin": ("platform", Role.PLATFORM_ADMIN),
}
KINDS = {"uni": OrgKind.UNIVERSITY, "uni2": OrgKind.UNIVERSITY, "agency": OrgKind.AGENCY, "agency2": OrgKind.AGENCY,
         "firm": OrgKind.ENTERPRISE, "bank": OrgKind.FINANCIAL, "regulator": OrgKind.REGULATOR,
         "platform": OrgKind.AGENCY}
BIDDERS = {"broker", "broker2"}


@pytest.fixture
def world(db):
    orgs = {key: OrganisationFactory(kind=kind) for key, kind in KINDS.items()}
    users = {name: member_of(orgs[org], role) for name, (org, role) in ACTORS.items()}
    for agency in ("agency", "agency2"):
        RegistrationFactory(organisation=orgs[agency])
    open_tender = TenderFactory(organisation=orgs["uni"])
    closed = TenderFactory(organisation=orgs["uni"])
    bid = BidFactory(tender=closed, agency=orgs["agency"])
    Tender.objects.filter(pk=closed.pk).update(bid_deadline=timezone.now() - dt.timedelta(hours=1))
    return SimpleNamespace(orgs=orgs, users=users, open=open_tender, closed=closed, bid=bid)


def client_for(world, actor: str) -> Client:
    client = Client()
    client.force_login(world.users[actor])
    return client


def _post(client: Client, url: str, body: dict):
    return client.post(url, json.dumps(body, default=str), content_type="application/json")


def _refused(response) -> bool:
    return response.status_code in (401, 403, 404)


@pytest.mark.parametrize("actor", ACTORS)
def test_publishing_a_tender_for_the_university(world, actor):
    start = dt.date.today() + dt.timedelta(days=60)
    response = _post(client_for(world, actor), "/api/v1/tenders", {
        "organisation_id": world.orgs["uni"].pk, "title": "专利代理服务", "scope": "发明专利申请",
        "period_start": start, "period_end": start + dt.timedelta(days=365),
        "bid_deadline": timezone.now() + dt.timedelta(days=25), "price_weight": 30, "quality_weight": 70})
    if actor == "uni_office":
        assert response.status_code == 201
    else:
        assert _refused(response) or response.status_code == 400
        assert Tender.objects.count() == 2


@pytest.mark.parametrize("actor", ACTORS)
def test_opening_the_tender_form(world, actor):
    response = client_for(world, actor).get("/tenders/new/")
    assert response.status_code == 200 if actor in {"uni_office", "uni2_office"} else _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_bidding_for_an_agency(world, actor):
    agency = world.orgs["agency"]
    response = _post(client_for(world, actor), f"/api/v1/tenders/{world.open.pk}/bids",
                     {"agency_id": agency.pk, "price": "90000", "offer": "两名代理师"})
    if actor == "broker":
        assert response.status_code == 201
    else:
        assert _refused(response)
        assert not Bid.objects.filter(tender=world.open).exists()


@pytest.mark.parametrize("actor", ACTORS)
def test_opening_the_bid_form(world, actor):
    response = client_for(world, actor).get(f"/tenders/{world.open.pk}/bid/")
    assert response.status_code == 200 if actor in BIDDERS else _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_reading_the_sealed_bids_and_their_scores(world, actor):
    client = client_for(world, actor)
    page, api = client.get(f"/tenders/{world.closed.pk}/scores/"), client.get(
        f"/api/v1/tenders/{world.closed.pk}/scores")
    if actor == "uni_office":
        assert page.status_code == 200 and api.status_code == 200
    else:
        assert _refused(page) and _refused(api)


@pytest.mark.parametrize("actor", ACTORS)
def test_awarding_the_tender(world, actor):
    response = _post(client_for(world, actor), f"/api/v1/tenders/{world.closed.pk}/award",
                     {"bid_id": world.bid.pk, "reasons": "质量得分最高"})
    world.closed.refresh_from_db()
    assert (world.closed.status == TenderStatus.AWARDED) == (actor == "uni_office")
    if actor != "uni_office":
        assert _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_cancelling_the_tender(world, actor):
    response = client_for(world, actor).post(f"/tenders/{world.open.pk}/cancel/", {"reason": "预算调整"})
    world.open.refresh_from_db()
    assert (world.open.status == TenderStatus.CANCELLED) == (actor == "uni_office")
    if actor != "uni_office":
        assert _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_entering_an_agencys_practice_licence(world, actor):
    agency = world.orgs["agency"]
    response = client_for(world, actor).put(f"/api/v1/agencies/{agency.pk}/registration", json.dumps({
        "licence_number": "44999", "registered_on": "2016-03-01"}), content_type="application/json")
    changed = AgencyRegistration.objects.get(organisation=agency).licence_number == "44999"
    assert changed == (actor == "agency_admin")
    if not changed:
        assert _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_uploading_the_agency_list(world, actor):
    response = client_for(world, actor).get("/tenders/agency-list/")
    assert response.status_code == 200 if actor == "platform_admin" else _refused(response)
