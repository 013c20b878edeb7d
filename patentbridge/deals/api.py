from django.utils.translation import gettext

"""/api/v1/deals: negotiated technology contracts (licences, transfers of the patent or application right, equity
investments, development, consulting and service contracts) and their state machine."""

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
from patentbridge.deals.models import DealKind, DealStatus, PaymentMode, ResultsOwner
from patentbridge.orgs.models import Organisation
from patentbridge.patents.selectors import patent_get

router = Router(tags=["deals"])


class DealIn(Schema):
    patent: str | None = Field(None, max_length=40, description="application, publication or grant number: the "
                               "patent a right is granted in (required for licences, transfers and equity), or the "
                               "one a development, consulting or service contract concerns (optional; held by a "
                               "party)")
    kind: DealKind
    owner_id: int | None = Field(None, description="the technology side (licensor, assignor, developer, consultant, "
                                 "service provider); by default the patentee for a right, else your organisation")
    counterparty_id: int
    territory: str = Field("中国", max_length=100,
                           description="China, a province or a Guangdong city: a GB/T 2260 code, `CN` or a name")
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    amount: Decimal = Field(Decimal("0"), ge=0, max_digits=14, decimal_places=2)
    payment_mode: PaymentMode = Field(PaymentMode.FIXED, description="Civil Code Art 846: a fixed price, a running "
                                      "royalty, or an entry fee plus royalty (received royalties add to the "
                                      "technology-contract turnover)")
    subject: str = Field("", max_length=200, description="project name (required for development, consulting and "
                         "service contracts)")
    deliverables: str = Field("", max_length=8000, description="what is delivered (required for development, "
                              "consulting and service contracts)")
    results_owner: ResultsOwner | None = Field(None, description="development contracts: who may apply for patents "
                                               "on the results; by default the developer (commissioned, Civil Code "
                                               "Art 859) or both jointly (cooperative, Art 860)")
    results_terms: str = Field("", max_length=8000, description="development contracts: use and transfer of "
                               "technical secrets and sharing of benefits (Civil Code Art 861)")
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
    patent_number: str | None = Field(..., description="the patent's number; null for a contract without one")
    owner: str = Field(..., alias="owner.name")
    counterparty: str = Field(..., alias="counterparty.name")
    territory: str = Field(..., alias="territory.name_zh")
    territory_code: str = Field(..., alias="territory_id")
    starts_on: dt.date | None
    ends_on: dt.date | None
    amount: Decimal
    payment_mode: str
    subject: str
    deliverables: str
    results_owner: str
    results_terms: str
    terms: str
    status: str
    registered_on: dt.date | None
    tech_contract_id: int | None = Field(..., alias="contract_id",
                                         description="its technology-contract registration, from signing")
    allowed: list[str] = Field(..., description="the steps the lifecycle allows from this status")
    your_steps: list[str] = Field(..., description="the steps you may take or confirm now")
    confirmations: list[ConsentOut] = Field(..., description="confirmations given for binding steps, this round")
    awaiting: dict[str, list[str]] = Field(..., description="binding step → parties whose confirmation is missing")

    @staticmethod
    def resolve_patent_number(obj) -> str | None:
        return obj.patent.patent_number if obj.patent_id else None

    @staticmethod
    def resolve_allowed(obj) -> list[str]:
        return services.allowed(obj)

    @staticmethod
    def resolve_your_steps(obj, context) -> list[str]:
        return sorted(services.user_steps(context["request"].user, obj))

    @staticmethod
    def resolve_confirmations(obj) -> list[dict]:
        return [{"step": c.step, "organisation": c.organisation.name, "by": c.user.username if c.user else "",
                 "at": c.at} for c in obj.consents.all() if c.round == obj.round]

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
    """Open a deal as a proposal: the caller must be able to propose for its technology side or for the
    counterparty; nothing binds until every party confirms (see the transition). A licence, transfer or equity
    investment names its patent; a development, consulting or service contract names its project and deliverables
    and may name the patent it concerns."""
    patent = patent_get(payload.patent) if payload.patent else None
    owner = (Organisation.objects.filter(pk=payload.owner_id).first() if payload.owner_id is not None
             else selectors.default_owner(request.user, payload.kind, patent))
    counterparty = Organisation.objects.filter(pk=payload.counterparty_id).first()
    if owner is None or counterparty is None:
        raise NotFound(gettext("no such owner or counterparty"))
    with transaction.atomic():
        deal = services.deal_create(actor=request.user, patent=patent, kind=payload.kind, owner=owner,
                                    counterparty=counterparty,
                                    data=payload.dict(exclude={"patent", "kind", "owner_id", "counterparty_id"}))
    return Status(201, deal)


@router.get("/deals/{deal_id}", response=DealOut, auth=WRITE_AUTH)
def get_deal(request: HttpRequest, deal_id: int):
    return selectors.deal_get(request.user, deal_id)


@router.post("/deals/{deal_id}/transition", response=DealOut, auth=WRITE_AUTH)
def transition(request: HttpRequest, deal_id: int, payload: TransitionIn):
    """draft → negotiating → agreed → signed → (recorded by the recordation) → performing → completed, or
    terminated; no skipping. A development, consulting or service contract has no recordation: signed →
    performing. Agreeing, signing, terminating a signed deal and completing it need a confirmation
    from a committing member of every party (`awaiting` lists who is missing; the step happens with the last
    one). Signing checks the conflict rules and answers 409 `deal_conflict` with each rule that refuses it."""
    deal = selectors.deal_get(request.user, deal_id)
    with transaction.atomic():
        return services.deal_transition(actor=request.user, deal=deal, to=payload.to, comment=payload.comment)
