"""Who may and who may not, for every privacy page that reads a person's data or changes anything: the person, a
colleague, the administrator of the person's organisation (refused: the request is the person's own), another
university, an enterprise, a bank, a broker, the regulator, and the officer (the platform administrator). A role not
listed as allowed is refused (401/403/404) and nothing changes."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.privacy import services
from patentbridge.privacy.models import PrivacyRequest, RequestKind, RequestState

ACTORS = {
    "person": ("uni", Role.INVENTOR),  # the person the requests are about
    "uni_inventor": ("uni", Role.INVENTOR),
    "uni_office": ("uni", Role.TECH_TRANSFER_MANAGER),
    "uni_admin": ("uni", Role.ORG_ADMIN),
    "uni2_office": ("uni2", Role.TECH_TRANSFER_MANAGER),
    "firm_signatory": ("firm", Role.SIGNATORY),
    "bank_officer": ("bank", Role.BANK_OFFICER),
    "broker": ("agency", Role.AGENCY_BROKER),
    "regulator": ("regulator", Role.REGULATOR),
    "officer": ("platform", Role.PLATFORM_ADMIN),
}
KINDS = {"uni": OrgKind.UNIVERSITY, "uni2": OrgKind.UNIVERSITY, "firm": OrgKind.ENTERPRISE, "bank": OrgKind.FINANCIAL,
         "agency": OrgKind.AGENCY, "regulator": OrgKind.REGULATOR, "platform": OrgKind.AGENCY}
EVERYONE = set(ACTORS)


@pytest.fixture
def world(db):
    orgs = {key: OrganisationFactory(kind=kind) for key, kind in KINDS.items()}
    users = {name: member_of(orgs[org], role) for name, (org, role) in ACTORS.items()}
    person, head = users["person"], users["officer"]
    received = services.request_file(actor=person, subject_user=person, kind=RequestKind.ERASE)
    answered = services.request_file(actor=person, subject_user=person, kind=RequestKind.ACCESS)
    services.request_verify(actor=head, privacy_request=answered, note="本人")
    services.request_answer(actor=head, privacy_request=answered)
    return SimpleNamespace(users=users, person=person, received=received, answered=answered)


def client_for(world, actor: str) -> Client:
    client = Client()
    client.force_login(world.users[actor])
    return client


def _refused(response) -> bool:
    return response.status_code in (401, 403, 404)


def _ok(response) -> bool:
    return response.status_code < 400


def _unchanged(world) -> bool:
    states = dict(PrivacyRequest.objects.values_list("pk", "state"))
    return (states == {world.received.pk: RequestState.RECEIVED, world.answered.pk: RequestState.DONE}
            and world.person.__class__.objects.get(pk=world.person.pk).is_active)


@pytest.mark.parametrize("name", ["privacy:desk", "privacy:mine"])
def test_anonymous_visitors_are_sent_to_sign_in(world, name):
    response = Client().get(reverse(name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("actor", sorted(EVERYONE))
def test_everyone_signed_in_opens_their_own_page(world, actor):
    assert client_for(world, actor).get(reverse("privacy:mine")).status_code == 200


@pytest.mark.parametrize("actor", sorted(EVERYONE))
def test_only_the_officer_opens_the_desk(world, actor):
    response = client_for(world, actor).get(reverse("privacy:desk"))
    assert _ok(response) if actor == "officer" else _refused(response)


@pytest.mark.parametrize("actor", sorted(EVERYONE))
def test_only_the_person_and_the_officer_read_a_request(world, actor):
    response = client_for(world, actor).get(reverse("privacy:detail", args=[world.received.pk]))
    assert _ok(response) if actor in {"person", "officer"} else _refused(response)


@pytest.mark.parametrize("view", ["privacy:export_json", "privacy:export_summary"])
@pytest.mark.parametrize("actor", sorted(EVERYONE))
def test_only_the_person_and_the_officer_download_an_answered_copy(world, actor, view):
    response = client_for(world, actor).get(reverse(view, args=[world.answered.pk]))
    assert _ok(response) if actor in {"person", "officer"} else _refused(response)


@pytest.mark.parametrize("actor", sorted(EVERYONE))
def test_no_one_downloads_the_copy_before_the_identity_is_verified(world, actor):
    assert _refused(client_for(world, actor).get(reverse("privacy:export_json", args=[world.received.pk])))


@pytest.mark.parametrize("step", ["privacy:verify", "privacy:refuse"])
@pytest.mark.parametrize("actor", sorted(EVERYONE - {"officer"}))
def test_only_the_officer_takes_a_step(world, actor, step):
    client_for(world, actor).post(reverse(step, args=[world.received.pk]), {"text": "核验"})
    assert _unchanged(world)


@pytest.mark.parametrize("actor", sorted(EVERYONE - {"officer"}))
def test_no_one_else_files_a_request_from_the_desk(world, actor):
    client_for(world, actor).post(reverse("privacy:desk"), {"kind": "erase", "username": world.person.username})
    assert PrivacyRequest.objects.count() == 2


def test_the_officer_takes_the_step(world):
    client_for(world, "officer").post(reverse("privacy:verify", args=[world.received.pk]), {"text": "电话核实"})
    assert PrivacyRequest.objects.get(pk=world.received.pk).state == RequestState.VERIFIED
