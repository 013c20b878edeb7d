"""The pages in use: a person files a request and reads the answer; the officer records one for an outside inventor,
verifies, erases; the copy downloads as JSON and reads as a page; the pages that show an erased inventor still
render."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from patentbridge.casework.models import DisclosureInventor
from patentbridge.casework.tests.factories import disclosed, institution
from patentbridge.managers.models import ManagerProfile
from patentbridge.privacy.models import PrivacyRequest, RequestKind, RequestState
from patentbridge.privacy.tests.factories import filed, officer, verified
from patentbridge.revenue.tests.factories import IncomeFactory, InventorShareFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def uni():
    found = institution()
    found.inventor.first_name = "张伟"
    found.inventor.save()
    return found


def test_a_person_files_a_request_from_their_page(uni):
    response = _client(uni.inventor).post(reverse("privacy:mine"), {"kind": "access", "details": "全部信息"})
    found = PrivacyRequest.objects.get()
    assert response["Location"] == reverse("privacy:detail", args=[found.pk])
    assert (found.subject_user, found.filed_by, found.state) == (uni.inventor, uni.inventor, RequestState.RECEIVED)


def test_a_correction_without_details_is_shown_on_the_form(uni):
    response = _client(uni.inventor).post(reverse("privacy:mine"), {"kind": "correct"})
    assert response.status_code == 400 and not PrivacyRequest.objects.exists()


def test_the_own_page_lists_the_requests_in_chinese_by_default(uni):
    filed(uni.inventor)
    client = Client()
    client.force_login(uni.inventor)
    body = client.get(reverse("privacy:mine")).content.decode()
    assert "我的个人信息" in body or "My personal information" in body  # zh-hans once the lead merges the texts
    assert 'data-testid="request-row"' in body


def test_the_officer_records_a_request_for_an_inventor_without_an_account(uni):
    head = officer()
    response = _client(head).post(reverse("privacy:desk"), {
        "kind": "erase", "subject_name": "王晓红", "subject_contact": "13900000000", "received_on": "2026-11-02"})
    found = PrivacyRequest.objects.get()
    assert response.status_code == 302 and (found.subject_user, found.subject_name) == (None, "王晓红")
    assert found.received_at.date() == dt.date(2026, 11, 2)


def test_the_desk_refuses_an_unknown_username(uni):
    response = _client(officer()).post(reverse("privacy:desk"), {"kind": "access", "username": "nobody"})
    assert response.status_code == 400 and not PrivacyRequest.objects.exists()


def test_the_officer_verifies_and_erases_from_the_request_page(uni):
    head, found = officer(), filed(uni.inventor, RequestKind.ERASE)
    client = _client(head)
    client.post(reverse("privacy:verify", args=[found.pk]), {"text": "视频核验"})
    client.post(reverse("privacy:answer", args=[found.pk]), {"text": "已删除可删除的信息"})
    found.refresh_from_db()
    uni.inventor.refresh_from_db()
    assert found.state == RequestState.DONE and not uni.inventor.is_active and uni.inventor.first_name == ""


def test_a_refusal_without_a_reason_changes_nothing(uni):
    found = filed(uni.inventor)
    _client(officer()).post(reverse("privacy:refuse", args=[found.pk]), {"text": ""})
    found.refresh_from_db()
    assert found.state == RequestState.RECEIVED


def test_the_person_reads_the_refusal_reason(uni):
    head, found = officer(), filed(uni.inventor)
    _client(head).post(reverse("privacy:refuse", args=[found.pk]), {"text": "无法核实身份"})
    body = _client(uni.inventor).get(reverse("privacy:detail", args=[found.pk])).content.decode()
    assert "无法核实身份" in body


def test_the_json_copy_downloads_with_every_source_found(uni):
    head = officer()
    found = verified(uni.inventor, head)
    response = _client(head).get(reverse("privacy:export_json", args=[found.pk]))
    document = json.loads(response.content)
    assert response["Content-Disposition"].startswith("attachment")
    assert {"account", "memberships", "privacy_requests"} <= {s["source"] for s in document["sources"]}


def test_the_readable_copy_shows_the_ground_of_what_stays(uni):
    head = officer()
    InventorShareFactory(income=IncomeFactory(organisation=uni.org), inventor=uni.inventor, name="张伟")
    found = verified(uni.inventor, head)
    with translation.override("en"):
        body = _client(head).get(reverse("privacy:export_summary", args=[found.pk])).content.decode()
    assert "Payment and tax records" in body and "Accounting Archives Measures (2015) Art 14" in body


def test_the_pages_that_show_an_erased_inventor_still_render(uni):
    case = disclosed(uni)
    ManagerProfile.objects.create(user=uni.manager, organisation=uni.org, bio="简介")
    income = IncomeFactory(organisation=uni.org)
    InventorShareFactory(income=income, inventor=uni.inventor, name="张伟", weight=Decimal("100"))
    head = officer()
    for user in (uni.inventor, uni.manager):
        services_answer = verified(user, head, RequestKind.ERASE)
        _client(head).post(reverse("privacy:answer", args=[services_answer.pk]), {"text": "完成"})
    office = _client(uni.office)
    pages = [reverse("casework:case", args=[case.pk]), reverse("casework:index"),
             reverse("revenue:income_detail", args=[income.pk]), reverse("revenue:statement"),
             reverse("managers:office")]
    assert [office.get(url).status_code for url in pages] == [200] * len(pages)
    # an erased manager's profile is no longer shown (the managers app shows active accounts only)
    assert office.get(reverse("managers:profile", args=[uni.manager.pk])).status_code == 404
    assert DisclosureInventor.objects.get(disclosure=case.disclosure).user_id == uni.inventor.pk
