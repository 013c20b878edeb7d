"""/api/v1/deals: negotiated licences, transfers and equity investments, and their state machine."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from patentbridge.core.api_support import WRITE_AUTH
from patentbridge.core.errors import NotFound
from patentbridge.core.pagination import Pagination
from patentbridge.deals import selectors, services
from patentbridge.deals.models import DealKind, DealStatus
from patentbridge.orgs.models import Organisation
from patentbridge.patents.selectors import patent_get

router = Router(tags=["deals"])


class DealIn(Schema):
    patent: str = Field(..., description="application, publication or grant number")
    kind: DealKind
    counterparty_id: int
    territory: str = Field("中国", max_length=100,
                           description="China, a province or a Guangdong city: a GB/T 2260 code, `CN` or a name")
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    amount: Decimal = Field(Decimal("0"), ge=0, max_digits=14, decimal_places=2)
    terms: str = Field("", max_length=8000)
    pledgee_consent: bool = False


class ConsentOut(Schema):
    step: str
    organisation: str
    by: str
    at: dt.datetime


class DealOut(Schema):
    id: int
    kind: str
    patent_number: str = Field(..., alias="patent.patent_number")
    owner: str = Field(..., alias="owner.name")
    counterparty: str = Field(..., alias="counterparty.name")
    territory: str = Field(..., alias="territory.name_zh")
    territory_code: str = Field(..., alias="territory_id")
    starts_on: dt.date | None
    ends_on: dt.date | None
    amount: Decimal
    terms: str
    status: str
    registered_on: dt.date | None
    allowed: list[str] = Field(..., description="the steps the lifecycle allows from this status")
    your_steps: list[str] = Field(..., description="the steps you may take or confirm now")
    confirmations: list[ConsentOut] = Field(..., description="confirmations given for binding steps, this round")
    awaiting: dict[str, list[str]] = Field(..., description="binding step → parties whose confirmation is missing")

    @staticmethod
    def resolve_allowed(obj) -> list[str]:
        return sorted(services.TRANSITIONS[obj.status])

    @staticmethod
    def resolve_your_steps(obj, context) -> list[str]:
        return sorted(services.user_steps(context["request"].user, obj))

    @staticmethod
    def resolve_confirmations(obj) -> list[dict]:
        return [{"step": c.step, "organisation": c.organisation.name, "by": c.user.username if c.user else "",
                 "at": c.at} for c in obj.consents.filter(round=obj.round).select_related("organisation", "user")]

    @staticmethod
    def resolve_awaiting(obj) -> dict[str, list[str]]:
        return {step: [o.name for o in organisations] for step, organisations in services.pending(obj).items()}


class TransitionIn(Schema):
    to: DealStatus
    comment: str = Field("", max_length=2000)


@router.get("/deals", response=list[DealOut], auth=WRITE_AUTH)
@paginate(Pagination)
def list_deals(request: HttpRequest):
    return selectors.deals_visible_to(request.user).order_by("-updated_at")


@router.post("/deals", response={201: DealOut}, auth=WRITE_AUTH)
def create_deal(request: HttpRequest, payload: DealIn):
    """Open a deal for a patent as a proposal: the caller must be able to propose for its owner or for the
    counterparty; nothing binds until every party confirms (see the transition)."""
    patent = patent_get(payload.patent)
    owner = selectors.deal_owner(patent, request.user)
    counterparty = Organisation.objects.filter(pk=payload.counterparty_id).first()
    if owner is None or counterparty is None:
        raise NotFound("没有这个专利权人或交易对方 / no such owner or counterparty")
    with transaction.atomic():
        deal = services.deal_create(actor=request.user, patent=patent, kind=payload.kind, owner=owner,
                                    counterparty=counterparty,
                                    data=payload.dict(exclude={"patent", "kind", "counterparty_id"}))
    return Status(201, deal)


@router.get("/deals/{deal_id}", response=DealOut, auth=WRITE_AUTH)
def get_deal(request: HttpRequest, deal_id: int):
    return selectors.deal_get(request.user, deal_id)


@router.post("/deals/{deal_id}/transition", response=DealOut, auth=WRITE_AUTH)
def transition(request: HttpRequest, deal_id: int, payload: TransitionIn):
    """draft → negotiating → agreed → signed → (recorded by the recordation) → performing → completed, or
    terminated; no skipping. Agreeing, signing, terminating a signed deal and completing it need a confirmation
    from a committing member of every party (`awaiting` lists who is missing; the step happens with the last
    one). Signing checks the conflict rules and answers 409 `deal_conflict` with each rule that refuses it."""
    deal = selectors.deal_get(request.user, deal_id)
    with transaction.atomic():
        return services.deal_transition(actor=request.user, deal=deal, to=payload.to, comment=payload.comment)
