"""Who may and who may not, for every events page and endpoint that changes something or reads private data: the
organising city bureau and another city's, the provincial bureau, a bank (another organiser), the enterprise's and
the university's people, another registered enterprise, a broker and the platform administrator. A role not listed as
allowed is refused (401/403/404) and changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from patentbridge.events import services
from patentbridge.events.models import Event, Meeting, MeetingStatus, Registration
from patentbridge.events.tests.factories import EventFactory
from patentbridge.orgs.models import City, OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.patents.tests.factories import PatentFactory

ACTORS = {
    "gz_regulator": ("gz", Role.REGULATOR), "sz_regulator": ("sz", Role.REGULATOR),
    "prov_regulator": ("prov", Role.REGULATOR), "bank_officer": ("bank", Role.BANK_OFFICER),
    "firm_user": ("firm", Role.ENTERPRISE_USER), "firm_signatory": ("firm", Role.SIGNATORY),
    "firm_admin": ("firm", Role.ORG_ADMIN), "firm2_signatory": ("firm2", Role.SIGNATORY),
    "uni_office": ("uni", Role.TECH_TRANSFER_MANAGER), "uni_admin": ("uni", Role.ORG_ADMIN),
    "broker": ("agency", Role.AGENCY_BROKER), "platform_admin": ("platform", Role.PLATFORM_ADMIN),
}
ORGANISER = {"gz_regulator"}
MEETING_READERS = {"gz_regulator", "prov_regulator", "platform_admin", "firm_user", "firm_signatory", "firm_admin",
                   "uni_office", "uni_admin"}
RESULTS_READERS = {"gz_regulator", "prov_regulator", "platform_admin"}
OUTCOME_RECORDERS = {"gz_regulator", "firm_user", "firm_signatory", "uni_office"}


@pytest.fixture
def world(db):
    gz, sz = City.objects.get(pk="440100"), City.objects.get(pk="440300")
    orgs = {"gz": OrganisationFactory(kind=OrgKind.REGULATOR, city=gz),
            "sz": OrganisationFactory(kind=OrgKind.REGULATOR, city=sz),
            "prov": OrganisationFactory(kind=OrgKind.REGULATOR, city=None),
            "bank": OrganisationFactory(kind=OrgKind.FINANCIAL), "firm": OrganisationFactory(kind=OrgKind.ENTERPRISE),
            "firm2": OrganisationFactory(kind=OrgKind.ENTERPRISE), "uni": OrganisationFactory(kind=OrgKind.UNIVERSITY),
            "agency": OrganisationFactory(kind=OrgKind.AGENCY), "platform": OrganisationFactory(kind=OrgKind.AGENCY)}
    users = {name: member_of(orgs[org], role) for name, (org, role) in ACTORS.items()}
    event = EventFactory(organiser=orgs["gz"], city=gz, tables=3, slots=3)
    patents = [PatentFactory(owner=orgs["uni"]) for _ in range(3)]
    for org, side, who in (("firm", "enterprise", "firm_user"), ("firm2", "enterprise", "firm2_signatory"),
                           ("uni", "holder", "uni_office")):
        services.register(actor=users[who], event=event, organisation=orgs[org], side=side,
                          patents=patents if org == "uni" else [])
    meetings = [services.meeting_request(actor=users["firm_user"], event=event, enterprise=orgs["firm"],
                                         holder=orgs["uni"], patent=patent) for patent in patents]
    for meeting in meetings[:2]:
        services.meeting_accept(actor=users["uni_office"], meeting=meeting)
    services.meeting_move(actor=users["gz_regulator"], meeting=meetings[0], slot=0, table=1)
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - dt.timedelta(minutes=30))
    return SimpleNamespace(orgs=orgs, users=users, event=Event.objects.get(pk=event.pk), held=meetings[0],
                           accepted=meetings[1], requested=meetings[2])


def client_for(world, actor: str) -> Client:
    client = Client()
    client.force_login(world.users[actor])
    return client


def _refused(response) -> bool:
    return response.status_code in (401, 403, 404)


def _ok(response) -> bool:
    return response.status_code < 400


def _put(client: Client, url: str, body: dict):
    return client.put(url, json.dumps(body), content_type="application/json")


def _post(client: Client, url: str, body: dict | None = None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


@pytest.mark.parametrize("actor", ACTORS)
def test_editing_the_event_page(world, actor):
    response = client_for(world, actor).post(f"/events/{world.event.pk}/edit/", {"title": "改名"})
    assert response.status_code == 200 if actor in ORGANISER else _refused(response)  # 200: the form, re-shown
    assert Event.objects.get(pk=world.event.pk).title == world.event.title


@pytest.mark.parametrize("actor", ACTORS)
def test_cancelling_the_event(world, actor):
    response = _post(client_for(world, actor), f"/api/v1/events/{world.event.pk}/cancel", {"reason": "测试"})
    assert _ok(response) if actor in ORGANISER else _refused(response)
    assert (Event.objects.get(pk=world.event.pk).status == "cancelled") == (actor in ORGANISER)


@pytest.mark.parametrize("actor", ACTORS)
def test_scheduling_meetings(world, actor):
    response = _post(client_for(world, actor), f"/api/v1/events/{world.event.pk}/schedule")
    assert _ok(response) if actor in ORGANISER else _refused(response)
    assert (Meeting.objects.get(pk=world.accepted.pk).slot is not None) == (actor in ORGANISER)


@pytest.mark.parametrize("actor", ACTORS)
def test_moving_a_meeting(world, actor):
    response = _put(client_for(world, actor), f"/api/v1/events/{world.event.pk}/meetings/{world.held.pk}/place",
                    {"slot": 2, "table": 3})
    assert _ok(response) if actor in ORGANISER else _refused(response)
    assert (Meeting.objects.get(pk=world.held.pk).slot == 2) == (actor in ORGANISER)


@pytest.mark.parametrize("actor", ACTORS)
def test_recording_a_meetings_outcome(world, actor):
    response = _put(client_for(world, actor), f"/api/v1/events/{world.event.pk}/meetings/{world.held.pk}/outcome",
                    {"outcome": "follow_up"})
    assert _ok(response) if actor in OUTCOME_RECORDERS else _refused(response)
    assert (Meeting.objects.get(pk=world.held.pk).outcome == "follow_up") == (actor in OUTCOME_RECORDERS)


@pytest.mark.parametrize("actor", ACTORS)
def test_recording_an_outcome_on_the_meetings_page(world, actor):
    response = client_for(world, actor).post(f"/events/{world.event.pk}/meetings/{world.held.pk}/outcome/",
                                             {"outcome": "no_interest"})
    assert response.status_code == 302 or _refused(response)
    assert (Meeting.objects.get(pk=world.held.pk).outcome == "no_interest") == (actor in OUTCOME_RECORDERS)


@pytest.mark.parametrize("actor", ACTORS)
def test_reading_meeting_requests(world, actor):
    response = client_for(world, actor).get(f"/api/v1/events/{world.event.pk}/meetings")
    assert response.status_code == 200
    assert ({m["id"] for m in response.json()} == {world.held.pk, world.accepted.pk, world.requested.pk}) == (
        actor in MEETING_READERS)
    assert (response.json() == []) == (actor not in MEETING_READERS)


@pytest.mark.parametrize("actor", ACTORS)
def test_answering_a_meeting_request(world, actor):
    response = _post(client_for(world, actor),
                     f"/api/v1/events/{world.event.pk}/meetings/{world.requested.pk}/accept")
    assert _ok(response) if actor == "uni_office" else _refused(response)
    assert (Meeting.objects.get(pk=world.requested.pk).status == MeetingStatus.ACCEPTED) == (actor == "uni_office")


@pytest.mark.parametrize("actor", ACTORS)
def test_reading_the_results(world, actor):
    client = client_for(world, actor)
    page, api = client.get(f"/events/{world.event.pk}/results/"), client.get(f"/api/v1/events/{world.event.pk}/results")
    assert _ok(page) and _ok(api) if actor in RESULTS_READERS else _refused(page) and _refused(api)
    export = client.get(f"/events/{world.event.pk}/results/?format=csv")
    assert (export.status_code == 200 and world.orgs["firm"].name in export.content.decode()) == (
        actor in RESULTS_READERS)


@pytest.mark.parametrize("actor", ACTORS)
def test_reading_the_proposals_page(world, actor):
    response = client_for(world, actor).get(f"/events/{world.event.pk}/proposals/")
    assert _ok(response) if actor in ORGANISER else _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_registering_an_organisation_one_does_not_act_for(world, actor):
    outsider = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    response = _post(client_for(world, actor), f"/api/v1/events/{world.event.pk}/registrations",
                     {"organisation_id": outsider.pk, "side": "enterprise"})
    assert _refused(response)
    assert not Registration.objects.filter(organisation=outsider).exists()


@pytest.mark.parametrize("actor", ACTORS)
def test_a_draft_is_seen_only_by_its_organiser(world, actor):
    Event.objects.filter(pk=world.event.pk).update(status="draft")
    page = client_for(world, actor).get(f"/events/{world.event.pk}/")
    assert _ok(page) if actor in ORGANISER else _refused(page)


def test_an_anonymous_visitor_reads_the_public_event_but_changes_nothing(world):
    client = Client()
    assert client.get(f"/events/{world.event.pk}/").status_code == 200
    assert client.get(f"/api/v1/events/{world.event.pk}").status_code == 200
    assert _refused(_post(client, f"/api/v1/events/{world.event.pk}/schedule"))
    assert _refused(client.get(f"/api/v1/events/{world.event.pk}/meetings"))


def test_an_agency_broker_organises_events_for_the_agency_only(world):
    from patentbridge.orgs.permissions import Action, is_allowed

    broker = world.users["broker"]
    assert (is_allowed(broker, Action.EVENT_ORGANISE, world.orgs["agency"]),
            is_allowed(broker, Action.EVENT_ORGANISE, world.orgs["bank"]),
            is_allowed(broker, Action.EVENT_ORGANISE, world.event)) == (True, False, False)
