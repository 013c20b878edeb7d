"""/api/v1/managers: shapes and refusals in the one error envelope."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from patentbridge.managers.tests.factories import admin_of, manager_of, university
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db
LAST_WEEK = (dt.date.today() - dt.timedelta(days=7)).isoformat()


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _send(client, method, url, body):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def test_a_manager_reads_and_changes_their_own_profile():
    li = manager_of(university())
    client = client_of(li)
    assert client.get("/api/v1/managers/me").json()["whole"] is True
    body = _send(client, "patch", "/api/v1/managers/me", {"ipc_codes": ["H01M"], "industries": ["38"],
                                                          "public": True}).json()
    assert body["ipc_codes"] == ["H01M"] and body["industries"] == ["38"] and body["public"]


def test_someone_who_is_no_manager_has_no_profile():
    response = client_of(member_of(university(), Role.INVENTOR)).get("/api/v1/managers/me")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_an_unknown_ipc_code_is_a_validation_error_in_the_envelope():
    response = _send(client_of(manager_of(university())), "patch", "/api/v1/managers/me", {"ipc_codes": ["Q99"]})
    assert response.status_code == 400 and "ipc_codes" in response.json()["error"]["details"]


def test_the_administrator_grades_and_the_hours_add_up():
    uni = university()
    li = manager_of(uni)
    admin = client_of(admin_of(uni))
    body = _send(admin, "put", f"/api/v1/managers/{li.pk}/grade", {"rank": "senior", "certificate_number": "C-1"}).json()
    assert body["rank"] == "senior" and body["certificate_number"] == "C-1"
    for course in ("甲", "乙"):
        _send(admin, "post", f"/api/v1/managers/{li.pk}/training",
              {"course": course, "provider": "协会", "hours": "2.5", "taken_on": LAST_WEEK})
    (row,) = admin.get(f"/api/v1/managers/organisations/{uni.pk}").json()
    assert (row["user_id"], row["rank"], row["hours_total"], row["below_target"]) == (li.pk, "senior", "5.0", False)


def test_a_grade_outside_the_three_is_refused():
    uni = university()
    response = _send(client_of(admin_of(uni)), "put", f"/api/v1/managers/{manager_of(uni).pk}/grade",
                     {"rank": "master"})
    assert response.status_code in (400, 422)


def test_the_same_course_on_the_same_day_is_a_conflict():
    li = manager_of(university())
    client = client_of(li)
    body = {"course": "甲", "provider": "协会", "hours": "2", "taken_on": LAST_WEEK}
    assert _send(client, "post", f"/api/v1/managers/{li.pk}/training", body).status_code == 201
    again = _send(client, "post", f"/api/v1/managers/{li.pk}/training", body)
    assert again.status_code == 409 and again.json()["error"]["code"] == "training_duplicate"


def test_the_directory_lists_public_profiles_to_an_enterprise():
    shown = manager_of(university(), public=True)
    manager_of(university())
    firm = member_of(OrganisationFactory(kind=OrgKind.ENTERPRISE), Role.ENTERPRISE_USER)
    assert [p["username"] for p in client_of(firm).get("/api/v1/managers/directory").json()] == [shown.username]
