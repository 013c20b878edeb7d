"""/api/v1/demands: enterprise technology demands, their matches and the answers to them."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from patentbridge.core.api_support import READ_AUTH, WRITE_AUTH
from patentbridge.core.errors import ValidationFailed
from patentbridge.core.fields import DbId
from patentbridge.core.pagination import Pagination
from patentbridge.demands import selectors, services
from patentbridge.demands.models import DemandStatus, Mode, Visibility
from patentbridge.demands.reverse import demands_for_patent, enterprises_for_patent
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import DEMAND_ROLES, Action, authorize, org_ids_with_roles
from patentbridge.patents.selectors import patent_get
from patentbridge.search import classify
from patentbridge.search.api import SearchItem

router = Router(tags=["demands"])


class DemandPatch(Schema):
    """On PATCH only the fields sent change; null is refused where the demand cannot be without a value."""

    # The defaults only stand for "not sent" (dropped with exclude_unset); pydantic does not validate them.
    title: str = Field(None, min_length=1, max_length=200)
    problem: str = Field(None, min_length=1, max_length=5000)
    desired_effect: str = Field(None, max_length=5000)
    keywords: list[str] = Field(None, max_length=20)
    industry: str | None = Field(None, pattern=r"^([A-T]|[0-9]{2,4})$", description="GB/T 4754-2017 code")
    ipc_hints: list[str] = Field(None, max_length=10)
    budget_min: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    budget_max: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    modes: list[Mode] = Field(None)
    region: str | None = Field(None, max_length=6, description="Guangdong city code")
    deadline: dt.date | None = None
    visibility: Visibility = Field(None)
    invited: list[DbId] = Field(None, max_length=50, description="organisation ids (visibility=invited)")


class DemandIn(DemandPatch):
    title: str = Field(..., min_length=1, max_length=200)
    problem: str = Field(..., min_length=1, max_length=5000)


class DemandOut(Schema):
    id: int
    organisation: str = Field(..., alias="organisation.name")
    title: str
    problem: str
    desired_effect: str
    keywords: list[str]
    industry: str | None = Field(None, alias="industry_id")
    ipc_hints: list[str]
    budget_min: Decimal | None
    budget_max: Decimal | None
    modes: list[str]
    region: str | None = Field(None, alias="region_id")
    deadline: dt.date | None
    visibility: str
    status: str
    published_at: dt.datetime | None


class TransitionIn(Schema):
    to: DemandStatus


class AnswerIn(Schema):
    interested: bool
    reason: str = Field("", max_length=2000)


class SendIn(Schema):
    note: str = Field("", max_length=2000)


class MatchOut(Schema):
    status: str
    note: str
    reason: str


class MatchesOut(Schema):
    items: list[SearchItem]
    count: int
    notices: list[str]
    answers: dict[str, MatchOut]


class Suggestion(Schema):
    ipc_hints: list[str]
    industry: str | None


def _fields(payload: Schema) -> dict:
    data = payload.dict(exclude_unset=True)
    if "region" in data:
        from patentbridge.orgs.selectors import city_or_error

        data["region"] = city_or_error(data["region"])
    if "invited" in data:
        found = list(Organisation.objects.filter(pk__in=data["invited"]))
        if len(found) != len(set(data["invited"])):
            raise ValidationFailed(details={"invited": gettext("Unknown organisations.")})
        data["invited"] = found
    return data


@router.get("/demands", response=list[DemandOut], auth=READ_AUTH)
@paginate(Pagination)
def list_demands(request: HttpRequest):
    """Demands you may see: public ones, members' ones when signed in, invitations, and your own."""
    return selectors.demands_visible_to(request.user)


@router.get("/demands/suggest", response=Suggestion, auth=READ_AUTH)
def suggest_classes(request: HttpRequest, text: Query[str]):
    """IPC subclasses and a GB/T 4754 class for a demand's text (from its nearest patents)."""
    return classify.suggest(text[:1000])


@router.post("/demands", response={201: DemandOut}, auth=WRITE_AUTH)
def create_demand(request: HttpRequest, payload: DemandIn):
    authorize(request.user, Action.DEMAND_CREATE, request=request)
    organisation = Organisation.objects.filter(pk__in=org_ids_with_roles(request.user, DEMAND_ROLES)).order_by("pk").first()
    with transaction.atomic():
        demand = services.demand_create(actor=request.user, organisation=organisation, data=_fields(payload))
    return Status(201, demand)


@router.get("/demands/{demand_id}", response=DemandOut, auth=READ_AUTH)
def get_demand(request: HttpRequest, demand_id: int):
    return selectors.demand_get(request.user, demand_id)


@router.patch("/demands/{demand_id}", response=DemandOut, auth=WRITE_AUTH)
def update_demand(request: HttpRequest, demand_id: int, payload: DemandPatch):
    demand = selectors.demand_get(request.user, demand_id)
    authorize(request.user, Action.DEMAND_CHANGE, demand, request=request)
    with transaction.atomic():
        return services.demand_update(actor=request.user, demand=demand, data=_fields(payload))


@router.post("/demands/{demand_id}/transition", response=DemandOut, auth=WRITE_AUTH)
def transition_demand(request: HttpRequest, demand_id: int, payload: TransitionIn):
    """Publish, mark matched, reopen or close a demand: draft → published or closed; published → matched or closed;
    matched → published or closed. Any other step answers 409 `invalid_transition` with the allowed ones."""
    demand = selectors.demand_get(request.user, demand_id)
    with transaction.atomic():
        return services.demand_transition(actor=request.user, demand=demand, to=payload.to)


@router.get("/demands/{demand_id}/matches", response=MatchesOut, auth=READ_AUTH)
def demand_matches(request: HttpRequest, demand_id: int, limit: int = Query(20, ge=1, le=100),
                   offset: int = Query(0, ge=0, le=1000)):
    """Ranked patents for the demand, each explained; `answers` holds the enterprise's verdicts so far."""
    demand = selectors.demand_get(request.user, demand_id)
    result = services.demand_matches(demand, offset=offset, limit=limit)
    answers = {m.patent.lookup_number: m for m in selectors.matches_of(demand)}
    return {"items": result.hits, "count": result.count, "notices": result.notices, "answers": answers}


@router.post("/demands/{demand_id}/matches/{number}/answer", response=MatchOut, auth=WRITE_AUTH)
def answer_match(request: HttpRequest, demand_id: int, number: str, payload: AnswerIn):
    """The enterprise marks a patent interesting, or not relevant with a reason; it may change its mind between the
    two. The first interesting patent of a published demand makes it matched."""
    demand = selectors.demand_get(request.user, demand_id)
    with transaction.atomic():
        return services.match_answer(actor=request.user, demand=demand, patent=patent_get(number),
                                     interested=payload.interested, reason=payload.reason)


@router.post("/demands/{demand_id}/matches/{number}/send", response=MatchOut, auth=WRITE_AUTH)
def send_match(request: HttpRequest, demand_id: int, number: str, payload: SendIn):
    """A patent's tech-transfer manager (or a broker) puts it forward to the enterprise with a note, once, and not
    after the enterprise has kept or answered it (409 `invalid_transition`)."""
    demand = selectors.demand_get(request.user, demand_id)
    with transaction.atomic():
        return services.match_send(actor=request.user, demand=demand, patent=patent_get(number), note=payload.note)


@router.post("/demands/{demand_id}/matches/{number}/shortlist", response=MatchOut, auth=WRITE_AUTH)
def shortlist_match(request: HttpRequest, demand_id: int, number: str):
    """The enterprise keeps a suggested or sent patent on its shortlist, to mark it interesting or not relevant
    later."""
    demand = selectors.demand_get(request.user, demand_id)
    with transaction.atomic():
        return services.match_shortlist(actor=request.user, demand=demand, patent=patent_get(number))


class DemandCandidateOut(Schema):
    demand: DemandOut
    score: float
    matched_terms: list[str]
    shared_ipc: list[str]


class EnterpriseCandidateOut(Schema):
    organisation_id: int = Field(..., alias="organisation.id")
    name: str = Field(..., alias="organisation.name")
    patents_in_classes: int
    subclasses: list[str]


@router.get("/patents/{number}/demands", response=list[DemandCandidateOut], auth=READ_AUTH)
def patent_demands(request: HttpRequest, number: str):
    """Live demands you may see that this patent could answer, best first, with the shared words and classes."""
    return demands_for_patent(patent_get(number), request.user)


@router.get("/patents/{number}/enterprises", response=list[EnterpriseCandidateOut], auth=READ_AUTH)
def patent_enterprises(request: HttpRequest, number: str):
    """Enterprises whose own patents are in the same IPC subclasses (candidates to approach)."""
    return enterprises_for_patent(patent_get(number))
