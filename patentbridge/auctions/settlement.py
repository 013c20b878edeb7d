"""After the hammer: the buyer and the auctioneer sign the confirmation (Auction Law Art 52), the buyer pays the balance
(the price less the deposit, plus the buyer's commission), and the sale settles into one deal per patent through
deals.deal_from_sale; a buyer who does not pay in time is declared in default (deposit forfeited, Art 39 and judicial
rules Art 24); a failed lot comes back as a new lot at most 20 % lower. Callers own the transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from auditlog.context import set_actor
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.auctions import rules
from patentbridge.auctions.models import Confirmation, DepositState, Lot, LotStatus
from patentbridge.auctions.services import LOT_FIELDS, STEPS, lot_create, step_take
from patentbridge.auctions.signals import lot_settled
from patentbridge.core.errors import Conflict, PermissionDenied, ValidationFailed
from patentbridge.core.lifecycle import step_require
from patentbridge.deals.models import Deal
from patentbridge.deals.services import deal_from_sale
from patentbridge.licensing.payments import provider
from patentbridge.orgs.permissions import Action, authorize, is_allowed

S = LotStatus


def _confirmation(lot: Lot) -> Confirmation:
    confirmation = Confirmation.objects.filter(lot=lot).select_related("buyer").first()
    if confirmation is None:
        raise Conflict(_("This lot has no sale confirmation."), code="no_confirmation")
    return confirmation


def confirmation_sign(*, actor: Any, lot: Lot, now: dt.datetime | None = None) -> Confirmation:
    """The buyer or the auctioneer signs the confirmation; once both have, the lot is confirmed."""
    now = now or timezone.now()
    confirmation = _confirmation(lot)
    if lot.status != S.SOLD:
        raise Conflict(_("The confirmation is signed only while the lot is sold and awaiting signatures."),
                       code="invalid_transition")
    if is_allowed(actor, Action.AUCTION_RUN, lot) and confirmation.auctioneer_signed_at is None:
        confirmation.auctioneer_signed_by, confirmation.auctioneer_signed_at = actor, now
    elif is_allowed(actor, Action.AUCTION_BID, confirmation.buyer) and confirmation.buyer_signed_at is None:
        confirmation.buyer_signed_by, confirmation.buyer_signed_at = actor, now
    else:
        authorize(actor, Action.AUCTION_RUN, lot)  # records the refusal for anyone not a party
        raise Conflict(_("Your side has already signed."), code="already_signed")
    with set_actor(actor):
        confirmation.save()
    if confirmation.signed:
        step_take(lot, S.CONFIRMED, actor=actor, now=now, note=confirmation.number)
    return confirmation


def balance_due(lot: Lot) -> Decimal:
    """What the buyer still pays: the hammer price less the deposit, plus the buyer's commission (Art 56)."""
    price = _confirmation(lot).price
    return price - lot.deposit + rules.commission(price, lot.buyer_commission_rate)


def balance_pay(*, actor: Any, lot: Lot, now: dt.datetime | None = None) -> list[Deal]:
    """The buyer pays the balance through the provider; the lot is paid and settles into its deals."""
    now = now or timezone.now()
    confirmation = _confirmation(lot)
    authorize(actor, Action.AUCTION_BID, confirmation.buyer)
    step_require(STEPS, lot.status, S.PAID, labels={})
    if lot.payment_due_at and now > lot.payment_due_at:
        raise Conflict(_("The time to pay has passed."), code="payment_overdue")
    amount = balance_due(lot)
    charge = provider().charge(amount=amount, description=confirmation.number, payer=confirmation.buyer.name)
    if not charge.succeeded:
        raise Conflict(_("The payment was declined: %(why)s") % {"why": charge.message}, code="payment_declined")
    lot.balance_reference, lot.paid_at = charge.reference, now
    step_take(lot, S.PAID, actor=actor, now=now, note=charge.reference)
    return _settle(actor, lot, confirmation, now)


def _settle(actor: Any, lot: Lot, confirmation: Confirmation, now: dt.datetime) -> list[Deal]:
    items = list(lot.items.select_related("patent"))
    amounts = rules.split_by_shares(confirmation.price, [item.share for item in items])
    data: dict[str, Any] = {"pledgee_consent": True} if (lot.pledgee_consent or lot.authority) else {}
    if lot.right_kind in rules.LICENCE_RIGHTS:
        data |= {"starts_on": lot.licence_starts_on, "ends_on": lot.licence_ends_on}
    deals = [deal_from_sale(actor=actor, patent=item.patent, kind=lot.right_kind, owner=lot.consignor,
                            counterparty=confirmation.buyer, amount=amount,
                            source=f"成交确认书 {confirmation.number}", data=data)
             for item, amount in zip(items, amounts, strict=True)]
    winner = lot.winner
    winner.deposit_state = DepositState.APPLIED
    winner.save()
    step_take(lot, S.SETTLED, actor=actor, now=now, note=", ".join(str(deal.pk) for deal in deals))
    lot_settled.send(sender=Lot, lot=lot, deals=deals, price=confirmation.price)
    return deals


def lot_default(*, actor: Any, lot: Lot, reason: str, now: dt.datetime | None = None) -> Lot:
    """The auctioneer declares a buyer who did not pay in time in default: the deposit is forfeited and the buyer may
    not bid when the lot comes back (Auction Law Art 39; judicial rules Art 24)."""
    now = now or timezone.now()
    authorize(actor, Action.AUCTION_RUN, lot)
    step_require(STEPS, lot.status, S.DEFAULTED, labels={})
    if lot.payment_due_at is None or now <= lot.payment_due_at:
        raise Conflict(_("The buyer still has time to pay."), code="payment_not_due")
    if not reason.strip():
        raise ValidationFailed(details={"reason": _("Give the reason.")})
    winner = lot.winner
    winner.deposit_state = DepositState.FORFEITED
    with set_actor(actor):
        winner.save()
    step_take(lot, S.DEFAULTED, actor=actor, now=now, note=reason.strip())
    return lot


def lot_relist(*, actor: Any, lot: Lot, data: dict[str, Any], now: dt.datetime | None = None) -> Lot:
    """A new draft lot for the same patents after a failed sale or a default, starting at most 20 % lower."""
    now = now or timezone.now()
    if lot.status not in (S.UNSOLD, S.DEFAULTED):
        raise Conflict(_("Only an unsold lot or one whose buyer defaulted can be relisted."), code="not_relistable")
    if not lot.authority:
        authorize(actor, Action.AUCTION_RUN, lot)
    elif not is_allowed(actor, Action.AUCTION_RUN, lot):
        raise PermissionDenied()
    terms = {name: getattr(lot, name) for name in LOT_FIELDS} | data | {"relist_of": lot}
    errors = rules.relist_problems(lot, terms["start_price"], now)
    if errors:
        raise ValidationFailed(details=errors)
    items = list(lot.items.select_related("patent"))
    terms["shares"] = [item.share for item in items]
    terms["invited_bidders"] = list(lot.invited_bidders.all())
    return lot_create(actor=actor, organiser=lot.organiser, consignor=lot.consignor,
                      patents=[item.patent for item in items], data=terms, authority=lot.authority)
