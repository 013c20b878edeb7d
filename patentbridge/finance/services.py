"""Writes of pledge disposal. Every step follows STEPS, and each step names who may take it (orgs.permissions);
the market's sale and the register's transfer move a case by signal (finance.receivers). Callers own the
transaction; notices are mailed after it commits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from auditlog.context import set_actor
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from patentbridge.core.calculation import yuan
from patentbridge.core.errors import Conflict, ValidationFailed
from patentbridge.core.lifecycle import step_require
from patentbridge.core.money import money, non_negative
from patentbridge.core.numbering import next_number
from patentbridge.core.validators import check_past_event
from patentbridge.deals.models import Deal
from patentbridge.finance import routes
from patentbridge.finance.models import (
    OPEN_STATUSES,
    Basis,
    DisposalRoute,
    DisposalStatus,
    DisposalStep,
    PledgeDisposal,
)
from patentbridge.finance.statement import settle
from patentbridge.notices.kinds import NoticeKind
from patentbridge.notices.services import notify
from patentbridge.notices.texts import msgid
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import Action, Capability, authorize, can, user_ids_with
from patentbridge.rights import selectors as rights
from patentbridge.rights import services as rights_services
from patentbridge.rights.models import GrantKind, Pledge

S = DisposalStatus
# (from, to) → who may take the step; None: only the market's sale or the register's transfer (a signal) moves it.
STEPS: dict[tuple[str, str], Action | None] = {
    (S.DRAFT, S.AGREED): Action.DISPOSAL_AGREE,
    (S.DRAFT, S.ORDERED): Action.DISPOSAL_ACT,
    (S.AGREED, S.SENT): Action.DISPOSAL_ACT,
    (S.ORDERED, S.SENT): Action.DISPOSAL_ACT,
    (S.SENT, S.SOLD): None,
    (S.SOLD, S.PROCEEDS_SPLIT): Action.DISPOSAL_ACT,
    (S.PROCEEDS_SPLIT, S.CLOSED): Action.DISPOSAL_ACT,
    (S.DRAFT, S.WITHDRAWN): Action.DISPOSAL_ACT,
    (S.AGREED, S.WITHDRAWN): Action.DISPOSAL_ACT,
    (S.ORDERED, S.WITHDRAWN): Action.DISPOSAL_ACT,
    (S.SENT, S.WITHDRAWN): Action.DISPOSAL_ACT,
}
LABELS = dict(DisposalStatus.choices)
WITHDRAWABLE = (S.DRAFT, S.AGREED, S.ORDERED, S.SENT)
RULING_TYPES = frozenset({".pdf", ".jpg", ".jpeg", ".png"})
RULING_MAX_BYTES = 20 * 1024 * 1024


def _move(disposal: PledgeDisposal, to: str, *, actor: Any, note: str = "", request: Any = None) -> None:
    """Take one step of the table, if the actor may (a signal's step passes no actor check)."""
    step_require(STEPS, disposal.status, to, labels=LABELS)
    who = STEPS[(disposal.status, to)]
    if who is not None:
        authorize(actor, who, disposal, request=request)
    DisposalStep.objects.create(disposal=disposal, from_status=disposal.status, to_status=to, note=note,
                                actor=actor if getattr(actor, "is_authenticated", False) else None)
    disposal.status = to


def _save(disposal: PledgeDisposal, actor: Any) -> PledgeDisposal:
    with set_actor(actor):
        disposal.save()
    return disposal


def _tell(disposal: PledgeDisposal, org_ids: list[int], variant: str, *, actor: Any, kind: str = NoticeKind.REVIEW_DECISION,
          **params: str) -> None:
    notify(recipients=user_ids_with(Capability.COMMIT, org_ids), kind=kind, actor=actor,
           link=reverse("finance:disposal", args=[disposal.pk]), key=f"disposal:{disposal.pk}:{variant}",
           params={"variant": variant, "patent": disposal.pledge.patent.title, "number": disposal.number, **params})


# opening -------------------------------------------------------------------------------------------------------
def _amount(data: dict[str, Any], key: str, *, positive: bool = False) -> Decimal:
    value = data.get(key)
    if value in (None, ""):
        raise ValidationFailed(details={key: _("This amount is required.")})
    amount = non_negative(value, key)
    if amount >= Decimal("1e12") or (positive and amount <= 0):
        raise ValidationFailed(details={key: _("Give an amount above 0 and below one trillion.")})
    return money(amount)


def _day(value: Any, key: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or ""))
    except ValueError as error:
        raise ValidationFailed(details={key: _("Give a date as YYYY-MM-DD.")}) from error


def _next_number(year: int) -> str:
    return next_number(PledgeDisposal, f"PD-{year}-")


def disposal_open(*, actor: Any, pledge: Pledge, data: dict[str, Any], request: Any = None) -> PledgeDisposal:
    """The pledgee declares the secured debt in default and opens the disposal of the registered pledge."""
    authorize(actor, Action.DISPOSAL_OPEN, pledge, request=request)
    today = timezone.localdate()
    if pledge.pk not in set(rights.pledges_registered(pledge.patent, today).values_list("pk", flat=True)):
        raise Conflict(_("The pledge is not registered or is already released."), code="pledge_not_registered")
    defaulted_on = _day(data.get("defaulted_on"), "defaulted_on")
    check_past_event(defaulted_on, "defaulted_on")
    if defaulted_on < pledge.registered_on:
        raise ValidationFailed(details={"defaulted_on": _("The default is before the pledge's registration.")})
    clause = str(data.get("scope_clause") or "").strip()[:300]
    disposal = PledgeDisposal(
        pledge=pledge, bank_id=pledge.pledgee_id, pledgor=pledge.pledgor, city_id=pledge.pledgor.city_id,
        debtor_name=str(data.get("debtor_name") or "").strip()[:200], defaulted_on=defaulted_on,
        principal=_amount(data, "principal", positive=True), interest=_amount(data, "interest"),
        enforcement_costs=_amount(data, "enforcement_costs"), secured_amount=pledge.amount, scope_clause=clause,
        number=_next_number(today.year), opened_by=actor)
    if PledgeDisposal.objects.filter(pledge=pledge, status__in=[s.value for s in OPEN_STATUSES]).exists():
        raise Conflict(_("A disposal of this pledge is already open."), code="disposal_open")
    try:
        with transaction.atomic():
            _save(disposal, actor)
    except IntegrityError as error:  # opened (or numbered) by another request at the same moment
        raise Conflict(_("Another disposal was opened at the same moment: reload the page and try again."),
                       code="concurrent_open") from error
    DisposalStep.objects.create(disposal=disposal, from_status="", to_status=S.DRAFT, actor=actor)
    _tell(disposal, [disposal.pledgor_id], "disposal_opened", actor=actor, kind=NoticeKind.REVIEW_REQUESTED,
          bank=disposal.bank.name)
    return disposal


# the basis of the right to dispose (Civil Code Art 436) ------------------------------------------------------------
def disposal_agree(*, actor: Any, disposal: PledgeDisposal, request: Any = None) -> PledgeDisposal:
    """The pledgor's committing member confirms the agreement to dispose: the second party of the agreement."""
    _move(disposal, S.AGREED, actor=actor, request=request)
    disposal.basis, disposal.agreed_by, disposal.agreed_at = Basis.AGREEMENT, actor, timezone.now()
    _save(disposal, actor)
    _tell(disposal, [disposal.bank_id], "disposal_agreed", actor=actor, pledgor=disposal.pledgor.name)
    return disposal


def _ruling_file_check(upload: Any) -> None:
    name = getattr(upload, "name", "").lower()
    if not any(name.endswith(suffix) for suffix in RULING_TYPES):
        raise ValidationFailed(details={"ruling_file": _("Upload the ruling as PDF or an image.")})
    if upload.size > RULING_MAX_BYTES:
        raise ValidationFailed(details={"ruling_file": _("The file is larger than 20 MB.")})


def disposal_ruling(*, actor: Any, disposal: PledgeDisposal, data: dict[str, Any], upload: Any = None,
                    request: Any = None) -> PledgeDisposal:
    """The pledgee records the court's ruling or enforcement document that orders the sale."""
    errors = {key: _("This field is required.") for key in ("court", "ruling_number")
              if not str(data.get(key) or "").strip()}
    if upload is None:
        errors["ruling_file"] = _("Upload the ruling.")
    if errors:
        raise ValidationFailed(details=errors)
    ruling_date = _day(data.get("ruling_date"), "ruling_date")
    check_past_event(ruling_date, "ruling_date")
    _ruling_file_check(upload)
    _move(disposal, S.ORDERED, actor=actor, request=request)
    disposal.basis, disposal.ruling_date = Basis.COURT, ruling_date
    disposal.court = str(data["court"]).strip()[:200]
    disposal.ruling_number = str(data["ruling_number"]).strip()[:100]
    disposal.ruling_file = upload
    _save(disposal, actor)
    _tell(disposal, [disposal.pledgor_id], "disposal_ordered", actor=actor, court=disposal.court,
          ruling=disposal.ruling_number)
    return disposal


def authority_text(disposal: PledgeDisposal) -> str:
    """What the lot or the listing records as the pledgee's right to dispose (kept in Chinese, as a legal record)."""
    registration = disposal.pledge.registration_number
    if disposal.basis == Basis.COURT:
        return (f"质押处置 {disposal.number}：{disposal.court} {disposal.ruling_number}"
                f"（{disposal.ruling_date:%Y-%m-%d}）；质权人 {disposal.bank.name}；质押登记号 {registration}")
    return (f"质押处置 {disposal.number}：质权人 {disposal.bank.name} 与出质人 {disposal.pledgor.name} 的处置协议"
            f"（出质人于 {timezone.localtime(disposal.agreed_at):%Y-%m-%d} 在平台确认；《民法典》第四百三十六条）；"
            f"质押登记号 {registration}")


# sending ---------------------------------------------------------------------------------------------------------
def _moment(value: Any, key: str) -> dt.datetime:
    """A date and time typed in a form (YYYY-MM-DDTHH:MM, the platform's time zone) or given by the API."""
    if isinstance(value, dt.datetime):
        moment = value
    else:
        try:
            moment = dt.datetime.fromisoformat(str(value or ""))
        except ValueError as error:
            raise ValidationFailed(details={key: _("Give a date and time.")}) from error
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _auction_terms(data: dict[str, Any]) -> dict[str, Any]:
    """The terms the auction itself needs; the auctions app checks them against the Auction Law."""
    return {"deposit": _amount(data, "deposit", positive=True), "increment": _amount(data, "increment", positive=True),
            "starts_at": _moment(data.get("starts_at"), "starts_at"), "ends_at": _moment(data.get("ends_at"), "ends_at")}


def disposal_send(*, actor: Any, disposal: PledgeDisposal, route: str, data: dict[str, Any],
                  request: Any = None) -> PledgeDisposal:
    """Send the patent to an auction (an auctioneer the pledgee chooses) or to a listed transfer (at an exchange)."""
    if route not in DisposalRoute.values:
        raise ValidationFailed(details={"route": _("Choose an auction or a listed transfer.")})
    appraisal, price = _amount(data, "appraisal", positive=True), _amount(data, "price", positive=True)
    organiser = Organisation.objects.filter(pk=data.get("organiser_id") or None).first()
    if organiser is None:
        raise ValidationFailed(details={"organiser_id": _("Choose the auctioneer or the exchange.")})
    terms = _auction_terms(data) if route == DisposalRoute.AUCTION else {}
    _move(disposal, S.SENT, actor=actor, request=request)
    authority = authority_text(disposal)
    if route == DisposalRoute.AUCTION:
        disposal.sale_id = routes.send_to_auction(actor=actor, disposal=disposal, auctioneer=organiser,
                                                  appraisal=appraisal, start_price=price, terms=terms,
                                                  authority=authority, judicial=disposal.basis == Basis.COURT)
    else:
        disposal.sale_id = routes.send_to_listing(actor=actor, disposal=disposal, venue=organiser,
                                                  appraisal=appraisal, listing_price=price, authority=authority)
    disposal.route, disposal.sent_at = route, timezone.now()
    _save(disposal, actor)
    _tell(disposal, [disposal.pledgor_id], "disposal_sent", actor=actor, route_label=msgid(DisposalRoute(route).label))
    return disposal


# the sale and the statement --------------------------------------------------------------------------------------
def disposal_for_sale(deal: Deal) -> PledgeDisposal | None:
    """The case that sent this deal's patent to sale: sent, of the same patent, sold by its pledgor as a transfer."""
    if deal.kind != GrantKind.TRANSFER or deal.patent_id is None:
        return None
    return (PledgeDisposal.objects.select_for_update(of=("self",)).select_related("pledge__patent")
            .filter(status=S.SENT, pledge__patent_id=deal.patent_id, pledgor_id=deal.owner_id).first())


def disposal_sold(*, disposal: PledgeDisposal, deal: Deal, sale_id: int | None = None) -> PledgeDisposal:
    """The market sold the patent (its deal opened at the public price): the proceeds await the statement."""
    _move(disposal, S.SOLD, actor=None)
    disposal.deal, disposal.price, disposal.sold_at = deal, money(deal.amount), timezone.now()
    if sale_id is not None:
        disposal.sale_id = sale_id
    _save(disposal, None)
    _tell(disposal, disposal.party_org_ids(), "disposal_sold", actor=None, price=yuan(disposal.price))
    return disposal


def statement_confirm(*, actor: Any, disposal: PledgeDisposal, commission: Any, other_costs: Any, note: str = "",
                      request: Any = None) -> PledgeDisposal:
    """The pledgee confirms the settlement statement: frozen from now on; the parts add up to the price."""
    commission, other = non_negative(commission or 0, "sale_commission"), non_negative(other_costs or 0,
                                                                                      "sale_other_costs")
    if disposal.price is None:
        raise Conflict(_("The patent is not sold yet."), code="not_sold")
    settlement = settle(disposal, price=disposal.price, commission=commission, other_costs=other)
    _move(disposal, S.PROCEEDS_SPLIT, actor=actor, request=request)
    disposal.sale_commission, disposal.sale_other_costs = money(commission), money(other)
    disposal.sale_costs_note = note.strip()[:300]
    disposal.statement = settlement.calculation.as_json()
    disposal.costs_part, disposal.bank_part = settlement.costs_part, settlement.bank_part
    disposal.pledgor_part, disposal.shortfall = settlement.pledgor_part, settlement.shortfall
    disposal.statement_confirmed_at, disposal.statement_confirmed_by = timezone.now(), actor
    if disposal.released_on is not None:  # the transfer was registered before the statement was confirmed
        _move(disposal, S.CLOSED, actor=actor, request=request)
        disposal.closed_at = timezone.now()
    _save(disposal, actor)
    _tell(disposal, [disposal.pledgor_id], "disposal_statement", actor=actor, amount=yuan(disposal.pledgor_part))
    return disposal


# the release ------------------------------------------------------------------------------------------------------
def _releasing_user(disposal: PledgeDisposal, actor: Any) -> Any:
    """Who records the release for the pledgee: the actor if they commit for it, else the officer who opened the
    case, else none (the pledgee then records it from the case page)."""
    for user in (actor, disposal.opened_by):
        if user is not None and can(user, Capability.COMMIT, disposal.bank_id):
            return user
    return None


def disposal_release(*, actor: Any, disposal: PledgeDisposal, on: dt.date, request: Any = None) -> PledgeDisposal:
    """The pledgee records by hand that the transfer to the buyer was registered (when the register's signal did
    not reach a committing officer of the pledgee)."""
    authorize(actor, Action.DISPOSAL_ACT, disposal, request=request)
    return _release(disposal, user=actor, on=on, request=request)


def _release(disposal: PledgeDisposal, *, user: Any, on: dt.date, request: Any = None) -> PledgeDisposal:
    """The pledge is released on the registration day; the case closes once its statement is confirmed."""
    if disposal.status not in (S.SOLD, S.PROCEEDS_SPLIT) or disposal.released_on is not None:
        raise Conflict(_("Only a sold patent's pledge is released here, once."), code="not_releasable")
    pledge = Pledge.objects.select_for_update().get(pk=disposal.pledge_id)
    if pledge.released_on is None:
        rights_services.pledge_release(actor=user, pledge=pledge, on=on, request=request)
    disposal.released_on = on
    if disposal.status == S.PROCEEDS_SPLIT:
        _move(disposal, S.CLOSED, actor=user, request=request)
        disposal.closed_at = timezone.now()
    _save(disposal, user)
    _tell(disposal, disposal.party_org_ids(), "disposal_released", actor=None, date=f"{on:%Y-%m-%d}")
    return disposal


def transfer_registered(*, disposal: PledgeDisposal, grant: Any, on: dt.date, actor: Any) -> bool:
    """The register recorded a grant: if it is the transfer of the disposed patent to the buyer, release the pledge
    (by the pledgee's officer; if none may, the case waits for the pledgee to record it)."""
    deal = disposal.deal
    if (deal is None or grant.kind != GrantKind.TRANSFER or grant.patent_id != disposal.pledge.patent_id
            or grant.grantee_id != deal.counterparty_id or deal.grant_id not in (None, grant.pk)):
        return False
    user = _releasing_user(disposal, actor)
    if user is None:
        return False
    _release(disposal, user=user, on=on)
    return True


# repayment --------------------------------------------------------------------------------------------------------
def repayment_show(*, actor: Any, disposal: PledgeDisposal, note: str, request: Any = None) -> PledgeDisposal:
    """Either party shows that the debt is repaid; the pledgee confirms it by withdrawing the case."""
    authorize(actor, Action.DISPOSAL_REPAID, disposal, request=request)
    if disposal.status not in WITHDRAWABLE:
        raise Conflict(_("The patent is already sold: the disposal can no longer be withdrawn."), code="too_late")
    note = note.strip()
    if not note:
        raise ValidationFailed(details={"note": _("Say how the debt was repaid (date, amount, reference).")})
    disposal.repayment_note, disposal.repayment_shown_by = note[:500], actor
    _save(disposal, actor)
    if not can(actor, Capability.COMMIT, disposal.bank_id):
        _tell(disposal, [disposal.bank_id], "disposal_repaid", actor=actor, kind=NoticeKind.REVIEW_REQUESTED,
              party=disposal.pledgor.name)
    return disposal


def disposal_withdraw(*, actor: Any, disposal: PledgeDisposal, request: Any = None) -> PledgeDisposal:
    """The pledgee confirms the repayment: the case ends and the pledge stays until its release is registered."""
    if not disposal.repayment_note:
        raise Conflict(_("Record the proof of repayment first."), code="repayment_not_shown")
    _move(disposal, S.WITHDRAWN, actor=actor, note=disposal.repayment_note, request=request)
    disposal.closed_at = timezone.now()
    _save(disposal, actor)
    _tell(disposal, [disposal.pledgor_id], "disposal_withdrawn", actor=actor)
    return disposal
