"""/api/v1/commissioners: 专利运营特派员 — designations (a regulator, within its cities), service requests (the
enterprise opens, the commissioner accepts, visits, recommends, closes), and a deal's attribution (claimed once by the
commissioner, confirmed or refused by a party of the deal)."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Router, Schema, Status

from patentbridge.commissioners import selectors, services
from patentbridge.commissioners.models import Attribution, Outcome
from patentbridge.core.api_support import WRITE_AUTH
from patentbridge.core.errors import NotFound
from patentbridge.deals.models import Deal
from patentbridge.demands.models import Demand
from patentbridge.orgs.models import City, Organisation
from patentbridge.orgs.permissions import Action, authorize, service_requester_org_ids
from patentbridge.patents.selectors import patent_get

router = Router(tags=["commissioners"])


class DesignationOut(Schema):
    id: int
    commissioner: str = Field(..., alias="commissioner.username")
    organisation: str = Field(..., alias="organisation.name")
    city: str = Field(..., alias="city_id", description="GB/T 2260 code")
    starts_on: dt.date
    ends_on: dt.date | None
    revoked_at: dt.datetime | None
    revoke_reason: str


class DesignationIn(Schema):
    username: str = Field(..., max_length=150, description="the person, a member of an organisation (an agency)")
    city: str = Field(..., max_length=6, description="GB/T 2260 code of a city you regulate")
    starts_on: dt.date
    ends_on: dt.date | None = None


class ReasonIn(Schema):
    reason: str = Field("", max_length=4000)


class AssignIn(Schema):
    enterprise_id: int


class RequestOut(Schema):
    id: int
    enterprise: str = Field(..., alias="enterprise.name")
    city: str = Field(..., alias="city_id")
    commissioner: str | None = Field(None, alias="designation.commissioner.username")
    need: str
    deadline: dt.date | None
    status: str
    opened_at: dt.datetime
    accept_by: dt.date = Field(..., description="the last day to accept (working days of our own default)")
    accepted_at: dt.datetime | None
    closed_at: dt.datetime | None
    outcome: str
    outcome_note: str
    deal_id: int | None


class RequestIn(Schema):
    enterprise_id: int | None = Field(None, description="one of your enterprises; your first when left out")
    need: str = Field(..., min_length=1, max_length=4000)
    deadline: dt.date | None = None


class VisitIn(Schema):
    visited_on: dt.date
    people: str = Field(..., min_length=1, max_length=300)
    notes: str = Field("", max_length=4000)


class RecommendationIn(Schema):
    patent: str | None = Field(None, max_length=40, description="a number of a patent of the register")
    demand_id: int | None = None
    event: str = Field("", max_length=300, description="an event, in words, until the events app exists")
    note: str = Field("", max_length=2000)


class IdOut(Schema):
    id: int


class CloseIn(Schema):
    outcome: Outcome
    note: str = Field("", max_length=4000)
    deal_id: int | None = Field(None, description="the deal started; required exactly for deal_started")


class ClaimIn(Schema):
    deal_id: int
    request_id: int
    recommendation_id: int | None = Field(None, description="the recommended patent the deal came from")


class AttributionOut(Schema):
    id: int
    deal_id: int
    designation_id: int
    request_id: int
    recommendation_id: int | None
    status: str
    claimed_at: dt.datetime
    decided_at: dt.datetime | None
    note: str


def _obj(model, pk: int | str | None, missing: str):  # noqa: ANN001, ANN202 - a model or a related manager
    manager = getattr(model, "objects", model)
    found = manager.filter(pk=pk).first() if pk is not None else None
    if found is None:
        raise NotFound(missing)
    return found


@router.get("/commissioners/designations", response=list[DesignationOut], auth=WRITE_AUTH)
def designations(request: HttpRequest):
    """The designations in the cities you regulate (every city for a provincial regulator)."""
    authorize(request.user, Action.COMMISSIONERS_OVERSEE, request=request)
    return list(selectors.designations_overseen(request.user)[:1000])


@router.post("/commissioners/designations", response={201: DesignationOut}, auth=WRITE_AUTH)
def designate(request: HttpRequest, payload: DesignationIn):
    """Designate a person as 特派员 for a city you regulate; 409 `already_designated`."""
    user = get_user_model().objects.filter(username=payload.username, is_active=True).first()
    if user is None:
        raise NotFound(gettext("No such user."))
    with transaction.atomic():
        designation = services.designation_create(actor=request.user, commissioner=user,
                                                  city=_obj(City, payload.city, gettext("No such city.")), starts_on=payload.starts_on,
                                                  ends_on=payload.ends_on, request=request)
    return Status(201, designation)


@router.post("/commissioners/designations/{pk}/revoke", response=DesignationOut, auth=WRITE_AUTH)
def revoke(request: HttpRequest, pk: int, payload: ReasonIn):
    """Revoke a designation with the reason (required); its enterprises are unassigned."""
    designation = selectors.designation_get(request.user, pk)
    with transaction.atomic():
        return services.designation_revoke(actor=request.user, designation=designation, reason=payload.reason,
                                           request=request)


@router.post("/commissioners/designations/{pk}/assignments", response={201: IdOut}, auth=WRITE_AUTH)
def assign(request: HttpRequest, pk: int, payload: AssignIn):
    """Assign an enterprise to the commissioner (it leaves any other)."""
    designation = selectors.designation_get(request.user, pk)
    with transaction.atomic():
        assignment = services.assignment_create(actor=request.user, designation=designation,
                                                enterprise=_obj(Organisation, payload.enterprise_id, gettext("No such enterprise.")),
                                                request=request)
    return Status(201, assignment)


@router.get("/commissioners/overdue", response=list[RequestOut], auth=WRITE_AUTH)
def overdue(request: HttpRequest):
    """Requests not accepted within the service-level time, in the cities you regulate."""
    authorize(request.user, Action.COMMISSIONERS_OVERSEE, request=request)
    return list(selectors.overdue_requests(request.user)[:1000])


@router.get("/commissioners/desk", response=list[RequestOut], auth=WRITE_AUTH)
def desk(request: HttpRequest):
    """Your open and accepted requests as a commissioner, with your cities' unassigned open ones."""
    return list(selectors.desk_requests(request.user)[:1000])


@router.get("/service-requests", response=list[RequestOut], auth=WRITE_AUTH)
def own_requests(request: HttpRequest):
    """Your enterprises' service requests."""
    return list(selectors.enterprise_requests(request.user)[:1000])


@router.post("/service-requests", response={201: RequestOut}, auth=WRITE_AUTH)
def open_request(request: HttpRequest, payload: RequestIn):
    """Ask for point-to-point service; it goes to your commissioner, or your city's when none is assigned."""
    own = Organisation.objects.filter(pk__in=service_requester_org_ids(request.user)).order_by("pk")
    enterprise = (_obj(Organisation, payload.enterprise_id, gettext("No such enterprise.")) if payload.enterprise_id is not None
                  else own.first())
    if enterprise is None:
        authorize(request.user, Action.SERVICE_REQUEST_OPEN, request=request)
    with transaction.atomic():
        service = services.service_request_open(actor=request.user, enterprise=enterprise, need=payload.need,
                                                deadline=payload.deadline, request=request)
    return Status(201, service)


@router.get("/service-requests/{pk}", response=RequestOut, auth=WRITE_AUTH)
def get_request(request: HttpRequest, pk: int):
    return selectors.request_get(request.user, pk)


@router.post("/service-requests/{pk}/accept", response=RequestOut, auth=WRITE_AUTH)
def accept(request: HttpRequest, pk: int):
    """The commissioner accepts (409 `invalid_transition` unless it is open)."""
    service = selectors.request_get(request.user, pk)
    with transaction.atomic():
        return services.service_request_accept(actor=request.user, service=service, request=request)


@router.post("/service-requests/{pk}/withdraw", response=RequestOut, auth=WRITE_AUTH)
def withdraw(request: HttpRequest, pk: int, payload: ReasonIn):
    """The enterprise withdraws an open or accepted request."""
    service = selectors.request_get(request.user, pk)
    with transaction.atomic():
        return services.service_request_withdraw(actor=request.user, service=service, reason=payload.reason,
                                                 request=request)


@router.post("/service-requests/{pk}/close", response=RequestOut, auth=WRITE_AUTH)
def close(request: HttpRequest, pk: int, payload: CloseIn):
    """The commissioner closes an accepted request with its outcome."""
    service = selectors.request_get(request.user, pk)
    deal = _obj(Deal, payload.deal_id, gettext("No such deal.")) if payload.deal_id is not None else None
    with transaction.atomic():
        return services.service_request_close(actor=request.user, service=service, outcome=payload.outcome,
                                              note=payload.note, deal=deal, request=request)


@router.post("/service-requests/{pk}/visits", response={201: IdOut}, auth=WRITE_AUTH)
def visit(request: HttpRequest, pk: int, payload: VisitIn):
    service = selectors.request_get(request.user, pk)
    with transaction.atomic():
        return Status(201, services.visit_record(actor=request.user, service=service, request=request,
                                                 **payload.dict()))


@router.post("/service-requests/{pk}/recommendations", response={201: IdOut}, auth=WRITE_AUTH)
def recommend(request: HttpRequest, pk: int, payload: RecommendationIn):
    """Recommend one patent, one demand or one event to the enterprise."""
    service = selectors.request_get(request.user, pk)
    patent = patent_get(payload.patent) if payload.patent else None
    demand = _obj(Demand, payload.demand_id, gettext("No such demand.")) if payload.demand_id is not None else None
    with transaction.atomic():
        return Status(201, services.recommendation_record(actor=request.user, service=service, patent=patent,
                                                          demand=demand, event=payload.event, note=payload.note,
                                                          request=request))


@router.post("/attributions", response={201: AttributionOut}, auth=WRITE_AUTH)
def claim(request: HttpRequest, payload: ClaimIn):
    """Claim that a deal followed from your request (or a patent you recommended in it); 409 `already_claimed`,
    `not_linked`, `not_recommended`."""
    service = selectors.request_get(request.user, payload.request_id)
    recommendation = (_obj(service.recommendations, payload.recommendation_id, gettext("No such recommendation."))
                      if payload.recommendation_id is not None else None)
    with transaction.atomic():
        return Status(201, services.attribution_claim(actor=request.user, deal=_obj(Deal, payload.deal_id, gettext("No such deal.")),
                                                      service=service, recommendation=recommendation,
                                                      request=request))


@router.post("/attributions/{pk}/confirm", response=AttributionOut, auth=WRITE_AUTH)
def confirm(request: HttpRequest, pk: int):
    """A party of the deal (binding it) confirms the claim."""
    with transaction.atomic():
        return services.attribution_confirm(actor=request.user, attribution=_obj(Attribution, pk, gettext("No such attribution.")),
                                            request=request)


@router.post("/attributions/{pk}/refuse", response=AttributionOut, auth=WRITE_AUTH)
def refuse(request: HttpRequest, pk: int, payload: ReasonIn):
    """A party of the deal refuses the claim, with the reason (required)."""
    with transaction.atomic():
        return services.attribution_refuse(actor=request.user, attribution=_obj(Attribution, pk, gettext("No such attribution.")),
                                           reason=payload.reason, request=request)
