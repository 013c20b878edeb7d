"""/api/v1/tenders and /api/v1/agencies: quality-oriented tendering of patent-agency services. Tenders and agencies'
quality figures are public; bids are sealed (a bidder reads its own) until the deadline for the office and until the
award for the bidders."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from patentbridge.core.api_support import READ_AUTH, WRITE_AUTH
from patentbridge.core.errors import NotFound
from patentbridge.core.pagination import Pagination
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import tender_office_org_ids
from patentbridge.tendering import selectors, services
from patentbridge.tendering.models import RegistrationStatus, TenderStatus
from patentbridge.tendering.quality import AgencyQuality
from patentbridge.tendering.selectors import ScoredBid

router = Router(tags=["tendering"])


class FigureOut(Schema):
    key: str
    label: str
    value: Decimal | None = Field(..., description="per cent, or days for time_to_grant; null with a note")
    numerator: int | None
    denominator: int | None
    unit: str
    note: str = Field(..., description="why there is no value: too few to judge, not in the register, …")


class QualityOut(Schema):
    agency_name: str = Field(..., description="the name the patent register lists the agency's filings under")
    applications: int = Field(..., description="invention applications in the register")
    decided: int = Field(..., description="granted, rejected or withdrawn")
    judged: bool
    score: Decimal | None = Field(..., description="0–100; method in docs/tendering.md")
    figures: list[FigureOut]


def _quality(quality: AgencyQuality) -> dict[str, Any]:
    return {"agency_name": quality.agency_name, "applications": quality.applications, "decided": quality.decided,
            "judged": quality.judged, "score": quality.score,
            "figures": [{"key": f.key, "label": str(f.label), "value": f.value, "numerator": f.numerator,
                         "denominator": f.denominator, "unit": f.unit, "note": str(f.note)} for f in quality.figures]}


class AgencyOut(Schema):
    id: int
    name: str
    licence_number: str | None
    registered_on: dt.date | None
    registration_status: str | None


def _agency(agency: Organisation) -> dict[str, Any]:
    registration = getattr(agency, "agency_registration", None)
    return {"id": agency.pk, "name": agency.name,
            "licence_number": registration.licence_number if registration else None,
            "registered_on": registration.registered_on if registration else None,
            "registration_status": registration.status if registration else None}


class AgencyDetailOut(AgencyOut):
    quality: QualityOut


class RegistrationIn(Schema):
    licence_number: str = Field(..., min_length=1, max_length=40)
    registered_on: dt.date
    status: RegistrationStatus = RegistrationStatus.ACTIVE
    register_name: str = Field("", max_length=200)


class TenderIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    scope: str = Field(..., min_length=1, max_length=20000)
    period_start: dt.date
    period_end: dt.date
    bid_deadline: dt.datetime
    price_weight: int = Field(..., ge=0, le=100)
    quality_weight: int = Field(..., ge=0, le=100, description="with price_weight, 100")
    min_quality: Decimal | None = Field(None, ge=0, le=100, max_digits=5, decimal_places=2)
    organisation_id: int | None = Field(None, description="the institution; your office's first one when left out")


class TenderOut(Schema):
    id: int
    title: str
    organisation: str = Field(..., alias="organisation.name")
    scope: str
    period_start: dt.date
    period_end: dt.date
    bid_deadline: dt.datetime
    price_weight: int
    quality_weight: int
    min_quality: Decimal | None
    status: TenderStatus
    awarded_agency: str | None = Field(None, alias="awarded_bid.agency.name")
    award_reasons: str
    cancel_reason: str


class BidIn(Schema):
    agency_id: int
    price: Decimal = Field(..., gt=0, max_digits=14, decimal_places=2)
    offer: str = Field(..., min_length=1, max_length=20000)


class BidOut(Schema):
    id: int
    agency_id: int
    agency: str = Field(..., alias="agency.name")
    price: Decimal
    offer: str
    submitted_at: dt.datetime


class ScoredBidOut(Schema):
    bid: BidOut
    price_score: Decimal
    quality_score: Decimal
    total: Decimal
    meets_minimum: bool
    quality: QualityOut


def _scored(item: ScoredBid) -> dict[str, Any]:
    return {"bid": item.bid, "price_score": item.price_score, "quality_score": item.quality_score,
            "total": item.total, "meets_minimum": item.meets_minimum, "quality": _quality(item.quality)}


class AwardIn(Schema):
    bid_id: int
    reasons: str = Field(..., min_length=1, max_length=4000)


class CancelIn(Schema):
    reason: str = Field(..., min_length=1, max_length=4000)


class AgencyListOut(Schema):
    rows_read: int
    updated: int
    errors: list[dict[str, Any]] = Field(..., description="line, reason, value of each row not applied")


@router.get("/agencies", response=list[AgencyOut], auth=READ_AUTH)
@paginate(Pagination)
def list_agencies(request: HttpRequest):
    """Patent agencies with their practice licence as entered by them."""
    return [_agency(agency) for agency in selectors.listed_agencies()]


@router.get("/agencies/{agency_id}", response=AgencyDetailOut, auth=READ_AUTH)
def get_agency(request: HttpRequest, agency_id: int):
    """An agency and its quality figures from the patent register, each with its denominator."""
    agency = selectors.agency_get(agency_id)
    return {**_agency(agency), "quality": _quality(selectors.quality_of(agency))}


@router.put("/agencies/{agency_id}/registration", response=AgencyOut, auth=WRITE_AUTH)
def put_registration(request: HttpRequest, agency_id: int, payload: RegistrationIn):
    """The agency's administrator enters its practice licence (专利代理机构执业许可证)."""
    agency = selectors.agency_get(agency_id)
    with transaction.atomic():
        services.agency_registration_save(actor=request.user, agency=agency, request=request, **payload.dict())
    return _agency(selectors.agency_get(agency_id))


@router.get("/tenders", response=list[TenderOut], auth=READ_AUTH)
@paginate(Pagination)
def list_tenders(request: HttpRequest):
    """Every tender, newest first; anyone may read them."""
    return selectors.tenders().select_related("awarded_bid__agency")


@router.get("/tenders/{tender_id}", response=TenderOut, auth=READ_AUTH)
def get_tender(request: HttpRequest, tender_id: int):
    return selectors.tender_get(tender_id)


@router.post("/tenders", response={201: TenderOut}, auth=WRITE_AUTH)
def publish_tender(request: HttpRequest, payload: TenderIn):
    """A university's or institute's office publishes a tender; the weights add up to 100."""
    data = payload.dict(exclude={"organisation_id"})
    organisation = _office_org(request, payload.organisation_id)
    with transaction.atomic():
        tender = services.tender_publish(actor=request.user, organisation=organisation, request=request, **data)
    return Status(201, tender)


def _office_org(request: HttpRequest, organisation_id: int | None) -> Organisation:
    pk = organisation_id if organisation_id is not None else min(tender_office_org_ids(request.user), default=0)
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None:
        raise NotFound(gettext("no such organisation"))
    return organisation


@router.get("/tenders/{tender_id}/bids", response=list[BidOut], auth=WRITE_AUTH)
def own_bids(request: HttpRequest, tender_id: int):
    """Your own agencies' bids in the tender."""
    return selectors.own_bids(request.user, selectors.tender_get(tender_id))


@router.post("/tenders/{tender_id}/bids", response={201: BidOut}, auth=WRITE_AUTH)
def submit_bid(request: HttpRequest, tender_id: int, payload: BidIn):
    """Bid (or revise your bid) for one of your agencies until the deadline. 409 `bidding_closed`,
    `no_practice_licence`."""
    tender = selectors.tender_get(tender_id)
    agency = selectors.agency_get(payload.agency_id)
    with transaction.atomic():
        bid = services.bid_submit(actor=request.user, tender=tender, agency=agency, price=payload.price,
                                  offer=payload.offer, request=request)
    return Status(201, bid)


@router.get("/tenders/{tender_id}/scores", response=list[ScoredBidOut], auth=WRITE_AUTH)
def scores(request: HttpRequest, tender_id: int):
    """Every bid scored, best first, with the agency's quality figures beside it: the office after the deadline,
    the bidders after the award. 409 `bids_sealed` before the deadline."""
    tender = selectors.tender_get(tender_id)
    return [_scored(item) for item in selectors.scored_bids(request.user, tender, request=request)]


@router.post("/tenders/{tender_id}/award", response=TenderOut, auth=WRITE_AUTH)
def award(request: HttpRequest, tender_id: int, payload: AwardIn):
    """The office awards the tender to one bid with its reasons (after the deadline); the bidders are told."""
    tender = selectors.tender_get(tender_id)
    bid = tender.bids.filter(pk=payload.bid_id).first()
    if bid is None:
        raise NotFound(gettext("no such bid in this tender"))
    with transaction.atomic():
        return services.tender_award(actor=request.user, tender=tender, bid=bid, reasons=payload.reasons,
                                     request=request)


@router.post("/tenders/{tender_id}/cancel", response=TenderOut, auth=WRITE_AUTH)
def cancel(request: HttpRequest, tender_id: int, payload: CancelIn):
    """The office cancels an open tender with its reason; the bidders are told."""
    tender = selectors.tender_get(tender_id)
    with transaction.atomic():
        return services.tender_cancel(actor=request.user, tender=tender, reason=payload.reason, request=request)


@router.post("/agency-lists", response=AgencyListOut, auth=WRITE_AUTH)
def import_agency_list(request: HttpRequest, file: File[UploadedFile]):
    """A platform administrator fills the register's agency field from a CSV or XLSX list (a patent-number column
    and an agency column); each row not applied comes back with its line and reason."""
    with transaction.atomic():
        result = services.agency_list_import(actor=request.user, file_name=file.name or "", content=file.read(),
                                             request=request)
    return {"rows_read": result.rows_read, "updated": result.updated,
            "errors": [{"line": e.line, "reason": e.reason, "value": e.value} for e in result.errors]}
