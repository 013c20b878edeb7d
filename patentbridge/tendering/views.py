"""Tendering pages: the tender list and page, the office's tender form and scoring page (with the award), an agency's
bid form, the agencies with their quality figures and registration, and the platform's agency-list upload."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from patentbridge.core.errors import Conflict, DomainError, NotFound, PermissionDenied, readable
from patentbridge.core.forms import add_domain_error
from patentbridge.core.views import refused
from patentbridge.orgs.models import Organisation
from patentbridge.orgs.permissions import Action, bidding_agency_ids, is_allowed, tender_office_org_ids
from patentbridge.tendering import selectors, services
from patentbridge.tendering.forms import AgencyListForm, AwardForm, BidForm, RegistrationForm, TenderForm
from patentbridge.tendering.models import Tender, TenderStatus


def _tender(tender_id: int) -> Tender:
    try:
        return selectors.tender_get(tender_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def tender_list(request: HttpRequest) -> HttpResponse:
    return render(request, "tendering/list.html", {
        "tenders": selectors.tenders()[:200], "may_publish": is_allowed(request.user, Action.TENDER_PUBLISH)})


def tender_detail(request: HttpRequest, tender_id: int) -> HttpResponse:
    tender = _tender(tender_id)
    user = request.user
    closed = selectors.bidding_closed(tender)
    return render(request, "tendering/detail.html", {
        "tender": tender, "closed": closed, "own_bids": selectors.own_bids(user, tender),
        "may_bid": tender.status == TenderStatus.OPEN and not closed and is_allowed(user, Action.TENDER_BID),
        "may_see_scores": closed and is_allowed(user, Action.TENDER_BIDS_VIEW, tender),
        "may_decide": is_allowed(user, Action.TENDER_DECIDE, tender) and tender.status == TenderStatus.OPEN,
        "bid_count": tender.bids.count()})


@login_required
def tender_new(request: HttpRequest) -> HttpResponse:
    offices = tender_office_org_ids(request.user)
    if not offices:
        return refused(request)
    form = TenderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = Organisation.objects.filter(pk__in=offices).order_by("pk").first()
        try:
            with transaction.atomic():
                tender = services.tender_publish(actor=request.user, organisation=organisation, request=request,
                                                 **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The tender is published and open for bids."))
            return redirect("tendering:detail", tender_id=tender.pk)
    return render(request, "tendering/tender_form.html", {"form": form})


@login_required
def bid_form(request: HttpRequest, tender_id: int) -> HttpResponse:
    tender = _tender(tender_id)
    agencies = list(Organisation.objects.filter(pk__in=bidding_agency_ids(request.user)).values_list("pk", "name"))
    if not agencies:
        return refused(request)
    own = {bid.agency_id: bid for bid in selectors.own_bids(request.user, tender)}
    first = own.get(agencies[0][0])
    initial = {"price": first.price, "offer": first.offer} if first else {}
    form = BidForm(request.POST or None, agencies=agencies, initial=initial)
    if request.method == "POST" and form.is_valid():
        agency = Organisation.objects.get(pk=int(form.cleaned_data["agency"]))
        try:
            with transaction.atomic():
                services.bid_submit(actor=request.user, tender=tender, agency=agency, price=form.cleaned_data["price"],
                                    offer=form.cleaned_data["offer"], request=request)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Your bid is in. You can revise it until the deadline."))
            return redirect("tendering:detail", tender_id=tender.pk)
    return render(request, "tendering/bid_form.html", {"form": form, "tender": tender})


@login_required
def scores(request: HttpRequest, tender_id: int) -> HttpResponse:
    tender = _tender(tender_id)
    try:
        scored = selectors.scored_bids(request.user, tender, request=request)
    except PermissionDenied:
        return refused(request)
    except Conflict as exc:
        messages.error(request, readable(exc))
        return redirect("tendering:detail", tender_id=tender.pk)
    return render(request, "tendering/scores.html", {
        "tender": tender, "scored": scored, "award_form": AwardForm(),
        "may_decide": tender.status == TenderStatus.OPEN and is_allowed(request.user, Action.TENDER_DECIDE, tender)})


@login_required
@require_POST
def award(request: HttpRequest, tender_id: int) -> HttpResponse:
    tender = _tender(tender_id)
    form = AwardForm(request.POST)
    bid = tender.bids.filter(pk=form.data.get("bid") or 0).first() if form.is_valid() else None
    try:
        with transaction.atomic():
            if bid is None:
                raise Conflict(_("Choose a bid and give the reasons for the award."), code="no_bid")
            services.tender_award(actor=request.user, tender=tender, bid=bid,
                                  reasons=form.cleaned_data["reasons"], request=request)
    except PermissionDenied:
        return refused(request)
    except DomainError as exc:
        messages.error(request, readable(exc))
        return redirect("tendering:scores", tender_id=tender.pk)
    messages.success(request, _("The tender is awarded; the bidders are told."))
    return redirect("tendering:detail", tender_id=tender.pk)


@login_required
@require_POST
def cancel(request: HttpRequest, tender_id: int) -> HttpResponse:
    tender = _tender(tender_id)
    try:
        with transaction.atomic():
            services.tender_cancel(actor=request.user, tender=tender, reason=request.POST.get("reason", ""),
                                   request=request)
    except PermissionDenied:
        return refused(request)
    except DomainError as exc:
        messages.error(request, readable(exc))
    else:
        messages.success(request, _("The tender is cancelled; the bidders are told."))
    return redirect("tendering:detail", tender_id=tender.pk)


def agency_list(request: HttpRequest) -> HttpResponse:
    return render(request, "tendering/agencies.html", {"agencies": selectors.listed_agencies()[:500]})


def agency_profile(request: HttpRequest, agency_id: int) -> HttpResponse:
    try:
        agency = selectors.agency_get(agency_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return render(request, "tendering/agency.html", {
        "agency": agency, "registration": selectors.registration_of(agency), "quality": selectors.quality_of(agency),
        "may_register": is_allowed(request.user, Action.AGENCY_REGISTER, agency)})


@login_required
def registration_edit(request: HttpRequest, agency_id: int) -> HttpResponse:
    try:
        agency = selectors.agency_get(agency_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    if not is_allowed(request.user, Action.AGENCY_REGISTER, agency):
        return refused(request)
    current = selectors.registration_of(agency)
    initial = ({"licence_number": current.licence_number, "registered_on": current.registered_on,
                "status": current.status, "register_name": current.register_name} if current else {})
    form = RegistrationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.agency_registration_save(actor=request.user, agency=agency, request=request,
                                                  **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("tendering:agency", agency_id=agency.pk)
    return render(request, "tendering/registration_form.html", {"form": form, "agency": agency})


@login_required
def agency_list_upload(request: HttpRequest) -> HttpResponse:
    if not is_allowed(request.user, Action.AGENCY_LIST_IMPORT):
        return refused(request)
    form = AgencyListForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            with transaction.atomic():
                result = services.agency_list_import(actor=request.user, file_name=upload.name,
                                                     content=upload.read(), request=request)
        except DomainError as exc:
            add_domain_error(form, exc)
    return render(request, "tendering/agency_list_upload.html", {"form": form, "result": result})
