"""/api/v1/kpi/summary: the dashboard's figures as JSON."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Router, Schema

from patentbridge.core.api_support import WRITE_AUTH
from patentbridge.core.errors import NotFound, PermissionDenied
from patentbridge.kpi import selectors
from patentbridge.kpi.views import can_see
from patentbridge.orgs.models import City
from patentbridge.recordation.models import TechContractRegistration
from patentbridge.recordation.services import contract_confirm

router = Router(tags=["kpi"])


@router.get("/kpi/summary", response=dict, auth=WRITE_AUTH)
def kpi_summary(request: HttpRequest, city: str | None = None, scope: str = "guangdong"):
    """The plan's period and six targets (粤府办〔2024〕8号: outcome at the end of 2025 and, once it has passed, the
    current year's figure; `data_source` names where a figure the platform does not hold yet will come from),
    technology-contract turnover, recordations per year, conversion rates per institution and per city (patents
    without a known city grouped by `reason`), open licensing. `?city=440100` restricts to one city; `scope`
    ranks Guangdong's institutions (default), those `elsewhere`, or `all`."""
    if not can_see(request.user):
        raise PermissionDenied(gettext("Only the regulator may see this."))
    return selectors.summary(city if city and City.objects.filter(pk=city).exists() else None, scope)


class HeldContractOut(Schema):
    id: int
    patent_number: str | None = Field(..., description="null for a contract that names no patent")
    registration_number: str
    seller: str = Field(..., alias="seller.name")
    buyer: str = Field(..., alias="buyer.name")
    contract_amount: Decimal
    technology_amount: Decimal
    registered_on: dt.date | None
    status: str
    confirmed_by: str | None = Field(None, alias="confirmed_by.username")
    confirmed_at: dt.datetime | None
    confirmation_note: str


    @staticmethod
    def resolve_patent_number(obj) -> str | None:
        return obj.patent.patent_number if obj.patent_id else None


class DecisionIn(Schema):
    count: bool = Field(..., description="true counts the contract toward the figures, false rejects it")
    note: str = Field("", max_length=500, description="required when rejecting")


@router.get("/kpi/held-contracts", response=list[HeldContractOut], auth=WRITE_AUTH)
def held_contracts(request: HttpRequest):
    """Technology contracts above the plausibility bound (KPI_PLAUSIBILITY_LIMIT), held out of the figures until
    a regulator confirms them."""
    if not can_see(request.user):
        raise PermissionDenied(gettext("Only the regulator may see this."))
    return selectors.held_contracts()[:500]


@router.post("/kpi/contracts/{contract_id}/decision", response=HeldContractOut, auth=WRITE_AUTH)
def decide(request: HttpRequest, contract_id: int, payload: DecisionIn):
    """A regulator counts a held contract, or rejects it with a note; the decision carries their name."""
    contract = TechContractRegistration.objects.filter(pk=contract_id).first()
    if contract is None:
        raise NotFound()
    with transaction.atomic():
        return contract_confirm(actor=request.user, contract=contract, accept=payload.count, note=payload.note,
                                request=request)
