"""The case's lifecycle table, and how a filed case moves on by itself: its patent of the register is linked by the
application number, and the records of the pool, deals and revenue on its patents carry it to later stages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.casework.models import CaseEvent, CasePatent, CaseTask, EventKind, Stage, TaskKind, TechnologyCase
from patentbridge.core.lifecycle import step_require
from patentbridge.deals.models import Deal, DealStatus
from patentbridge.patents.models import LegalStatus, Patent
from patentbridge.pool.models import FeePayment, PoolEntry
from patentbridge.pool.selectors import maintenance_for
from patentbridge.revenue.models import Income

S = Stage
# After the application, the register and the other apps' records decide how far the case has come; a case may
# pass a stage by (a deal on a patent never put in the pool), so every forward step among them is allowed.
LATER_STAGES = (S.APPLICATION, S.GRANT, S.UPKEEP, S.PROMOTION, S.NEGOTIATION, S.DEAL, S.REVENUE)
STEPS = frozenset({
    (S.DISCLOSURE, S.ASSESSMENT),  # a manager is assigned
    (S.ASSESSMENT, S.FILING_DECIDED),  # the office decides to file
    (S.ASSESSMENT, S.COMMITTEE),  # … and the committee's policy asks for its review
    (S.ASSESSMENT, S.CLOSED),  # publish, keep secret, or release to the inventors
    (S.COMMITTEE, S.FILING_DECIDED),  # the committee approves
    (S.COMMITTEE, S.ASSESSMENT),  # the committee rejects: back to the manager
    (S.FILING_DECIDED, S.APPLICATION),  # the office enters the application
} | {(a, b) for i, a in enumerate(LATER_STAGES) for b in LATER_STAGES[i + 1:]})
STAGE_LABELS = {stage.value: str(stage.label) for stage in S}
DEAL_MADE = (DealStatus.AGREED, DealStatus.SIGNED, DealStatus.RECORDED, DealStatus.PERFORMING, DealStatus.COMPLETED)
DEAL_TALKS = (DealStatus.DRAFT, DealStatus.NEGOTIATING)
FEE_TASK_MONTHS = 3  # how far ahead the pool's fee calendar turns into the manager's decisions


def stage_move(case: TechnologyCase, to: str, *, actor: Any) -> TechnologyCase:
    """Take one step of the table and record it on the case's timeline."""
    step_require(STEPS, case.stage, to, labels=STAGE_LABELS)
    previous = case.stage
    case.stage, case.stage_changed_at = to, timezone.now()
    case.save(update_fields=["stage", "stage_changed_at"])
    CaseEvent.objects.create(case=case, kind=EventKind.STAGE, stage_from=previous, stage_to=to, actor=actor)
    return case


def patent_ids_of(case: TechnologyCase) -> list[int]:
    return list(case.patent_links.values_list("patent_id", flat=True))


def _link(case: TechnologyCase) -> None:
    if not case.application_number or case.patent_links.exists():
        return
    patent = Patent.objects.filter(application_number=case.application_number).first()
    if patent is None:
        return
    try:
        with transaction.atomic():
            CasePatent.objects.create(case=case, patent=patent)
    except IntegrityError:  # linked by a concurrent read, or to another case
        return
    CaseEvent.objects.create(case=case, kind=EventKind.PATENT_LINKED, note=patent.display_number)


def reached_stage(case: TechnologyCase) -> str:
    """The furthest later stage the records of the case's patents show."""
    ids = patent_ids_of(case)
    if not ids:
        return S.APPLICATION
    deals = Deal.objects.filter(patent_id__in=ids)
    checks = [
        (S.REVENUE, lambda: Income.objects.filter(deal__in=deals).exists()),
        (S.DEAL, lambda: deals.filter(status__in=DEAL_MADE).exists()),
        (S.NEGOTIATION, lambda: deals.filter(status__in=DEAL_TALKS).exists()),
        (S.PROMOTION, lambda: PoolEntry.objects.filter(patent_id__in=ids).exists()),
        (S.UPKEEP, lambda: FeePayment.objects.filter(patent_id__in=ids).exists()),
        (S.GRANT, lambda: Patent.objects.filter(pk__in=ids).filter(grant_date__isnull=False).exists()
         or Patent.objects.filter(pk__in=ids, legal_status=LegalStatus.IN_FORCE).exists()),
    ]
    return next((stage for stage, shown in checks if shown()), S.APPLICATION)


def fee_tasks_sync(case: TechnologyCase, today: dt.date | None = None) -> int:
    """A task for the manager to decide on each unpaid annual fee of the case's pooled patents in the pool's fee
    calendar (due within FEE_TASK_MONTHS), once per patent and year; returns how many were added."""
    ids = set(patent_ids_of(case))
    if case.manager_id is None or not PoolEntry.objects.filter(patent_id__in=ids,
                                                               organisation=case.organisation).exists():
        return 0
    lines = [line for line in maintenance_for(case.organisation, today or timezone.localdate(),
                                              months=FEE_TASK_MONTHS) if line.patent.pk in ids and not line.paid]
    tasks = [CaseTask(case=case, kind=TaskKind.FEE, assignee_id=case.manager_id, due_on=line.fee.due_date,
                      key=f"fee-{line.patent.pk}-{line.fee.year}",
                      title=_("Decide on the year-%(year)s annual fee of %(patent)s (advice: %(advice)s)") % {
                          "year": line.fee.year, "patent": line.patent.display_number,
                          "advice": line.recommendation.label})
             for line in lines]
    return len(CaseTask.objects.bulk_create(tasks, ignore_conflicts=True))


def case_refresh(case: TechnologyCase) -> TechnologyCase:
    """Link the case's patent when the register has it, move a filed case on to the stage its records show, and
    add the manager's fee decisions."""
    if case.stage not in LATER_STAGES:
        return case
    _link(case)
    reached = reached_stage(case)
    if LATER_STAGES.index(reached) > LATER_STAGES.index(case.stage):
        stage_move(case, reached, actor=None)
    fee_tasks_sync(case)
    return case


def cases_for_patents(patent_ids: list[int]) -> None:
    """Link newly registered or changed patents to the filed cases with their application numbers."""
    numbers = Patent.objects.filter(pk__in=patent_ids).exclude(application_number=None).values_list(
        "application_number", flat=True)
    for case in TechnologyCase.objects.filter(application_number__in=list(numbers), stage__in=LATER_STAGES):
        case_refresh(case)
