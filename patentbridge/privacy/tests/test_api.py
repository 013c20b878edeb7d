"""/api/v1/privacy: the person files and reads their own requests and, once answered, their copy; the officer works
the queue; nobody else reads or moves a request (404, nothing changes)."""

from __future__ import annotations

import pytest
from django.test import Client

from patentbridge.core.services import api_token_create
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.privacy.models import PrivacyRequest, RequestState
from patentbridge.privacy.tests import factories as f

pytestmark = pytest.mark.django_db


def api(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=user, name='t')}")


@pytest.fixture
def people():
    person = f.person()
    return person, f.officer(), member_of(OrganisationFactory(kind=OrgKind.UNIVERSITY), Role.TECH_TRANSFER_MANAGER)


def test_a_person_files_a_request_about_themself(people):
    person, _, _ = people
    response = api(person).post("/api/v1/privacy/requests", {"kind": "access"}, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["state"] == "received" and body["subject_username"] == person.username and body["due_on"]
    assert [r["id"] for r in api(person).get("/api/v1/privacy/requests").json()] == [body["id"]]


def test_a_correction_without_saying_what_is_wrong_is_refused_with_the_envelope(people):
    response = api(people[0]).post("/api/v1/privacy/requests", {"kind": "correct"}, content_type="application/json")
    assert response.status_code == 400 and "details" in response.json()["error"]["details"]
    assert not PrivacyRequest.objects.exists()


def test_the_officer_verifies_and_answers_and_then_the_person_has_the_copy(people):
    person, officer, _ = people
    filed = f.filed(person)
    desk = api(officer)
    assert [r["id"] for r in desk.get("/api/v1/privacy/desk").json()] == [filed.pk]
    assert api(person).get(f"/api/v1/privacy/requests/{filed.pk}/copy").status_code == 403
    base = f"/api/v1/privacy/requests/{filed.pk}"
    assert desk.post(f"{base}/verify", {"note": "身份证核验"}, content_type="application/json").json()["state"] == \
        "verified"
    assert desk.post(f"{base}/answer", {"answer": "附件为副本"}, content_type="application/json").json()["state"] == "done"
    copy = api(person).get(f"{base}/copy")
    assert copy.status_code == 200 and copy.json()["request"]["subject_name"] == "张伟" and copy.json()["sources"]


def test_another_user_neither_reads_nor_moves_the_request(people):
    person, _, stranger = people
    filed = f.filed(person)
    other = api(stranger)
    for response in (other.get(f"/api/v1/privacy/requests/{filed.pk}"),
                     other.get(f"/api/v1/privacy/requests/{filed.pk}/copy"),
                     other.post(f"/api/v1/privacy/requests/{filed.pk}/verify", {"note": "x"},
                                content_type="application/json")):
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert other.get("/api/v1/privacy/desk").status_code == 403
    filed.refresh_from_db()
    assert filed.state == RequestState.RECEIVED


def test_the_person_cannot_verify_their_own_request(people):
    person, _, _ = people
    filed = f.filed(person)
    response = api(person).post(f"/api/v1/privacy/requests/{filed.pk}/verify", {"note": "本人"},
                                content_type="application/json")
    assert response.status_code == 403
    filed.refresh_from_db()
    assert filed.state == RequestState.RECEIVED


def test_the_officer_records_a_request_from_a_person_without_an_account(people):
    _, officer, _ = people
    response = api(officer).post("/api/v1/privacy/desk", {"kind": "erase", "subject_name": "王晓红",
                                                          "subject_contact": "13900000000",
                                                          "received_on": "2026-11-27"},
                                 content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["subject_username"] is None and body["subject_name"] == "王晓红" and body["due_on"] > "2026-12-01"


def test_an_unknown_account_on_the_desk_is_a_field_error(people):
    response = api(people[1]).post("/api/v1/privacy/desk", {"kind": "access", "subject_username": "nobody"},
                                   content_type="application/json")
    error = response.json()["error"]
    assert response.status_code == 400 and error["code"] == "validation_error"
    assert "subject_username" in error["details"] and not PrivacyRequest.objects.exists()


def test_a_verification_without_saying_how_names_the_field_sent(people):
    person, officer, _ = people
    filed = f.filed(person)
    response = api(officer).post(f"/api/v1/privacy/requests/{filed.pk}/verify", {"note": " "},
                                 content_type="application/json")
    assert response.status_code == 400 and list(response.json()["error"]["details"]) == ["note"]
