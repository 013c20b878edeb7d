"""/api/v1/tech-contracts: technology-contract registration (技术合同认定登记) of signed deals and licences."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from patentbridge.core.api_support import WRITE_AUTH
from patentbridge.core.pagination import Pagination
from patentbridge.recordation import contracts, selectors
from patentbridge.recordation.certificate import certificate_pdf

router = Router(tags=["technology contracts"])


class TransitionOut(Schema):
    from_status: str
    to_status: str
    note: str
    by: str
    at: dt.datetime

    @staticmethod
    def resolve_by(obj) -> str:
        return obj.actor.username if obj.actor_id else ""


class ContractOut(Schema):
    id: int
    contract_type: str
    subject: str
    patent_number: str | None
    seller: str = Field(..., alias="seller.name")
    buyer: str = Field(..., alias="buyer.name")
    signed_on: dt.date | None
    agreed_amount: Decimal
    royalties_received: Decimal
    contract_amount: Decimal = Field(..., description="合同成交额: the larger of the amount agreed and the royalties "
                                     "received")
    technology_amount: Decimal = Field(..., description="技术交易额")
    status: str = Field(..., description="pending, counted (registered), held (for the regulator), rejected, "
                        "cancelled; only counted ones enter the turnover figures")
    registration_number: str
    registered_on: dt.date | None
    city: str | None = Field(..., description="the registering office's city (GB/T 2260 code)")
    ended_early_on: dt.date | None
    cancelled_on: dt.date | None
    cancellation_reason: str
    allowed: list[str] = Field(..., description="the statuses the lifecycle allows from this one")
    history: list[TransitionOut]

    @staticmethod
    def resolve_patent_number(obj) -> str | None:
        return obj.patent.patent_number if obj.patent_id else None

    @staticmethod
    def resolve_city(obj) -> str | None:
        return obj.city_id

    @staticmethod
    def resolve_allowed(obj) -> list[str]:
        return sorted(contracts.CONTRACT_TRANSITIONS[obj.status])

    @staticmethod
    def resolve_history(obj) -> list:
        return list(selectors.contract_history(obj))


class RegistrationIn(Schema):
    registration_number: str = Field(..., min_length=1, max_length=30,
                                     description="the number the registering office gave (TECH_CONTRACT_NUMBER_"
                                     "PATTERN)")
    registered_on: dt.date
    city: str | None = Field(None, max_length=6, description="the registering office's city (GB/T 2260 code); by "
                             "default the seller's")


class CancellationIn(Schema):
    reason: str = Field(..., min_length=1, max_length=500)
    cancelled_on: dt.date | None = Field(None, description="by default today")


@router.get("/tech-contracts", response=list[ContractOut], auth=WRITE_AUTH)
@paginate(Pagination)
def list_contracts(request: HttpRequest):
    """The technology contracts of your organisations (all of them for the regulator and platform admins)."""
    return selectors.contracts_visible_to(request.user).order_by("-pk")


@router.get("/tech-contracts/{contract_id}", response=ContractOut, auth=WRITE_AUTH)
def get_contract(request: HttpRequest, contract_id: int):
    return selectors.contract_get(request.user, contract_id)


@router.post("/tech-contracts/{contract_id}/register", response=ContractOut, auth=WRITE_AUTH)
def register(request: HttpRequest, contract_id: int, payload: RegistrationIn):
    """Enter the contract's registration, for a committing member of either party: it counts toward the turnover
    figures, or is held for a regulator above KPI_PLAUSIBILITY_LIMIT. 409 `already_registered`, `contract_ended`,
    `duplicate_number`; 400 when the number, date or city do not fit."""
    contract = selectors.contract_get(request.user, contract_id)
    with transaction.atomic():
        return contracts.contract_register(actor=request.user, contract=contract,
                                           number=payload.registration_number, registered_on=payload.registered_on,
                                           city=payload.city, request=request)


@router.post("/tech-contracts/{contract_id}/cancel", response=ContractOut, auth=WRITE_AUTH)
def cancel(request: HttpRequest, contract_id: int, payload: CancellationIn):
    """Cancel the registration of a contract that ended early (its deal was terminated), with the reason; it no
    longer counts. 409 `contract_not_ended` otherwise."""
    contract = selectors.contract_get(request.user, contract_id)
    with transaction.atomic():
        return contracts.contract_cancel(actor=request.user, contract=contract, reason=payload.reason,
                                         on=payload.cancelled_on or timezone.localdate(), request=request)


@router.get("/tech-contracts/{contract_id}/certificate.pdf", auth=WRITE_AUTH)
def certificate(request: HttpRequest, contract_id: int):
    """The registration certificate (PDF) of a registered contract; 409 `not_registered` before."""
    contract = selectors.contract_get(request.user, contract_id)
    response = HttpResponse(certificate_pdf(contract), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="tech-contract-{contract.pk}.pdf"'
    return response
