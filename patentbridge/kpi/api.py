"""/api/v1/kpi/...: the dashboard's figures and the records behind each, as JSON."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Router, Schema

from patentbridge.core.api_support import WRITE_AUTH
from patentbridge.core.errors import NotFound, PermissionDenied
from patentbridge.kpi import records as figures
from patentbridge.kpi import selectors, services
from patentbridge.kpi.views import can_see
from patentbridge.recordation.models import TechContractRegistration
from patentbridge.recordation.services import contract_confirm

router = Router(tags=["kpi"])


def _query(city: str | None, year: int | None, scope: str, organisation: int | None = None) -> figures.Query:
    today = timezone.localdate()
    return figures.Query(city=selectors.valid_city(city), year=selectors.valid_year(year, today), today=today,
                         scope=scope if scope in selectors.SCOPES else "guangdong", organisation=organisation)


def _readable(request: HttpRequest) -> None:
    if not can_see(request.user):
        raise PermissionDenied(gettext("Only the regulator may see this."))


@router.get("/kpi/summary", response=dict, auth=WRITE_AUTH)
def kpi_summary(request: HttpRequest, city: str | None = None, year: int | None = None, scope: str = "guangdong"):
    """The plan's period and six targets (粤府办〔2024〕8号) for the period ending on 31 December of `year` (today for
    the running year, or without a year): turnover by the seller's city with what was left out and why, product
    filing and recognised output, recordations per year with the base-year source, the compound growth and the
    running year to date against the same days last year, and the conversion rate of universities and institutes
    (SOEs apart) per institution, per city and per year. `?city=440100` restricts to one city; `scope` ranks
    Guangdong's institutions (default), those `elsewhere`, or `all`. The records behind each figure:
    /api/v1/kpi/records/{figure}."""
    _readable(request)
    q = _query(city, year, scope)
    return selectors.summary(q.city, q.scope, q.today, q.year)


class RecordsOut(Schema):
    figure: str
    title: str
    definition: str
    columns: list[dict[str, str]]
    rows: list[dict[str, Any]]


@router.get("/kpi/records/{figure}", response=RecordsOut, auth=WRITE_AUTH)
def kpi_records(request: HttpRequest, figure: str, city: str | None = None, year: int | None = None,
                scope: str = "guangdong", organisation: int | None = None):
    """The records behind one figure, filtered as the dashboard's: turnover, turnover_left_out, held,
    product_firms, product_patents, product_output, recordations, conversion, institution (`organisation`
    required), declarations, licences."""
    _readable(request)
    if figure not in figures.FIGURES:
        raise NotFound()
    found = figures.FIGURES[figure](_query(city, year, scope, organisation))
    return {"figure": found.figure, "title": str(found.title), "definition": str(found.definition),
            "columns": [{"key": c.key, "label": str(c.label), "type": c.type} for c in found.columns],
            "rows": found.rows}


class BaselineIn(Schema):
    year: int
    licences: int = Field(..., ge=0)
    transfers: int = Field(..., ge=0)
    source: str = Field(..., max_length=300, description="where the figures come from")
    city: str | None = Field(None, description="a Guangdong city's code; none for the whole province")


class BaselineOut(Schema):
    year: int
    city: str | None = Field(None, alias="city_id")
    licences: int
    transfers: int
    source: str
    entered_by: str = Field(..., alias="entered_by.username")
    entered_at: dt.datetime


@router.post("/kpi/baselines", response=BaselineOut, auth=WRITE_AUTH)
def baseline_enter(request: HttpRequest, payload: BaselineIn):
    """A regulator enters a past year's licence recordations and transfer registrations the platform holds no
    records of (the base year 2023 of the +10 % target), with their source; refused for a year it holds records of."""
    with transaction.atomic():
        return services.baseline_enter(actor=request.user, year=payload.year, licences=payload.licences,
                                       transfers=payload.transfers, source=payload.source, city=payload.city,
                                       request=request)


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
