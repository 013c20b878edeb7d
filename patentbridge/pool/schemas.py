"""API schemas of a patent's upkeep records: fee reduction, fee payments, funded projects, standard declarations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from patentbridge.pool.models import FeeReduction, ImplementationMode

MONEY = {"ge": 0, "max_digits": 12, "decimal_places": 2}


class FeeReductionIn(Schema):
    reduction: FeeReduction = Field(..., description="`single` 85 % (one owner), `joint` 70 % (co-owners who each "
                                                     "qualify), `none` clears it (rules.md §10.3)")


class FeePaymentIn(Schema):
    year: int = Field(..., ge=1, le=100, description="patent year, counted from the filing date")
    amount: Decimal = Field(..., description="the annual fee paid (RMB)", **MONEY)
    surcharge: Decimal = Field(Decimal("0"), description="the late surcharge paid: must be the surcharge table's "
                                                         "for the months late (0 when paid on time)", **MONEY)
    paid_on: dt.date


class FeePaymentCancelIn(Schema):
    reason: str = Field(..., min_length=1, max_length=500)


class FeePaymentCorrectionIn(Schema):
    amount: Decimal = Field(..., **MONEY)
    surcharge: Decimal = Field(Decimal("0"), **MONEY)
    paid_on: dt.date
    reason: str = Field(..., min_length=1, max_length=500, description="why the recorded payment was wrong")


class FeePaymentOut(Schema):
    id: int
    year: int
    amount: Decimal
    surcharge: Decimal
    paid_on: dt.date
    recorded_by: str | None
    replaces: int | None = Field(None, alias="replaces_id", description="the cancelled payment this one corrects")
    cancelled_at: dt.datetime | None
    cancelled_by: str | None
    cancel_reason: str

    @staticmethod
    def resolve_recorded_by(obj) -> str | None:
        return obj.recorded_by.username if obj.recorded_by_id else None

    @staticmethod
    def resolve_cancelled_by(obj) -> str | None:
        return obj.cancelled_by.username if obj.cancelled_by_id else None


class FundedProjectIn(Schema):
    project_name: str = Field(..., min_length=1, max_length=300)
    project_number: str = Field("", max_length=100)
    funder: str = Field(..., min_length=1, max_length=200)
    end_date: dt.date | None = None


class ImplementationReportIn(Schema):
    mode: ImplementationMode
    description: str = Field("", max_length=4000)


class ImplementationReportOut(Schema):
    year: int
    mode: str
    description: str
    reported_at: dt.datetime


class FundedProjectOut(Schema):
    id: int
    project_name: str
    project_number: str
    funder: str
    end_date: dt.date | None
    declared_at: dt.datetime
    reports: list[ImplementationReportOut]

    @staticmethod
    def resolve_reports(obj) -> list:
        return list(obj.reports.all())


class UnusedProjectOut(Schema):
    id: int
    patent: str = Field(..., alias="patent.lookup_number")
    title: str = Field(..., alias="patent.title")
    grant_date: dt.date | None = Field(None, alias="patent.grant_date")
    organisation: str | None
    project_name: str
    funder: str
    end_date: dt.date | None

    @staticmethod
    def resolve_organisation(obj) -> str | None:
        entry = getattr(obj.patent, "pool_entry", None)
        return entry.organisation.name if entry else None


class StandardDeclarationIn(Schema):
    standard_number: str = Field(..., min_length=1, max_length=60, examples=["GB/T 12345-2020"])
    standard_title: str = Field("", max_length=300)


class StandardDeclarationOut(Schema):
    id: int
    standard_number: str
    standard_title: str
    declared_at: dt.datetime
