"""Reads of the auctions app: the public lots, one lot, its live state (the server's clock, the bids under bidder codes,
the viewer's own standing), and a user's own lots and registrations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from patentbridge.auctions.models import AuctioneerLicence, Bid, Lot, LotStatus, Registration
from patentbridge.core.errors import NotFound
from patentbridge.orgs.permissions import Action, Capability, is_allowed, org_ids_with

S = LotStatus
PUBLIC = (S.ANNOUNCED, S.BIDDING, S.SOLD, S.CONFIRMED, S.PAID, S.SETTLED, S.UNSOLD, S.DEFAULTED)


def lots_public() -> QuerySet[Lot]:
    """Announced, running and closed lots: what anyone may read (never the reserve)."""
    return Lot.objects.filter(status__in=PUBLIC).select_related("organiser").prefetch_related("items__patent")


def lot_get(lot_id: int, user: Any = None) -> Lot:
    """A public lot, or a draft one for its auctioneer and consignor."""
    lot = (Lot.objects.select_related("organiser", "consignor", "officer__user", "winner__organisation")
           .filter(pk=lot_id).first())
    if lot is None or (lot.status not in PUBLIC and not is_allowed(user, Action.AUCTION_PRIVATE_VIEW, lot)):
        raise NotFound()
    return lot


def own_registration(user: Any, lot: Lot) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (lot.registrations.filter(organisation_id__in=org_ids_with(user, Capability.COMMIT))
            .select_related("organisation").first())


@dataclass
class LiveBid:
    code: str
    amount: Decimal
    at: dt.datetime
    bidder: str = ""  # the organisation's name: only after bidding ends


@dataclass
class Live:
    lot: Lot
    now: dt.datetime
    current: Decimal | None
    minimum: Decimal | None
    seconds_left: int
    bids: list[LiveBid] = field(default_factory=list)
    mine: Registration | None = None
    leading: bool = False
    outbid: bool = False

    @property
    def left_text(self) -> str:
        """The time left as H:MM:SS (countdown.js goes on from it between polls)."""
        hours, rest = divmod(self.seconds_left, 3600)
        return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"


def live(lot: Lot, user: Any, now: dt.datetime | None = None, limit: int = 50) -> Live:
    """The live panel: price, bids under bidder codes (names once bidding has ended), the time left by the server."""
    now = now or timezone.now()
    ended = lot.status not in (S.ANNOUNCED, S.BIDDING)
    rows = list(Bid.objects.filter(lot=lot).select_related("registration__organisation").order_by("-amount")[:limit])
    bids = [LiveBid(b.registration.code, b.amount, b.placed_at, b.registration.organisation.name if ended else "")
            for b in rows]
    mine = own_registration(user, lot)
    leading = bool(mine and rows and rows[0].registration_id == mine.pk)
    outbid = bool(mine and not leading and any(b.registration_id == mine.pk for b in rows))
    minimum = None if ended else (lot.start_price if lot.current_price is None else lot.current_price + lot.increment)
    left = max(0, int((lot.ends_at - now).total_seconds())) if lot.status == S.BIDDING else 0
    return Live(lot, now, lot.current_price, minimum, left, bids, mine, leading, outbid)


def lots_of(user: Any) -> dict[str, QuerySet[Lot]]:
    """The user's lots as auctioneer and as consignor, and those its organisations registered for."""
    staff = org_ids_with(user, Capability.PROPOSE)
    readers = org_ids_with(user, Capability.READ)
    base = Lot.objects.select_related("organiser", "consignor").order_by("-pk")
    return {"organised": base.filter(organiser_id__in=staff),
            "consigned": base.filter(consignor_id__in=readers),
            "registered": base.filter(registrations__organisation_id__in=readers).distinct()}


def lots_due(now: dt.datetime) -> list[int]:
    """Lots whose clock has made a step due: to open, to close, or with a deposit still to refund."""
    return list(Lot.objects.filter(Q(status=S.ANNOUNCED, starts_at__lte=now) | Q(status=S.BIDDING, ends_at__lte=now)
                                   | Q(status__in=(S.SOLD, S.CONFIRMED, S.UNSOLD),
                                       registrations__deposit_state="paid")).distinct().values_list("pk", flat=True))


def licences() -> QuerySet[AuctioneerLicence]:
    """Every auctioneer licence, those awaiting verification first."""
    return AuctioneerLicence.objects.select_related("organisation", "verified_by").order_by("verified_at", "pk")
