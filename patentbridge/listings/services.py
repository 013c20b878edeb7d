"""Writes of the listings app: create (a draft), publish, withdraw, express interest, close at the period's end, and
relist (STEPS). Callers own the transaction; notices leave after it commits; the closing signals are sent inside it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from auditlog.context import set_actor
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.core.errors import Conflict, DomainError, ValidationFailed, readable
from patentbridge.core.lifecycle import step_require
from patentbridge.core.numbering import next_number
from patentbridge.core.workdays import add_working_days
from patentbridge.deals.models import LICENCE_KINDS
from patentbridge.deals.services import deal_from_sale
from patentbridge.listings.models import ExpressionOfInterest, Listing, ListingKind, ListingStatus, ListingStep
from patentbridge.listings.signals import listing_needs_bidding, listing_sold
from patentbridge.notices.kinds import NoticeKind
from patentbridge.notices.services import notify
from patentbridge.notices.texts import msgid
from patentbridge.orgs.models import Organisation, OrgKind
from patentbridge.orgs.permissions import Action, Capability, authorize, user_ids_with
from patentbridge.patents.models import LegalStatus, Patent
from patentbridge.rights import selectors as rights

S = ListingStatus
# The one table of a listing's life. The seller publishes or withdraws; the period's end decides the rest.
STEPS: frozenset[tuple[str, str]] = frozenset({
    (S.DRAFT, S.LISTED), (S.DRAFT, S.WITHDRAWN),
    (S.LISTED, S.AGREED), (S.LISTED, S.BIDDING), (S.LISTED, S.NO_INTEREST), (S.LISTED, S.WITHDRAWN),
    (S.BIDDING, S.BID_SOLD), (S.BIDDING, S.BID_FAILED),
})
# A listing that ended without a buyer may be listed again (at a new price, with an approval below the floor).
RELISTABLE = (S.NO_INTEREST, S.BID_FAILED)
VENUE_KINDS = (OrgKind.AGENCY, OrgKind.FINANCIAL)


# create ----------------------------------------------------------------------------------------------------------
def listing_create(*, actor: Any, seller: Organisation, patent: Patent, data: dict[str, Any],
                   authority: str = "") -> Listing:
    """A draft listing of the seller's patent. The actor commits for the seller, unless a higher app passes the
    `authority` it verified (a pledge disposal agreement, a court ruling), which is recorded instead. `data`: venue
    (Organisation), price, kind (transfer | licence; a licence with licence_kind, licence_starts_on,
    licence_ends_on), appraisal_value, appraisal_report, approval_number, period_days, conditions, payment_terms,
    pledgee_consent, agent (the Organisation disposing under the authority), publish (list it at once)."""
    authority = (authority or "").strip()
    if not authority:
        authorize(actor, Action.LISTING_CREATE, seller)
    listing = Listing(seller=seller, patent=patent, authority=authority, created_by=actor,
                      agent=data.get("agent") if authority else None)
    _fill(listing, data, first=True)
    _save_numbered(actor, listing)
    if data.get("publish"):
        return listing_publish(actor=actor, listing=listing)
    return listing


def _fill(listing: Listing, data: dict[str, Any], *, first: bool) -> None:
    """Check and set the terms; every problem is reported at once."""
    errors: dict[str, str] = {}
    if first:
        listing.venue, listing.kind = data.get("venue"), data.get("kind") or ListingKind.TRANSFER
    listing.price = _money(data.get("price"), "price", errors, required=True)
    if first:
        listing.appraisal_value = _money(data.get("appraisal_value"), "appraisal_value", errors)
        listing.appraisal_report = str(data.get("appraisal_report") or "").strip()
        listing.approval_number = str(data.get("approval_number") or "").strip()
        listing.pledgee_consent = bool(data.get("pledgee_consent"))
        errors.update(_terms_problems(listing, data))
    listing.conditions = str(data.get("conditions") or "").strip()
    listing.payment_terms = str(data.get("payment_terms") or "").strip()
    errors.update(_price_problems(listing, first=first))
    errors.update(_period(listing, data.get("period_days")))
    errors.update(patent_problems(listing, timezone.localdate()))
    if errors:
        raise ValidationFailed(details=errors)


def _money(value: Any, field: str, errors: dict[str, str], *, required: bool = False) -> Decimal | None:
    if value in (None, ""):
        if required:
            errors[field] = _("Give the amount.")
        return None
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        errors[field] = _("Give the amount in yuan.")
        return None
    if amount <= 0 or amount >= Decimal("1e14"):
        errors[field] = _("The amount must be above zero.")
        return None
    return amount


def _terms_problems(listing: Listing, data: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    venue = listing.venue
    if not isinstance(venue, Organisation) or venue.kind not in VENUE_KINDS or venue.pk == listing.seller_id:
        errors["venue"] = _("Name the exchange (a service agency or financial institution, not the seller) where "
                            "the patent is listed.")
    if listing.kind not in ListingKind.values:
        errors["kind"] = _("A listing transfers or licenses the patent.")
    elif listing.kind == ListingKind.LICENCE:
        listing.licence_kind = str(data.get("licence_kind") or "")
        listing.licence_starts_on, listing.licence_ends_on = data.get("licence_starts_on"), data.get("licence_ends_on")
        if listing.licence_kind not in LICENCE_KINDS:
            errors["licence_kind"] = _("Choose the kind of licence.")
        if not listing.licence_starts_on or not listing.licence_ends_on or (
                listing.licence_ends_on < listing.licence_starts_on):
            errors["licence_ends_on"] = _("A licence needs its start and end dates, in order.")
    else:
        listing.licence_kind, listing.licence_starts_on, listing.licence_ends_on = "", None, None
    if listing.seller.kind == OrgKind.SOE:  # 企业国有资产法 Art 47, 55; 32号令 Art 48
        for field, message in (("appraisal_value", _("A state-owned enterprise lists at an appraised value.")),
                               ("appraisal_report", _("Give the appraisal report's reference.")),
                               ("approval_number", _("Give the approval or filing number of the transfer."))):
            if not getattr(listing, field):
                errors.setdefault(field, message)
    return errors


def _price_problems(listing: Listing, *, first: bool) -> dict[str, str]:
    """An SOE's first listing is at least the appraisal (78号, 企业国有资产法 Art 55)."""
    if (first and listing.seller.kind == OrgKind.SOE and listing.price and listing.appraisal_value
            and listing.price < listing.appraisal_value):
        return {"price": _("A state-owned enterprise's first listing price may not be below the appraisal value "
                           "(%(value)s yuan).") % {"value": listing.appraisal_value}}
    return {}


def minimum_period(price: Decimal) -> int:
    """The shortest period in working days for the price (78号 as reported: 20 above RMB 10 m, else 10)."""
    if price > Decimal(settings.LISTING_LONG_PERIOD_ABOVE):
        return settings.LISTING_LONG_PERIOD_WORKING_DAYS
    return settings.LISTING_PERIOD_WORKING_DAYS


def _period(listing: Listing, wanted: Any) -> dict[str, str]:
    if listing.price is None:
        return {}
    least = minimum_period(listing.price)
    try:
        days = int(wanted) if wanted not in (None, "") else least
    except (TypeError, ValueError):
        return {"period_days": _("Give the period in working days.")}
    if days < least or days > 250:
        return {"period_days": _("At this price the period is at least %(days)s working days (and at most 250).")
                % {"days": least}}
    listing.period_days = days
    return {}


def patent_problems(listing: Listing, today: dt.date) -> dict[str, str]:
    """The patent is the seller's, in force, not suspended, its fees paid; pledged, it needs the pledgee's consent
    (民法典 Art 444) or the disposal authority."""
    patent = listing.patent
    if listing.seller_id not in patent.owner_org_ids():
        return {"patent": _("The seller does not hold this patent.")}
    if patent.legal_status != LegalStatus.IN_FORCE:
        return {"patent": _("Only a patent in force can be listed.")}
    if rights.is_suspended(patent, today):
        return {"patent": _("The patent's procedures are suspended (an ownership dispute or a preservation).")}
    if rights.annual_fee_unpaid(patent, today):
        return {"patent": _("The patent's annual fee is unpaid.")}
    if rights.is_pledged(patent, today) and not (listing.pledgee_consent or listing.authority):
        return {"pledgee_consent": _("The patent is pledged: record the pledgee's consent to the sale.")}
    return {}


def _save_numbered(actor: Any, listing: Listing) -> None:
    """Give the next number of the year (GP-2026-0001); a number taken by a concurrent listing is retried."""
    year = timezone.localdate().year
    for _attempt in range(5):
        listing.number = next_number(Listing, f"GP-{year}-")
        try:
            with transaction.atomic(), set_actor(actor):
                listing.save()
            return
        except IntegrityError:
            if not Listing.objects.filter(number=listing.number).exists():
                raise
    raise Conflict(_("Could not number the listing; try again."), code="listing_number_busy")


# steps -----------------------------------------------------------------------------------------------------------
def listing_publish(*, actor: Any, listing: Listing, today: dt.date | None = None, request: Any = None) -> Listing:
    """List the draft: its period starts on the next working day and runs its working days."""
    today = today or timezone.localdate()
    current = _locked(actor, listing, request)
    errors = patent_problems(current, today)
    if errors:
        raise ValidationFailed(details=errors)
    current.starts_on = add_working_days(today, 1)
    current.ends_on = add_working_days(current.starts_on, current.period_days - 1)
    current.listed_at = timezone.now()
    try:  # one live listing per patent: the database settles two publications at once
        with transaction.atomic():
            return _step(actor, current, S.LISTED, "")
    except IntegrityError as exc:
        raise Conflict(_("This patent is already listed."), code="already_listed") from exc


def listing_withdraw(*, actor: Any, listing: Listing, reason: str, request: Any = None) -> Listing:
    """Withdraw a draft, or a listing nobody has expressed interest in yet, with the reason."""
    current = _locked(actor, listing, request)
    if not (reason or "").strip():
        raise ValidationFailed(details={"reason": _("Give the reason.")})
    if current.interests.exists():
        raise Conflict(_("Someone has expressed interest: the listing can no longer be withdrawn."),
                       code="has_interest")
    current.withdraw_reason = reason.strip()
    current.closed_at = timezone.now()
    return _step(actor, current, S.WITHDRAWN, reason.strip())


def _locked(actor: Any, listing: Listing, request: Any) -> Listing:
    authorize(actor, Action.LISTING_MANAGE, listing, request=request)
    return Listing.objects.select_for_update().select_related("seller", "patent", "venue").get(pk=listing.pk)


def _step(actor: Any, current: Listing, to: str, note: str) -> Listing:
    step_require(STEPS, current.status, to, labels=dict(S.choices))
    came_from, current.status = current.status, to
    with set_actor(actor):
        current.save()
    ListingStep.objects.create(listing=current, from_status=came_from, to_status=to, note=note, actor=actor)
    return current


# interest --------------------------------------------------------------------------------------------------------
def interest_register(*, actor: Any, listing: Listing, organisation: Organisation, statement: str,
                      today: dt.date | None = None, request: Any = None) -> ExpressionOfInterest:
    """The organisation intends to take the listing, with its qualification statement; once, during the period."""
    authorize(actor, Action.LISTING_INTEREST, organisation, request=request)
    today = today or timezone.localdate()
    current = Listing.objects.select_for_update().select_related("patent").get(pk=listing.pk)  # waits for a close
    if organisation.pk in current.party_org_ids():
        raise Conflict(_("The seller and the exchange cannot express interest in their own listing."),
                       code="own_listing")
    if current.status != S.LISTED or today > current.ends_on:
        raise Conflict(_("The listing period is over: interest is no longer registered."), code="listing_not_open",
                       details={"status": current.status})
    if not (statement or "").strip():
        raise ValidationFailed(details={"statement": _("State how the organisation meets the conditions.")})
    interest = ExpressionOfInterest(listing=current, organisation=organisation, user=actor, statement=statement.strip())
    try:
        with transaction.atomic(), set_actor(actor):
            interest.save()
    except IntegrityError as exc:
        raise Conflict(_("This organisation has already expressed interest."), code="already_interested") from exc
    _notify(user_ids_with(Capability.COMMIT, current.manager_org_ids()), NoticeKind.REVIEW_REQUESTED,
            "listing_interest", current, {"organisation": organisation.name}, actor, f"listing:{current.pk}:eoi:"
            f"{interest.pk}")
    return interest


# close -----------------------------------------------------------------------------------------------------------
def listing_close(*, listing: Listing, today: dt.date | None = None) -> Listing:
    """After the period's last day: none interested ⇒ no interest; one ⇒ the deal at the listed price
    (`listing_sold`); two or more ⇒ competitive bidding (`listing_needs_bidding`). Idempotent; a listing whose
    period has not ended, or that is closed already, is returned as it is."""
    today = today or timezone.localdate()
    current = Listing.objects.select_for_update().select_related("seller", "patent", "venue").get(pk=listing.pk)
    if current.status != S.LISTED or today <= current.ends_on:
        return current
    interests = list(current.interests.select_related("organisation").order_by("created_at", "pk"))
    current.closed_at = timezone.now()
    if not interests:
        _step(None, current, S.NO_INTEREST, "")
    elif len(interests) == 1:
        current.deal = _sell(current, interests[0].organisation)
        _step(None, current, S.AGREED, "")
        listing_sold.send(sender=Listing, listing=current, deal=current.deal)
    else:
        _step(None, current, S.BIDDING, "")
        listing_needs_bidding.send(sender=Listing, listing=current, bidders=[i.organisation for i in interests])
    _notify_close(current, interests)
    return current


def listing_bidding_ended(*, listing: Listing, sold: bool, note: str = "") -> Listing:
    """The competitive bidding the listing went to has ended (the auctions app tells it): sold — the winner paid and
    the deal is the lot's — or not (no valid bid, the reserve not reached, the winner in default). Idempotent."""
    current = Listing.objects.select_for_update().get(pk=listing.pk)
    if current.status != S.BIDDING:
        return current
    return _step(None, current, S.BID_SOLD if sold else S.BID_FAILED, note)


def _sell(listing: Listing, buyer: Organisation) -> Any:
    data: dict[str, Any] = {"pledgee_consent": listing.pledgee_consent or bool(listing.authority)}
    if listing.kind == ListingKind.LICENCE:
        data.update(starts_on=listing.licence_starts_on, ends_on=listing.licence_ends_on)
    return deal_from_sale(actor=listing.created_by, patent=listing.patent, kind=listing.deal_kind,
                          owner=listing.seller, counterparty=buyer, amount=listing.price,
                          source=f"挂牌 {listing.number}", data=data)


def _notify_close(listing: Listing, interests: list[ExpressionOfInterest]) -> None:
    people = user_ids_with(Capability.READ, listing.party_org_ids())
    people |= user_ids_with(Capability.PROPOSE, [i.organisation_id for i in interests])
    _notify(people, NoticeKind.REVIEW_DECISION, "listing_closed", listing,
            {"status_label": msgid(S(listing.status).label)}, None, f"listing:{listing.pk}:closed")


def listings_close_due(today: dt.date | None = None) -> tuple[list[Listing], list[tuple[str, str]]]:
    """Close every listing whose period ended before today, each in its own transaction: (closed, [(number, why
    not)]) — a listing whose deal cannot be opened (the patent no longer held, …) stays listed and is reported."""
    today = today or timezone.localdate()
    closed, failed = [], []
    for pk, number in Listing.objects.filter(status=S.LISTED, ends_on__lt=today).values_list("pk", "number"):
        try:
            with transaction.atomic():
                closed.append(listing_close(listing=Listing(pk=pk), today=today))
        except DomainError as exc:
            failed.append((number, readable(exc)))
    return closed, failed


# relist ----------------------------------------------------------------------------------------------------------
def listing_relist(*, actor: Any, listing: Listing, data: dict[str, Any], request: Any = None) -> Listing:
    """A new draft of a listing that ended without a buyer (no interest, or its bidding failed), at a new price; below the set share of the appraisal
    (90 %) it records the approval: approved_by, approval_document, approved_on and the approval_file (78号)."""
    authorize(actor, Action.LISTING_MANAGE, listing, request=request)
    original = Listing.objects.select_for_update().get(pk=listing.pk)
    if original.status not in RELISTABLE:
        raise Conflict(_("Only a listing that ended without a buyer can be relisted."), code="not_relistable",
                       details={"status": original.status})
    if Listing.objects.filter(relist_of=original).exists():
        raise Conflict(_("This listing was already relisted."), code="already_relisted")
    fields = ("seller", "venue", "agent", "authority", "patent", "kind", "licence_kind", "licence_starts_on",
              "licence_ends_on", "appraisal_value", "appraisal_report", "approval_number", "pledgee_consent")
    relisting = Listing(relist_of=original, created_by=actor, **{f: getattr(original, f) for f in fields})
    _fill(relisting, {"conditions": original.conditions, "payment_terms": original.payment_terms, **data},
          first=False)
    _require_approval(relisting, data)
    _save_numbered(actor, relisting)
    return relisting


def relist_floor(listing: Listing) -> Decimal | None:
    """The lowest price without a recorded approval: the set share (90 %) of the appraisal; None without one."""
    if listing.appraisal_value is None:
        return None
    return (listing.appraisal_value * Decimal(settings.LISTING_RELIST_APPROVAL_SHARE)).quantize(Decimal("0.01"))


def _require_approval(relisting: Listing, data: dict[str, Any]) -> None:
    floor = relist_floor(relisting)
    if floor is None or relisting.price >= floor:
        return
    relisting.approved_by = str(data.get("approved_by") or "").strip()
    relisting.approval_document = str(data.get("approval_document") or "").strip()
    relisting.approved_on = data.get("approved_on")
    relisting.approval_file = data.get("approval_file") or ""
    missing = {name: _("Below %(floor)s yuan (%(share)s of the appraisal) the relisting needs the approver's "
                       "written consent: give the approver, the document's number, its date and the document.")
               % {"floor": floor, "share": f"{Decimal(settings.LISTING_RELIST_APPROVAL_SHARE):.0%}"}
               for name in ("approved_by", "approval_document", "approved_on", "approval_file")
               if not getattr(relisting, name)}
    if relisting.approved_on and relisting.approved_on > timezone.localdate():
        missing["approved_on"] = _("The approval's date is in the future.")
    if missing:
        raise ValidationFailed(details=missing)


# ---------------------------------------------------------------------------------------------------------------
def _notify(people: Any, kind: str, variant: str, listing: Listing, params: dict[str, str], actor: Any,
            key: str) -> None:
    notify(recipients=people, kind=kind, link=reverse("listings:detail", args=[listing.number]), key=key,
           actor=actor, organisation=listing.seller,
           params={"variant": variant, "listing": listing.number, "patent": listing.patent.display_number,
                   **params})
