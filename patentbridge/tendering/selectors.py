"""Reads of tendering: agencies and their registrations, tenders (public), a bidder's own bid, and the scored bids."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.core.errors import Conflict, NotFound
from patentbridge.orgs.models import Organisation, OrgKind
from patentbridge.orgs.permissions import Action, authorize, bidding_agency_ids
from patentbridge.patents.models import Patent
from patentbridge.tendering.models import AgencyRegistration, Bid, Tender
from patentbridge.tendering.quality import AgencyQuality, agency_quality

CENT = Decimal("0.01")


def agencies() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrgKind.AGENCY).select_related("agency_registration").order_by("name")


def listed_agencies() -> QuerySet[Organisation]:
    """The patent agencies among the service agencies: those with a practice licence entered, those the register names
    as the agency of a filing, and those whose name says they are one (专利/知识产权代理, 事务所)."""
    in_register = Patent.objects.exclude(agency="").values("agency")
    return agencies().filter(Q(agency_registration__isnull=False) | Q(name__in=in_register)
                             | Q(name__contains="代理") | Q(name__contains="事务所"))


def agency_get(agency_id: int) -> Organisation:
    agency = agencies().filter(pk=agency_id).first()
    if agency is None:
        raise NotFound(_("No such agency."))
    return agency


def registration_of(agency: Organisation) -> AgencyRegistration | None:
    return AgencyRegistration.objects.filter(organisation=agency).first()


def register_name(agency: Organisation) -> str:
    """The name under which the patent register lists the agency's filings."""
    registration = registration_of(agency)
    return registration.name_in_register if registration else agency.name


def quality_of(agency: Organisation) -> AgencyQuality:
    return agency_quality(register_name(agency))


def tenders() -> QuerySet[Tender]:
    return Tender.objects.select_related("organisation").order_by("-created_at", "-pk")


def tender_get(tender_id: int) -> Tender:
    tender = tenders().filter(pk=tender_id).first()
    if tender is None:
        raise NotFound(_("No such tender."))
    return tender


def bidding_closed(tender: Tender) -> bool:
    return timezone.now() >= tender.bid_deadline


def own_bids(user: Any, tender: Tender) -> list[Bid]:
    """The bids of the user's own agencies: all a bidder sees before the award."""
    return list(tender.bids.filter(agency_id__in=bidding_agency_ids(user)).select_related("agency"))


@dataclass(frozen=True)
class ScoredBid:
    bid: Bid
    quality: AgencyQuality
    price_score: Decimal
    quality_score: Decimal  # 0 where the agency is too little known (the figures say so beside it)
    total: Decimal
    meets_minimum: bool


def score_bids(tender: Tender, bids: list[Bid]) -> list[ScoredBid]:
    """Price score (the lowest price = 100, others lowest ÷ price × 100) × price weight plus the quality score ×
    quality weight; best first. Sealed until the deadline."""
    if not bids:
        return []
    lowest = min(bid.price for bid in bids)
    scored = [_scored(tender, bid, lowest) for bid in bids]
    return sorted(scored, key=lambda s: (-s.total, s.bid.price, s.bid.pk))


def _scored(tender: Tender, bid: Bid, lowest: Decimal) -> ScoredBid:
    quality = quality_of(bid.agency)
    price_score = (Decimal(100) * lowest / bid.price).quantize(CENT, ROUND_HALF_UP)
    quality_score = quality.score if quality.score is not None else Decimal(0)
    total = ((price_score * tender.price_weight + quality_score * tender.quality_weight) / 100).quantize(
        CENT, ROUND_HALF_UP)
    meets = tender.min_quality is None or (quality.score is not None and quality.score >= tender.min_quality)
    return ScoredBid(bid, quality, price_score, quality_score, total, meets)


def scored_bids(user: Any, tender: Tender, *, request: Any = None) -> list[ScoredBid]:
    """Every bid, scored: for the office once bidding has closed, and for the bidders once the tender is awarded."""
    authorize(user, Action.TENDER_BIDS_VIEW, tender, request=request)
    if not bidding_closed(tender):
        raise Conflict(_("The bids stay sealed until the deadline."), code="bids_sealed")
    return score_bids(tender, list(tender.bids.select_related("agency")))
