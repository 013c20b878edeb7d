"""Who may and who may not, for every managers page and endpoint that reads a manager's private record or changes
anything: every role of the university, of another university, of an enterprise, the regulator, a bank, a broker and
the platform administrator. A role not listed as allowed is refused (401/403/404) and nothing changes."""

from __future__ import annotations

import datetime as dt
import io
import json
from types import SimpleNamespace

import pytest
from django.test import Client

from patentbridge.managers.models import ManagerProfile, Rank, TrainingRecord
from patentbridge.managers.tests.factories import training
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of

ACTORS = {
    "manager": ("uni", Role.TECH_TRANSFER_MANAGER),  # the manager whose record is tried
    "uni_office": ("uni", Role.TECH_TRANSFER_MANAGER),  # a colleague in the same office
    "uni_admin": ("uni", Role.ORG_ADMIN),
    "uni_inventor": ("uni", Role.INVENTOR),
    "uni2_office": ("uni2", Role.TECH_TRANSFER_MANAGER),
    "uni2_admin": ("uni2", Role.ORG_ADMIN),
    "firm_user": ("firm", Role.ENTERPRISE_USER),
    "firm_signatory": ("firm", Role.SIGNATORY),
    "bank_officer": ("bank", Role.BANK_OFFICER),
    "broker": ("agency", Role.AGENCY_BROKER),
    "regulator": ("regulator", Role.REGULATOR),
    "platform_admin": ("platform", Role.PLATFORM_ADMIN),
}
KINDS = {"uni": OrgKind.UNIVERSITY, "uni2": OrgKind.UNIVERSITY, "firm": OrgKind.ENTERPRISE,
         "bank": OrgKind.FINANCIAL, "agency": OrgKind.AGENCY, "regulator": OrgKind.REGULATOR,
         "platform": OrgKind.AGENCY}
OFFICE_READERS = {"manager", "uni_office", "uni_admin", "regulator", "platform_admin"}
WHOLE_READERS = OFFICE_READERS
TRAINERS = {"manager", "uni_admin"}
GRADERS = {"uni_admin"}
OVERSEERS = {"regulator", "platform_admin"}
LAST_WEEK = (dt.date.today() - dt.timedelta(days=7)).isoformat()


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    orgs = {key: OrganisationFactory(kind=kind) for key, kind in KINDS.items()}
    users = {name: member_of(orgs[org], role) for name, (org, role) in ACTORS.items()}
    ManagerProfile.objects.create(user=users["manager"], organisation=orgs["uni"], rank=Rank.JUNIOR)
    record = training(users["manager"], "8", dt.date.today(), evidence="managers/training/x.pdf")
    (tmp_path / "media/managers/training").mkdir(parents=True)
    (tmp_path / "media/managers/training/x.pdf").write_bytes(b"%PDF")
    return SimpleNamespace(orgs=orgs, users=users, manager=users["manager"], record=record)


def client_for(world, actor: str) -> Client:
    client = Client()
    client.force_login(world.users[actor])
    return client


def _refused(response) -> bool:
    return response.status_code in (401, 403, 404)


def _ok(response) -> bool:
    return response.status_code < 400


def _json(client, method: str, url: str, body: dict):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def _unchanged(world) -> bool:
    profile = ManagerProfile.objects.get(user=world.manager)
    return profile.rank == Rank.JUNIOR and TrainingRecord.objects.count() == 1


def test_anonymous_visitors_are_sent_to_sign_in(world):
    for url in ("/managers/office/", f"/managers/people/{world.manager.pk}/", "/managers/overview/"):
        assert Client().get(url).status_code == 302
    assert Client().get(f"/api/v1/managers/{world.manager.pk}").status_code == 401


@pytest.mark.parametrize("actor", ACTORS)
def test_reading_the_offices_managers_page(world, actor):
    response = client_for(world, actor).get(f"/managers/office/?org={world.orgs['uni'].pk}")
    assert _ok(response) if actor in OFFICE_READERS else _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_reading_the_offices_managers_through_the_api(world, actor):
    response = client_for(world, actor).get(f"/api/v1/managers/organisations/{world.orgs['uni'].pk}")
    assert _ok(response) if actor in OFFICE_READERS else _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_reading_a_private_profile_page(world, actor):
    response = client_for(world, actor).get(f"/managers/people/{world.manager.pk}/")
    assert _ok(response) if actor in WHOLE_READERS else _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_reading_a_private_profile_through_the_api(world, actor):
    response = client_for(world, actor).get(f"/api/v1/managers/{world.manager.pk}")
    assert _ok(response) and response.json()["whole"] if actor in WHOLE_READERS else _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_a_public_profile_shows_its_training_only_to_whole_readers(world, actor):
    ManagerProfile.objects.filter(user=world.manager).update(public=True)
    body = client_for(world, actor).get(f"/api/v1/managers/{world.manager.pk}").json()
    assert body["whole"] == (actor in WHOLE_READERS)
    assert (body["training"] is None) == (actor not in WHOLE_READERS)


@pytest.mark.parametrize("actor", ACTORS)
def test_downloading_training_evidence(world, actor):
    response = client_for(world, actor).get(f"/managers/training/{world.record.pk}/evidence/")
    assert _ok(response) if actor in WHOLE_READERS else _refused(response)


@pytest.mark.parametrize("actor", ACTORS)
def test_setting_a_grade_on_the_page(world, actor):
    response = client_for(world, actor).post(f"/managers/people/{world.manager.pk}/grade/", {"rank": "senior"})
    graded = ManagerProfile.objects.get(user=world.manager).rank == Rank.SENIOR
    assert graded if actor in GRADERS else (_refused(response) and _unchanged(world))


@pytest.mark.parametrize("actor", ACTORS)
def test_setting_a_grade_through_the_api(world, actor):
    response = _json(client_for(world, actor), "put", f"/api/v1/managers/{world.manager.pk}/grade",
                     {"rank": "senior"})
    assert _ok(response) if actor in GRADERS else (_refused(response) and _unchanged(world))


@pytest.mark.parametrize("actor", ACTORS)
def test_adding_training_on_the_page(world, actor):
    response = client_for(world, actor).post(f"/managers/people/{world.manager.pk}/training/", {
        "course": "新课程", "provider": "协会", "hours": "4", "taken_on": LAST_WEEK})
    added = TrainingRecord.objects.filter(course="新课程").exists()
    assert added if actor in TRAINERS else (_refused(response) and _unchanged(world))


@pytest.mark.parametrize("actor", ACTORS)
def test_adding_training_through_the_api(world, actor):
    response = _json(client_for(world, actor), "post", f"/api/v1/managers/{world.manager.pk}/training",
                     {"course": "新课程", "provider": "协会", "hours": "4", "taken_on": LAST_WEEK})
    assert response.status_code == 201 if actor in TRAINERS else (_refused(response) and _unchanged(world))


@pytest.mark.parametrize("actor", ACTORS)
def test_removing_training_on_the_page(world, actor):
    response = client_for(world, actor).post(f"/managers/training/{world.record.pk}/delete/")
    gone = not TrainingRecord.objects.exists()
    assert gone if actor in TRAINERS else (_refused(response) or response.status_code == 302) and _unchanged(world)


@pytest.mark.parametrize("actor", ACTORS)
def test_removing_training_through_the_api(world, actor):
    response = client_for(world, actor).delete(f"/api/v1/managers/training/{world.record.pk}")
    assert response.status_code == 204 if actor in TRAINERS else (_refused(response) and _unchanged(world))


@pytest.mark.parametrize("actor", ACTORS)
def test_importing_the_offices_training(world, actor):
    upload = io.BytesIO(f"用户名,课程,培训机构,学时,日期\n{world.manager.username},导入课程,协会,4,{LAST_WEEK}\n"
                        .encode())
    upload.name = "training.csv"
    response = client_for(world, actor).post(f"/managers/office/{world.orgs['uni'].pk}/import/", {"file": upload})
    imported = TrainingRecord.objects.filter(course="导入课程").exists()
    assert imported if actor == "uni_admin" else (_refused(response) and _unchanged(world))


@pytest.mark.parametrize("actor", ACTORS)
def test_reading_the_regulators_overview(world, actor):
    client = client_for(world, actor)
    page, api = client.get("/managers/overview/"), client.get("/api/v1/managers/overview")
    assert (_ok(page) and _ok(api)) if actor in OVERSEERS else (_refused(page) and _refused(api))


@pytest.mark.parametrize("actor", ACTORS)
def test_nobody_edits_anothers_profile_through_their_own(world, actor):
    _json(client_for(world, actor), "patch", "/api/v1/managers/me", {"bio": f"{actor} 写的"})
    bio = ManagerProfile.objects.get(user=world.manager).bio
    assert bio == ("manager 写的" if actor == "manager" else "")
