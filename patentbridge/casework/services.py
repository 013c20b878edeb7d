"""Writes of casework: disclosure (with its prior-art check), assignment, assessment, the office's decision (through
the committee where its policy says so), the application, and tasks. Callers own the transaction; notices leave after
it commits (notify queues its mail on commit)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.casework.models import (
    CaseAssessment,
    CaseEvent,
    CaseRoute,
    CaseTask,
    Disclosure,
    DisclosureAttachment,
    DisclosureInventor,
    EventKind,
    PlannedPublication,
    ReleaseKind,
    Stage,
    TaskKind,
    TechnologyCase,
)
from patentbridge.casework.progress import case_refresh, stage_move
from patentbridge.committee import selectors as committee_selectors
from patentbridge.committee.models import ReviewMatter, ReviewRequest, ReviewStatus
from patentbridge.committee.services import request_review
from patentbridge.core.errors import Conflict, ValidationFailed
from patentbridge.managers.selectors import assignable_managers
from patentbridge.notices.kinds import NoticeKind
from patentbridge.notices.services import notify
from patentbridge.notices.texts import msgid
from patentbridge.orgs.models import Membership, Organisation
from patentbridge.orgs.permissions import CASE_OFFICE_ROLES, Action, authorize
from patentbridge.patents.numbers import InvalidNumber, parse_application_number
from patentbridge.search.classify import suggest
from patentbridge.search.engine import search

PRIOR_ART_HITS = 8
ATTACHMENT_TYPES = frozenset({".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".txt", ".png", ".jpg",
                              ".jpeg", ".zip"})
ROUTE_STAGE = {CaseRoute.FILE: Stage.FILING_DECIDED, CaseRoute.PUBLISH: Stage.CLOSED, CaseRoute.SECRET: Stage.CLOSED,
               CaseRoute.RELEASE: Stage.CLOSED}


@dataclass(frozen=True)
class InventorLine:
    person: str  # a username of a member of the organisation, or an outsider's name
    share: Decimal


@dataclass(frozen=True)
class PublicationLine:
    planned_on: dt.date
    venue: str


# disclosure ----------------------------------------------------------------------------------------------------
def _inventor_rows(organisation: Organisation, lines: list[InventorLine]) -> list[DisclosureInventor]:
    lines = [line for line in lines if line.person.strip()]
    if not lines:
        raise ValidationFailed(details={"inventors": _("Name at least one inventor.")})
    if any(line.share is None or line.share <= 0 for line in lines):
        raise ValidationFailed(details={"inventors": _("Every inventor needs a share above 0 %.")})
    total = sum((line.share for line in lines), Decimal("0"))
    if total != Decimal("100"):
        raise ValidationFailed(details={"inventors": _("The shares add up to %(total)s %%, not 100 %%.") % {
            "total": f"{total.normalize():f}"}})
    named = [line.person.strip() for line in lines]
    members = {m.user.username: m.user for m in Membership.objects.filter(organisation=organisation,
                                                                          user__username__in=named)
               .select_related("user")}
    rows = []
    for line in lines:
        person = line.person.strip()
        user = members.get(person)
        rows.append(DisclosureInventor(user=user, name=(user.get_full_name() or user.username) if user else person,
                                       share=line.share))
    users = [row.user_id for row in rows if row.user is not None]
    if len(users) != len(set(users)):
        raise ValidationFailed(details={"inventors": _("An inventor is named twice.")})
    return rows


def _attachment_check(upload: Any) -> None:
    limit = settings.CASEWORK_ATTACHMENT_MAX_MB * 1024 * 1024
    if Path(upload.name).suffix.lower() not in ATTACHMENT_TYPES:
        raise ValidationFailed(details={"attachments": _("%(name)s: this kind of file is not accepted.") % {
            "name": upload.name}})
    if upload.size > limit:
        raise ValidationFailed(details={"attachments": _("%(name)s is larger than %(size)s MB.") % {
            "name": upload.name, "size": settings.CASEWORK_ATTACHMENT_MAX_MB}})


def disclosure_create(*, actor: Any, organisation: Organisation, title: str, problem: str, solution: str,
                      advantages: str = "", funding_source: str = "", project_number: str = "",
                      inventors: list[InventorLine], publications: list[PublicationLine] | None = None,
                      attachments: list[Any] | None = None, request: Any = None) -> TechnologyCase:
    """Record a disclosure and open its case; check prior art at once; tell the office."""
    authorize(actor, Action.CASE_DISCLOSE, organisation, request=request)
    rows = _inventor_rows(organisation, inventors)
    for upload in attachments or []:
        _attachment_check(upload)
    disclosure = Disclosure.objects.create(organisation=organisation, title=title.strip(), problem=problem,
                                           solution=solution, advantages=advantages, funding_source=funding_source,
                                           project_number=project_number, disclosed_by=actor)
    for row in rows:
        row.disclosure = disclosure
    DisclosureInventor.objects.bulk_create(rows)
    PlannedPublication.objects.bulk_create(PlannedPublication(disclosure=disclosure, planned_on=p.planned_on,
                                                              venue=p.venue) for p in publications or [])
    for upload in attachments or []:
        DisclosureAttachment.objects.create(disclosure=disclosure, file=upload, name=Path(upload.name).name[:200],
                                            size=upload.size, uploaded_by=actor)
    case = TechnologyCase.objects.create(disclosure=disclosure, organisation=organisation)
    CaseEvent.objects.create(case=case, kind=EventKind.DISCLOSED, stage_to=Stage.DISCLOSURE, actor=actor)
    _prior_art_run(disclosure)
    _notify(case, _office_ids(case), "case_disclosed", NoticeKind.REVIEW_REQUESTED, actor)
    return case


def _prior_art_run(disclosure: Disclosure) -> None:
    text = disclosure.search_text()
    result = search(text[:500], limit=PRIOR_ART_HITS, filters={})
    disclosure.prior_art = [
        {"number": hit.patent.display_number, "title": hit.patent.title, "strength": hit.strength,
         "matched_terms": hit.matched_terms[:12], "ipc": [c[:4] for c in hit.patent.ipc_codes][:4]}
        for hit in result.hits]
    disclosure.prior_art_ipc = suggest(text[:500]).ipc_hints
    disclosure.prior_art_notices = [str(n) for n in result.notices]
    disclosure.prior_art_checked_at = timezone.now()
    disclosure.save(update_fields=["prior_art", "prior_art_ipc", "prior_art_notices", "prior_art_checked_at"])


def prior_art_check(*, actor: Any, case: TechnologyCase, request: Any = None) -> TechnologyCase:
    """Run the prior-art check again (the register grows)."""
    authorize(actor, Action.CASE_WORK, case, request=request)
    _prior_art_run(case.disclosure)
    CaseEvent.objects.create(case=case, kind=EventKind.PRIOR_ART, actor=actor)
    return case


# assignment, assessment, decision ------------------------------------------------------------------------------
def manager_assign(*, actor: Any, case: TechnologyCase, manager: Any, request: Any = None) -> TechnologyCase:
    """Give the case to a technology manager, with a task to assess it within the set number of days."""
    authorize(actor, Action.CASE_DECIDE, case, request=request)
    if not assignable_managers(case.organisation).filter(pk=manager.pk).exists():
        raise ValidationFailed(details={"manager": _("%(name)s is not a technology manager of %(org)s.") % {
            "name": manager.username, "org": case.organisation.name}})
    if case.stage == Stage.CLOSED:
        raise Conflict(_("This case is closed."), code="case_closed")
    case.manager = manager
    case.save(update_fields=["manager"])
    if case.stage == Stage.DISCLOSURE:
        stage_move(case, Stage.ASSESSMENT, actor=actor)
    CaseEvent.objects.create(case=case, kind=EventKind.ASSIGNED, actor=actor, note=manager.username)
    _assess_task(case, manager, actor)
    _notify(case, [manager.pk], "case_assigned", NoticeKind.REVIEW_REQUESTED, actor)
    return case


def _assess_task(case: TechnologyCase, manager: Any, actor: Any) -> None:
    due = timezone.localdate() + dt.timedelta(days=settings.CASEWORK_ASSESS_DAYS)
    task = case.tasks.filter(key="assess").first()
    if task is None:
        CaseTask.objects.create(case=case, kind=TaskKind.ASSESS, key="assess", assignee=manager, due_on=due,
                                created_by=actor, title=_("Assess “%(title)s”") % {"title": case.disclosure.title})
    elif task.done_at is None:
        task.assignee = manager
        task.save(update_fields=["assignee"])


def _release_check(route: str, kind: str, share: Decimal | None, years: int | None) -> None:
    if route != CaseRoute.RELEASE:
        return
    if kind == ReleaseKind.OWNERSHIP and (share is None or not Decimal("0") < share < Decimal("100")):
        raise ValidationFailed(details={"release_share": _("Give the inventors' ownership share, above 0 and below "
                                                           "100 %.")})
    if kind == ReleaseKind.LONG_TERM_USE and (years is None or years < 10):
        raise ValidationFailed(details={"release_years": _("A long-term use right runs at least 10 years.")})
    if kind not in ReleaseKind.values:
        raise ValidationFailed(details={"release_kind": _("Say whether the inventors get an ownership share or a "
                                                          "long-term use right.")})


def assessment_record(*, actor: Any, case: TechnologyCase, route: str, reasons: str, novelty_doubts: str = "",
                      doubtful_patents: list[str] | None = None, market: str = "", release_kind: str = "",
                      release_share: Decimal | None = None, release_years: int | None = None,
                      income_split: str = "", cost_sharing: str = "", request: Any = None) -> CaseAssessment:
    """The manager's assessment and proposed route (changeable until the office decides)."""
    authorize(actor, Action.CASE_WORK, case, request=request)
    if case.stage != Stage.ASSESSMENT:
        raise Conflict(_("Only a case under assessment can be assessed."), code="not_under_assessment",
                       details={"stage": case.stage})
    if route not in CaseRoute.values or not reasons.strip():
        raise ValidationFailed(details={"reasons": _("Choose a route and give its reasons.")})
    _release_check(route, release_kind, release_share, release_years)
    known = {item["number"] for item in case.disclosure.prior_art}
    values = {"route": route, "reasons": reasons, "novelty_doubts": novelty_doubts, "market": market,
              "doubtful_patents": [n for n in doubtful_patents or [] if n in known],
              "release_kind": release_kind if route == CaseRoute.RELEASE else "",
              "release_share": release_share if route == CaseRoute.RELEASE else None,
              "release_years": release_years if route == CaseRoute.RELEASE else None,
              "income_split": income_split, "cost_sharing": cost_sharing, "assessed_by": actor}
    assessment, _created = CaseAssessment.objects.update_or_create(case=case, defaults=values)
    CaseEvent.objects.create(case=case, kind=EventKind.ASSESSED, actor=actor, note=CaseRoute(route).label)
    case.tasks.filter(key="assess", done_at=None).update(done_at=timezone.now())
    return assessment


def filing_needs_review(case: TechnologyCase) -> bool:
    """The committee's policy asks for its review of filing decisions, and it has not approved this one."""
    return (committee_selectors.policy_requires(case.organisation, ReviewMatter.FILING)
            and not committee_selectors.is_approved(case, ReviewMatter.FILING))


def case_decide(*, actor: Any, case: TechnologyCase, route: str, reasons: str, request: Any = None) -> TechnologyCase:
    """The office decides the route; a filing that the committee must review goes before it and waits."""
    authorize(actor, Action.CASE_DECIDE, case, request=request)
    if route not in CaseRoute.values or not reasons.strip():
        raise ValidationFailed(details={"reasons": _("Choose a route and give its reasons.")})
    if case.stage != Stage.ASSESSMENT:  # decided once; a case before the committee waits for it
        raise Conflict(_("Only a case under assessment can be decided."), code="not_under_assessment",
                       details={"stage": case.stage})
    if not hasattr(case, "assessment"):
        raise Conflict(_("The manager has not assessed this case yet."), code="not_assessed")
    case.route, case.decision_reasons = route, reasons
    case.decided_by, case.decided_at = actor, timezone.now()
    case.save(update_fields=["route", "decision_reasons", "decided_by", "decided_at"])
    if route == CaseRoute.FILE and filing_needs_review(case):
        stage_move(case, Stage.COMMITTEE, actor=actor)
        request_review(organisation=case.organisation, subject=case, matter=ReviewMatter.FILING, by=actor,
                       title=_("Filing decision: %(title)s") % {"title": case.disclosure.title}, summary=reasons)
        CaseEvent.objects.create(case=case, kind=EventKind.REVIEW_REQUESTED, actor=actor)
    else:
        stage_move(case, ROUTE_STAGE[CaseRoute(route)], actor=actor)
    CaseEvent.objects.create(case=case, kind=EventKind.DECIDED, actor=actor, note=f"{CaseRoute(route).label}: {reasons}")
    _notify(case, case.inventor_user_ids() | {case.manager_id}, "case_decided", NoticeKind.REVIEW_DECISION, actor,
            route_label=msgid(CaseRoute(route).label))
    return case


def review_outcome_apply(review: ReviewRequest) -> TechnologyCase | None:
    """The committee decided a filing: approved → filing decided; rejected → back to the manager."""
    case = TechnologyCase.objects.filter(pk=review.subject_id).first()
    if case is None or review.matter != ReviewMatter.FILING or case.stage != Stage.COMMITTEE:
        return None
    approved = review.status == ReviewStatus.APPROVED
    stage_move(case, Stage.FILING_DECIDED if approved else Stage.ASSESSMENT, actor=None)
    CaseEvent.objects.create(case=case, kind=EventKind.REVIEW_DECIDED, note=review.decision_note,
                             stage_to=Stage.FILING_DECIDED if approved else Stage.ASSESSMENT)
    _notify(case, _office_ids(case) | {case.manager_id}, "case_committee", NoticeKind.REVIEW_DECISION, None,
            status_label=msgid(ReviewStatus(review.status).label))
    return case


# application ---------------------------------------------------------------------------------------------------
def application_enter(*, actor: Any, case: TechnologyCase, number: str, filed_on: dt.date,
                      request: Any = None) -> TechnologyCase:
    """The office enters the application's number and filing date; a patent of the register with it is linked."""
    authorize(actor, Action.CASE_DECIDE, case, request=request)
    try:
        normalised = str(parse_application_number(number))
    except InvalidNumber as exc:
        raise ValidationFailed(details={"application_number": str(exc)}) from exc
    if filed_on > timezone.localdate():
        raise ValidationFailed(details={"filed_on": _("The filing date cannot be in the future.")})
    stage_move(case, Stage.APPLICATION, actor=actor)
    case.application_number, case.filed_on = normalised, filed_on
    try:
        with transaction.atomic():
            case.save(update_fields=["application_number", "filed_on"])
    except IntegrityError as exc:
        raise Conflict(_("Another case already has the application %(number)s.") % {"number": normalised},
                       code="application_taken") from exc
    CaseEvent.objects.create(case=case, kind=EventKind.FILED, actor=actor, note=normalised)
    case_refresh(case)
    return case


# tasks ---------------------------------------------------------------------------------------------------------
def task_create(*, actor: Any, case: TechnologyCase, title: str, due_on: dt.date, request: Any = None) -> CaseTask:
    """A task for the case's manager (or for the office member who sets it, while none is assigned)."""
    authorize(actor, Action.CASE_WORK, case, request=request)
    if not title.strip():
        raise ValidationFailed(details={"title": _("Say what is to be done.")})
    return CaseTask.objects.create(case=case, title=title.strip()[:300], due_on=due_on,
                                   assignee_id=case.manager_id or actor.pk, created_by=actor)


def task_done(*, actor: Any, task: CaseTask, request: Any = None) -> CaseTask:
    authorize(actor, Action.CASE_WORK, task.case, request=request)
    if task.done_at is None:
        task.done_at = timezone.now()
        task.save(update_fields=["done_at"])
    return task


# notices -------------------------------------------------------------------------------------------------------
def _office_ids(case: TechnologyCase) -> set[int]:
    return set(Membership.objects.filter(organisation_id=case.organisation_id, role__in=CASE_OFFICE_ROLES,
                                         user__is_active=True).values_list("user_id", flat=True))


def _notify(case: TechnologyCase, recipients: Any, variant: str, kind: str, actor: Any, **params: Any) -> None:
    notify(recipients=[pk for pk in recipients if pk], kind=kind, actor=actor, organisation=case.organisation,
           params={"variant": variant, "case": case.disclosure.title, **params},
           link=reverse("casework:case", args=[case.pk]))
