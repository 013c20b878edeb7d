"""/api/v1/recognitions: patent-intensive product recognition (专利密集型产品认定) — the public list and notices,
the criteria, and the lifecycle's steps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from patentbridge.core.api_support import READ_AUTH, WRITE_AUTH
from patentbridge.core.errors import NotFound
from patentbridge.core.pagination import Pagination
from patentbridge.products.models import Product
from patentbridge.recognition import assessment, selectors, services
from patentbridge.recognition.models import RECOGNITION_STEPS

router = Router(tags=["recognition"])


class AssessmentRowOut(Schema):
    standard: str
    indicator: str
    category: str
    comparator: str
    threshold: Decimal | None = Field(..., description="null: no threshold set (the reviewer decides)")
    unit: str
    figure: Decimal | None
    data_year: int
    result: str = Field(..., description="pass, fail, no_threshold, no_figure")


class RecognitionOut(Schema):
    id: int
    product_id: int
    product: str
    filer: str
    city: str | None = Field(..., description="the filer's city (GB/T 2260 code)")
    industry: str = Field(..., description="GB/T 4754 code")
    year: int
    status: str = Field(..., description="applied, in_notice, recognised, refused, withdrawn, lapsed")
    notice_from: dt.date | None
    notice_until: dt.date | None
    recognised_on: dt.date | None
    lapsed_on: dt.date | None
    allowed: list[str] = Field(..., description="the statuses the lifecycle allows from this one")

    @staticmethod
    def resolve_product(obj: Any) -> str:
        return str(obj.product)

    @staticmethod
    def resolve_filer(obj: Any) -> str:
        return obj.product.filer.name

    @staticmethod
    def resolve_industry(obj: Any) -> str:
        return obj.product.industry_id

    @staticmethod
    def resolve_city(obj: Any) -> str | None:
        return obj.product.filer.city_id

    @staticmethod
    def resolve_allowed(obj: Any) -> list[str]:
        return sorted(to for source, to in RECOGNITION_STEPS if source == obj.status)


class RecognitionDetailOut(RecognitionOut):
    decision_note: str | None = Field(None, description="only for the filer, regulators and admins")
    lapse_reasons: list[str]
    assessment: list[AssessmentRowOut] | None = Field(None, description="only for the filer, regulators and admins")
    verdict: str | None = Field(None, description="no_criteria, reviewer_decides, meets_all, falls_short; never a "
                                "verdict while a criterion has no threshold")

    @staticmethod
    def resolve_decision_note(obj: Any, context: Any) -> str | None:
        return obj.decision_note if _sees(obj, context) else None

    @staticmethod
    def resolve_assessment(obj: Any, context: Any) -> list[dict[str, Any]] | None:
        return selectors.assessment_of(obj) if _sees(obj, context) else None

    @staticmethod
    def resolve_verdict(obj: Any, context: Any) -> str | None:
        return assessment.verdict(selectors.assessment_of(obj)) if _sees(obj, context) else None


def _sees(obj: Any, context: Any) -> bool:
    return selectors.sees_filing(context["request"].user, obj)


class CriterionOut(Schema):
    id: int
    standard: str
    indicator: str
    category: str
    comparator: str
    threshold: Decimal | None = Field(..., description="null until the administrator enters the verified figure")
    unit: str
    active: bool


class ApplyIn(Schema):
    product_id: int
    year: int = Field(..., ge=selectors.FIRST_YEAR, le=2100)


class DecisionIn(Schema):
    recognise: bool
    note: str = Field("", max_length=2000, description="the reasons; required for a refusal")


class ObjectionIn(Schema):
    objector: str = Field(..., min_length=1, max_length=200)
    grounds: str = Field(..., min_length=1, max_length=4000)
    received_on: dt.date


@router.get("/recognitions", response=list[RecognitionOut], auth=READ_AUTH)
@paginate(Pagination)
def list_recognised(request: HttpRequest, year: int | None = None, industry: str | None = None,
                    city: str | None = None):
    """The public list of recognised products, by recognition year, GB/T 4754 industry (code prefix) and the
    filer's city (GB/T 2260 code)."""
    return selectors.public_list(year=year, industry=industry, city=city)


@router.get("/recognitions/notices", response=list[RecognitionOut], auth=READ_AUTH)
def list_notices(request: HttpRequest):
    """The recognitions now in public notice."""
    return list(selectors.in_notice())


@router.get("/recognitions/criteria", response=list[CriterionOut], auth=READ_AUTH)
def list_criteria(request: HttpRequest):
    """The recognition criteria; thresholds are null until the administrator enters figures verified against the
    standard (neither T/PPAC 402-2022 nor GB/T 46961-2025 was retrieved)."""
    return list(selectors.criteria())


@router.get("/recognitions/{recognition_id}", response=RecognitionDetailOut, auth=READ_AUTH)
def get_recognition(request: HttpRequest, recognition_id: int):
    """One recognition: public once in notice; the assessment and reasons only for its filer and regulators."""
    return selectors.recognition_get(request.user, recognition_id)


@router.post("/recognitions", response={201: RecognitionDetailOut}, auth=WRITE_AUTH)
def apply(request: HttpRequest, payload: ApplyIn):
    """Apply for a filed product's recognition for the year (a member of its filer). 400 `not_eligible` with the
    reasons; 409 `already_applied`."""
    product = Product.objects.filter(pk=payload.product_id).first()
    if product is None:
        raise NotFound()
    with transaction.atomic():
        recognition = services.recognition_apply(actor=request.user, product=product, year=payload.year,
                                                 request=request)
    return 201, recognition


@router.post("/recognitions/{recognition_id}/decision", response=RecognitionDetailOut, auth=WRITE_AUTH)
def decide(request: HttpRequest, recognition_id: int, payload: DecisionIn):
    """A regulator recognises (the public notice opens) or refuses with reasons; also refuses one in notice."""
    recognition = selectors.recognition_get(request.user, recognition_id)
    with transaction.atomic():
        if payload.recognise:
            services.recognition_recognise(actor=request.user, recognition=recognition, note=payload.note,
                                           request=request)
        else:
            services.recognition_refuse(actor=request.user, recognition=recognition, reasons=payload.note,
                                        request=request)
    return recognition


@router.post("/recognitions/{recognition_id}/objections", response={201: RecognitionDetailOut}, auth=WRITE_AUTH)
def record_objection(request: HttpRequest, recognition_id: int, payload: ObjectionIn):
    """A regulator records an objection received during the notice; 409 `not_in_notice`."""
    recognition = selectors.recognition_get(request.user, recognition_id)
    with transaction.atomic():
        services.objection_record(actor=request.user, recognition=recognition, request=request, **payload.dict())
    return 201, recognition


@router.post("/recognitions/{recognition_id}/confirm", response=RecognitionDetailOut, auth=WRITE_AUTH)
def confirm(request: HttpRequest, recognition_id: int):
    """A regulator marks it recognised after the notice; 409 `notice_running` or `objection_open`."""
    recognition = selectors.recognition_get(request.user, recognition_id)
    with transaction.atomic():
        services.recognition_confirm(actor=request.user, recognition=recognition, request=request)
    return recognition


@router.post("/recognitions/{recognition_id}/withdraw", response=RecognitionDetailOut, auth=WRITE_AUTH)
def withdraw(request: HttpRequest, recognition_id: int):
    """The filer withdraws an application not yet decided."""
    recognition = selectors.recognition_get(request.user, recognition_id)
    with transaction.atomic():
        services.recognition_withdraw(actor=request.user, recognition=recognition, request=request)
    return recognition
