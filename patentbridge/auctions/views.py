"""Auction pages: the public list of lots, the lot page with its live panel (htmx polls the fragment every 2 s), the
bid, registration and deposit, the consignor's confirmation, the auctioneer's steps, the confirmation PDF, one's own
lots. Every step is one service call; bids run outside the page's transaction (bid_place keeps its refusals)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from patentbridge.auctions import selectors, services, settlement
from patentbridge.auctions.forms import BidForm, LicenceForm, LotForm, OfficerForm, RelistForm, fresh_key
from patentbridge.auctions.models import AuctioneerLicence, Lot, LotStatus
from patentbridge.auctions.pdf import confirmation_pdf
from patentbridge.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed, readable
from patentbridge.core.forms import add_domain_error
from patentbridge.core.views import refused
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import Action, Capability, is_allowed, org_ids_with
from patentbridge.patents.models import Patent


def _lot(request: HttpRequest, lot_id: int) -> Lot:
    try:
        return selectors.lot_get(lot_id, request.user)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _ticked(lot: Lot) -> Lot:
    """The step the server's clock has made due, taken now (bidding opened or closed)."""
    with transaction.atomic():
        return services.lot_tick(lot=lot)


def lot_list(request: HttpRequest) -> HttpResponse:
    return render(request, "auctions/list.html", {"lots": selectors.lots_public()[:200],
                                                  "may_run": is_allowed(request.user, Action.AUCTIONS_DESK)})


def _live_context(request: HttpRequest, lot: Lot) -> dict[str, Any]:
    user = request.user
    state = selectors.live(lot, user)
    may_bid = lot.status == LotStatus.BIDDING and state.mine is not None and state.mine.deposit_state == "paid"
    return {"lot": lot, "live": state, "may_bid": may_bid,
            "bid_form": BidForm(initial={"amount": state.minimum, "idempotency_key": fresh_key()}) if may_bid else None}


def lot_detail(request: HttpRequest, lot_id: int) -> HttpResponse:
    lot = _ticked(_lot(request, lot_id))
    user = request.user
    runs = is_allowed(user, Action.AUCTION_RUN, lot)
    confirmation = getattr(lot, "confirmation", None)
    return render(request, "auctions/detail.html", {
        **_live_context(request, lot), "items": lot.items.select_related("patent"), "runs": runs,
        "consigns": is_allowed(user, Action.AUCTION_CONSIGN, lot),
        "may_withdraw": lot.status in (LotStatus.DRAFT, LotStatus.CONSIGNED, LotStatus.ANNOUNCED) and (
            runs or is_allowed(user, Action.AUCTION_CONSIGN, lot)),
        "sees_private": is_allowed(user, Action.AUCTION_PRIVATE_VIEW, lot),
        "reads_record": is_allowed(user, Action.AUCTION_RECORD_VIEW, lot),
        "may_register": (lot.status == LotStatus.ANNOUNCED and selectors.own_registration(user, lot) is None
                         and is_allowed(user, Action.AUCTION_BID)),
        "confirmation": confirmation, "steps": lot.steps.select_related("actor"),
        "is_buyer": confirmation is not None and is_allowed(user, Action.AUCTION_BID, confirmation.buyer),
        "balance": settlement.balance_due(lot) if confirmation else None})


def lot_live(request: HttpRequest, lot_id: int) -> HttpResponse:
    lot = _ticked(_lot(request, lot_id))
    return render(request, "auctions/_live.html", _live_context(request, lot))


@login_required
@require_POST
def bid(request: HttpRequest, lot_id: int) -> HttpResponse:
    lot = _lot(request, lot_id)
    form = BidForm(request.POST)
    error = ""
    if not form.is_valid():
        error = _("Enter an amount in yuan, to the fen.")
    else:
        try:  # no transaction.atomic here: bid_place owns its own, and keeps the refusal if it refuses
            services.bid_place(actor=request.user, lot=lot, amount=form.cleaned_data["amount"],
                               idempotency_key=form.cleaned_data["idempotency_key"])
        except DomainError as exc:
            error = readable(exc)
    lot = _ticked(lot)
    if request.headers.get("HX-Request"):
        return render(request, "auctions/_live.html", {**_live_context(request, lot), "error": error})
    messages.error(request, error) if error else messages.success(request, _("Your bid is in."))
    return redirect("auctions:detail", lot_id=lot.pk)


def _step(request: HttpRequest, lot_id: int, act: Any, done: str) -> HttpResponse:
    lot = _lot(request, lot_id)
    try:
        with transaction.atomic():
            act(lot)
    except PermissionDenied:
        return refused(request)
    except DomainError as exc:
        messages.error(request, readable(exc))
    else:
        messages.success(request, done)
    return redirect("auctions:detail", lot_id=lot.pk)


@login_required
@require_POST
def consign(request: HttpRequest, lot_id: int) -> HttpResponse:
    return _step(request, lot_id, lambda lot: services.lot_consign(actor=request.user, lot=lot),
                 _("The consignment is confirmed."))


@login_required
@require_POST
def announce(request: HttpRequest, lot_id: int) -> HttpResponse:
    return _step(request, lot_id, lambda lot: services.lot_announce(actor=request.user, lot=lot),
                 _("The lot is announced; bidders may register."))


@login_required
@require_POST
def withdraw(request: HttpRequest, lot_id: int) -> HttpResponse:
    return _step(request, lot_id, lambda lot: services.lot_withdraw(actor=request.user, lot=lot,
                                                                    reason=request.POST.get("reason", "")),
                 _("The lot is withdrawn; paid deposits are refunded."))


@login_required
@require_POST
def close(request: HttpRequest, lot_id: int) -> HttpResponse:
    lot = _lot(request, lot_id)
    if not is_allowed(request.user, Action.AUCTION_RUN, lot):
        return refused(request)
    _ticked(lot)
    return redirect("auctions:detail", lot_id=lot.pk)


@login_required
@require_POST
def register(request: HttpRequest, lot_id: int) -> HttpResponse:
    committing = org_ids_with(request.user, Capability.COMMIT)
    organisation = Organisation.objects.filter(pk__in=committing).order_by("pk").first()
    if organisation is None:
        return refused(request)
    return _step(request, lot_id, lambda lot: services.deposit_pay(
        actor=request.user, registration=services.registration_create(actor=request.user, lot=lot,
                                                                      organisation=organisation)),
        _("You are registered and your deposit is paid."))


@login_required
@require_POST
def sign(request: HttpRequest, lot_id: int) -> HttpResponse:
    return _step(request, lot_id, lambda lot: settlement.confirmation_sign(actor=request.user, lot=lot),
                 _("The confirmation is signed."))


@login_required
@require_POST
def pay(request: HttpRequest, lot_id: int) -> HttpResponse:
    return _step(request, lot_id, lambda lot: settlement.balance_pay(actor=request.user, lot=lot),
                 _("Paid. The deals are open on your deals page: sign them there."))


@login_required
@require_POST
def default(request: HttpRequest, lot_id: int) -> HttpResponse:
    return _step(request, lot_id, lambda lot: settlement.lot_default(actor=request.user, lot=lot,
                                                                     reason=request.POST.get("reason", "")),
                 _("The buyer is declared in default; the deposit is forfeited."))


@login_required
def confirmation_download(request: HttpRequest, lot_id: int) -> HttpResponse:
    lot = _lot(request, lot_id)
    confirmation = getattr(lot, "confirmation", None)
    if not is_allowed(request.user, Action.AUCTION_RECORD_VIEW, lot):
        return refused(request)
    if confirmation is None:
        raise Http404()
    response = HttpResponse(confirmation_pdf(confirmation), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{confirmation.number}.pdf"'
    return response


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    if not is_allowed(request.user, Action.AUCTIONS_DESK):
        return refused(request)
    return render(request, "auctions/desk.html", {
        **selectors.lots_of(request.user), "may_enter_licence": bool(org_ids_with(request.user, Capability.ADMINISTER)),
        "may_verify": is_allowed(request.user, Action.AUCTION_LICENCE_VERIFY),
        "may_create": Organisation.objects.filter(pk__in=org_ids_with(request.user, Capability.PROPOSE),
                                                  auctioneer_licence__isnull=False).exists()})


@login_required
def lot_new(request: HttpRequest) -> HttpResponse:
    organiser = (Organisation.objects.filter(pk__in=org_ids_with(request.user, Capability.PROPOSE),
                                             auctioneer_licence__isnull=False).order_by("pk").first())
    if organiser is None:
        return refused(request)
    form = LotForm(request.POST or None, organiser_id=organiser.pk)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        consignor = Organisation.objects.filter(name=data.pop("consignor").strip()).first()
        numbers = [n.strip() for n in data.pop("patents").split() if n.strip()]
        patents = list(Patent.objects.filter(application_number__in=numbers))
        if consignor is None or len(patents) != len(set(numbers)):
            form.add_error(None, _("Name the consignor and the patents exactly as registered on the platform."))
        else:
            try:
                with transaction.atomic():
                    lot = services.lot_create(actor=request.user, organiser=organiser, consignor=consignor,
                                              patents=patents, data=data)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("The lot is drafted; the consignor confirms the consignment."))
                return redirect("auctions:detail", lot_id=lot.pk)
    return render(request, "auctions/lot_form.html", {"form": form, "organiser": organiser})


@login_required
def licence(request: HttpRequest) -> HttpResponse:
    """The auction firm's administrator: its licence (verified again after each change) and its officers."""
    firm = Organisation.objects.filter(pk__in=org_ids_with(request.user, Capability.ADMINISTER)).order_by("pk").first()
    if firm is None or not is_allowed(request.user, Action.AUCTION_LICENCE_ENTER, firm):
        return refused(request)
    current = AuctioneerLicence.objects.filter(organisation=firm).first()
    initial = {name: getattr(current, name) for name in LicenceForm.base_fields} if current else {}
    form = LicenceForm(request.POST if "licence_number" in request.POST else None, initial=initial)
    officer_form = OfficerForm(request.POST if "certificate_number" in request.POST else None)
    if form.is_bound and form.is_valid():
        try:
            services.licence_save(actor=request.user, organisation=firm, data=form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Saved. A regulator verifies the licence before the firm may run auctions."))
            return redirect("auctions:licence")
    if officer_form.is_bound and officer_form.is_valid():
        user = get_user_model().objects.filter(username=officer_form.cleaned_data["username"]).first()
        try:
            if user is None:
                raise ValidationFailed(details={"username": _("No such user.")})
            services.officer_add(actor=request.user, organisation=firm, user=user,
                                 certificate_number=officer_form.cleaned_data["certificate_number"])
        except DomainError as exc:
            add_domain_error(officer_form, exc)
        else:
            messages.success(request, _("The officer is entered."))
            return redirect("auctions:licence")
    return render(request, "auctions/licence.html", {
        "firm": firm, "current": current, "form": form, "officer_form": officer_form,
        "officers": firm.auction_officers.select_related("user")})


@login_required
def licences(request: HttpRequest) -> HttpResponse:
    """Regulators and the platform verify the auctioneers' licences."""
    if not is_allowed(request.user, Action.AUCTION_LICENCE_VERIFY):
        return refused(request)
    if request.method == "POST":
        entry = AuctioneerLicence.objects.filter(pk=request.POST.get("licence") or 0).first()
        if entry is not None:
            services.licence_verify(actor=request.user, licence=entry)
            messages.success(request, _("The licence is verified."))
        return redirect("auctions:licences")
    return render(request, "auctions/licences.html", {"licences": selectors.licences()})


@login_required
def relist(request: HttpRequest, lot_id: int) -> HttpResponse:
    """The auctioneer brings an unsold (or defaulted) lot back as a new draft lot."""
    lot = _lot(request, lot_id)
    if not is_allowed(request.user, Action.AUCTION_RUN, lot):
        return refused(request)
    form = RelistForm(request.POST or None, initial={"start_price": lot.start_price, "deposit": lot.deposit,
                                                     "increment": lot.increment, "reserve_price": lot.reserve_price})
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                new = settlement.lot_relist(actor=request.user, lot=lot, data=form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The lot is drafted again; the consignor confirms the consignment."))
            return redirect("auctions:detail", lot_id=new.pk)
    return render(request, "auctions/relist.html", {"form": form, "lot": lot})
