from django.utils.translation import gettext

"""/api/v1/pool and /api/v1/patents/{number}/…: value, tiers, the stock-patent workflow, fees and a patent's upkeep
records (fee reduction, fee payments, funded project and implementation reports, standard declarations)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from patentbridge.core.api_support import READ_AUTH, WRITE_AUTH
from patentbridge.core.errors import NotFound, PermissionDenied
from patentbridge.core.pagination import Pagination
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import Action, authorize, enterprise_of, is_platform_admin
from patentbridge.patents.api import PatentFilterQuery
from patentbridge.patents.schemas import PatentListItem
from patentbridge.patents.selectors import patent_get
from patentbridge.pool import config, selectors, services
from patentbridge.pool import maintenance_services as maintenance
from patentbridge.pool.models import ConfigKind, ConfigVersion, PoolState, Tier
from patentbridge.pool.schemas import (
    FeePaymentCancelIn,
    FeePaymentCorrectionIn,
    FeePaymentIn,
    FeePaymentOut,
    FeeReductionIn,
    FundedProjectIn,
    FundedProjectOut,
    ImplementationReportIn,
    ImplementationReportOut,
    StandardDeclarationIn,
    StandardDeclarationOut,
    UnusedProjectOut,
)
from patentbridge.pool.tasks import queue_reassessment

router = Router(tags=["pool"])


class IndicatorOut(Schema):
    key: str
    dimension: str
    label_zh: str
    label_en: str
    raw: float | None
    score: float | None = Field(None, description="0–1 after normalisation; null when there is no data")
    weight: float
    points: float | None = Field(None, description="contribution to the overall score; the points add up to it")
    normalised_within: str


class AssessmentOut(Schema):
    score: float
    tier: str
    computed_tier: str
    override: dict | None
    dimensions: dict[str, float]
    dimension_weights: dict[str, float]
    indicators: list[IndicatorOut]
    cohort: str
    config_version: int
    computed_at: dt.datetime = Field(..., description="when these figures were last computed differently (a re-score "
                                                    "that finds them unchanged leaves the time as it was)")
    pool_state: str | None


class PoolQuery(PatentFilterQuery):
    tier: Tier | None = None
    industry: str | None = None


class PoolItem(PatentListItem):
    tier: str
    score: float
    organisation: str

    @staticmethod
    def resolve_tier(obj) -> str:
        return obj.pool_entry.tier_override or obj.assessment.tier

    @staticmethod
    def resolve_score(obj) -> float:
        return obj.assessment.score

    @staticmethod
    def resolve_organisation(obj) -> str:
        return obj.pool_entry.organisation.name


class EntryOut(Schema):
    id: int
    patent_number: str = Field(..., alias="patent.patent_number")
    title: str = Field(..., alias="patent.title")
    organisation: str = Field(..., alias="organisation.name")
    state: str
    tier: str | None
    score: float | None
    tier_override: str
    inventor: str | None
    trl: int | None
    self_market_prospects: int | None
    self_maturity: int | None
    self_willingness: int | None
    allowed: list[str]
    fee_reduction: str

    @staticmethod
    def resolve_tier(obj) -> str | None:
        assessment = getattr(obj.patent, "assessment", None)
        return obj.tier_override or (assessment.tier if assessment else None)

    @staticmethod
    def resolve_score(obj) -> float | None:
        assessment = getattr(obj.patent, "assessment", None)
        return assessment.score if assessment else None

    @staticmethod
    def resolve_inventor(obj) -> str | None:
        return obj.inventor.username if obj.inventor_id else None

    @staticmethod
    def resolve_allowed(obj) -> list[str]:
        return services.allowed_targets(obj.state)


class EntryQuery(Schema):
    state: PoolState | None = None


class RequestIn(Schema):
    inventor_id: int
    note: str = Field("", max_length=2000)


class SelfAssessmentIn(Schema):
    market_prospects: int = Field(..., ge=1, le=5)
    maturity: int = Field(..., ge=1, le=5)
    willingness: int = Field(..., ge=1, le=5)
    comment: str = Field("", max_length=4000)


class ReviewIn(Schema):
    comment: str = Field(..., min_length=1, max_length=4000)
    trl: int | None = Field(None, ge=1, le=9)
    market_notes: str | None = Field(None, max_length=4000)


class MoveIn(Schema):
    to: PoolState
    comment: str = Field("", max_length=4000)


class OverrideIn(Schema):
    tier: Tier | None = Field(None, description="null clears the override")
    comment: str = Field(..., min_length=1, max_length=2000)


class FeedbackIn(Schema):
    prospects: int = Field(..., ge=1, le=5, description="产业化前景 industrialisation prospects")
    willingness: int = Field(..., ge=1, le=5, description="合作意愿 willingness to cooperate")
    improvement_needs: str = Field("", max_length=4000, description="技术改进需求")


class FeeLineOut(Schema):
    patent_number: str
    title: str
    tier: str
    year: int
    due_date: dt.date
    late_deadline: dt.date
    full: Decimal
    reduction_rate: Decimal
    reduction_reason: str
    payable: Decimal
    overdue: bool
    surcharge_if_paid_today: Decimal
    recommendation: str
    reason: str


class ConfigOut(Schema):
    kind: str
    version: int
    data: dict[str, Any]
    note: str
    is_active: bool
    created_at: dt.datetime


class ConfigIn(Schema):
    data: dict[str, Any]
    note: str = Field("", max_length=300)


@router.get("/patents/{number}/assessment", response=AssessmentOut, auth=READ_AUTH)
def get_assessment(request: HttpRequest, number: str):
    """The value assessment: 0–100 per dimension and overall, the tier, and every indicator's contribution."""
    return selectors.assessment_for(patent_get(number))


@router.post("/patents/{number}/feedback", response=dict, auth=WRITE_AUTH)
def give_feedback(request: HttpRequest, number: str, payload: FeedbackIn):
    """An enterprise's market evaluation of a patent; it re-scores the patent at once."""
    organisation = enterprise_of(request.user)
    if organisation is None:
        raise PermissionDenied(gettext("only enterprise users give market feedback"))
    patent = patent_get(number)
    with transaction.atomic():
        services.feedback_give(actor=request.user, organisation=organisation, patent=patent, **payload.dict())
    return {"ok": True}


@router.get("/pool", response=list[PoolItem], auth=READ_AUTH)
@paginate(Pagination)
def list_pool(request: HttpRequest, filters: Query[PoolQuery]):
    """The convertible-patent pool, best first; the patent filters plus `tier` and `industry` (GB/T 4754)."""
    return selectors.pool_patents(filters.dict(exclude_none=True))


@router.get("/pool/entries", response=list[EntryOut], auth=WRITE_AUTH)
@paginate(Pagination)
def list_entries(request: HttpRequest, filters: Query[EntryQuery]):
    """The stock-patent workflow entries the caller may act on (their institution's, or assigned to them)."""
    entries = selectors.entries_visible_to(request.user).order_by("-patent__assessment__score", "pk")
    return entries.filter(state=filters.state) if filters.state else entries


def _entry(request: HttpRequest, entry_id: int):
    return selectors.entry_get(request.user, entry_id)


@router.get("/pool/entries/{entry_id}", response=EntryOut, auth=WRITE_AUTH)
def get_entry(request: HttpRequest, entry_id: int):
    return _entry(request, entry_id)


@router.post("/pool/entries/{entry_id}/self-assessment-request", response=EntryOut, auth=WRITE_AUTH)
def request_self_assessment(request: HttpRequest, entry_id: int, payload: RequestIn):
    entry = _entry(request, entry_id)
    inventor = selectors.inventors_of(entry.organisation_id).filter(pk=payload.inventor_id).first()
    if inventor is None:
        raise NotFound(gettext("no such inventor account at the institution"))
    with transaction.atomic():
        services.self_assessment_request(actor=request.user, entry=entry, inventor=inventor, note=payload.note)
    return _entry(request, entry_id)


@router.post("/pool/entries/{entry_id}/self-assessment", response=EntryOut, auth=WRITE_AUTH)
def submit_self_assessment(request: HttpRequest, entry_id: int, payload: SelfAssessmentIn):
    entry = _entry(request, entry_id)
    with transaction.atomic():
        services.self_assessment_submit(actor=request.user, entry=entry, **payload.dict())
    return _entry(request, entry_id)


@router.post("/pool/entries/{entry_id}/review", response=EntryOut, auth=WRITE_AUTH)
def review(request: HttpRequest, entry_id: int, payload: ReviewIn):
    entry = _entry(request, entry_id)
    with transaction.atomic():
        services.office_review(actor=request.user, entry=entry, **payload.dict())
    return _entry(request, entry_id)


@router.post("/pool/entries/{entry_id}/move", response=EntryOut, auth=WRITE_AUTH)
def move(request: HttpRequest, entry_id: int, payload: MoveIn):
    """Approve into the pool, return to the inventor, exclude, reopen or mark converted."""
    entry = _entry(request, entry_id)
    with transaction.atomic():
        services.entry_move(actor=request.user, entry=entry, to=payload.to, comment=payload.comment)
    return _entry(request, entry_id)


@router.post("/pool/entries/{entry_id}/tier-override", response=EntryOut, auth=WRITE_AUTH)
def override(request: HttpRequest, entry_id: int, payload: OverrideIn):
    entry = _entry(request, entry_id)
    with transaction.atomic():
        services.tier_override(actor=request.user, entry=entry, tier=payload.tier or "", comment=payload.comment)
    return _entry(request, entry_id)


@router.get("/pool/fees", response=list[FeeLineOut], auth=WRITE_AUTH)
def fee_calendar(request: HttpRequest, months: int = Query(12, ge=1, le=36)):
    """The caller's institution's annual fees for the coming months, with the maintenance recommendation."""
    org_ids = selectors.office_org_ids(request.user)
    organisation = Organisation.objects.filter(pk__in=org_ids).order_by("pk").first()
    if organisation is None:
        raise PermissionDenied(gettext("only a tech-transfer office has a fee calendar"))
    return [{"patent_number": line.patent.patent_number, "title": line.patent.title, "tier": line.tier,
             "year": line.fee.year, "due_date": line.fee.due_date, "late_deadline": line.fee.late_deadline,
             "full": line.fee.full, "reduction_rate": line.fee.reduction_rate,
             "reduction_reason": line.fee.reduction_reason, "payable": line.fee.payable, "overdue": line.overdue,
             "surcharge_if_paid_today": line.surcharge,
             "recommendation": line.recommendation.action, "reason": line.recommendation.reason}
            for line in selectors.maintenance_for(organisation, timezone.localdate(), months=months)]


def _admin(request: HttpRequest) -> None:
    if not is_platform_admin(request.user):
        raise PermissionDenied(gettext("only platform administrators change configurations"))


@router.get("/pool/config/{kind}", response=list[ConfigOut], auth=WRITE_AUTH)
def list_config(request: HttpRequest, kind: ConfigKind):
    """Every version of a configuration, newest first; the active one is marked."""
    _admin(request)
    config.active_version(kind)
    return ConfigVersion.objects.filter(kind=kind).order_by("-version")


@router.post("/pool/config/{kind}", response={201: ConfigOut}, auth=WRITE_AUTH)
def publish_config(request: HttpRequest, kind: ConfigKind, payload: ConfigIn):
    """Validate and activate a new version (weights sum to 1, thresholds ordered, fee ranges contiguous)."""
    _admin(request)
    version = config.config_publish(actor=request.user, kind=kind, data=payload.data, note=payload.note)
    _reassess(kind)
    return 201, version


@router.post("/pool/config/{kind}/{version}/activate", response=ConfigOut, auth=WRITE_AUTH)
def activate_config(request: HttpRequest, kind: ConfigKind, version: int):
    """Roll back (or forward) to a stored version."""
    _admin(request)
    activated = config.config_activate(actor=request.user, kind=kind, version=version)
    _reassess(kind)
    return activated


def _reassess(kind: str) -> None:
    if kind == ConfigKind.ASSESSMENT:
        transaction.on_commit(queue_reassessment)


# ---------------------------------------------------------------- a patent's upkeep records

def _kept(request: HttpRequest, number: str, action: Action) -> selectors.Keeping:
    keeping = selectors.patent_keeping(patent_get(number))
    authorize(request.user, action, keeping, request=request)
    return keeping


@router.put("/pool/entries/{entry_id}/fee-reduction", response=EntryOut, auth=WRITE_AUTH)
def set_fee_reduction(request: HttpRequest, entry_id: int, payload: FeeReductionIn):
    """The annual-fee reduction (专利收费减缴): 85 % for a single owner, 70 % for co-owners; `none` clears it."""
    entry = _entry(request, entry_id)
    authorize(request.user, Action.POOL_MAINTAIN, selectors.entry_keeping(entry), request=request)
    with transaction.atomic():
        maintenance.fee_reduction_set(actor=request.user, entry=entry, reduction=payload.reduction)
    return _entry(request, entry_id)


@router.get("/patents/{number}/fee-payments", response=list[FeePaymentOut], auth=WRITE_AUTH)
@paginate(Pagination)
def list_fee_payments(request: HttpRequest, number: str):
    """Every annual-fee payment recorded for the patent, cancelled ones included, by year."""
    return selectors.fee_payments_of(_kept(request, number, Action.POOL_RECORDS_VIEW).patent)


@router.post("/patents/{number}/fee-payments", response={201: FeePaymentOut}, auth=WRITE_AUTH)
def record_fee_payment(request: HttpRequest, number: str, payload: FeePaymentIn):
    """Record a paid annual fee; a second payment of the same year is 409 `fee_already_paid`."""
    patent = _kept(request, number, Action.POOL_MAINTAIN).patent
    with transaction.atomic():
        payment = maintenance.fee_payment_record(actor=request.user, patent=patent, **payload.dict())
    return Status(201, payment)


@router.post("/patents/{number}/fee-payments/{payment_id}/cancel", response=FeePaymentOut, auth=WRITE_AUTH)
def cancel_fee_payment(request: HttpRequest, number: str, payment_id: int, payload: FeePaymentCancelIn):
    """Cancel a wrongly recorded payment; it stays in the list with who cancelled it and why."""
    payment = selectors.fee_payment_get(_kept(request, number, Action.POOL_MAINTAIN).patent, payment_id)
    with transaction.atomic():
        return maintenance.fee_payment_cancel(actor=request.user, payment=payment, reason=payload.reason)


@router.post("/patents/{number}/fee-payments/{payment_id}/correct", response={201: FeePaymentOut}, auth=WRITE_AUTH)
def correct_fee_payment(request: HttpRequest, number: str, payment_id: int, payload: FeePaymentCorrectionIn):
    """Cancel the payment with the reason and record the corrected one (same year) in its place."""
    payment = selectors.fee_payment_get(_kept(request, number, Action.POOL_MAINTAIN).patent, payment_id)
    with transaction.atomic():
        return Status(201, maintenance.fee_payment_correct(actor=request.user, payment=payment, **payload.dict()))


@router.get("/patents/{number}/funded-project", response=FundedProjectOut, auth=WRITE_AUTH)
def get_funded_project(request: HttpRequest, number: str):
    """The state-funded project the patent came from, with its yearly implementation reports (newest first)."""
    return selectors.funded_project_get(_kept(request, number, Action.POOL_RECORDS_VIEW).patent)


@router.put("/patents/{number}/funded-project", response=FundedProjectOut, auth=WRITE_AUTH)
def declare_funded_project(request: HttpRequest, number: str, payload: FundedProjectIn):
    """Declare the state-funded project (财政资助项目), or correct it."""
    patent = _kept(request, number, Action.POOL_MAINTAIN).patent
    with transaction.atomic():
        maintenance.funded_project_declare(actor=request.user, patent=patent, **payload.dict())
    return selectors.funded_project_get(patent)


@router.put("/patents/{number}/funded-project/reports/{year}", response=ImplementationReportOut, auth=WRITE_AUTH)
def report_implementation(request: HttpRequest, number: str, year: int, payload: ImplementationReportIn):
    """The project's implementation in one year (one report a year: a second one replaces it)."""
    project = selectors.funded_project_get(_kept(request, number, Action.POOL_MAINTAIN).patent)
    with transaction.atomic():
        return maintenance.implementation_report_record(actor=request.user, project=project, year=year,
                                                        **payload.dict())


@router.get("/pool/funded-projects/unused", response=list[UnusedProjectOut], auth=WRITE_AUTH)
@paginate(Pagination)
def list_unused_funded_projects(request: HttpRequest):
    """Funded patents five years past grant (or project end) with no implementation reported: every
    institution's for regulators and admins, the caller's own organisations' otherwise."""
    return selectors.unused_funded_projects_visible_to(request.user, timezone.localdate())


@router.get("/patents/{number}/standards", response=list[StandardDeclarationOut], auth=READ_AUTH)
@paginate(Pagination)
def list_standard_declarations(request: HttpRequest, number: str):
    """The standards the patent is declared essential to (public, as the standard-essential list is)."""
    return selectors.standard_declarations_of(patent_get(number))


@router.post("/patents/{number}/standards", response={201: StandardDeclarationOut}, auth=WRITE_AUTH)
def declare_standard(request: HttpRequest, number: str, payload: StandardDeclarationIn):
    """Declare the patent essential to a standard; the same standard twice is 409 `already_declared`."""
    patent = _kept(request, number, Action.POOL_MAINTAIN).patent
    with transaction.atomic():
        return Status(201, maintenance.standard_declare(actor=request.user, patent=patent, **payload.dict()))


@router.delete("/patents/{number}/standards/{standard_id}", response={204: None}, auth=WRITE_AUTH)
def remove_standard(request: HttpRequest, number: str, standard_id: int):
    """Withdraw a standard-essential declaration (the change log keeps it)."""
    declaration = selectors.standard_declaration_get(_kept(request, number, Action.POOL_MAINTAIN).patent,
                                                     standard_id)
    with transaction.atomic():
        maintenance.standard_declaration_remove(actor=request.user, declaration=declaration)
    return Status(204, None)
