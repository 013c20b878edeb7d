"""Writes of the auctions app: licences and officers, a lot's lifecycle (every step by STEPS), registration and
deposits, bids, the close. The sale's confirmation, payment, settlement, default and relisting are in settlement.py.
Callers own the transaction, except bid_place, which owns its own so that a refusal is recorded although the bid
is rolled back: call it outside any transaction.atomic."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from decimal import Decimal
from typing import Any

from auditlog.context import set_actor
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.auctions import rules
from patentbridge.auctions.models import (
    MIN_REGISTERED_CAPITAL,
    AuctioneerLicence,
    AuctionOfficer,
    Bid,
    BidRefusal,
    Confirmation,
    DepositState,
    Lot,
    LotItem,
    LotMode,
    LotStatus,
    LotStep,
    Registration,
)
from patentbridge.core.errors import Conflict, DomainError, NotAuthenticated, PermissionDenied, ValidationFailed
from patentbridge.core.lifecycle import step_require
from patentbridge.core.numbering import next_number
from patentbridge.licensing.payments import provider
from patentbridge.listings import services as listing_services
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import Action, Capability, authorize, can, is_allowed, org_ids_with
from patentbridge.patents.models import Patent

logger = logging.getLogger(__name__)
S = LotStatus
# The lifecycle (rules-round2 §1.4, derived): withdrawn only before bidding (Auction Law Art 29).
STEPS = frozenset({
    (S.DRAFT, S.CONSIGNED), (S.DRAFT, S.WITHDRAWN), (S.CONSIGNED, S.ANNOUNCED), (S.CONSIGNED, S.WITHDRAWN),
    (S.ANNOUNCED, S.BIDDING), (S.ANNOUNCED, S.WITHDRAWN), (S.BIDDING, S.SOLD), (S.BIDDING, S.UNSOLD),
    (S.SOLD, S.CONFIRMED), (S.SOLD, S.DEFAULTED), (S.CONFIRMED, S.PAID), (S.CONFIRMED, S.DEFAULTED),
    (S.PAID, S.SETTLED),
})
LABELS = {str(status): str(status.label) for status in S}
# Where a listing's competitive bidding ends: the winner paid (sold), or no sale.
LISTING_ENDS = (S.SETTLED, S.UNSOLD, S.DEFAULTED)
CLOSED = (S.SOLD, S.CONFIRMED, S.PAID, S.SETTLED, S.UNSOLD, S.DEFAULTED)
LOT_FIELDS = ("title", "mode", "officer", "right_kind", "licence_starts_on", "licence_ends_on", "state_owned",
              "contract_number", "contract_signed_on", "commission_agreed", "consignor_commission_rate",
              "buyer_commission_rate", "authority_document", "pledgee_consent", "appraisal_value", "appraisal_report",
              "start_price", "reserve_price", "deposit", "increment", "viewing_starts_at", "viewing_ends_at",
              "viewing_place", "starts_at", "ends_at", "relist_of", "listing")


def _raise_if(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationFailed(details=errors)


def step_take(lot: Lot, to: str, *, actor: Any, now: dt.datetime, note: str = "") -> None:
    """Move the lot one step of STEPS (refusing any other) and record it."""
    step_require(STEPS, lot.status, to, labels=LABELS)
    LotStep.objects.create(lot=lot, from_status=lot.status, to_status=to, actor=actor, note=note, at=now)
    lot.status = to
    with set_actor(actor):
        lot.save()
    if lot.listing_id and to in LISTING_ENDS:  # the listing that went to this bidding learns how it ended
        listing_services.listing_bidding_ended(listing=lot.listing, sold=to == S.SETTLED, note=note)


# ---------------------------------------------------------------------------------------------- auctioneers


def licence_save(*, actor: Any, organisation: Organisation, data: dict[str, Any]) -> AuctioneerLicence:
    """The firm's administrator enters (or corrects) its licence; a correction needs verifying again."""
    authorize(actor, Action.AUCTION_LICENCE_ENTER, organisation)
    licence = AuctioneerLicence.objects.filter(organisation=organisation).first() or AuctioneerLicence(
        organisation=organisation)
    for name in ("licence_number", "issued_by", "valid_from", "valid_until", "registered_capital"):
        setattr(licence, name, data[name])
    if licence.registered_capital < MIN_REGISTERED_CAPITAL:
        raise ValidationFailed(details={"registered_capital": _(
            "An auction enterprise has a registered capital of RMB 1,000,000 or more (Auction Law Art 12).")})
    if licence.valid_until < licence.valid_from:
        raise ValidationFailed(details={"valid_until": _("The end comes before the start.")})
    licence.verified_by, licence.verified_at = None, None
    try:
        with transaction.atomic(), set_actor(actor):
            licence.save()
    except IntegrityError as exc:
        raise Conflict(_("Another firm has entered this licence number."), code="licence_number_taken") from exc
    return licence


def licence_verify(*, actor: Any, licence: AuctioneerLicence, now: dt.datetime | None = None) -> AuctioneerLicence:
    """A regulator (or the platform) confirms the licence against the issuing department's record."""
    authorize(actor, Action.AUCTION_LICENCE_VERIFY, licence)
    licence.verified_by, licence.verified_at = actor, now or timezone.now()
    with set_actor(actor):
        licence.save()
    return licence


def officer_add(*, actor: Any, organisation: Organisation, user: Any, certificate_number: str) -> AuctionOfficer:
    """The firm names one of its people as a certified auction officer (拍卖师)."""
    authorize(actor, Action.AUCTION_LICENCE_ENTER, organisation)
    if not user.memberships.filter(organisation=organisation).exists():
        raise ValidationFailed(details={"user": _("The officer must be a member of the auction enterprise.")})
    if not certificate_number.strip():
        raise ValidationFailed(details={"certificate_number": _("Enter the officer's certificate number.")})
    try:
        with transaction.atomic(), set_actor(actor):
            return AuctionOfficer.objects.create(organisation=organisation, user=user,
                                                 certificate_number=certificate_number.strip())
    except IntegrityError as exc:
        raise Conflict(_("This officer or certificate is already entered."), code="officer_exists") from exc


# ---------------------------------------------------------------------------------------------- lots


def lot_create(*, actor: Any, organiser: Organisation, consignor: Organisation, patents: list[Patent],
               data: dict[str, Any], authority: str = "") -> Lot:
    """A draft lot; the consignor confirms the consignment, unless `authority` (a higher app verified the actor's right
    to dispose, e.g. a pledgee's) is given: it is recorded and the lot is consigned at once."""
    now = timezone.now()
    if not authority:
        authorize(actor, Action.AUCTION_RUN, organiser)
    lot = Lot(organiser=organiser, consignor=consignor, created_by=actor, authority=authority.strip(),
              **{name: data[name] for name in LOT_FIELDS if name in data})
    if lot.mode != LotMode.EXCHANGE_BIDDING and organiser.pk == consignor.pk:
        raise ValidationFailed(details={"consignor": _("An auctioneer cannot auction its own patents.")})
    shares = data.get("shares") or rules.equal_shares(len(patents) or 1)
    _raise_if(rules.auctioneer_problems(lot, now.date()) or rules.patent_problems(lot, patents, now.date())
              or rules.share_problems(shares) or rules.price_problems(lot) or rules.period_problems(lot))
    with set_actor(actor):
        lot.save()
    LotItem.objects.bulk_create([LotItem(lot=lot, patent=patent, share=share, position=index)
                                 for index, (patent, share) in enumerate(zip(patents, shares, strict=True))])
    if data.get("invited_bidders"):
        lot.invited_bidders.set(data["invited_bidders"])
    if lot.authority:
        lot.consigned_at = now
        step_take(lot, S.CONSIGNED, actor=actor, now=now, note=lot.authority)
    return lot


def lot_consign(*, actor: Any, lot: Lot, now: dt.datetime | None = None) -> Lot:
    """A committing member of the consignor confirms the consignment (an auctioneer cannot list a patent alone)."""
    now = now or timezone.now()
    authorize(actor, Action.AUCTION_CONSIGN, lot)
    _raise_if(rules.patent_problems(lot, [item.patent for item in lot.items.select_related("patent")], now.date()))
    lot.consigned_by, lot.consigned_at = actor, now
    step_take(lot, S.CONSIGNED, actor=actor, now=now)
    return lot


def lot_announce(*, actor: Any, lot: Lot, now: dt.datetime | None = None) -> Lot:
    """The auctioneer publishes the announcement (Auction Law Art 45–47); bidders may register from now."""
    now = now or timezone.now()
    authorize(actor, Action.AUCTION_RUN, lot)
    step_require(STEPS, lot.status, S.ANNOUNCED, labels=LABELS)
    _raise_if(rules.auctioneer_problems(lot, now.date()) or rules.announce_problems(lot, now))
    lot.announced_at = now
    step_take(lot, S.ANNOUNCED, actor=actor, now=now)
    return lot


def lot_withdraw(*, actor: Any, lot: Lot, reason: str, now: dt.datetime | None = None) -> Lot:
    """The consignor (or the auctioneer) withdraws the lot before bidding starts (Auction Law Art 29)."""
    now = now or timezone.now()
    if not is_allowed(actor, Action.AUCTION_CONSIGN, lot):
        authorize(actor, Action.AUCTION_RUN, lot)
    if lot.status == S.ANNOUNCED and now >= lot.starts_at:
        raise Conflict(_("Bidding has started: the lot can no longer be withdrawn."), code="bidding_started")
    if not reason.strip():
        raise ValidationFailed(details={"reason": _("Give the reason for withdrawing.")})
    step_take(lot, S.WITHDRAWN, actor=actor, now=now, note=reason.strip())
    for registration in lot.registrations.filter(deposit_state=DepositState.PAID):
        deposit_refund(registration, now)
    return lot


# ---------------------------------------------------------------------------------------------- bidders


def _bidder_code(lot: Lot) -> str:
    taken = set(lot.registrations.values_list("code", flat=True))
    while True:
        code = f"{secrets.choice('ABCDEFGHJKLMNPQRSTUVWXYZ')}{secrets.randbelow(99) + 1}"
        if code not in taken:
            return code


def _barred(lot: Lot, organisation: Organisation) -> bool:
    """A buyer who defaulted on an earlier round of this lot may not bid again (judicial rules Art 24)."""
    earlier, ancestor = [], lot.relist_of
    while ancestor is not None:
        earlier.append(ancestor.pk)
        ancestor = ancestor.relist_of
    return Registration.objects.filter(lot_id__in=earlier, organisation=organisation,
                                       deposit_state=DepositState.FORFEITED).exists()


def registration_create(*, actor: Any, lot: Lot, organisation: Organisation,
                        now: dt.datetime | None = None) -> Registration:
    """A bidder organisation registers during the announcement, under a bidder code."""
    now = now or timezone.now()
    authorize(actor, Action.AUCTION_BID, organisation)
    if organisation.pk == lot.consignor_id:
        raise Conflict(_("The consignor may not bid (Auction Law Art 30)."), code="consignor_cannot_bid")
    if organisation.pk == lot.organiser_id:
        raise Conflict(_("The auctioneer may not bid (Auction Law Art 22)."), code="organiser_cannot_bid")
    if lot.status != S.ANNOUNCED or now >= lot.starts_at:
        raise Conflict(_("Bidders register while the lot is announced, before bidding starts."),
                       code="registration_closed")
    if lot.mode == LotMode.EXCHANGE_BIDDING and not lot.invited_bidders.filter(pk=organisation.pk).exists():
        raise PermissionDenied(_("Only the listing's interested parties bid in this exchange bidding."),
                               code="not_invited")
    if _barred(lot, organisation):
        raise Conflict(_("A buyer who defaulted on this lot may not bid again."), code="defaulter_barred")
    try:
        with transaction.atomic(), set_actor(actor):
            return Registration.objects.create(lot=lot, organisation=organisation, user=actor,
                                               code=_bidder_code(lot))
    except IntegrityError as exc:
        raise Conflict(_("Your organisation is already registered for this lot."), code="already_registered") from exc


def deposit_pay(*, actor: Any, registration: Registration, now: dt.datetime | None = None) -> Registration:
    """The bidder pays the deposit through the payment provider; no deposit, no bid (judicial rules Art 17)."""
    now = now or timezone.now()
    authorize(actor, Action.AUCTION_BID, registration.organisation)
    lot = registration.lot
    if registration.deposit_state != DepositState.UNPAID:
        raise Conflict(_("The deposit is already paid."), code="deposit_already_paid")
    if lot.status != S.ANNOUNCED or now >= lot.starts_at:
        raise Conflict(_("Deposits are paid while the lot is announced, before bidding starts."),
                       code="registration_closed")
    charge = provider().charge(amount=lot.deposit, description=_("Deposit for lot %(lot)s") % {"lot": lot.title},
                               payer=registration.organisation.name)
    if not charge.succeeded:
        raise Conflict(_("The payment was declined: %(why)s") % {"why": charge.message}, code="payment_declined")
    registration.deposit_state, registration.deposit_reference = DepositState.PAID, charge.reference
    registration.deposit_paid_at = now
    with set_actor(actor):
        registration.save()
    return registration


def deposit_refund(registration: Registration, now: dt.datetime) -> bool:
    """Return a paid deposit (judicial rules Art 23); a refused refund stays due and is retried by run-auctions."""
    result = provider().refund(registration.deposit_reference, registration.lot.deposit)
    if not result.succeeded:
        logger.warning("refund of %s refused: %s", registration.deposit_reference, result.message)
        return False
    registration.deposit_state, registration.refund_reference = DepositState.REFUNDED, result.reference
    registration.refunded_at = now
    registration.save()
    return True


# ---------------------------------------------------------------------------------------------- bids


def _registration_of(actor: Any, lot: Lot) -> Registration | None:
    return (lot.registrations.filter(organisation_id__in=org_ids_with(actor, Capability.COMMIT))
            .select_related("organisation").order_by("pk").first())


def _bidder_check(actor: Any, lot: Lot, key: str) -> Registration:
    """Who may bid: nothing here changes while a lot is bidding, so it is checked before the lot is locked."""
    if lot.status in (S.DRAFT, S.CONSIGNED):
        raise Conflict(_("Bidding has not started."), code="lot_not_open")
    if lot.status not in (S.ANNOUNCED, S.BIDDING):
        raise Conflict(_("Bidding has ended."), code="lot_closed")
    if can(actor, Capability.READ, lot.consignor_id):
        raise PermissionDenied(_("The consignor may not bid (Auction Law Art 30)."), code="consignor_cannot_bid")
    if can(actor, Capability.READ, lot.organiser_id):
        raise PermissionDenied(_("The auctioneer may not bid (Auction Law Art 22)."), code="organiser_cannot_bid")
    registration = _registration_of(actor, lot)
    if registration is None:
        raise PermissionDenied(_("Register for this lot first."), code="not_registered")
    if registration.deposit_state != DepositState.PAID:
        raise PermissionDenied(_("Pay the deposit before bidding."), code="deposit_unpaid")
    if not key or Bid.objects.filter(registration=registration, idempotency_key=key).exists():
        raise Conflict(_("This bid was already sent."), code="duplicate_bid")
    return registration


def _price_check(lot: Lot, amount: Decimal) -> None:
    floor = lot.start_price if lot.current_price is None else lot.current_price + lot.increment
    if amount != amount.quantize(Decimal("0.01")) or amount < floor:
        raise ValidationFailed(_("A bid must be at least %(floor)s.") % {"floor": floor}, code="below_increment",
                               details={"minimum": str(floor)})


def _window_check(lot: Lot, now: dt.datetime) -> None:
    """Under the lot's lock, by the server's clock at that moment: the end may have just been extended."""
    if lot.status in (S.DRAFT, S.CONSIGNED, S.ANNOUNCED) or (lot.status == S.BIDDING and now < lot.starts_at):
        raise Conflict(_("Bidding has not started."), code="lot_not_open")
    if lot.status != S.BIDDING or now >= lot.ends_at:
        raise Conflict(_("Bidding has ended."), code="lot_closed")


def _refusal_record(actor: Any, lot: Lot, amount: Decimal | None, key: str, code: str, now: dt.datetime,
                    registration: Registration | None = None) -> None:
    """The refusal log is append-only and written for every lost race: on PostgreSQL its commit does not wait for
    the disk (a crash may lose the last moment's refusals, never a bid — accepted bids commit durably)."""
    if registration is None and getattr(actor, "is_authenticated", False):
        registration = _registration_of(actor, lot)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        BidRefusal.objects.create(lot=lot, user=actor if getattr(actor, "is_authenticated", False) else None,
                                  organisation_id=registration.organisation_id if registration else None,
                                  amount=amount, code=code, idempotency_key=key[:80], at=now)
    logger.info("bid refused on lot %s: %s", lot.pk, code)


def bid_place(*, actor: Any, lot: Lot, amount: Decimal, idempotency_key: str, now: dt.datetime | None = None) -> Bid:
    """Place a bid. Who may bid, and a price already beaten (the price only rises), are refused before the lot is
    locked, so the losers of a race never queue for the lock; then, serialised per lot by locking its row, the window
    and the price are checked again by the server's clock at that moment, which is the bid's time: accepted bids are
    timed in the order they were accepted, and one in the last minutes extends the end from it (judicial rules
    Art 20). Each refusal raises its code and is recorded in BidRefusal."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise NotAuthenticated()
    registration = None
    try:
        fresh = Lot.objects.get(pk=lot.pk)
        registration = _bidder_check(actor, fresh, idempotency_key)
        if fresh.status == S.BIDDING:
            _price_check(fresh, amount)
        with transaction.atomic():
            locked = Lot.objects.select_for_update().get(pk=lot.pk)
            moment = now or timezone.now()
            _open_due(locked, moment)
            _window_check(locked, moment)
            _price_check(locked, amount)
            bid = _bid_write(actor, locked, registration, amount, idempotency_key, moment)
    except DomainError as exc:
        _refusal_record(actor, lot, amount, idempotency_key, exc.code, now or timezone.now(), registration)
        raise
    except IntegrityError as exc:  # the same key twice at once: the constraint decides
        _refusal_record(actor, lot, amount, idempotency_key, "duplicate_bid", now or timezone.now(),
                        registration)
        raise Conflict(_("This bid was already sent."), code="duplicate_bid") from exc
    lot.refresh_from_db()
    return bid


def _bid_write(actor: Any, lot: Lot, registration: Registration, amount: Decimal, key: str,
               now: dt.datetime) -> Bid:
    with set_actor(actor):
        bid = Bid.objects.create(lot=lot, registration=registration, user=actor, amount=amount, placed_at=now,
                                 idempotency_key=key)
        lot.current_price, lot.bid_count = amount, lot.bid_count + 1
        if lot.ends_at - now <= dt.timedelta(seconds=settings.AUCTION_EXTENSION_WINDOW_SECONDS):
            lot.ends_at = max(lot.ends_at, now + dt.timedelta(seconds=settings.AUCTION_EXTENSION_SECONDS))
        lot.save(update_fields=["current_price", "bid_count", "ends_at"])
    return bid


# ---------------------------------------------------------------------------------------------- the clock


def _open_due(lot: Lot, now: dt.datetime) -> None:
    if lot.status == S.ANNOUNCED and now >= lot.starts_at:
        step_take(lot, S.BIDDING, actor=None, now=lot.starts_at, note=_("Bidding opened at the announced time."))


def lot_open(*, lot: Lot, now: dt.datetime | None = None) -> Lot:
    """Announced → bidding once the start has come (idempotent; the server's clock decides)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Lot.objects.select_for_update().get(pk=lot.pk)
        _open_due(locked, now)
    return locked


def lot_close(*, lot: Lot, now: dt.datetime | None = None) -> Lot:
    """Bidding → sold (the top bid reaches the reserve) or unsold once the end has passed; deposits of all but the
    winner are refunded. Idempotent: a lot not due is returned unchanged."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Lot.objects.select_for_update().get(pk=lot.pk)
        _open_due(locked, now)
        if locked.status == S.BIDDING and now >= locked.ends_at:
            _close(locked, now)
        elif locked.status in CLOSED:
            _refunds_due(locked, now)
    return locked


def _close(lot: Lot, now: dt.datetime) -> None:
    top = lot.bids.select_related("registration").order_by("-amount").first()
    lot.closed_at = now
    if top is not None and (lot.reserve_price is None or top.amount >= lot.reserve_price):
        lot.winner = top.registration
        lot.payment_due_at = now + dt.timedelta(days=settings.AUCTION_PAYMENT_DAYS)
        step_take(lot, S.SOLD, actor=None, now=now, note=_("Hammer at %(price)s to %(code)s.") % {
            "price": top.amount, "code": top.registration.code})
        _confirmation_issue(lot, top, now)
    else:
        note = _("No bid.") if top is None else _("The top bid did not reach the reserve (Auction Law Art 50).")
        step_take(lot, S.UNSOLD, actor=None, now=now, note=note)
    _refunds_due(lot, now)


def _refunds_due(lot: Lot, now: dt.datetime) -> None:
    for registration in lot.registrations.filter(deposit_state=DepositState.PAID).exclude(pk=lot.winner_id or 0):
        deposit_refund(registration, now)


def _confirmation_issue(lot: Lot, top: Bid, now: dt.datetime) -> None:
    """The numbered 成交确认书 (PM-2026-0001), to be signed by the buyer and the auctioneer (Art 52)."""
    prefix = f"PM-{timezone.localtime(now).year}-"
    for _attempt in range(5):
        number = next_number(Confirmation, prefix)
        try:
            with transaction.atomic():
                Confirmation.objects.create(lot=lot, number=number, price=top.amount,
                                            buyer_id=top.registration.organisation_id, issued_at=now)
            return
        except IntegrityError:  # another lot closed at the same moment took the number
            continue
    raise Conflict(_("No confirmation number could be given; try again."), code="confirmation_number")


def lot_tick(*, lot: Lot, now: dt.datetime | None = None) -> Lot:
    """Take whatever step the clock has made due (open, close, retry refunds): run-auctions, the bid and poll views.
    The lot row is locked only when a step is due, so that the polls of many viewers never queue behind the bids
    (a stale copy can only show an earlier end, never a later one: a due step is re-checked under the lock)."""
    now = now or timezone.now()
    due = ((lot.status == S.ANNOUNCED and now >= lot.starts_at) or (lot.status == S.BIDDING and now >= lot.ends_at)
           or (lot.status in CLOSED and lot.registrations.filter(deposit_state=DepositState.PAID)
               .exclude(pk=lot.winner_id or 0).exists()))
    return lot_close(lot=lot, now=now) if due else lot
