"""/api/v1/products: patent product filing (专利产品备案) — file, review, yearly data, revocation, the public list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from patentbridge.core.api_support import READ_AUTH, WRITE_AUTH
from patentbridge.core.errors import NotFound, ValidationFailed
from patentbridge.core.pagination import Pagination
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import Action, authorize, product_filer_org_ids
from patentbridge.products import selectors, services
from patentbridge.products.models import Product

router = Router(tags=["products"])


class PatentLinkOut(Schema):
    number: str = Field(..., description="the patent's application (or publication) number")
    title: str
    basis: str = Field(..., description="own, licensed (a licence in force) or transferred (a recorded transfer)")
    grant_id: int | None
    checked_on: dt.date

    @staticmethod
    def resolve_number(obj: Any) -> str:
        return obj.patent.lookup_number

    @staticmethod
    def resolve_title(obj: Any) -> str:
        return obj.patent.title


class YearOut(Schema):
    year: int
    sales: Decimal
    output: Decimal
    exports: Decimal
    profit: Decimal
    ip_input: Decimal
    patent_share: Decimal = Field(..., description="share attributable to the patents, per cent")
    submitted_at: dt.datetime
    on_time: bool = Field(..., description="reported by the end of the update window (PRODUCT_UPDATE_WINDOW)")
    needs_review: bool
    review_reason: str


class ProductOut(Schema):
    id: int
    name: str
    model: str
    category: str
    industry: str = Field(..., description="GB/T 4754 small class (4 digits)")
    description: str
    launched_on: dt.date
    filer_id: int
    filer: str = Field(..., alias="filer.name")
    status: str = Field(..., description="submitted, returned, filed, refused, revoked")
    filing_number: str | None
    filed_on: dt.date | None
    review_note: str
    revoke_requested_at: dt.datetime | None
    revoke_prompted_on: dt.date | None
    revoked_on: dt.date | None
    patents: list[PatentLinkOut]
    years: list[YearOut]

    @staticmethod
    def resolve_industry(obj: Any) -> str:
        return obj.industry_id

    @staticmethod
    def resolve_patents(obj: Any) -> list:
        return list(obj.patent_links.all())

    @staticmethod
    def resolve_years(obj: Any) -> list:
        return sorted(obj.years.all(), key=lambda row: -row.year)


class PublicProductOut(Schema):
    id: int
    name: str
    model: str
    filer: str = Field(..., alias="filer.name")
    industry: str
    filing_number: str
    filed_on: dt.date

    @staticmethod
    def resolve_industry(obj: Any) -> str:
        return obj.industry_id


class YearIn(Schema):
    year: int = Field(..., ge=1985, le=2200, description="a finished calendar year")
    sales: Decimal = Field(..., ge=0)
    output: Decimal = Field(..., ge=0)
    exports: Decimal = Field(Decimal(0), ge=0)
    profit: Decimal = Field(Decimal(0), description="a loss is negative")
    ip_input: Decimal = Field(Decimal(0), ge=0)
    patent_share: Decimal = Field(..., ge=0, le=100)


class ProductIn(Schema):
    filer_id: int | None = Field(None, description="the organisation filed for; by default the user's first")
    name: str = Field(..., max_length=200)
    model: str = Field("", max_length=100)
    category: str = Field(..., max_length=100)
    industry: str = Field(..., max_length=4, description="GB/T 4754 small class (4 digits)")
    description: str = Field("", max_length=5000)
    launched_on: dt.date
    patents: list[str] = Field(..., description="application or publication numbers")
    data: YearIn = Field(..., description="the first year's figures")


class DecisionIn(Schema):
    decision: str = Field(..., description="filed, returned or refused")
    reason: str = Field(..., max_length=2000)


class NoteIn(Schema):
    note: str = Field("", max_length=2000)


class ReasonIn(Schema):
    reason: str = Field(..., max_length=2000)


class EligibilityOut(Schema):
    eligible: bool
    reasons: list[str]


def _filer(request: HttpRequest, filer_id: int | None) -> Organisation:
    own = sorted(product_filer_org_ids(request.user))
    pk = filer_id if filer_id is not None else (own[0] if own else None)
    filer = Organisation.objects.filter(pk=pk).first() if pk is not None else None
    if filer is None:
        raise ValidationFailed(details={"filer_id": _("You file products for no organisation.")})
    return filer


def _parts(payload: ProductIn) -> dict[str, Any]:
    fields = payload.dict(include={"name", "model", "category", "industry", "description", "launched_on"})
    return {"data": fields, "patents": payload.patents, "year_data": payload.data.dict()}


@router.get("/products/public", response=list[PublicProductOut], auth=READ_AUTH)
@paginate(Pagination)
def public_products(request: HttpRequest, q: str = ""):
    """Filed products for everyone: name, filer, industry and filing number (no economic data)."""
    return selectors.public_filed(q)


@router.get("/products", response=list[ProductOut], auth=WRITE_AUTH)
@paginate(Pagination)
def list_products(request: HttpRequest):
    """The products of your organisations (every one for the regulator and platform admins)."""
    return selectors.products_visible_to(request.user).order_by("-pk")


@router.get("/products/review-queue", response=list[ProductOut], auth=WRITE_AUTH)
@paginate(Pagination)
def review_queue(request: HttpRequest):
    """The filing clerk's queue: submitted filings, applications to revoke, flagged figures (403 for others)."""
    authorize(request.user, Action.PRODUCT_REVIEW, request=request)
    return selectors.review_queue()


@router.get("/products/{product_id}", response=ProductOut, auth=WRITE_AUTH)
def get_product(request: HttpRequest, product_id: int):
    return selectors.product_get(request.user, product_id)


@router.get("/products/{product_id}/eligibility", response=EligibilityOut, auth=WRITE_AUTH)
def eligibility(request: HttpRequest, product_id: int,
                year: int | None = Query(None, ge=1986, le=2200, description="the recognition year")):
    """Whether the product may take part in the year's recognition (by default this year's), with the reasons."""
    product = selectors.product_get(request.user, product_id)
    eligible, reasons = selectors.recognition_eligibility(product, year or timezone.localdate().year)
    return {"eligible": eligible, "reasons": reasons}


def _reload(request: HttpRequest, product: Product) -> Product:
    return selectors.product_get(request.user, product.pk)


@router.post("/products", response={201: ProductOut}, auth=WRITE_AUTH)
def file_product(request: HttpRequest, payload: ProductIn):
    """File a product for review. 400 `validation_error` names each field, and each patent that is not in force
    or not held by the filer; nothing is saved then. 403 unless you file for that organisation."""
    filer = _filer(request, payload.filer_id)
    with transaction.atomic():
        product = services.product_file(actor=request.user, filer=filer, request=request, **_parts(payload))
    return Status(201, _reload(request, product))


@router.post("/products/{product_id}/resubmit", response=ProductOut, auth=WRITE_AUTH)
def resubmit(request: HttpRequest, product_id: int, payload: ProductIn):
    """Change a returned filing and put it back in the clerk's queue (409 `invalid_transition` otherwise)."""
    product = selectors.product_get(request.user, product_id)
    with transaction.atomic():
        services.product_resubmit(actor=request.user, product=product, request=request, **_parts(payload))
    return _reload(request, product)


@router.post("/products/{product_id}/decision", response=ProductOut, auth=WRITE_AUTH)
def decide(request: HttpRequest, product_id: int, payload: DecisionIn):
    """The filing clerk files (a filing number is given), returns or refuses a submitted filing, with a reason.
    409 `patent_check_failed` when filing a product whose patent no longer passes its check."""
    product = selectors.product_get(request.user, product_id)
    with transaction.atomic():
        services.product_review(actor=request.user, product=product, decision=payload.decision,
                                reason=payload.reason, request=request)
    return _reload(request, product)


@router.post("/products/{product_id}/years", response={201: YearOut}, auth=WRITE_AUTH)
def report_year(request: HttpRequest, product_id: int, payload: YearIn):
    """Report a finished year's figures for a filed product: on_time within the update window, else kept but late;
    sales over PRODUCT_SALES_JUMP_FACTOR times the year before are kept and flagged. 409 `already_reported`."""
    product = selectors.product_get(request.user, product_id)
    data = payload.dict()
    with transaction.atomic():
        row = services.year_report(actor=request.user, product=product, year=data.pop("year"), data=data,
                                   request=request)
    return Status(201, row)


@router.post("/products/{product_id}/years/{year}/confirm", response=YearOut, auth=WRITE_AUTH)
def confirm_year(request: HttpRequest, product_id: int, payload: NoteIn, year: int = Path(..., ge=1985, le=2200)):
    """The clerk accepts flagged figures, saying why they stand."""
    product = selectors.product_get(request.user, product_id)
    row = product.years.filter(year=year).first()
    if row is None:
        raise NotFound(details={"year": year})
    with transaction.atomic():
        return services.year_confirm(actor=request.user, row=row, note=payload.note, request=request)


@router.post("/products/{product_id}/revoke", response=ProductOut, auth=WRITE_AUTH)
def request_revocation(request: HttpRequest, product_id: int, payload: ReasonIn):
    """The filer applies to revoke a filed product, with the reason."""
    product = selectors.product_get(request.user, product_id)
    with transaction.atomic():
        services.revoke_request(actor=request.user, product=product, reason=payload.reason, request=request)
    return _reload(request, product)


@router.post("/products/{product_id}/revoke/confirm", response=ProductOut, auth=WRITE_AUTH)
def confirm_revocation(request: HttpRequest, product_id: int, payload: NoteIn):
    """The clerk confirms the filer's application to revoke (409 `no_revocation_request` without one)."""
    product = selectors.product_get(request.user, product_id)
    with transaction.atomic():
        services.revoke_confirm(actor=request.user, product=product, note=payload.note, request=request)
    return _reload(request, product)
