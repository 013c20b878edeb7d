"""/api/v1/auctions: the public lots and their live state (never the reserve, except to the consignor and the
auctioneer), a bidder's registration and deposit, and bids (with an `Idempotency-Key` header or field)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from patentbridge.auctions import selectors, services
from patentbridge.auctions.models import Lot, Registration
from patentbridge.core.api_support import READ_AUTH, WRITE_AUTH
from patentbridge.core.errors import NotFound, ValidationFailed
from patentbridge.core.pagination import Pagination
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import Action, Capability, is_allowed, org_ids_with

router = Router(tags=["auctions"])


class ItemOut(Schema):
    patent_id: int
    application_number: str
    title: str
    share: Decimal = Field(..., description="per cent of the appraisal; the price is split by it")


class LotOut(Schema):
    id: int
    title: str
    mode: str
    status: str
    organiser: str
    consignor: str
    right_kind: str
    appraisal_value: Decimal
    start_price: Decimal
    deposit: Decimal
    increment: Decimal
    current_price: Decimal | None
    bid_count: int
    announced_at: dt.datetime | None
    viewing_starts_at: dt.datetime
    viewing_ends_at: dt.datetime
    starts_at: dt.datetime
    ends_at: dt.datetime = Field(..., description="moves with each extension")
    reserve_price: Decimal | None = Field(None, description="only for the consignor and the auctioneer")
    items: list[ItemOut]


def _lot(lot: Lot, user: Any) -> dict[str, Any]:
    private = is_allowed(user, Action.AUCTION_PRIVATE_VIEW, lot)
    return {**{name: getattr(lot, name) for name in (
        "id", "title", "mode", "status", "right_kind", "appraisal_value", "start_price", "deposit", "increment",
        "current_price", "bid_count", "announced_at", "viewing_starts_at", "viewing_ends_at", "starts_at", "ends_at")},
        "organiser": lot.organiser.name, "consignor": lot.consignor.name,
        "reserve_price": lot.reserve_price if private else None,
        "items": [{"patent_id": i.patent_id, "application_number": i.patent.application_number,
                   "title": i.patent.title, "share": i.share} for i in lot.items.all()]}


class BidOut(Schema):
    bidder_code: str
    amount: Decimal
    placed_at: dt.datetime
    bidder: str = Field("", description="the organisation, only once bidding has ended")


class StateOut(Schema):
    status: str
    now: dt.datetime = Field(..., description="the server's clock")
    current_price: Decimal | None
    minimum_bid: Decimal | None
    seconds_left: int
    ends_at: dt.datetime
    bids: list[BidOut]
    my_code: str | None
    leading: bool
    outbid: bool


class RegistrationOut(Schema):
    id: int
    lot_id: int
    organisation_id: int
    code: str
    deposit_state: str


class RegistrationIn(Schema):
    organisation_id: int | None = Field(None, description="default: the first organisation the caller commits for")


class BidIn(Schema):
    amount: Decimal = Field(..., gt=0, max_digits=16, decimal_places=2)
    idempotency_key: str | None = Field(None, max_length=80, description="or the Idempotency-Key header")


def _get(request: HttpRequest, lot_id: int) -> Lot:
    return selectors.lot_get(lot_id, request.user)


def _ticked(lot: Lot) -> Lot:
    with transaction.atomic():
        return services.lot_tick(lot=lot)


@router.get("/auctions", response=list[LotOut], auth=READ_AUTH)
@paginate(Pagination)
def list_lots(request: HttpRequest):
    """Announced, running and closed lots, newest start first."""
    return [_lot(lot, request.user) for lot in selectors.lots_public().select_related("consignor")]


@router.get("/auctions/{lot_id}", response=LotOut, auth=READ_AUTH)
def get_lot(request: HttpRequest, lot_id: int):
    return _lot(_ticked(_get(request, lot_id)), request.user)


@router.get("/auctions/{lot_id}/state", response=StateOut, auth=READ_AUTH)
def get_state(request: HttpRequest, lot_id: int):
    """The live state by the server's clock (poll it; the step the clock made due is taken first)."""
    lot = _ticked(_get(request, lot_id))
    live = selectors.live(lot, request.user)
    return {"status": lot.status, "now": live.now, "current_price": live.current, "minimum_bid": live.minimum,
            "seconds_left": live.seconds_left, "ends_at": lot.ends_at, "my_code": live.mine.code if live.mine else None,
            "leading": live.leading, "outbid": live.outbid,
            "bids": [{"bidder_code": b.code, "amount": b.amount, "placed_at": b.at, "bidder": b.bidder}
                     for b in live.bids]}


@router.post("/auctions/{lot_id}/registrations", response={201: RegistrationOut}, auth=WRITE_AUTH)
def register(request: HttpRequest, lot_id: int, payload: RegistrationIn):
    """Register an organisation as a bidder during the announcement; then pay the deposit."""
    lot = _get(request, lot_id)
    pk = payload.organisation_id or min(org_ids_with(request.user, Capability.COMMIT), default=0)
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None:
        raise ValidationFailed(details={"organisation_id": "no such organisation"})
    with transaction.atomic():
        registration = services.registration_create(actor=request.user, lot=lot, organisation=organisation)
    return Status(201, registration)


@router.post("/auctions/{lot_id}/registrations/{registration_id}/deposit", response=RegistrationOut,
             auth=WRITE_AUTH)
def pay_deposit(request: HttpRequest, lot_id: int, registration_id: int):
    """Pay the deposit through the payment provider."""
    registration = Registration.objects.filter(pk=registration_id, lot_id=_get(request, lot_id).pk).first()
    if registration is None:
        raise NotFound()
    with transaction.atomic():
        return services.deposit_pay(actor=request.user, registration=registration)


@router.post("/auctions/{lot_id}/bids", response={201: BidOut}, auth=WRITE_AUTH)
def place_bid(request: HttpRequest, lot_id: int, payload: BidIn):
    """An irrevocable bid. A refusal comes as the error envelope with its code (lot_not_open, lot_closed,
    below_increment, not_registered, deposit_unpaid, consignor_cannot_bid, organiser_cannot_bid, duplicate_bid)."""
    lot = _get(request, lot_id)
    key = request.headers.get("Idempotency-Key") or payload.idempotency_key or ""
    if not key:
        raise ValidationFailed(details={"idempotency_key": "send an Idempotency-Key header or field"})
    bid = services.bid_place(actor=request.user, lot=lot, amount=payload.amount, idempotency_key=key)
    return Status(201, {"bidder_code": bid.registration.code, "amount": bid.amount, "placed_at": bid.placed_at})
