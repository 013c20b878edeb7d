"""The application, the patent of the register linked by its number (on read, and when the register announces it),
the later stages read from the pool, deals and revenue, and the timeline computed from all of them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from patentbridge.casework import selectors, services
from patentbridge.casework.models import CasePatent, CaseRoute, Stage, TechnologyCase
from patentbridge.casework.progress import case_refresh
from patentbridge.casework.tests.factories import FILED_NUMBER, assessed, filed, filing_decided, institution
from patentbridge.commissioners.models import Attribution
from patentbridge.commissioners.tests.factories import designated, enterprise, service_request
from patentbridge.core.errors import Conflict, PermissionDenied, ValidationFailed
from patentbridge.deals.models import DealStatus
from patentbridge.deals.tests.factories import DealFactory
from patentbridge.patents.models import LegalStatus
from patentbridge.patents.signals import patents_changed
from patentbridge.patents.tests.factories import PatentFactory, application_number
from patentbridge.pool.models import FeePayment, PoolEntry
from patentbridge.revenue.models import Income, IncomeKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def uni():
    return institution()


def test_the_application_number_is_stored_normalised(uni):
    digits = FILED_NUMBER.replace(".", "")
    case = services.application_enter(actor=uni.office, case=filing_decided(uni), number=f"CN {digits}",
                                      filed_on=dt.date(2024, 3, 1))
    assert case.application_number == FILED_NUMBER and case.stage == Stage.APPLICATION


def test_a_wrong_check_character_is_refused(uni):
    wrong = FILED_NUMBER[:-1] + ("0" if FILED_NUMBER[-1] != "0" else "1")
    with pytest.raises(ValidationFailed) as error:
        services.application_enter(actor=uni.office, case=filing_decided(uni), number=wrong,
                                   filed_on=dt.date(2024, 3, 1))
    assert "application_number" in error.value.details


def test_a_future_filing_date_is_refused(uni):
    with pytest.raises(ValidationFailed):
        services.application_enter(actor=uni.office, case=filing_decided(uni), number=FILED_NUMBER,
                                   filed_on=dt.date.today() + dt.timedelta(days=1))


def test_two_cases_cannot_share_an_application(uni):
    filed(uni)
    with pytest.raises(Conflict) as error:
        filed(uni, title="另一项技术")
    assert error.value.code == "application_taken"


def test_an_inventor_does_not_enter_the_application(uni):
    with pytest.raises(PermissionDenied):
        services.application_enter(actor=uni.inventor, case=filing_decided(uni), number=FILED_NUMBER,
                                   filed_on=dt.date(2024, 3, 1))


def test_an_application_cannot_be_entered_before_the_filing_decision(uni):
    with pytest.raises(Conflict):
        services.application_enter(actor=uni.office, case=assessed(uni), number=FILED_NUMBER,
                                   filed_on=dt.date(2024, 3, 1))


def test_a_patent_already_in_the_register_is_linked_at_once(uni):
    patent = PatentFactory(application_number=FILED_NUMBER, owner=uni.org, legal_status=LegalStatus.PENDING)
    case = filed(uni)
    assert CasePatent.objects.get(case=case).patent == patent


def test_a_patent_added_later_is_linked_on_read_and_the_link_sticks(uni):
    case = filed(uni)
    assert not case.patent_links.exists()
    patent = PatentFactory(application_number=FILED_NUMBER, owner=uni.org, legal_status=LegalStatus.PENDING)
    case_refresh(TechnologyCase.objects.get(pk=case.pk))
    patent.application_number = application_number(999, 2022)
    patent.save()
    assert CasePatent.objects.get(case=case).patent == patent


def test_a_patent_the_register_announces_is_linked_without_a_read(uni):
    case = filed(uni)
    patent = PatentFactory(application_number=FILED_NUMBER, owner=uni.org, legal_status=LegalStatus.PENDING)
    patents_changed.send(sender=None, patent_ids=[patent.pk], new_ids=[patent.pk])
    assert CasePatent.objects.filter(case=case, patent=patent).exists()


def test_a_granted_patent_moves_the_case_to_grant(uni):
    PatentFactory(application_number=FILED_NUMBER, owner=uni.org, grant_date=dt.date(2025, 6, 1))
    assert filed(uni).stage == Stage.GRANT


def test_an_annual_fee_paid_moves_the_case_to_upkeep(uni):
    patent = PatentFactory(application_number=FILED_NUMBER, owner=uni.org, grant_date=dt.date(2025, 6, 1))
    FeePayment.objects.create(patent=patent, year=3, amount=Decimal("900"), paid_on=dt.date(2025, 7, 1))
    assert filed(uni).stage == Stage.UPKEEP


def test_a_pool_entry_moves_the_case_to_promotion(uni):
    patent = PatentFactory(application_number=FILED_NUMBER, owner=uni.org)
    PoolEntry.objects.create(patent=patent, organisation=uni.org)
    assert filed(uni).stage == Stage.PROMOTION


def test_a_deal_in_talks_moves_the_case_to_negotiation(uni):
    patent = PatentFactory(application_number=FILED_NUMBER, owner=uni.org)
    DealFactory(patent=patent, status=DealStatus.NEGOTIATING)
    assert filed(uni).stage == Stage.NEGOTIATION


def test_a_signed_deal_moves_the_case_to_deal(uni):
    patent = PatentFactory(application_number=FILED_NUMBER, owner=uni.org)
    DealFactory(patent=patent, status=DealStatus.SIGNED)
    assert filed(uni).stage == Stage.DEAL


def _income(deal, gross: str = "50000") -> Income:
    return Income.objects.create(organisation=deal.owner, kind=IncomeKind.LICENCE, description="许可费", deal=deal,
                                 received_on=dt.date(2026, 1, 10), gross=Decimal(gross), net=Decimal(gross),
                                 reward_rate=Decimal("50"), reward_pool=Decimal("0"))


def test_income_on_its_deal_moves_the_case_to_revenue(uni):
    patent = PatentFactory(application_number=FILED_NUMBER, owner=uni.org)
    _income(DealFactory(patent=patent, status=DealStatus.PERFORMING))
    assert filed(uni).stage == Stage.REVENUE


def test_a_case_never_moves_back_when_a_record_goes(uni):
    patent = PatentFactory(application_number=FILED_NUMBER, owner=uni.org)
    deal = DealFactory(patent=patent, status=DealStatus.SIGNED)
    case = filed(uni)
    deal.status = DealStatus.TERMINATED
    deal.save()
    assert case_refresh(case).stage == Stage.DEAL


def test_a_closed_case_is_not_moved_by_records(uni):
    case = services.case_decide(actor=uni.office, case=assessed(uni), route=CaseRoute.PUBLISH, reasons="r")
    assert case_refresh(case).stage == Stage.CLOSED


@pytest.fixture
def full_case(uni):
    patent = PatentFactory(application_number=FILED_NUMBER, owner=uni.org, application_date=dt.date(2024, 3, 1),
                           grant_date=dt.date(2025, 6, 1))
    entry = PoolEntry.objects.create(patent=patent, organisation=uni.org)
    deal = DealFactory(patent=patent, status=DealStatus.SIGNED, amount=Decimal("120000"), counterparty=enterprise())
    income = _income(deal)
    designation = designated()
    request = service_request(firm=deal.counterparty, designation=designation)
    attribution = Attribution.objects.create(deal=deal, designation=designation, request=request,
                                             claimed_by=designation.commissioner)
    return filed(uni), patent, entry, deal, income, attribution


def test_the_timeline_shows_every_record_with_its_own_link(full_case):
    case, patent, entry, deal, income, attribution = full_case
    links = [step.link for step in selectors.timeline(case)]
    assert f"/casework/cases/{case.pk}/" in links
    assert f"/patents/{patent.lookup_number}/" in links
    assert f"/pool/entries/{entry.pk}/" in links
    assert links.count(f"/deals/{deal.pk}/") == 2  # the deal and the commissioner's attribution of it
    assert f"/revenue/income/{income.pk}/" in links


def test_the_timeline_says_who_took_the_case_s_own_steps(full_case, uni):
    case = full_case[0]
    whos = {step.who for step in selectors.timeline(case)}
    assert {uni.inventor.username, uni.office.username, uni.manager.username} <= whos


def test_the_timeline_orders_oldest_or_newest_first(full_case):
    case = full_case[0]
    oldest, newest = selectors.timeline(case), selectors.timeline(case, newest_first=True)
    assert [s.at for s in oldest] == sorted(s.at for s in oldest)
    assert [s.at for s in newest] == sorted((s.at for s in newest), reverse=True)
