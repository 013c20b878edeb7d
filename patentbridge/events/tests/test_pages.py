"""The pages as their users go through them: create and publish, register, ask for a meeting, schedule, results."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import translation

from patentbridge.events.models import Event, Meeting, Registration
from patentbridge.events.tests.factories import EventFactory, accepted_meeting, soon, world
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_the_public_list_and_page_show_the_agenda_and_theme():
    event = EventFactory(theme_words="工业机器人")
    event.agenda.create(at=dt.time(9, 30), title="开幕致辞", speaker="市局")
    assert event.title in Client().get("/events/").content.decode()
    page = Client().get(f"/events/{event.pk}/").content.decode()
    assert "开幕致辞" in page and "工业机器人" in page


@pytest.mark.django_db
def test_an_organiser_creates_a_draft_and_publishes_it():
    bureau = OrganisationFactory(kind=OrgKind.REGULATOR)
    client = _client(member_of(bureau, Role.REGULATOR))
    start = soon()
    response = client.post("/events/mine/", {
        "kind": "matchmaking", "title": "新一代信息技术对接会", "ipc_areas": "G06N", "place": "广州",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"), "ends_at": start.replace(hour=23).strftime("%Y-%m-%dT%H:%M"),
        "registration_deadline": start.replace(hour=0).strftime("%Y-%m-%dT%H:%M"), "capacity": 20,
        "slot_minutes": 20, "slots": 6, "tables": 4})
    event = Event.objects.get(title="新一代信息技术对接会")
    assert response.status_code == 302 and event.status == "draft" and event.ipc_areas == ["G06N"]
    client.post(f"/events/{event.pk}/step/publish/")
    assert Event.objects.get(pk=event.pk).status == "published"


@pytest.mark.django_db
def test_an_enterprise_registers_on_the_event_page():
    event = EventFactory()
    firm = OrganisationFactory(kind=OrgKind.ENTERPRISE)
    response = _client(member_of(firm, Role.ENTERPRISE_USER)).post(
        f"/events/{event.pk}/register/", {"organisation": firm.pk, "side": "enterprise"})
    assert response.status_code == 302 and Registration.objects.filter(organisation=firm).exists()


@pytest.mark.django_db
def test_an_enterprise_asks_to_meet_a_holder_and_the_holder_accepts():
    w = world()
    _client(w.firm_user).post(f"/events/{w.event.pk}/meetings/request/",
                              {"enterprise": w.firm.pk, "holder": w.uni.pk, "patent": w.patent.pk})
    meeting = Meeting.objects.get()
    _client(w.uni_office).post(f"/events/{w.event.pk}/meetings/{meeting.pk}/accept/")
    assert Meeting.objects.get().status == "accepted"


@pytest.mark.django_db
def test_the_organiser_schedules_and_the_grid_shows_the_meeting():
    w = world()
    accepted_meeting(w)
    client = _client(w.organiser)
    client.post(f"/events/{w.event.pk}/meetings/schedule/")
    with translation.override("en"):
        page = client.get(f"/events/{w.event.pk}/meetings/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert Meeting.objects.get().slot == 0
    assert f"{w.firm.name} × {w.uni.name}" in page


@pytest.mark.django_db
def test_someone_not_taking_part_is_refused_the_meetings_page():
    w = world()
    stranger = member_of(OrganisationFactory(kind=OrgKind.ENTERPRISE), Role.ENTERPRISE_USER)
    assert _client(stranger).get(f"/events/{w.event.pk}/meetings/").status_code == 403


@pytest.mark.django_db
def test_the_organisers_page_lists_its_events():
    event = EventFactory(status="draft")
    page = _client(member_of(event.organiser, Role.REGULATOR)).get("/events/mine/").content.decode()
    assert event.title in page
