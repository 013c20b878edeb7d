"""Reads of casework: who sees which case, the case's timeline (computed from its own events and the records of its
patents in other apps), tasks, and the office's caseload per manager."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.casework.models import CaseEvent, CaseTask, EventKind, Stage, TechnologyCase
from patentbridge.casework.progress import STAGE_LABELS, patent_ids_of
from patentbridge.commissioners.models import Attribution
from patentbridge.core.errors import NotFound
from patentbridge.deals.models import Deal
from patentbridge.managers.selectors import assignable_managers
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import Action, case_office_org_ids, is_allowed
from patentbridge.patents.models import Patent
from patentbridge.pool.models import PoolEntry
from patentbridge.revenue.models import Income
from patentbridge.search.engine import STRENGTH_LABELS

OPEN_STAGES = [s for s in Stage.values if s != Stage.CLOSED]


def cases_visible(user: Any) -> QuerySet[TechnologyCase]:
    """The cases the user reads: the office's, the ones they manage, the ones they are an inventor of."""
    if not getattr(user, "is_authenticated", False):
        return TechnologyCase.objects.none()
    return (TechnologyCase.objects.filter(Q(organisation_id__in=case_office_org_ids(user)) | Q(manager=user)
                                          | Q(disclosure__inventors__user=user))
            .distinct().select_related("disclosure", "organisation", "manager"))


def case_list(user: Any, *, stage: str = "", manager: str = "") -> QuerySet[TechnologyCase]:
    cases = cases_visible(user)
    if stage in Stage.values:
        cases = cases.filter(stage=stage)
    if manager == "none":
        cases = cases.filter(manager=None)
    elif manager.isdigit():
        cases = cases.filter(manager_id=int(manager))
    return cases


def case_get(user: Any, pk: int) -> TechnologyCase:
    """One case the user may read; NotFound for every other (its existence is not told)."""
    case = (TechnologyCase.objects.select_related("disclosure", "organisation", "manager", "decided_by")
            .filter(pk=pk).first())
    if case is None or not is_allowed(user, Action.CASE_VIEW, case):
        raise NotFound()
    return case


def managers_of_cases(user: Any) -> QuerySet:
    """The managers the office's filter offers."""
    return get_user_model().objects.filter(managed_cases__in=cases_visible(user)).distinct().order_by("username")


def tasks_of(user: Any) -> QuerySet[CaseTask]:
    """The user's open tasks, soonest due first."""
    return (CaseTask.objects.filter(assignee=user, done_at=None).select_related("case__disclosure")
            .order_by("due_on", "pk"))


def publication_warnings(case: TechnologyCase, today: dt.date | None = None) -> list[Any]:
    """Planned publications soon (or past) while no application is filed: publishing first destroys novelty."""
    if case.application_number:
        return []
    limit = (today or timezone.localdate()) + dt.timedelta(days=settings.CASEWORK_PUBLICATION_WARNING_DAYS)
    return [p for p in case.disclosure.publications.all() if p.planned_on <= limit]


def prior_art_of(case: TechnologyCase) -> list[dict[str, Any]]:
    """The stored nearest patents, with the search's strength in words and the number the patent page takes."""
    return [{**item, "strength_label": str(STRENGTH_LABELS.get(item.get("strength"), "")),
             "lookup": item["number"].removeprefix("CN")} for item in case.disclosure.prior_art]


# timeline ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    at: dt.datetime
    what: str
    who: str
    link: str
    note: str = ""
    day_only: bool = False  # a record that carries a date, not a time


def _at(day: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(day, dt.datetime):
        return day
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _own_steps(case: TechnologyCase) -> list[Step]:
    link = reverse("casework:case", args=[case.pk])
    steps = []
    for event in case.events.select_related("actor"):
        what, note, target = str(EventKind(event.kind).label), event.note, link
        if event.kind == EventKind.STAGE:
            what = _("Stage: %(stage)s") % {"stage": STAGE_LABELS.get(event.stage_to, event.stage_to)}
        elif event.kind in (EventKind.ASSIGNED, EventKind.PATENT_LINKED, EventKind.FILED):
            what, note = f"{what}: {event.note}", ""
        if event.kind == EventKind.PATENT_LINKED:
            target = reverse("patents:detail", args=[event.note.removeprefix("CN")])
        who = event.actor.get_full_name() or event.actor.username if event.actor else _("the platform")
        steps.append(Step(event.at, what, who, target, note))
    return steps


def _patent_steps(ids: list[int]) -> list[Step]:
    steps = []
    for patent in Patent.objects.filter(pk__in=ids):
        link = reverse("patents:detail", args=[patent.lookup_number])
        if patent.application_date:
            steps.append(Step(_at(patent.application_date), _("Filed: %(number)s") % {
                "number": patent.display_number}, "", link, day_only=True))
        if patent.grant_date:
            steps.append(Step(_at(patent.grant_date), _("Granted: %(number)s") % {
                "number": patent.display_number}, "", link, day_only=True))
    return steps


def _record_steps(ids: list[int]) -> list[Step]:
    steps = []
    for entry in PoolEntry.objects.filter(patent_id__in=ids).select_related("patent"):
        steps.append(Step(entry.created_at, _("Entered the pool: %(state)s") % {"state": entry.get_state_display()},
                          "", reverse("pool:entry", args=[entry.pk])))
    deals = Deal.objects.filter(patent_id__in=ids).select_related("counterparty", "created_by")
    for deal in deals:
        who = deal.created_by.username if deal.created_by else ""
        steps.append(Step(deal.created_at, _("Deal with %(party)s: %(status)s, RMB %(amount)s") % {
            "party": deal.counterparty.name, "status": deal.get_status_display(), "amount": deal.amount},
            who, reverse("deals:detail", args=[deal.pk])))
    for income in Income.objects.filter(deal__in=deals):
        steps.append(Step(_at(income.received_on), _("Income received: RMB %(amount)s") % {"amount": income.gross},
                          "", reverse("revenue:income_detail", args=[income.pk]), day_only=True))
    for attribution in Attribution.objects.filter(deal__in=deals).select_related("claimed_by", "deal"):
        steps.append(Step(attribution.claimed_at, _("Commissioner's attribution: %(status)s") % {
            "status": attribution.get_status_display()},
            attribution.claimed_by.username if attribution.claimed_by else "",
            reverse("deals:detail", args=[attribution.deal_id])))
    return steps


def timeline(case: TechnologyCase, *, newest_first: bool = False) -> list[Step]:
    """Every step of the case with who and when, each linking to its record."""
    ids = patent_ids_of(case)
    steps = _own_steps(case) + _patent_steps(ids) + _record_steps(ids)
    return sorted(steps, key=lambda s: s.at, reverse=newest_first)


# caseload ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Load:
    manager: Any
    open_cases: int
    moved: int
    deals: int
    deal_amount: Decimal
    overdue_tasks: int


def caseload(organisation: Organisation, today: dt.date | None = None) -> list[Load]:
    """Per technology manager of the organisation: open cases, cases moved a stage in the last 12 months, deals on
    their cases with their amounts, overdue tasks."""
    today = today or timezone.localdate()
    since = timezone.now() - dt.timedelta(days=365)
    open_cases = _by(TechnologyCase.objects.filter(organisation=organisation, stage__in=OPEN_STAGES), "manager",
                     n=Count("pk"))
    moved = _by(CaseEvent.objects.filter(case__organisation=organisation, kind=EventKind.STAGE, at__gte=since),
                "case__manager", n=Count("case", distinct=True))
    deals = _by(Deal.objects.filter(patent__technology_case_link__case__organisation=organisation),
                "patent__technology_case_link__case__manager", n=Count("pk"), amount=Sum("amount"))
    overdue = _by(CaseTask.objects.filter(case__organisation=organisation, done_at=None, due_on__lt=today),
                  "assignee", n=Count("pk"))
    return [Load(manager, open_cases.get(manager.pk, {}).get("n", 0), moved.get(manager.pk, {}).get("n", 0),
                 deals.get(manager.pk, {}).get("n", 0), deals.get(manager.pk, {}).get("amount") or Decimal("0.00"),
                 overdue.get(manager.pk, {}).get("n", 0))
            for manager in assignable_managers(organisation)]


def _by(rows: QuerySet, key: str, **figures: Any) -> dict[Any, dict[str, Any]]:
    """One grouped query: the figures per value of `key` (a manager's id)."""
    return {row[key]: row for row in rows.values(key).annotate(**figures).order_by()}
