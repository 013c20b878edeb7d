"""/api/v1/casework: invention disclosures and technology cases — disclose (inventors or their office), assign a
technology manager, assess, decide (through the expert committee where its policy says so), enter the application,
tasks, and the case's timeline. Visible only to the inventors, the office, the assigned manager and reviewing committee
members: everyone else gets 404."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Router, Schema, Status

from patentbridge.casework import selectors, services
from patentbridge.casework.models import CaseRoute, FundingSource, ReleaseKind, Stage, TechnologyCase
from patentbridge.casework.progress import case_refresh
from patentbridge.core.api_support import WRITE_AUTH
from patentbridge.core.errors import NotFound
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import Action, authorize, discloser_org_ids

router = Router(tags=["casework"])


class InventorIn(Schema):
    person: str = Field(..., min_length=1, max_length=100,
                        description="a user name of a member of the organisation, or an outsider's name")
    share: Decimal = Field(..., gt=0, le=100, decimal_places=2, description="per cent; all together exactly 100")


class PublicationIn(Schema):
    planned_on: dt.date
    venue: str = Field(..., min_length=1, max_length=300)


class DisclosureIn(Schema):
    organisation_id: int | None = Field(None, description="one of your institutions; your first when left out")
    title: str = Field(..., min_length=1, max_length=300)
    problem: str = Field(..., min_length=1, max_length=20000)
    solution: str = Field(..., min_length=1, max_length=20000)
    advantages: str = Field("", max_length=20000)
    funding_source: FundingSource | None = None
    project_number: str = Field("", max_length=100)
    inventors: list[InventorIn] = Field(..., min_length=1, max_length=50)
    publications: list[PublicationIn] = Field(default_factory=list, max_length=20)


class InventorOut(Schema):
    name: str = Field(..., alias="name_shown")
    user_id: int | None
    share: Decimal


class PriorPatentOut(Schema):
    number: str
    title: str
    strength: str
    matched_terms: list[str]


class CaseOut(Schema):
    id: int
    title: str = Field(..., alias="disclosure.title")
    organisation: str = Field(..., alias="organisation.name")
    stage: Stage
    manager: str | None = Field(None, alias="manager.username")
    route: str
    decision_reasons: str
    application_number: str | None
    filed_on: dt.date | None
    disclosed_at: dt.datetime = Field(..., alias="disclosure.disclosed_at")


class CaseDetailOut(CaseOut):
    problem: str = Field(..., alias="disclosure.problem")
    solution: str = Field(..., alias="disclosure.solution")
    advantages: str = Field(..., alias="disclosure.advantages")
    inventors: list[InventorOut] = Field(..., alias="disclosure.inventors.all")
    prior_art: list[PriorPatentOut] = Field(..., alias="disclosure.prior_art")
    prior_art_ipc: list[str] = Field(..., alias="disclosure.prior_art_ipc")
    prior_art_checked_at: dt.datetime | None = Field(None, alias="disclosure.prior_art_checked_at")


class AssignIn(Schema):
    username: str = Field(..., max_length=150)


class AssessmentIn(Schema):
    route: CaseRoute
    reasons: str = Field(..., min_length=1, max_length=8000)
    novelty_doubts: str = Field("", max_length=8000)
    doubtful_patents: list[str] = Field(default_factory=list, max_length=20,
                                        description="numbers among the prior-art check's patents")
    market: str = Field("", max_length=8000)
    release_kind: ReleaseKind | None = None
    release_share: Decimal | None = Field(None, gt=0, lt=100, decimal_places=2)
    release_years: int | None = Field(None, ge=1, le=100)
    income_split: str = Field("", max_length=300)
    cost_sharing: str = Field("", max_length=300)


class DecisionIn(Schema):
    route: CaseRoute
    reasons: str = Field(..., min_length=1, max_length=8000)


class ApplicationIn(Schema):
    application_number: str = Field(..., max_length=30)
    filed_on: dt.date


class TaskIn(Schema):
    title: str = Field(..., min_length=1, max_length=300)
    due_on: dt.date


class TaskOut(Schema):
    id: int
    case_id: int
    kind: str
    title: str
    assignee: str = Field(..., alias="assignee.username")
    due_on: dt.date
    done_at: dt.datetime | None


class StepOut(Schema):
    at: dt.datetime
    what: str
    who: str
    link: str
    note: str
    day_only: bool = Field(..., description="the record carries a date only (its time reads 00:00)")


def _case(request: HttpRequest, pk: int) -> TechnologyCase:
    return selectors.case_get(request.user, pk)


@router.get("/casework/cases", response=list[CaseOut], auth=WRITE_AUTH)
def cases(request: HttpRequest, stage: str = "", manager: str = ""):
    """The cases you read (your office's, those you manage, those you are an inventor of); filter by stage and
    manager id (`none`: not assigned)."""
    return list(selectors.case_list(request.user, stage=stage, manager=manager)[:1000])


@router.post("/casework/disclosures", response={201: CaseDetailOut}, auth=WRITE_AUTH)
def disclose(request: HttpRequest, payload: DisclosureIn):
    """Disclose an invention (its case opens, the prior-art check runs at once); 400 when shares are not 100 %."""
    if payload.organisation_id is None:
        organisation = Organisation.objects.filter(pk__in=discloser_org_ids(request.user)).order_by("pk").first()
    else:
        organisation = Organisation.objects.filter(pk=payload.organisation_id).first()
    if organisation is None:
        authorize(request.user, Action.CASE_DISCLOSE, request=request)  # 403 for one who discloses for none
        raise NotFound(gettext("No such organisation."))
    with transaction.atomic():
        case = services.disclosure_create(
            actor=request.user, organisation=organisation, title=payload.title, problem=payload.problem,
            solution=payload.solution, advantages=payload.advantages, funding_source=payload.funding_source or "",
            project_number=payload.project_number, request=request,
            inventors=[services.InventorLine(i.person, i.share) for i in payload.inventors],
            publications=[services.PublicationLine(p.planned_on, p.venue) for p in payload.publications])
    return Status(201, case)


@router.get("/casework/cases/{pk}", response=CaseDetailOut, auth=WRITE_AUTH)
def case_detail(request: HttpRequest, pk: int):
    case = _case(request, pk)
    with transaction.atomic():
        return case_refresh(case)


@router.post("/casework/cases/{pk}/prior-art", response=CaseDetailOut, auth=WRITE_AUTH)
def prior_art(request: HttpRequest, pk: int):
    """Run the prior-art check again (the manager or the office)."""
    case = _case(request, pk)
    with transaction.atomic():
        return services.prior_art_check(actor=request.user, case=case, request=request)


@router.post("/casework/cases/{pk}/manager", response=CaseOut, auth=WRITE_AUTH)
def assign(request: HttpRequest, pk: int, payload: AssignIn):
    """Assign a technology manager of the organisation (the office)."""
    case = _case(request, pk)
    manager = get_user_model().objects.filter(username=payload.username, is_active=True).first()
    if manager is None:
        raise NotFound(gettext("No such user."))
    with transaction.atomic():
        return services.manager_assign(actor=request.user, case=case, manager=manager, request=request)


@router.put("/casework/cases/{pk}/assessment", response=CaseOut, auth=WRITE_AUTH)
def assess(request: HttpRequest, pk: int, payload: AssessmentIn):
    """Record (or change, until the decision) the manager's assessment and proposed route."""
    case = _case(request, pk)
    data = payload.dict()
    data["release_kind"] = data["release_kind"] or ""
    with transaction.atomic():
        services.assessment_record(actor=request.user, case=case, request=request, **data)
    return case


@router.post("/casework/cases/{pk}/decision", response=CaseOut, auth=WRITE_AUTH)
def decide(request: HttpRequest, pk: int, payload: DecisionIn):
    """The office's decision; a filing the committee's policy covers goes before the committee (stage
    `committee`)."""
    case = _case(request, pk)
    with transaction.atomic():
        return services.case_decide(actor=request.user, case=case, route=payload.route, reasons=payload.reasons,
                                    request=request)


@router.post("/casework/cases/{pk}/application", response=CaseOut, auth=WRITE_AUTH)
def application(request: HttpRequest, pk: int, payload: ApplicationIn):
    """Enter the application number and filing date (the office); 409 `application_taken`."""
    case = _case(request, pk)
    with transaction.atomic():
        return services.application_enter(actor=request.user, case=case, number=payload.application_number,
                                          filed_on=payload.filed_on, request=request)


@router.get("/casework/cases/{pk}/timeline", response=list[StepOut], auth=WRITE_AUTH)
def timeline(request: HttpRequest, pk: int, order: str = "newest"):
    """Every step of the case with who and when, newest (or `oldest`) first."""
    case = _case(request, pk)
    with transaction.atomic():
        case_refresh(case)
    return selectors.timeline(case, newest_first=order != "oldest")


@router.get("/casework/tasks", response=list[TaskOut], auth=WRITE_AUTH)
def tasks(request: HttpRequest):
    """Your open tasks, soonest due first."""
    return list(selectors.tasks_of(request.user)[:1000])


@router.post("/casework/cases/{pk}/tasks", response={201: TaskOut}, auth=WRITE_AUTH)
def task_add(request: HttpRequest, pk: int, payload: TaskIn):
    case = _case(request, pk)
    with transaction.atomic():
        task = services.task_create(actor=request.user, case=case, title=payload.title, due_on=payload.due_on,
                                    request=request)
    return Status(201, task)


@router.post("/casework/cases/{pk}/tasks/{task_id}/done", response=TaskOut, auth=WRITE_AUTH)
def task_done(request: HttpRequest, pk: int, task_id: int):
    case = _case(request, pk)
    task = case.tasks.filter(pk=task_id).select_related("assignee").first()
    if task is None:
        raise NotFound(gettext("No such task."))
    with transaction.atomic():
        return services.task_done(actor=request.user, task=task, request=request)
