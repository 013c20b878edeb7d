"""/api/v1/monitoring/…: the industry statistics and value added of a city or the province for a year (the same
figures as the page and the report), and the entry of accounts and GDP."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from patentbridge.core.api_support import WRITE_AUTH
from patentbridge.core.errors import NotFound
from patentbridge.monitoring import report, selectors, services
from patentbridge.monitoring.services import FIRST_YEAR, LAST_YEAR
from patentbridge.orgs.models import City
from patentbridge.orgs.permissions import Action, authorize

router = Router(tags=["monitoring"])
YEAR = {"ge": FIRST_YEAR, "le": LAST_YEAR}
AMOUNT = {"max_digits": 16, "decimal_places": 2}


def _authorised_region(request: HttpRequest, city: str | None) -> str | None:
    authorize(request.user, Action.MONITORING_VIEW, request=request)
    place = City.objects.filter(pk=city).first() if city else None
    if city and place is None:
        raise NotFound()
    authorize(request.user, Action.MONITORING_REPORT, place, request=request)
    return city or None


@router.get("/monitoring/statistics", response=dict, auth=WRITE_AUTH)
def statistics(request: HttpRequest, year: int = Query(..., **YEAR), city: str | None = Query(None, max_length=6)) -> dict[str, Any]:
    """Per patent-intensive class and middle class (then the total, the industries outside the classification and
    the unclassified patents): patents applied for in the year, invention patents held at its end, employees and
    invention patents per 10,000 employees (null where the employees are not all entered, never 0), patents
    converted, filed products and their output; the value added by the income approach per class with its four
    components, the total and its share of GDP (null where GDP is not entered); the entered rows each figure traces
    to; and the notes on what is unverified. Without `city`, the province (a city bureau may ask only its own city)."""
    stats = selectors.statistics(_authorised_region(request, city), year)
    return {**stats, "title": report.title(stats), "notes": report.notes(stats)}


class AccountIn(Schema):
    code: str = Field(..., max_length=8, description="PA01 (class), PA101 (middle class) or 3921 (small class)")
    city: str = Field(..., max_length=6, description="GB/T 2260 city code, e.g. 440100")
    year: int = Field(..., **YEAR)
    employees: int | None = Field(None, ge=0, le=2**31 - 1, description="year-end headcount")
    compensation: Decimal | None = Field(None, ge=0, description="RMB 10,000", **AMOUNT)
    net_taxes: Decimal | None = Field(None, description="RMB 10,000; may be negative", **AMOUNT)
    depreciation: Decimal | None = Field(None, ge=0, description="RMB 10,000", **AMOUNT)
    surplus: Decimal | None = Field(None, description="RMB 10,000; may be negative", **AMOUNT)
    source: str = Field(..., min_length=1, max_length=2000)


class AccountOut(Schema):
    id: int
    category: str = Field(..., alias="category_id")
    industry: str | None = Field(None, alias="industry_id")
    city: str = Field(..., alias="city_id")
    year: int
    employees: int | None
    compensation: Decimal | None
    net_taxes: Decimal | None
    depreciation: Decimal | None
    surplus: Decimal | None
    source: str
    entered_at: dt.datetime


@router.get("/monitoring/accounts", response=list[AccountOut], auth=WRITE_AUTH)
def accounts(request: HttpRequest, year: int = Query(..., **YEAR), city: str | None = Query(None, max_length=6)) -> Any:
    """The entered rows of a city (or, without `city`, of every city) for a year."""
    return list(selectors.accounts_for(_authorised_region(request, city), year))


@router.post("/monitoring/accounts", response=AccountOut, auth=WRITE_AUTH)
def account_enter(request: HttpRequest, payload: AccountIn) -> Any:
    """Enter or correct the row of a category, city and year (a city bureau: its own city only)."""
    data = services.AccountInput(code=payload.code, city=payload.city, year=payload.year, source=payload.source,
                                 employees=payload.employees,
                                 components={name: getattr(payload, name) for name in
                                             ("compensation", "net_taxes", "depreciation", "surplus")})
    with transaction.atomic():
        return services.account_enter(actor=request.user, data=data, request=request)


class GdpIn(Schema):
    city: str | None = Field(None, max_length=6, description="null: the province")
    year: int = Field(..., **YEAR)
    gdp: Decimal = Field(..., gt=0, description="RMB 10,000", **AMOUNT)
    source: str = Field(..., min_length=1, max_length=500)


class GdpOut(Schema):
    city: str | None = Field(None, alias="city_id")
    year: int
    gdp: Decimal
    source: str


@router.post("/monitoring/gdp", response=GdpOut, auth=WRITE_AUTH)
def gdp_enter(request: HttpRequest, payload: GdpIn) -> Any:
    """Enter a city's (or the province's) GDP for a year, the denominator of the value-added share."""
    with transaction.atomic():
        return services.gdp_enter(actor=request.user, city=payload.city, year=payload.year, gdp=payload.gdp,
                                  source=payload.source, request=request)
