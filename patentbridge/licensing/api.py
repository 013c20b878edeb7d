"""/api/v1/open-licences: declarations (with the eligibility check and the fee estimator) and licences taken."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from patentbridge.core.api_support import READ_AUTH, WRITE_AUTH
from patentbridge.core.errors import NotFound, PermissionDenied
from patentbridge.licensing import estimator, selectors, services
from patentbridge.licensing.contract import contract_pdf
from patentbridge.licensing.models import OpenLicenceDeclaration, PaymentMode
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import signing_enterprise_of, signing_patentee_org_ids
from patentbridge.patents.selectors import patent_get

router = Router(tags=["licensing"])


class DeclarationIn(Schema):
    payment_mode: PaymentMode
    lump_sum: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    royalty_rate: Decimal | None = Field(None, ge=0, le=100, max_digits=5, decimal_places=2)
    term_years: int | None = Field(None, ge=1, le=20)
    other_terms: str = Field("", max_length=4000)
    evaluation_report: str = Field("", max_length=60)
    co_owners_consent: bool = False
    pledgee_consent: bool = False
    estimate: dict[str, Any] = Field(default_factory=dict)


class DeclarationOut(Schema):
    id: int
    patent_number: str = Field(..., alias="patent.patent_number")
    title: str = Field(..., alias="patent.title")
    patentee: str = Field(..., alias="organisation.name")
    payment_mode: str
    lump_sum: Decimal | None
    royalty_rate: Decimal | None
    term_years: int | None
    fee_terms: str
    other_terms: str
    status: str
    declared_on: dt.date
    withdrawn_on: dt.date | None


class CheckOut(Schema):
    refusals: list[dict[str, str]]
    warnings: list[dict[str, str]]


class EstimateIn(Schema):
    method: str = Field(..., description="own_income | prior_royalties | industry_statistics | international_rates | "
                                         "valuation")
    base: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    rate: Decimal | None = Field(None, ge=0, le=100, max_digits=7, decimal_places=4)
    industry: str = Field("", max_length=5)
    sector: str = Field("", max_length=40, description="a sector of the international rate table (international_rates)")
    prior_fees: list[Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]] = Field(
        default_factory=list, max_length=50)
    coefficients: dict[str, Annotated[Decimal, Field(ge=0, max_digits=6, decimal_places=4)]] = Field(
        default_factory=dict, max_length=50)


class WithdrawIn(Schema):
    reason: str = Field(..., min_length=1, max_length=2000)


class TakeIn(Schema):
    notice: str = Field(..., min_length=1, max_length=4000)


class LicenceOut(Schema):
    id: int
    patent_number: str = Field(..., alias="declaration.patent.patent_number")
    licensee: str = Field(..., alias="licensee.name")
    status: str
    amount_due: Decimal
    starts_on: dt.date | None
    ends_on: dt.date | None
    recordation_deadline: dt.date | None = None

    @staticmethod
    def resolve_recordation_deadline(obj) -> dt.date | None:
        recordation = getattr(obj.grant, "recordation", None) if obj.grant_id else None
        return recordation.deadline if recordation else None


def _own_org(request: HttpRequest, patent) -> Organisation:
    own = signing_patentee_org_ids(request.user, patent)
    if not own:
        raise PermissionDenied(_("Only a member who may sign for the patentee may do this."))
    return Organisation.objects.get(pk=min(own))


@router.get("/open-licences", response=list[DeclarationOut], auth=READ_AUTH)
def list_declarations(request: HttpRequest):
    return selectors.standing_declarations().select_related("patent", "organisation").order_by("-declared_on")


@router.post("/patents/{number}/open-licence/check", response=CheckOut, auth=WRITE_AUTH)
def check_declaration(request: HttpRequest, number: str, payload: DeclarationIn):
    """Every rule that would refuse the declaration, and the guidance caps it exceeds, without declaring."""
    patent = patent_get(number)
    _own_org(request, patent)
    return services.declaration_check(patent, payload.dict(), timezone.localdate())


@router.post("/open-licences/estimate", response=dict, auth=WRITE_AUTH)
def estimate_fee(request: HttpRequest, payload: EstimateIn):
    """The annual fee by one of the CNIPA guide's methods, with the working."""
    return estimator.estimate(payload.method, payload.dict()).as_dict()


@router.post("/patents/{number}/open-licence", response={201: DeclarationOut}, auth=WRITE_AUTH)
def declare(request: HttpRequest, number: str, payload: DeclarationIn):
    patent = patent_get(number)
    organisation = _own_org(request, patent)
    with transaction.atomic():
        declaration = services.declare(actor=request.user, organisation=organisation, patent=patent,
                                       data=payload.dict())
    return Status(201, declaration)


def _declaration(declaration_id: int) -> OpenLicenceDeclaration:
    declaration = OpenLicenceDeclaration.objects.select_related("patent", "organisation").filter(
        pk=declaration_id).first()
    if declaration is None:
        raise NotFound()
    return declaration


@router.post("/open-licences/{declaration_id}/withdraw", response=DeclarationOut, auth=WRITE_AUTH)
def withdraw(request: HttpRequest, declaration_id: int, payload: WithdrawIn):
    declaration = _declaration(declaration_id)
    _own_org(request, declaration.patent)
    with transaction.atomic():
        return services.withdraw(actor=request.user, declaration=declaration, reason=payload.reason)


@router.post("/open-licences/{declaration_id}/take", response={201: LicenceOut}, auth=WRITE_AUTH)
def take(request: HttpRequest, declaration_id: int, payload: TakeIn):
    """Written notice and payment (the in-repo fake provider): the licence is in force at once."""
    declaration = _declaration(declaration_id)
    licensee = signing_enterprise_of(request.user)
    if licensee is None:
        raise PermissionDenied(_("Only an enterprise's authorised signatory may take a licence."))
    with transaction.atomic():
        licence = services.licence_take(actor=request.user, licensee=licensee, declaration=declaration,
                                        notice=payload.notice)
    return Status(201, licence)


@router.get("/licences/{licence_id}", response=LicenceOut, auth=WRITE_AUTH)
def get_licence(request: HttpRequest, licence_id: int):
    return selectors.licence_visible(request.user, licence_id)


@router.post("/licences/{licence_id}/end", response=LicenceOut, auth=WRITE_AUTH)
def end_licence(request: HttpRequest, licence_id: int, payload: WithdrawIn):
    """The licensee renounces its licence, with the reason; the patent is no longer bound by it."""
    licence = selectors.licence_visible(request.user, licence_id)
    with transaction.atomic():
        return services.licence_end(actor=request.user, licence=licence, reason=payload.reason, request=request)


@router.get("/licences/{licence_id}/contract.pdf", auth=WRITE_AUTH)
def licence_contract(request: HttpRequest, licence_id: int):
    licence = selectors.licence_visible(request.user, licence_id)
    response = HttpResponse(contract_pdf(licence), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="open-licence-{licence.pk}.pdf"'
    return response
