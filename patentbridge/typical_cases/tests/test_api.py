"""/api/v1/typical-cases: the public list and its filters, and draft → submit → approve / return → withdraw with
the project's error envelope."""

from __future__ import annotations

import pytest
from django.test import Client

from patentbridge.deals.models import DealStatus
from patentbridge.orgs.models import OrgKind, Role
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.typical_cases.models import TypicalCaseStatus
from patentbridge.typical_cases.tests.factories import TypicalCaseFactory, converted_deal

pytestmark = pytest.mark.django_db
S = TypicalCaseStatus
API = "/api/v1/typical-cases"


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, path: str, data: dict | None = None):
    return client.post(path, data or {}, content_type="application/json")


@pytest.fixture
def university():
    return OrganisationFactory()


@pytest.fixture
def office(university):
    return client_of(member_of(university))


@pytest.fixture
def regulator():
    return client_of(member_of(OrganisationFactory(kind=OrgKind.REGULATOR), Role.REGULATOR))


def test_anyone_lists_published_cases_filtered_by_city():
    TypicalCaseFactory(status=S.PUBLISHED, title="佛山案例", city_id="440600")
    TypicalCaseFactory(status=S.PUBLISHED, title="广州案例", city_id="440100")
    TypicalCaseFactory(status=S.DRAFT, title="草稿", city_id="440600")
    body = Client().get(API, {"city": "440600"}).json()
    assert [item["title"] for item in body["items"]] == ["佛山案例"]


def test_the_public_api_hides_the_amount_and_name_without_consent():
    case = TypicalCaseFactory(status=S.PUBLISHED)
    item = Client().get(f"{API}/{case.pk}").json()
    assert item["amount"] is None and item["counterparty"] != case.counterparty.name


def test_a_wrong_filter_answers_the_error_envelope():
    body = Client().get(API, {"industry": "电池"}).json()
    assert body["error"]["code"] == "validation_error" and "industry" in body["error"]["details"]


def test_the_office_drafts_submits_and_the_regulator_publishes(university, office, regulator):
    deal = converted_deal(university)
    draft = post(office, API, {"deal_id": deal.pk, "title": "案例", "summary": "摘要", "background": "背景",
                               "approach": "做法", "outcome": "成效", "lessons": "启示"})
    assert draft.status_code == 201 and draft.json()["status"] == S.DRAFT
    case_id = draft.json()["id"]
    assert post(office, f"{API}/{case_id}/submit").json()["status"] == S.SUBMITTED
    assert post(regulator, f"{API}/{case_id}/approve").json()["status"] == S.PUBLISHED
    assert [item["id"] for item in Client().get(API).json()["items"]] == [case_id]


def test_drafting_an_unfinished_deal_answers_409(university, office):
    deal = converted_deal(university, status=DealStatus.AGREED)
    body = post(office, API, {"deal_id": deal.pk, "title": "案例"})
    assert body.status_code == 409 and body.json()["error"]["code"] == "not_a_completed_conversion"


def test_drafting_another_organisations_deal_answers_403(office):
    body = post(office, API, {"deal_id": converted_deal().pk, "title": "案例"})
    assert body.status_code == 403 and body.json()["error"]["code"] == "permission_denied"


def test_the_office_cannot_approve_its_own_case_through_the_api(university, office):
    case = TypicalCaseFactory(deal=converted_deal(university), status=S.SUBMITTED)
    assert post(office, f"{API}/{case.pk}/approve").status_code == 403


def test_a_return_without_reasons_answers_400(regulator):
    case = TypicalCaseFactory(status=S.SUBMITTED)
    body = post(regulator, f"{API}/{case.pk}/return", {"note": ""})
    assert body.status_code == 400 and "note" in body.json()["error"]["details"]


def test_the_regulator_withdraws_a_published_case(regulator):
    case = TypicalCaseFactory(status=S.PUBLISHED)
    assert post(regulator, f"{API}/{case.pk}/withdraw", {"note": "数据有误"}).json()["status"] == S.WITHDRAWN
    assert Client().get(f"{API}/{case.pk}").status_code == 404


def test_the_office_patches_its_draft(university, office):
    case = TypicalCaseFactory(deal=converted_deal(university))
    body = office.patch(f"{API}/{case.pk}", {"jobs_created": 35}, content_type="application/json").json()
    assert body["jobs_created"] == 35 and body["title"] == case.title


def test_the_sources_list_the_offices_completed_conversions(university, office):
    done = converted_deal(university)
    converted_deal(university, status=DealStatus.DRAFT)
    assert [(s["kind"], s["id"]) for s in office.get(f"{API}/sources").json()] == [("deal", done.pk)]
