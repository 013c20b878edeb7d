import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from patentbridge.orgs.models import Role
from patentbridge.patents.models import LegalStatus
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.pool import selectors
from patentbridge.pool.config import AssessmentSettings, default_assessment_data
from patentbridge.pool.fees import FeeSchedule
from patentbridge.pool.maintenance import (
    KEEP,
    LAPSE,
    NOT_APPLICABLE,
    OPEN_LICENCE,
    TRANSFER,
    PatentCostInputs,
    recommend,
)
from patentbridge.pool.models import FeePayment, PoolEntry
from patentbridge.pool.tests.factories import PoolEntryFactory
from patentbridge.rights.models import GrantKind
from patentbridge.rights.tests.factories import GrantFactory

TODAY = dt.date(2026, 11, 26)
SETTINGS = AssessmentSettings.model_validate(default_assessment_data())


def _inputs(tier, *, filed=dt.date(2020, 1, 10), interest=0.0, status="in_force", expiry=None, open_licence=False):
    return PatentCostInputs("invention", status, filed, dt.date(2022, 6, 1), expiry or dt.date(2040, 1, 10), tier,
                            interest, open_licence=open_licence)


def test_tier_a_is_kept_with_its_cost_shown():
    advice = recommend(_inputs("A"), FeeSchedule.default(), SETTINGS, TODAY)
    assert advice.action == KEEP
    # Year 8 (from 2027-01-10) and years 9 and 10 fall within three years: 2000 + 2000 + 4000.
    assert advice.fees_next_3_years == Decimal("8000.00")
    assert "¥8,000.00" in advice.reason


def test_tier_c_facing_a_fee_step_with_no_interest_is_offered_as_an_open_licence():
    advice = recommend(_inputs("C", filed=dt.date(2020, 1, 10)), FeeSchedule.default(), SETTINGS,
                       dt.date(2025, 6, 1))  # next due: year 7 from 2026-01-10 (the fee steps up to 2,000)
    assert advice.action == OPEN_LICENCE


def test_tier_d_with_enterprise_interest_seeks_a_transfer():
    assert recommend(_inputs("D", interest=1), FeeSchedule.default(), SETTINGS, TODAY).action == TRANSFER


def test_tier_d_near_the_end_of_its_term_lapses():
    advice = recommend(_inputs("D", expiry=dt.date(2028, 1, 10)), FeeSchedule.default(), SETTINGS, TODAY)
    assert advice.action == LAPSE


def test_a_lapsed_patent_has_no_fee_to_decide():
    advice = recommend(_inputs("D", status="lapsed_fees"), FeeSchedule.default(), SETTINGS, TODAY)
    assert advice.action == NOT_APPLICABLE


@pytest.fixture
def office_patent(make_member):
    user, org = make_member(Role.TECH_TRANSFER_MANAGER)
    patent = PatentFactory(owner=org, application_date=dt.date(2019, 1, 15), grant_date=dt.date(2021, 5, 1))
    PoolEntryFactory(patent=patent, organisation=org, fee_reduction="single")
    return user, org, patent


def test_the_fee_calendar_applies_the_fee_reduction(office_patent):
    _, org, patent = office_patent
    lines = selectors.maintenance_for(org, dt.date(2026, 11, 26))
    line = next(line for line in lines if line.patent == patent)
    # Year 9 (from 2027-01-15) is 2,000; the 85 % reduction covers 6 years from the 2021 grant, not year 9.
    assert (line.fee.year, line.fee.full, line.fee.payable) == (9, Decimal("2000.00"), Decimal("2000.00"))


def test_an_open_licence_takes_fifteen_percent_off(office_patent):
    user, org, patent = office_patent
    PoolEntry.objects.filter(patent=patent).update(fee_reduction="none")
    GrantFactory(kind=GrantKind.OPEN_DECLARATION, patent=patent, grantor=org, starts_on=dt.date(2026, 1, 1))
    line = selectors.maintenance_for(org, dt.date(2026, 11, 26))[0]
    assert (line.fee.reduction_reason, line.fee.payable) == ("open_licence", Decimal("1700.00"))


def test_an_unpaid_fee_past_its_due_date_shows_as_overdue_and_a_paid_one_disappears(office_patent):
    _, org, patent = office_patent
    lines = selectors.maintenance_for(org, dt.date(2027, 2, 1))
    overdue = next(line for line in lines if line.fee.year == 9)
    assert overdue.overdue
    assert overdue.surcharge == Decimal("0.00")  # late by up to one month: no surcharge (rules.md §10.3)
    FeePayment.objects.create(patent=patent, year=9, amount=Decimal("2000"), paid_on=dt.date(2027, 1, 30))
    assert all(line.fee.year != 9 for line in selectors.maintenance_for(org, dt.date(2027, 2, 1)))


def test_fee_calendar_api_is_for_the_institution_office(office_patent, logged_in_client):
    client = Client()
    client.force_login(office_patent[0])
    body = client.get("/api/v1/pool/fees?months=12").json()
    assert body[0]["patent_number"] == office_patent[2].patent_number
    enterprise, _, _ = logged_in_client(Role.ENTERPRISE_USER, "enterprise")
    assert enterprise.get("/api/v1/pool/fees").status_code == 403


def test_ungranted_patents_have_no_fees(make_member):
    _, org = make_member(Role.TECH_TRANSFER_MANAGER)
    patent = PatentFactory(owner=org, legal_status=LegalStatus.PENDING, grant_date=None)
    PoolEntryFactory(patent=patent, organisation=org)
    assert selectors.maintenance_for(org, TODAY) == []
