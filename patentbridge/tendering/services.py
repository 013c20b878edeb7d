"""Writes of tendering: an agency's registration, the office's tender, an agency's bid, the award or cancellation
(every step by STEPS), and the agency list that fills the register's agency field. Callers own the transaction; the
notices leave after it commits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from auditlog.context import set_actor
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.core.errors import Conflict, ValidationFailed
from patentbridge.core.lifecycle import step_require
from patentbridge.notices.kinds import NoticeKind
from patentbridge.notices.services import notify
from patentbridge.orgs.models import Membership, Organisation
from patentbridge.orgs.permissions import TENDER_BIDDER_ROLES, Action, authorize
from patentbridge.patents.models import Patent
from patentbridge.tendering import selectors
from patentbridge.tendering.agency_list import AgencyListResult, read_agency_list
from patentbridge.tendering.models import AgencyRegistration, Bid, RegistrationStatus, Tender, TenderStatus

S = TenderStatus
# The lifecycle: a tender is open when published; the office awards it (after the deadline) or cancels it.
STEPS = frozenset({(S.OPEN, S.AWARDED), (S.OPEN, S.CANCELLED)})
STEP_ACTIONS = {S.AWARDED: Action.TENDER_DECIDE, S.CANCELLED: Action.TENDER_DECIDE}
LABELS = {str(status): str(status.label) for status in S}


def _check(instance: Any, exclude: list[str]) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise ValidationFailed(details=exc.message_dict) from exc


def agency_registration_save(*, actor: Any, agency: Organisation, licence_number: str, registered_on: dt.date,
                             status: str = RegistrationStatus.ACTIVE, register_name: str = "",
                             request: Any = None) -> AgencyRegistration:
    """The agency's administrator enters (or corrects) its practice licence."""
    authorize(actor, Action.AGENCY_REGISTER, agency, request=request)
    registration = selectors.registration_of(agency) or AgencyRegistration(organisation=agency)
    registration.licence_number = licence_number.strip()
    registration.registered_on = registered_on
    registration.status = status
    registration.register_name = register_name.strip()
    _check(registration, exclude=["organisation"])
    if registered_on > timezone.localdate():
        raise ValidationFailed(details={"registered_on": _("The registration date lies in the future.")})
    registration.save()
    return registration


def tender_publish(*, actor: Any, organisation: Organisation, title: str, scope: str, period_start: dt.date,
                   period_end: dt.date, bid_deadline: dt.datetime, price_weight: int, quality_weight: int,
                   min_quality: Decimal | None = None, request: Any = None) -> Tender:
    """The office publishes a tender for its institution; it is open for bids until the deadline."""
    authorize(actor, Action.TENDER_PUBLISH, organisation, request=request)
    if price_weight + quality_weight != 100:
        raise ValidationFailed(details={"quality_weight": _("The price and quality weights must add up to 100 %.")})
    if bid_deadline <= timezone.now():
        raise ValidationFailed(details={"bid_deadline": _("The deadline for bids must lie in the future.")})
    if bid_deadline < timezone.now() + dt.timedelta(days=settings.TENDER_MIN_BID_DAYS):
        raise ValidationFailed(details={"bid_deadline": _(
            "Bidders need at least %(days)s days from the tender's publication to the deadline (Government "
            "Procurement Law, Art. 35).") % {"days": settings.TENDER_MIN_BID_DAYS}})
    if period_end < period_start:
        raise ValidationFailed(details={"period_end": _("The end comes before the start.")})
    tender = Tender(organisation=organisation, title=title.strip(), scope=scope.strip(), period_start=period_start,
                    period_end=period_end, bid_deadline=bid_deadline, price_weight=price_weight,
                    quality_weight=quality_weight, min_quality=min_quality, created_by=actor)
    _check(tender, exclude=["organisation", "created_by", "awarded_bid", "decided_by"])
    tender.save()
    return tender


def bid_submit(*, actor: Any, tender: Tender, agency: Organisation, price: Decimal, offer: str,
               request: Any = None) -> Bid:
    """An agency's bid, or its revision, until the deadline; only a practising agency bids."""
    authorize(actor, Action.TENDER_BID, agency, request=request)
    if tender.status != S.OPEN or selectors.bidding_closed(tender):
        raise Conflict(_("Bidding for this tender has closed."), code="bidding_closed")
    registration = selectors.registration_of(agency)
    if registration is None or registration.status != RegistrationStatus.ACTIVE:
        raise Conflict(_("Only an agency with a practising licence entered on the platform can bid."),
                       code="no_practice_licence")
    bid = Bid.objects.filter(tender=tender, agency=agency).first() or Bid(tender=tender, agency=agency)
    bid.price, bid.offer, bid.submitted_by = price, offer.strip(), actor
    _check(bid, exclude=["tender", "agency", "submitted_by"])
    if price <= 0:
        raise ValidationFailed(details={"price": _("The price must be above zero.")})
    try:
        with transaction.atomic():
            bid.save()
    except IntegrityError as exc:  # the same agency's other person bid a moment ago
        raise Conflict(_("Your agency has just bid; reload to revise that bid."), code="already_bid") from exc
    return bid


def tender_award(*, actor: Any, tender: Tender, bid: Bid, reasons: str, request: Any = None) -> Tender:
    """The office awards the tender to one bid, with its reasons, once bidding has closed."""
    _step(actor, tender, S.AWARDED, request)
    if not selectors.bidding_closed(tender):
        raise Conflict(_("The bids stay sealed until the deadline."), code="bids_sealed")
    if bid.tender_id != tender.pk:
        raise ValidationFailed(details={"bid": _("That bid is not in this tender.")})
    scored = next(s for s in selectors.score_bids(tender, list(tender.bids.select_related("agency")))
                  if s.bid.pk == bid.pk)
    if not scored.meets_minimum:
        raise Conflict(_("This bid is below the tender's minimum quality score."), code="below_minimum_quality")
    if not reasons.strip():
        raise ValidationFailed(details={"reasons": _("Give the reasons for the award.")})
    tender.awarded_bid, tender.award_reasons = bid, reasons.strip()
    _decide(actor, tender, S.AWARDED)
    return tender


def tender_cancel(*, actor: Any, tender: Tender, reason: str, request: Any = None) -> Tender:
    """The office cancels an open tender, with its reason."""
    _step(actor, tender, S.CANCELLED, request)
    if not reason.strip():
        raise ValidationFailed(details={"reason": _("Give the reason for cancelling.")})
    tender.cancel_reason = reason.strip()
    _decide(actor, tender, S.CANCELLED)
    return tender


def _step(actor: Any, tender: Tender, to: str, request: Any) -> None:
    authorize(actor, STEP_ACTIONS[to], tender, request=request)
    step_require(STEPS, tender.status, to, labels=LABELS)


def _decide(actor: Any, tender: Tender, to: str) -> None:
    tender.status, tender.decided_at, tender.decided_by = to, timezone.now(), actor
    tender.save()
    transaction.on_commit(lambda: _notify_bidders(actor, tender))


def _notify_bidders(actor: Any, tender: Tender) -> None:
    """Each bidding agency's brokers learn the outcome: won, not won, or cancelled."""
    link = reverse("tendering:detail", args=[tender.pk])
    winner = tender.awarded_bid.agency if tender.awarded_bid else None
    for bid in tender.bids.select_related("agency"):
        people = Membership.objects.filter(organisation_id=bid.agency_id, role__in=TENDER_BIDDER_ROLES,
                                           user__is_active=True).values_list("user_id", flat=True)
        variant = ("tender_cancelled" if tender.status == S.CANCELLED
                   else "tender_awarded" if winner and bid.agency_id == winner.pk else "tender_not_awarded")
        notify(recipients=people, kind=NoticeKind.REVIEW_DECISION, link=link, organisation=bid.agency,
               actor=actor, key=f"tender:{tender.pk}:{tender.status}",
               params={"variant": variant, "tender": tender.title, "agency": winner.name if winner else "",
                       "reason": tender.cancel_reason})


def agency_list_import(*, actor: Any, file_name: str, content: bytes, request: Any = None) -> AgencyListResult:
    """Fill the register's agency field from a list (patent number → agency); each bad row is reported, not
    written; a row for a patent whose agency is already the same changes nothing."""
    authorize(actor, Action.AGENCY_LIST_IMPORT, request=request)
    result = read_agency_list(file_name, content)
    changed = Patent.objects.filter(pk__in=result.assignments).only("pk", "agency")
    with set_actor(actor):  # each change on the register's audit trail, one save per patent
        for patent in changed:
            if patent.agency != result.assignments[patent.pk]:
                patent.agency = result.assignments[patent.pk]
                patent.save(update_fields=["agency", "updated_at"])
                result.updated += 1
    return result
