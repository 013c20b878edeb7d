"""The entry page's upkeep forms refuse like a careful clerk and show the form again with what was typed: a fee
paid in the future, an implementation report for a year not yet lived, a funded project ending decades ahead."""

import datetime as dt
import re

from django.test import Client
from django.utils import timezone

from patentbridge.orgs.models import Role
from patentbridge.orgs.tests.factories import MembershipFactory, UserFactory
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.pool import services
from patentbridge.pool.models import FeePayment, FundedProject
from patentbridge.pool.tests.factories import PoolEntryFactory


def _post(kept, tail, data):
    client = Client()
    client.force_login(kept.office)
    return client.post(f"/pool/entries/{kept.entry.pk}/{tail}", data)


def _error_by(page: str, field_id: str) -> str:
    found = re.search(r'<ul class="errorlist" id="' + field_id + r'_error">(.*?)</ul>', page, re.S)
    return found.group(1) if found else ""


def test_a_fee_paid_tomorrow_is_shown_again_with_the_typed_amount_and_the_error_by_the_date(kept):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = _post(kept, "fee-payments/", {"year": "7", "amount": "2345.67", "paid_on": tomorrow})
    page = response.content.decode()
    assert response.status_code == 200 and not FeePayment.objects.exists()
    assert 'value="2345.67"' in page and "将来" in _error_by(page, "fee_paid_on")


def _funded(kept):
    _post(kept, "funded-project/", {"project_name": "省重点研发计划", "funder": "广东省科学技术厅"})


def test_an_implementation_report_for_next_year_is_refused_by_the_year(kept):
    _funded(kept)
    page = _post(kept, "implementation-reports/", {"year": str(timezone.localdate().year + 1),
                                                   "mode": "licence"}).content.decode()
    assert _error_by(page, "impl_year")


def test_an_implementation_report_needs_its_mode_chosen(kept):
    _funded(kept)
    page = _post(kept, "implementation-reports/", {"year": "2025", "mode": ""}).content.decode()
    assert _error_by(page, "impl_mode")


def test_a_funded_project_ending_in_9999_is_refused_keeping_its_name(kept):
    page = _post(kept, "funded-project/", {"project_name": "省重点研发计划", "funder": "广东省科学技术厅",
                                           "end_date": "9999-12-31"}).content.decode()
    assert not FundedProject.objects.exists()
    assert 'value="省重点研发计划"' in page and _error_by(page, "funded_end_date")


def test_an_incomplete_self_assessment_is_shown_again_with_the_inventors_answers(make_member):
    manager, org = make_member(Role.TECH_TRANSFER_MANAGER)
    entry = PoolEntryFactory(patent=PatentFactory(owner=org), organisation=org)
    inventor = UserFactory()
    MembershipFactory(user=inventor, organisation=org, role=Role.INVENTOR)
    services.self_assessment_request(actor=manager, entry=entry, inventor=inventor)
    client = Client()
    client.force_login(inventor)
    response = client.post(f"/pool/entries/{entry.pk}/action/", {
        "action": "self_assess", "maturity": "4", "comment": "已有两家企业咨询"})
    page = response.content.decode()
    assert response.status_code == 200 and '<option value="4" selected>' in page and "已有两家企业咨询" in page
    market = page[page.index('name="market_prospects"') - 300:page.index('name="market_prospects"')]
    assert 'class="errorlist"' in market
