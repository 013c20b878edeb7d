"""Who may and who may not, on every committee page and endpoint that reads its work or changes anything: the
university's office and administrator, its inventor, the committee's chair and a member (external experts without an
organisation), a former member, another university's office and committee chair, an enterprise's signatory, a bank,
a broker, the regulator and the platform administrator. Anyone not allowed is refused (401/403/404) and nothing
changes."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

import pytest
from django.test import Client

from patentbridge.committee import services
from patentbridge.committee.models import (
    CommitteeMember,
    CommitteePolicy,
    MeetingStatus,
    MemberRole,
    Opinion,
    ReviewStatus,
)
from patentbridge.committee.tests.factories import meeting, policy, review, seat
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, UserFactory, member_of

ORG_ACTORS = {
    "uni_office": ("uni", Role.TECH_TRANSFER_MANAGER),
    "uni_admin": ("uni", Role.ORG_ADMIN),
    "uni_inventor": ("uni", Role.INVENTOR),
    "uni2_office": ("uni2", Role.TECH_TRANSFER_MANAGER),
    "firm_signatory": ("firm", Role.SIGNATORY),
    "bank_officer": ("bank", Role.BANK_OFFICER),
    "broker": ("agency", Role.AGENCY_BROKER),
    "regulator": ("regulator", Role.REGULATOR),
    "platform_admin": ("platform", Role.PLATFORM_ADMIN),
}
SEATED = ("chair", "member", "former_member", "uni2_chair")
ACTORS = [*ORG_ACTORS, *SEATED, "anonymous"]
KINDS = {"uni": OrgKind.UNIVERSITY, "uni2": OrgKind.UNIVERSITY, "firm": OrgKind.ENTERPRISE,
         "bank": OrgKind.FINANCIAL, "agency": OrgKind.AGENCY, "regulator": OrgKind.REGULATOR,
         "platform": OrgKind.AGENCY}
READERS = {"uni_office", "uni_admin", "chair", "member"}
MANAGERS = {"uni_office", "uni_admin"}
DECIDERS = {"uni_office", "uni_admin", "chair"}
VOTERS = {"chair", "member"}


@pytest.fixture
def world(db):
    orgs = {key: OrganisationFactory(kind=kind) for key, kind in KINDS.items()}
    users = {name: member_of(orgs[org], role) for name, (org, role) in ORG_ACTORS.items()}
    seats = {"chair": seat(orgs["uni"], role=MemberRole.CHAIR), "member": seat(orgs["uni"]),
             "former_member": seat(orgs["uni"], ends_on=dt.date(2025, 6, 30)),
             "uni2_chair": seat(orgs["uni2"], role=MemberRole.CHAIR)}
    users.update({name: s.user for name, s in seats.items()})
    policy(orgs["uni"])
    called = meeting(orgs["uni"], [review(orgs["uni"], by=users["uni_office"])], status=MeetingStatus.IN_SESSION)
    for name in ("chair", "member"):
        services.attendance_record(actor=users["uni_office"], meeting=called, member=seats[name])
        services.conflict_declare(actor=users[name], item=called.items.get(), conflicted=False)
    return SimpleNamespace(orgs=orgs, users=users, seats=seats, meeting=called, item=called.items.get())


def client_for(world, actor: str) -> Client:
    client = Client()
    if actor != "anonymous":
        client.force_login(world.users[actor])
    return client


def _refused(response) -> bool:
    return response.status_code in (401, 403, 404)


def _ok(response) -> bool:
    return response.status_code < 400


def _post(client: Client, url: str, body: dict, method: str = "post"):
    return getattr(client, method)(url, json.dumps(body, default=str), content_type="application/json")


@pytest.mark.parametrize("actor", ACTORS)
def test_reading_the_committee_page_and_api(world, actor):
    client = client_for(world, actor)
    page = client.get(f"/committee/org/{world.orgs['uni'].pk}/")
    api = client.get(f"/api/v1/committee/organisations/{world.orgs['uni'].pk}")
    if actor in READERS:
        assert _ok(page) and _ok(api)
    else:
        assert (page.status_code in (302, 403, 404) if actor == "anonymous" else _refused(page)) and _refused(api)


@pytest.mark.parametrize("actor", ACTORS)
def test_reading_a_meeting_page_and_api(world, actor):
    client = client_for(world, actor)
    page = client.get(f"/committee/meeting/{world.meeting.pk}/")
    api = client.get(f"/api/v1/committee/meetings/{world.meeting.pk}")
    if actor in READERS:
        assert _ok(page) and _ok(api)
    else:
        assert (page.status_code in (302, 403, 404) if actor == "anonymous" else _refused(page)) and _refused(api)


@pytest.mark.parametrize("actor", ACTORS)
def test_setting_the_policy(world, actor):
    response = _post(client_for(world, actor), f"/api/v1/committee/organisations/{world.orgs['uni'].pk}/policy",
                     {"equity_needs_review": True}, method="put")
    changed = CommitteePolicy.objects.get(organisation=world.orgs["uni"]).equity_needs_review
    assert (_ok(response) and changed) if actor in MANAGERS else (_refused(response) and not changed)


@pytest.mark.parametrize("actor", ACTORS)
def test_adding_a_member(world, actor):
    expert = UserFactory()
    response = _post(client_for(world, actor), f"/api/v1/committee/organisations/{world.orgs['uni'].pk}/members",
                     {"username": expert.username, "starts_on": "2026-01-01"})
    added = CommitteeMember.objects.filter(user=expert).exists()
    assert (_ok(response) and added) if actor in MANAGERS else (_refused(response) and not added)


@pytest.mark.parametrize("actor", ACTORS)
def test_voting(world, actor):
    response = _post(client_for(world, actor), f"/api/v1/committee/items/{world.item.pk}/vote",
                     {"choice": "approve"})
    votes = set(Opinion.objects.filter(item=world.item).exclude(choice="").values_list("member__user_id", flat=True))
    if actor in VOTERS:
        assert _ok(response) and votes == {world.users[actor].pk}
    else:
        assert _refused(response) and votes == set()


@pytest.mark.parametrize("actor", ACTORS)
def test_recording_a_decision(world, actor):
    for name in ("chair", "member"):
        services.vote_cast(actor=world.users[name], item=world.item, choice="approve")
    response = _post(client_for(world, actor), f"/api/v1/committee/items/{world.item.pk}/decision",
                     {"outcome": "approved"})
    world.item.review.refresh_from_db()
    decided = world.item.review.status == ReviewStatus.APPROVED
    assert (_ok(response) and decided) if actor in DECIDERS else (_refused(response) and not decided)


@pytest.mark.parametrize("actor", ACTORS)
def test_voting_through_the_page(world, actor):
    client_for(world, actor).post(f"/committee/item/{world.item.pk}/vote/", {"choice": "reject"})
    votes = set(Opinion.objects.filter(item=world.item).exclude(choice="").values_list("member__user_id", flat=True))
    assert votes == ({world.users[actor].pk} if actor in VOTERS else set())
