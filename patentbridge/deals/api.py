"""/api/v1/deals: negotiated licences, transfers and equity investments, and their state machine."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from patentbridge.core.api_support import WRITE_AUTH
from patentbridge.core.errors import NotFound, PermissionDenied
from patentbridge.core.pagination import Pagination
from patentbridge.deals import selectors, services
from patentbridge.deals.models import DealKind, DealStatus
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import roles_of
from patentbridge.patents.selectors import patent_get

router = Router(tags=["deals"])


class DealIn(Schema):
    patent: str = Field(..., description="application, publication or grant number")
    kind: DealKind
    counterparty_id: int
    territory: str = Field("中国", max_length=100)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    amount: Decimal = Field(Decimal("0"), ge=0, max_digits=14, decimal_places=2)
    terms: str = Field("", max_length=8000)
    pledgee_consent: bool = False


class DealOut(Schema):
    id: int
    kind: str
    patent_number: str = Field(..., alias="patent.patent_number")
    owner: str = Field(..., alias="owner.name")
    counterparty: str = Field(..., alias="counterparty.name")
    territory: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    amount: Decimal
    terms: str
    status: str
    registered_on: dt.date | None
    allowed: list[str]

    @staticmethod
    def resolve_allowed(obj) -> list[str]:
        return sorted(services.TRANSITIONS[obj.status])


class TransitionIn(Schema):
    to: DealStatus
    comment: str = Field("", max_length=2000)


@router.get("/deals", response=list[DealOut], auth=WRITE_AUTH)
@paginate(Pagination)
def list_deals(request: HttpRequest):
    return selectors.deals_visible_to(request.user).order_by("-updated_at")


@router.post("/deals", response={201: DealOut}, auth=WRITE_AUTH)
def create_deal(request: HttpRequest, payload: DealIn):
    """Open a deal for a patent; the caller must belong to its owner or to the counterparty."""
    patent = patent_get(payload.patent)
    mine = {org for org, _ in roles_of(request.user)}
    owner = selectors.deal_owner(patent, request.user)
    counterparty = Organisation.objects.filter(pk=payload.counterparty_id).first()
    if owner is None or counterparty is None:
        raise NotFound("没有这个专利权人或交易对方 / no such owner or counterparty")
    if not mine & {owner.pk, counterparty.pk}:
        raise PermissionDenied("只有交易一方可以创建交易 / only a party may open a deal")
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
    """draft → negotiating → agreed → signed → recorded → performing → completed, or terminated; no skipping.
    Signing checks the conflict rules and answers 409 `deal_conflict` with each rule that refuses it."""
    deal = selectors.deal_get(request.user, deal_id)
    return services.deal_transition(actor=request.user, deal=deal, to=payload.to, comment=payload.comment)
