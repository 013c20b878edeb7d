"""/api/v1/events: an organiser's event from creation to publication, registration with the waiting list, and the
error envelope of a schedule clash."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from patentbridge.events.tests.factories import accepted_meeting, register_org, soon, world
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.patents.tests.factories import PatentFactory


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _json(client: Client, method: str, url: str, body: dict | None = None):
    return getattr(client, method)(url, json.dumps(body or {}), content_type="application/json")


@pytest.mark.django_db
def test_an_organiser_creates_and_publishes_an_event_that_then_appears_in_the_public_list():
    bank = OrganisationFactory(kind=OrgKind.FINANCIAL)
    client = _client(member_of(bank, Role.BANK_OFFICER))
    start = soon()
    created = _json(client, "post", "/api/v1/events", {
        "kind": "finance", "title": "知惠行·质押融资对接", "ipc_areas": ["h01m"], "city": "440100",
        "starts_at": start.isoformat(), "ends_at": start.replace(hour=23).isoformat(),
        "registration_deadline": start.replace(hour=0).isoformat(), "online_link": "https://example.org/live",
        "capacity": 50})
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["status"], body["ipc_areas"], body["city"]) == ("draft", ["H01M"], "440100")
    assert Client().get("/api/v1/events").json() == []
    assert _json(client, "post", f"/api/v1/events/{body['id']}/publish").json()["status"] == "published"
    assert [e["id"] for e in Client().get("/api/v1/events").json()] == [body["id"]]


@pytest.mark.django_db
def test_registering_past_capacity_answers_waiting():
    w = world(capacity=2)
    firm = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    response = _json(_client(member_of(firm, Role.SIGNATORY)), "post", f"/api/v1/events/{w.event.pk}/registrations",
                     {"organisation_id": firm.pk, "side": "enterprise"})
    assert response.status_code == 201 and response.json()["status"] == "waiting"


@pytest.mark.django_db
def test_a_schedule_clash_is_a_409_with_its_code():
    w = world()
    firm2, uni2 = register_org(w.event), register_org(w.event, OrgKind.UNIVERSITY, "holder")
    first = accepted_meeting(w)
    second = accepted_meeting(w, firm2, uni2, patent=PatentFactory(owner=uni2))
    client = _client(w.organiser)
    assert _json(client, "put", f"/api/v1/events/{w.event.pk}/meetings/{first.pk}/place",
                 {"slot": 0, "table": 1}).status_code == 200
    clash = _json(client, "put", f"/api/v1/events/{w.event.pk}/meetings/{second.pk}/place", {"slot": 0, "table": 1})
    assert clash.status_code == 409 and clash.json()["error"]["code"] == "schedule_clash"
