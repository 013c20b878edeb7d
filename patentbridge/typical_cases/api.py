"""/api/v1/typical-cases: published typical cases of patent conversion (public, searchable), and the office's drafts
and the regulator's review (draft → submitted → published, or returned with reasons; published → withdrawn)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from patentbridge.core.api_support import READ_AUTH, WRITE_AUTH
from patentbridge.core.errors import NotFound
from patentbridge.core.pagination import Pagination
from patentbridge.deals.models import Deal
from patentbridge.licensing.models import OpenLicence
from patentbridge.orgs.permissions import typical_case_office_org_ids
from patentbridge.typical_cases import selectors, services
from patentbridge.typical_cases.models import Route, TypicalCase

router = Router(tags=["typical_cases"])


class CaseFilters(Schema):
    q: str = Field("", max_length=200, description="words, each found in the title or the summary")
    industry: str = Field("", max_length=5, description="GB/T 4754-2017: a section letter (C) or a division, group "
                          "or class code (38, 383, 3841)")
    intensive: str = Field("", max_length=6, description="a patent-intensive class (PA01) or middle class (PA101)")
    city: str = Field("", max_length=6, description="GB/T 2260 code of a Guangdong city")


class TypicalCaseOut(Schema):
    """What the public reads: the other party's name and the amount only with consent."""

    id: int
    title: str
    summary: str
    route: Route
    organisation: str = Field(..., alias="organisation.name")
    counterparty: str = Field(..., alias="counterparty_shown", description="the name where the party consented, "
                              "else the office's alias or 某企业")
    patents: list[str] = Field(..., description="display numbers")
    amount: Decimal | None = Field(..., alias="amount_shown", description="null unless the parties consented")
    concluded_on: dt.date | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    city: str | None = Field(..., alias="city_id")
    industry: str | None = Field(..., alias="industry_id", description="GB/T 4754-2017 code")
    background: str
    approach: str
    outcome: str
    products_launched: int | None
    sales: Decimal | None
    jobs_created: int | None
    lessons: str
    published_at: dt.datetime | None

    @staticmethod
    def resolve_patents(obj: TypicalCase) -> list[str]:
        return [patent.display_number for patent in obj.patents.all()]


class TypicalCaseDeskOut(TypicalCaseOut):
    """What the office and the regulator read: the real name and amount beside what is published."""

    status: str
    counterparty_name: str = Field(..., alias="counterparty.name")
    counterparty_consents: bool
    counterparty_alias: str
    amount_recorded: Decimal | None = Field(..., alias="amount")
    amount_consented: bool
    deal_id: int | None
    open_licence_id: int | None
    review_note: str
    withdrawal_reason: str
    submitted_at: dt.datetime | None


class CaseFields(Schema):
    title: str | None = Field(None, max_length=200)
    summary: str | None = Field(None, max_length=500)
    background: str | None = Field(None, max_length=20000)
    approach: str | None = Field(None, max_length=20000)
    outcome: str | None = Field(None, max_length=20000)
    lessons: str | None = Field(None, max_length=20000)
    products_launched: int | None = Field(None, ge=0)
    sales: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    jobs_created: int | None = Field(None, ge=0)
    counterparty_consents: bool | None = Field(None, description="the other party consents in writing to its name")
    counterparty_alias: str | None = Field(None, max_length=60, description="shown without consent, e.g. 佛山某家电企业")
    amount: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2,
                                   description="pre-filled from the record")
    amount_consented: bool | None = Field(None, description="both parties consent to publishing the amount")
    concluded_on: dt.date | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    city: str | None = Field(None, max_length=6, description="GB/T 2260 code; pre-filled from the licensee or buyer")
    industry: str | None = Field(None, max_length=5, description="GB/T 4754 code; pre-filled from the licensee or "
                                 "buyer (its filed product, its demand), else the patents' industry")


class CaseDraftIn(CaseFields):
    title: str = Field(..., min_length=1, max_length=200)
    deal_id: int | None = Field(None, description="a recorded licence, transfer or equity investment of yours")
    open_licence_id: int | None = Field(None, description="an open licence taken (paid) under your declaration")


class NoteIn(Schema):
    note: str = Field("", max_length=4000, description="required to return or withdraw")


class SourceOut(Schema):
    kind: str = Field(..., description="deal or open-licence")
    id: int
    route: Route
    patent: str
    counterparty: str


@router.get("/typical-cases", response=list[TypicalCaseOut], auth=READ_AUTH)
@paginate(Pagination)
def list_cases(request: HttpRequest, filters: Query[CaseFilters]):
    """Published typical cases, newest first; anyone may read them."""
    return selectors.published_cases(filters.dict())


@router.get("/typical-cases/desk", response=list[TypicalCaseDeskOut], auth=WRITE_AUTH)
@paginate(Pagination)
def desk_cases(request: HttpRequest):
    """Every case for a regulator; the office's own organisations' cases for an office; nothing for others."""
    return selectors.cases_visible_to(request.user)


@router.get("/typical-cases/sources", response=list[SourceOut], auth=WRITE_AUTH)
def sources(request: HttpRequest):
    """The completed conversions your office may tell as a new case."""
    offices = typical_case_office_org_ids(request.user)
    deals = [{"kind": "deal", "id": d.pk, "route": selectors.deal_route(d.kind), "patent": d.patent.display_number,
              "counterparty": d.counterparty.name} for d in selectors.converted_deals(offices)[:500]]
    licences = [{"kind": "open-licence", "id": lic.pk, "route": Route.OPEN_LICENCE,
                 "patent": lic.declaration.patent.display_number, "counterparty": lic.licensee.name}
                for lic in selectors.taken_open_licences(offices)[:500]]
    return deals + licences


@router.get("/typical-cases/{case_id}", response=TypicalCaseOut, auth=READ_AUTH)
def get_case(request: HttpRequest, case_id: int):
    """A published case (its office and the regulator also read it before and after publication)."""
    return selectors.typical_case_get(request.user, case_id)


@router.post("/typical-cases", response={201: TypicalCaseDeskOut}, auth=WRITE_AUTH)
def draft_case(request: HttpRequest, payload: CaseDraftIn):
    """Draft a case of one of your organisation's completed conversions, named by `deal_id` or `open_licence_id`;
    the parties, route, patents, amount, dates, city and industry are read from its record unless given. 409
    `not_a_completed_conversion` for an unfinished deal or another organisation's."""
    deal = Deal.objects.filter(pk=payload.deal_id).first() if payload.deal_id is not None else None
    licence = (OpenLicence.objects.filter(pk=payload.open_licence_id).first()
               if payload.open_licence_id is not None else None)
    if (payload.deal_id is not None and deal is None) or (payload.open_licence_id is not None and licence is None):
        raise NotFound(gettext("no such deal or open licence"))
    with transaction.atomic():
        case = services.typical_case_draft(actor=request.user, deal=deal, open_licence=licence,
                                           data=_given(payload, exclude={"deal_id", "open_licence_id"}),
                                           request=request)
    return Status(201, case)


def _given(payload: Schema, exclude: set[str] | None = None) -> dict[str, Any]:
    return payload.dict(exclude_unset=True, exclude=exclude)


@router.patch("/typical-cases/{case_id}", response=TypicalCaseDeskOut, auth=WRITE_AUTH)
def update_case(request: HttpRequest, case_id: int, payload: CaseFields):
    """Change a draft or a returned case (its office only); fields left out stay as they are."""
    case = selectors.typical_case_get(request.user, case_id)
    with transaction.atomic():
        return services.typical_case_update(actor=request.user, case=case, data=_given(payload), request=request)


@router.post("/typical-cases/{case_id}/submit", response=TypicalCaseDeskOut, auth=WRITE_AUTH)
def submit_case(request: HttpRequest, case_id: int):
    """The office sends its draft (or returned case) to the regulator; title, summary, background, how it was done,
    outcome and lessons must be written."""
    case = selectors.typical_case_get(request.user, case_id)
    with transaction.atomic():
        return services.typical_case_submit(actor=request.user, case=case, request=request)


@router.post("/typical-cases/{case_id}/approve", response=TypicalCaseDeskOut, auth=WRITE_AUTH)
def approve_case(request: HttpRequest, case_id: int, payload: NoteIn):
    """The regulator approves a submitted case and publishes it."""
    case = selectors.typical_case_get(request.user, case_id)
    with transaction.atomic():
        return services.typical_case_publish(actor=request.user, case=case, note=payload.note, request=request)


@router.post("/typical-cases/{case_id}/return", response=TypicalCaseDeskOut, auth=WRITE_AUTH)
def return_case(request: HttpRequest, case_id: int, payload: NoteIn):
    """The regulator returns a submitted case to its office with reasons (required)."""
    case = selectors.typical_case_get(request.user, case_id)
    with transaction.atomic():
        return services.typical_case_return(actor=request.user, case=case, reasons=payload.note, request=request)


@router.post("/typical-cases/{case_id}/withdraw", response=TypicalCaseDeskOut, auth=WRITE_AUTH)
def withdraw_case(request: HttpRequest, case_id: int, payload: NoteIn):
    """The regulator takes a published case off the public list, with the reason (required)."""
    case = selectors.typical_case_get(request.user, case_id)
    with transaction.atomic():
        return services.typical_case_withdraw(actor=request.user, case=case, reason=payload.note, request=request)
