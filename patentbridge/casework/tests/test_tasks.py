"""Tasks (by hand, the assessment task on assignment, fee decisions from the pool's fee calendar), overdue marking, and
the office's caseload table per manager."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.utils import timezone

from patentbridge.casework import selectors, services
from patentbridge.casework.models import CaseTask, Stage, TaskKind, TechnologyCase
from patentbridge.casework.panels import caseload_panel
from patentbridge.casework.progress import fee_tasks_sync
from patentbridge.casework.tests.factories import FILED_NUMBER, assigned, disclosed, filed, institution
from patentbridge.core.errors import PermissionDenied, ValidationFailed
from patentbridge.deals.models import DealStatus
from patentbridge.deals.tests.factories import DealFactory
from patentbridge.orgs.tests.factories import OrganisationFactory, member_of
from patentbridge.patents.tests.factories import PatentFactory
from patentbridge.pool.models import PoolEntry

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def uni():
    return institution()


def test_the_office_sets_a_task_for_the_manager(uni):
    case = assigned(uni)
    task = services.task_create(actor=uni.office, case=case, title="联系企业", due_on=TODAY)
    assert task.assignee == uni.manager and task.kind == TaskKind.MANUAL


def test_before_assignment_a_task_goes_to_whoever_sets_it(uni):
    task = services.task_create(actor=uni.office, case=disclosed(uni), title="分配经理人", due_on=TODAY)
    assert task.assignee == uni.office


def test_a_task_needs_a_title(uni):
    with pytest.raises(ValidationFailed):
        services.task_create(actor=uni.office, case=assigned(uni), title=" ", due_on=TODAY)


def test_an_inventor_cannot_set_or_close_tasks(uni):
    case = assigned(uni)
    with pytest.raises(PermissionDenied):
        services.task_create(actor=uni.inventor, case=case, title="t", due_on=TODAY)
    with pytest.raises(PermissionDenied):
        services.task_done(actor=uni.inventor, task=case.tasks.get())


def test_the_manager_closes_a_task_and_it_leaves_their_open_tasks(uni):
    case = assigned(uni)
    task = case.tasks.get()
    assert list(selectors.tasks_of(uni.manager)) == [task]
    services.task_done(actor=uni.manager, task=task)
    assert not selectors.tasks_of(uni.manager).exists()


def test_fee_decisions_become_tasks_once_per_patent_and_year(uni):
    due = TODAY + dt.timedelta(days=10)
    patent = PatentFactory(application_number=FILED_NUMBER, owner=uni.org, application_date=due.replace(year=due.year - 3),
                           grant_date=TODAY - dt.timedelta(days=200))
    PoolEntry.objects.create(patent=patent, organisation=uni.org)
    case = filed(uni)
    services.manager_assign(actor=uni.office, case=case, manager=uni.manager)
    fee_tasks_sync(case)
    fee_tasks_sync(case)
    tasks = CaseTask.objects.filter(case=case, kind=TaskKind.FEE)
    assert tasks.count() == 1
    task = tasks.get()
    assert task.assignee == uni.manager and patent.display_number in task.title
    assert task.due_on == due


def test_no_fee_tasks_without_a_manager(uni):
    due = TODAY + dt.timedelta(days=10)  # a fee that a managed case would get a task for (the test above)
    patent = PatentFactory(application_number=FILED_NUMBER, owner=uni.org, application_date=due.replace(year=due.year - 3),
                           grant_date=TODAY - dt.timedelta(days=200))
    PoolEntry.objects.create(patent=patent, organisation=uni.org)
    case = filed(uni)
    TechnologyCase.objects.filter(pk=case.pk).update(manager=None)
    assert fee_tasks_sync(TechnologyCase.objects.get(pk=case.pk)) == 0


def _panel(user, organisation) -> str:
    request = RequestFactory().get("/managers/")
    request.user = user
    return caseload_panel(request, organisation)


def test_the_caseload_counts_per_manager(uni):
    patent = PatentFactory(application_number=FILED_NUMBER, owner=uni.org)
    DealFactory(patent=patent, status=DealStatus.SIGNED, amount=Decimal("80000.50"))
    DealFactory(patent=patent, status=DealStatus.DRAFT, amount=Decimal("20000"))
    busy = filed(uni)  # assigned to uni.manager, moved several stages, its patent linked
    services.task_create(actor=uni.office, case=busy, title="过期任务", due_on=TODAY - dt.timedelta(days=1))
    rows = {row.manager: row for row in selectors.caseload(uni.org)}
    row = rows[uni.manager]
    assert (row.open_cases, row.moved, row.deals, row.deal_amount, row.overdue_tasks) == (
        1, 1, 2, Decimal("100000.50"), 1)
    assert rows[uni.office].open_cases == 0


def test_a_closed_case_is_not_open_in_the_caseload(uni):
    case = assigned(uni)
    services.assessment_record(actor=uni.manager, case=case, route="publish", reasons="r")
    services.case_decide(actor=uni.office, case=case, route="publish", reasons="r")
    assert {r.manager: r for r in selectors.caseload(uni.org)}[uni.manager].open_cases == 0


def test_the_caseload_panel_is_shown_to_the_office(uni):
    assigned(uni)
    html = _panel(uni.admin, uni.org)
    assert 'data-testid="caseload"' in html and uni.manager.username in html


@pytest.mark.parametrize("who", ["inventor", "stranger"])
def test_the_caseload_panel_stays_out_for_others(uni, who):
    user = uni.inventor if who == "inventor" else member_of(OrganisationFactory())
    assert _panel(user, uni.org) == ""


def test_the_stage_filter_and_the_manager_filter(uni):
    first = assigned(uni)
    second = disclosed(uni, title="第二项")
    assert list(selectors.case_list(uni.office, stage=Stage.DISCLOSURE)) == [second]
    assert list(selectors.case_list(uni.office, manager=str(uni.manager.pk))) == [first]
    assert list(selectors.case_list(uni.office, manager="none")) == [second]
