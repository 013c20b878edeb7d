"""The API's own flow: disclose, assign, assess, decide, file, read the timeline; and its error envelope."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from patentbridge.casework.models import Stage, TechnologyCase
from patentbridge.casework.tests.factories import FILED_NUMBER, assigned, filed, filing_decided, institution

pytestmark = pytest.mark.django_db


@pytest.fixture
def uni():
    return institution()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _send(client: Client, method: str, url: str, payload: dict):
    return getattr(client, method)(f"/api/v1/casework{url}", json.dumps(payload), content_type="application/json")


def test_a_case_goes_from_disclosure_to_its_application_through_the_api(uni):
    inventor, office, manager = _client(uni.inventor), _client(uni.office), _client(uni.manager)
    created = _send(inventor, "post", "/disclosures", {
        "title": "一种压缩机减振降噪装置", "problem": "振动", "solution": "隔振垫", "funding_source": "own",
        "inventors": [{"person": uni.inventor.username, "share": "66.67"}, {"person": "外聘专家", "share": "33.33"}],
        "publications": [{"planned_on": "2031-05-01", "venue": "学术会议"}]})
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert [i["share"] for i in created.json()["inventors"]] == ["66.67", "33.33"]
    assert _send(office, "post", f"/cases/{pk}/manager", {"username": uni.manager.username}).json()["stage"] == \
        Stage.ASSESSMENT
    assert _send(manager, "put", f"/cases/{pk}/assessment", {"route": "file", "reasons": "可申请"}).status_code == 200
    assert _send(office, "post", f"/cases/{pk}/decision", {"route": "file", "reasons": "申请"}).json()["stage"] == \
        Stage.FILING_DECIDED
    filed_case = _send(office, "post", f"/cases/{pk}/application",
                       {"application_number": FILED_NUMBER, "filed_on": "2024-03-01"}).json()
    assert filed_case["application_number"] == FILED_NUMBER and filed_case["stage"] == Stage.APPLICATION
    steps = inventor.get(f"/api/v1/casework/cases/{pk}/timeline?order=oldest").json()
    assert steps[0]["what"] and steps[0]["who"] == uni.inventor.username


def test_a_second_case_with_the_same_application_is_a_409_in_the_envelope(uni):
    filed(uni)
    second = filing_decided(uni, title="另一项技术")
    response = _send(_client(uni.office), "post", f"/cases/{second.pk}/application",
                     {"application_number": FILED_NUMBER, "filed_on": "2024-03-01"})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "application_taken"
    assert TechnologyCase.objects.get(pk=second.pk).stage == Stage.FILING_DECIDED


def test_a_malformed_application_number_is_a_400_naming_the_field(uni):
    case = filing_decided(uni)
    response = _send(_client(uni.office), "post", f"/cases/{case.pk}/application",
                     {"application_number": "12345", "filed_on": "2024-03-01"})
    assert response.status_code == 400
    assert "application_number" in response.json()["error"]["details"]


def test_the_manager_filter_takes_none_for_unassigned_cases(uni):
    case = filing_decided(uni)
    client = _client(uni.office)
    assert [c["id"] for c in client.get("/api/v1/casework/cases?manager=none").json()] == []
    assert [c["id"] for c in client.get(f"/api/v1/casework/cases?manager={uni.manager.pk}").json()] == [case.pk]


def test_my_tasks_lists_the_assessment_task(uni):
    case = assigned(uni)
    tasks = _client(uni.manager).get("/api/v1/casework/tasks").json()
    assert [(t["case_id"], t["kind"], t["assignee"]) for t in tasks] == [(case.pk, "assess", uni.manager.username)]
    assert _client(uni.office).get("/api/v1/casework/tasks").json() == []
