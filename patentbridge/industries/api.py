"""/api/v1: a patent's industries by route, and an organisation's declared industries."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Router, Schema

from patentbridge.core.api_support import READ_AUTH, WRITE_AUTH
from patentbridge.core.errors import NotFound
from patentbridge.industries import selectors, services
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import Action, authorize
from patentbridge.orgs.selectors import organisation_get
from patentbridge.patents.selectors import patent_get

router = Router(tags=["industries"])


class IntensiveOut(Schema):
    code: str = Field(..., description="the source's PA code, e.g. PA01 (class) or PA101 (middle class)")
    name: str


class PatentIndustryOut(Schema):
    route: str = Field(..., description="applicant, concordance or empirical")
    route_label: str
    code: str = Field(..., description="GB/T 4754-2017 small class")
    name: str
    weight: Decimal = Field(..., description="share of the patent by this route; one route's weights sum to 1")
    intensive_class: IntensiveOut | None = None
    intensive_middle: IntensiveOut | None = None


class DeclaredOut(Schema):
    code: str = Field(..., alias="industry.code")
    name: str = Field(..., alias="industry.name")


class DeclareIn(Schema):
    industries: list[str] = Field(..., max_length=services.MAX_DECLARED,
                                  description="GB/T 4754-2017 small-class codes; [] withdraws the declaration")


@router.get("/patents/{number}/industries", response=list[PatentIndustryOut], auth=READ_AUTH)
def patent_industries(request: HttpRequest, number: str):
    """The patent's industries by each route, with weights and patent-intensive classes."""
    return selectors.patent_industries(patent_get(number))


def _organisation(organisation_id: int) -> Organisation:
    organisation = organisation_get(organisation_id)
    if organisation is None:
        raise NotFound(details={"organisation_id": organisation_id})
    return organisation


@router.get("/organisations/{organisation_id}/industries", response=list[DeclaredOut], auth=READ_AUTH)
def declared_industries(request: HttpRequest, organisation_id: int):
    """The GB/T 4754-2017 small classes the organisation declares it works in."""
    return selectors.declared_industries(_organisation(organisation_id))


@router.put("/organisations/{organisation_id}/industries", response=list[DeclaredOut], auth=WRITE_AUTH)
def declare_industries(request: HttpRequest, organisation_id: int, payload: DeclareIn):
    """Replace the organisation's declared industries (its administrators only); its patents are reclassified."""
    organisation = _organisation(organisation_id)
    authorize(request.user, Action.INDUSTRY_DECLARE, organisation, request=request)
    with transaction.atomic():
        services.industries_declare(actor=request.user, organisation=organisation, industry_codes=payload.industries)
    return selectors.declared_industries(organisation)
