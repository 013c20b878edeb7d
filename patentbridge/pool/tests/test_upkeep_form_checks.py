"""The entry page's upkeep forms refuse like a careful clerk and show the form again with what was typed: a fee
paid in the future, an implementation report for a year not yet lived, a funded project ending decades ahead."""

import datetime as dt
import re

from django.test import Client
from django.utils import timezone

from patentbridge.pool.models import FeePayment, FundedProject


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
    assert 'value="2345.67"' in page and "future" in _error_by(page, "fee_paid_on")


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
