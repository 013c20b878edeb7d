"""/api/v1/finance/disposals: pledge disposal (质押处置) — the pledgee opens a case on its registered pledge in default,
the pledgor agrees (or the pledgee records a court ruling), the pledgee sends the patent to an auction or a listing,
confirms the settlement statement once it is sold, and the pledge is released when the transfer is registered."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from patentbridge.core.api_support import WRITE_AUTH
from patentbridge.finance import selectors, services
from patentbridge.finance.models import DisposalRoute, PledgeDisposal
from patentbridge.finance.statement import frozen
from patentbridge.orgs.permissions import Action, authorize

router = Router(tags=["finance"])


class StepOut(Schema):
    key: str
    text: str
    amount: Decimal


class DisposalOut(Schema):
    id: int
    number: str
    status: str
    status_label: str = Field(..., alias="get_status_display")
    pledge_id: int
    registration_number: str = Field(..., alias="pledge.registration_number")
    patent: str = Field(..., alias="pledge.patent.display_number")
    patent_title: str = Field(..., alias="pledge.patent.title")
    bank: str = Field(..., alias="bank.name")
    pledgor: str = Field(..., alias="pledgor.name")
    city: str | None = Field(None, alias="city_id")
    defaulted_on: dt.date
    principal: Decimal
    interest: Decimal
    enforcement_costs: Decimal
    claim: Decimal
    secured_amount: Decimal
    secured_claim: Decimal
    scope_clause: str
    basis: str
    agreed_at: dt.datetime | None
    court: str
    ruling_number: str
    ruling_date: dt.date | None
    route: str
    sale_id: int | None
    deal_id: int | None
    price: Decimal | None
    costs_part: Decimal | None
    bank_part: Decimal | None
    pledgor_part: Decimal | None
    shortfall: Decimal | None
    statement: list[StepOut] = Field(default_factory=list, description="frozen once the pledgee confirms it")
    statement_confirmed_at: dt.datetime | None
    released_on: dt.date | None
    repayment_note: str
    opened_at: dt.datetime

    @staticmethod
    def resolve_statement(obj: PledgeDisposal) -> list[dict[str, Any]]:
        calculation = frozen(obj)
        return [{"key": s.key, "text": s.text(), "amount": s.amount} for s in calculation.steps] if calculation else []


class OpenIn(Schema):
    pledge_id: int
    defaulted_on: dt.date
    principal: Decimal = Field(..., gt=0, max_digits=14, decimal_places=2)
    interest: Decimal = Field(Decimal("0"), ge=0, max_digits=14, decimal_places=2)
    enforcement_costs: Decimal = Field(Decimal("0"), ge=0, max_digits=14, decimal_places=2)
    scope_clause: str = Field("", max_length=300, description="the pledge contract's clause securing the whole claim "
                                                              "beyond the registered amount; empty: capped by it")
    debtor_name: str = Field("", max_length=200)


class SendIn(Schema):
    route: DisposalRoute
    appraisal: Decimal = Field(..., gt=0, max_digits=14, decimal_places=2)
    price: Decimal = Field(..., gt=0, max_digits=14, decimal_places=2, description="start or listing price")
    organiser_id: int = Field(..., description="the auctioneer (route auction) or the exchange (route listing)")
    deposit: Decimal | None = Field(None, gt=0, max_digits=14, decimal_places=2, description="auction only")
    increment: Decimal | None = Field(None, gt=0, max_digits=14, decimal_places=2, description="auction only")
    starts_at: dt.datetime | None = Field(None, description="auction only: bidding starts")
    ends_at: dt.datetime | None = Field(None, description="auction only: bidding ends (24 hours or more)")


class StatementIn(Schema):
    sale_commission: Decimal = Field(Decimal("0"), ge=0, max_digits=14, decimal_places=2)
    sale_other_costs: Decimal = Field(Decimal("0"), ge=0, max_digits=14, decimal_places=2)
    note: str = Field("", max_length=300)


class ReleaseIn(Schema):
    on: dt.date = Field(..., description="the day the transfer to the buyer was registered")


class RepaymentIn(Schema):
    note: str = Field(..., min_length=1, max_length=500)


class DisposalCityOut(Schema):
    city: str
    cases: int
    open_cases: int
    claims: Decimal
    prices: Decimal
    to_banks: Decimal
    shortfalls: Decimal


def _get(request: HttpRequest, pk: int) -> PledgeDisposal:
    return selectors.disposal_get(request.user, pk)


@router.get("/finance/disposals", response=list[DisposalOut], auth=WRITE_AUTH)
def disposals(request: HttpRequest):
    """The cases you read: your bank's and your organisation's as pledgor; a regulator's cities; the platform's."""
    return list(selectors.disposals_visible(request.user)[:1000])


@router.post("/finance/disposals", response={201: DisposalOut}, auth=WRITE_AUTH)
def disposal_open(request: HttpRequest, payload: OpenIn):
    """Declare the default and open the disposal (a committing member of the pledgee)."""
    pledge = selectors.pledge_for_disposal(request.user, payload.pledge_id)
    with transaction.atomic():
        disposal = services.disposal_open(actor=request.user, pledge=pledge, data=payload.dict(), request=request)
    return Status(201, _get(request, disposal.pk))


@router.get("/finance/disposals/{pk}", response=DisposalOut, auth=WRITE_AUTH)
def disposal_detail(request: HttpRequest, pk: int):
    return _get(request, pk)


@router.post("/finance/disposals/{pk}/agree", response=DisposalOut, auth=WRITE_AUTH)
def agree(request: HttpRequest, pk: int):
    """The pledgor's committing member agrees to the disposal (never the pledgee's)."""
    disposal = _get(request, pk)
    with transaction.atomic():
        return services.disposal_agree(actor=request.user, disposal=disposal, request=request)


@router.post("/finance/disposals/{pk}/ruling", response=DisposalOut, auth=WRITE_AUTH)
def ruling(request: HttpRequest, pk: int, court: Form[str], ruling_number: Form[str], ruling_date: Form[dt.date],
           ruling_file: File[UploadedFile]):
    """The pledgee records the court's ruling or enforcement document (multipart, with the file)."""
    disposal = _get(request, pk)
    data = {"court": court, "ruling_number": ruling_number, "ruling_date": ruling_date}
    with transaction.atomic():
        return services.disposal_ruling(actor=request.user, disposal=disposal, data=data, upload=ruling_file,
                                        request=request)


@router.post("/finance/disposals/{pk}/send", response=DisposalOut, auth=WRITE_AUTH)
def send(request: HttpRequest, pk: int, payload: SendIn):
    """Send the patent to an auction or a listed transfer, on the recorded right to dispose."""
    disposal = _get(request, pk)
    with transaction.atomic():
        return services.disposal_send(actor=request.user, disposal=disposal, route=payload.route,
                                      data=payload.dict(), request=request)


@router.post("/finance/disposals/{pk}/statement", response=DisposalOut, auth=WRITE_AUTH)
def statement(request: HttpRequest, pk: int, payload: StatementIn):
    """Confirm the settlement statement with the costs of the sale; it is frozen from then on."""
    disposal = _get(request, pk)
    with transaction.atomic():
        return services.statement_confirm(actor=request.user, disposal=disposal, commission=payload.sale_commission,
                                          other_costs=payload.sale_other_costs, note=payload.note, request=request)


@router.post("/finance/disposals/{pk}/release", response=DisposalOut, auth=WRITE_AUTH)
def release(request: HttpRequest, pk: int, payload: ReleaseIn):
    """Record the release when the transfer's registration did not record it by itself."""
    disposal = _get(request, pk)
    with transaction.atomic():
        return services.disposal_release(actor=request.user, disposal=disposal, on=payload.on, request=request)


@router.post("/finance/disposals/{pk}/repayment", response=DisposalOut, auth=WRITE_AUTH)
def repayment(request: HttpRequest, pk: int, payload: RepaymentIn):
    """Either party shows the debt repaid."""
    disposal = _get(request, pk)
    with transaction.atomic():
        return services.repayment_show(actor=request.user, disposal=disposal, note=payload.note, request=request)


@router.post("/finance/disposals/{pk}/withdraw", response=DisposalOut, auth=WRITE_AUTH)
def withdraw(request: HttpRequest, pk: int):
    """The pledgee confirms the repayment: the disposal is withdrawn."""
    disposal = _get(request, pk)
    with transaction.atomic():
        return services.disposal_withdraw(actor=request.user, disposal=disposal, request=request)


@router.get("/finance/overview", response=list[DisposalCityOut], auth=WRITE_AUTH)
def overview(request: HttpRequest):
    """Cases, claims, sale prices, what went to the pledgees and what was left unpaid, by the pledgor's city."""
    authorize(request.user, Action.DISPOSALS_OVERVIEW, request=request)
    return selectors.overview(request.user)
