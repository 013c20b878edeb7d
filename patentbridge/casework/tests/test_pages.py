"""The casework pages: disclosing through the form, the case page's sections for each role, the list and its
filters, and the application form linking a patent that then shows on the timeline (English, for readable asserts)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone, translation

from patentbridge.casework.models import Disclosure, Stage, TechnologyCase
from patentbridge.casework.tests.factories import (
    FILED_NUMBER,
    assessed,
    assigned,
    disclosed,
    filing_decided,
    institution,
)
from patentbridge.patents.tests.factories import PatentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def uni():
    return institution()


def _client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def _form(**extra) -> dict:
    data = {"title": "一种声学超材料", "problem": "低频噪声难以吸收", "solution": "亥姆霍兹共振腔阵列", "advantages": "",
            "funding_source": "fiscal", "project_number": "NSFC-52000001",
            "inv-TOTAL_FORMS": "2", "inv-INITIAL_FORMS": "0", "pub-TOTAL_FORMS": "1", "pub-INITIAL_FORMS": "0"}
    return {**data, **extra}


def test_an_inventor_discloses_through_the_form(uni):
    soon = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    response = _client(uni.inventor).post("/casework/disclose/", _form(**{
        "inv-0-person": uni.inventor.username, "inv-0-share": "60", "inv-1-person": "校外专家李四", "inv-1-share": "40",
        "pub-0-planned_on": soon, "pub-0-venue": "声学学报"}))
    case = TechnologyCase.objects.get()
    assert response.status_code == 302 and response.url == f"/casework/cases/{case.pk}/"
    assert case.disclosure.funding_source == "fiscal" and case.disclosure.inventors.count() == 2
    page = _client(uni.inventor).get(response.url).content.decode()
    assert 'data-testid="publication-warning"' in page and "声学学报" in page


def test_shares_not_adding_up_keep_the_form_and_say_why(uni):
    response = _client(uni.inventor).post("/casework/disclose/", _form(**{
        "inv-0-person": uni.inventor.username, "inv-0-share": "60", "inv-1-person": "李四", "inv-1-share": "30"}))
    assert response.status_code == 200
    assert not Disclosure.objects.exists()
    assert "100" in response.content.decode() and "一种声学超材料" in response.content.decode()


def test_the_form_offers_the_inventor_as_the_first_inventor_at_100(uni):
    page = _client(uni.inventor).get("/casework/disclose/").content.decode()
    assert f'value="{uni.inventor.username}"' in page and 'value="100"' in page


def test_the_inventor_sees_the_case_but_no_office_forms(uni):
    case = assessed(uni)
    page = _client(uni.inventor).get(f"/casework/cases/{case.pk}/").content.decode()
    assert 'data-testid="prior-art"' in page and 'data-testid="assessment"' in page
    assert 'data-testid="decision-form"' not in page and 'data-testid="assign-form"' not in page


def test_the_office_sees_the_assign_and_decision_forms(uni):
    case = assessed(uni)
    page = _client(uni.office).get(f"/casework/cases/{case.pk}/").content.decode()
    assert 'data-testid="assign-form"' in page and 'data-testid="decision-form"' in page


def test_the_manager_records_the_assessment_through_the_form(uni):
    case = assigned(uni)
    _client(uni.manager).post(f"/casework/cases/{case.pk}/assess/", {"route": "file", "reasons": "有市场"})
    assert TechnologyCase.objects.get(pk=case.pk).assessment.reasons == "有市场"


def test_a_refused_decision_is_told_in_words(uni):
    case = assigned(uni)
    client = _client(uni.office)
    response = client.post(f"/casework/cases/{case.pk}/decide/", {"route": "file", "reasons": "r"}, follow=True)
    with translation.override("en"):
        assert "not assessed" in response.content.decode()
    assert TechnologyCase.objects.get(pk=case.pk).stage == Stage.ASSESSMENT


def test_the_application_form_links_the_patent_shown_on_the_timeline(uni):
    case = filing_decided(uni)
    patent = PatentFactory(application_number=FILED_NUMBER, owner=uni.org, title="一种声学超材料结构")
    client = _client(uni.office)
    client.post(f"/casework/cases/{case.pk}/application/",
                {"application_number": f"CN{FILED_NUMBER}", "filed_on": "2024-03-01"})
    page = client.get(f"/casework/cases/{case.pk}/").content.decode()
    assert f"/patents/{patent.lookup_number}/" in page
    assert 'data-testid="application-number"' in page


def test_the_list_filters_by_stage(uni):
    assigned(uni, title="甲技术")
    disclosed(uni, title="乙技术")
    page = _client(uni.office).get("/casework/?stage=disclosure").content.decode()
    assert "乙技术" in page and "甲技术" not in page


def test_the_manager_sees_their_tasks_overdue_marked(uni):
    case = assigned(uni)
    case.tasks.update(due_on=timezone.localdate() - dt.timedelta(days=1))
    page = _client(uni.manager).get("/casework/").content.decode()
    assert 'data-testid="overdue"' in page


def test_the_timeline_can_be_read_oldest_first(uni):
    case = assigned(uni)
    client = _client(uni.office)
    newest = client.get(f"/casework/cases/{case.pk}/").content.decode()
    oldest = client.get(f"/casework/cases/{case.pk}/?order=oldest").content.decode()
    assert "?order=oldest" in newest and "?order=newest" in oldest


def test_the_manager_s_own_cases_are_one_click_away(uni):
    mine = assigned(uni, title="我的案件")
    disclosed(uni, title="别人的案件")
    client = _client(uni.manager)
    page = client.get("/casework/").content.decode()
    assert f'href="?manager={uni.manager.pk}"' in page
    own = client.get(f"/casework/?manager={uni.manager.pk}").content.decode()
    assert mine.disclosure.title in own and "别人的案件" not in own
